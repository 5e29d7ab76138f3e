"""Small ex4 network for scipy's fmin_cg (f = nnCost, fprime = nnGrad): 4 inputs, 5 hidden,
3 labels, 6 samples, lambda = 1."""
import numpy as np

input_layer_size, hidden_layer_size, num_labels = 4, 5, 3
rng = np.random.RandomState(3)
nn_params = 0.4 * rng.randn(hidden_layer_size * (input_layer_size + 1)
                            + num_labels * (hidden_layer_size + 1))
X = rng.randn(6, input_layer_size)
y = np.array([0, 1, 2, 2, 1, 0])
args = (input_layer_size, hidden_layer_size, num_labels, X, y, 1.0)
