"""The repo's own checkGradient setup: 3 inputs, 5 hidden, 3 labels, m = 5, sin debug weights,
theta unrolled as a column vector (np.vstack of reshape(-1, 1)); Lambda = 1."""
import numpy as np

input_layer_size = 3
hidden_layer_size = 5
num_labels = 3
m = 5


def debugInitializeWeights(fan_in, fan_out):
    W = np.zeros((fan_out, fan_in+1))
    x = np.arange(1, fan_out*(fan_in+1)+1)
    W = np.sin(x).reshape(W.shape)/10
    return W


initial_Theta1 = debugInitializeWeights(input_layer_size, hidden_layer_size)
initial_Theta2 = debugInitializeWeights(hidden_layer_size, num_labels)
X = debugInitializeWeights(input_layer_size-1, m)
y = np.transpose(np.mod(np.arange(1, m+1), num_labels)).reshape(-1, 1)
nn_params = np.vstack((initial_Theta1.reshape(-1, 1), initial_Theta2.reshape(-1, 1)))
Lambda = 1
args = (input_layer_size, hidden_layer_size, num_labels, X, y, Lambda)
