"""ex4's own debugging setup at its size: 3 inputs, 5 hidden units, 3 labels, m = 5."""
import numpy as np

input_layer_size = 3
hidden_layer_size = 5
num_labels = 3
m = 5

rng = np.random.RandomState(0)
X = rng.randn(m, input_layer_size)
y = np.array([0, 1, 2, 0, 1])
lambda_ = 3.0
epsilon_init = 0.12
Theta1 = rng.rand(hidden_layer_size, 1 + input_layer_size) * 2 * epsilon_init - epsilon_init
Theta2 = rng.rand(num_labels, 1 + hidden_layer_size) * 2 * epsilon_init - epsilon_init
initial_nn_params = np.concatenate([Theta1.ravel(), Theta2.ravel()])
ARGS = (input_layer_size, hidden_layer_size, num_labels, X, y, lambda_)
