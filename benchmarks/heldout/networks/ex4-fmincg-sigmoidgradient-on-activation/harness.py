"""ex4's checkNNGradients sizes: 3 inputs, 5 hidden, 3 labels, m = 5; debug weights from sin,
unrolled column-major the way Octave's Theta(:) does."""
import numpy as np

input_layer_size = 3
hidden_layer_size = 5
num_labels = 3
m = 5


def debugInitializeWeights(fan_out, fan_in):
    W = np.sin(np.arange(1, 1 + (1 + fan_in) * fan_out)) / 10.0
    return W.reshape(fan_out, 1 + fan_in, order='F')


Theta1 = debugInitializeWeights(hidden_layer_size, input_layer_size)
Theta2 = debugInitializeWeights(num_labels, hidden_layer_size)
X = debugInitializeWeights(m, input_layer_size - 1)
y = np.arange(1, 1 + m) % num_labels
nn_params = np.concatenate([Theta1.ravel(order='F'), Theta2.ravel(order='F')])
lam = 3.0
args = (input_layer_size, hidden_layer_size, num_labels, X, y, lam)
