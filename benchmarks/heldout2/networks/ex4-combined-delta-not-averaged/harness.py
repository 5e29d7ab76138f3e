"""checkNNGradients-sized network (3 inputs, 5 hidden, 3 labels, 5 samples) with lambda = 3
as in the exercise's regularized check; labels 0..2 (the Python port's convention)."""
import numpy as np

input_layer_size = 3
hidden_layer_size = 5
num_labels = 3
m = 5

rng = np.random.RandomState(0)
initial_nn_params = 0.5 * rng.randn(hidden_layer_size * (input_layer_size + 1)
                                    + num_labels * (hidden_layer_size + 1))
X = rng.randn(m, input_layer_size)
y = np.array([0, 1, 2, 0, 1])
lambda_ = 3.0
ARGS = (input_layer_size, hidden_layer_size, num_labels, X, y, lambda_)
