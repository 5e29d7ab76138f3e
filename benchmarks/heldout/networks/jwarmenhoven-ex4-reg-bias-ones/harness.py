"""The notebook's nnCostFunction returns (J, theta1_grad, theta2_grad); the learner's wrappers
split it into a cost and an unrolled gradient. Toy sizes: 3 inputs (+ intercept column in X, as
the notebook adds it), 5 hidden, 3 labels 1..3, m = 6, L = 1."""
import numpy as np

from user import nnCostFunction

rng = np.random.RandomState(0)
input_layer_size, hidden_layer_size, num_labels = 3, 5, 3
X = np.c_[np.ones((6, 1)), rng.randn(6, input_layer_size)]
y = np.array([1, 2, 3, 3, 2, 1]).reshape(-1, 1)
theta1 = rng.randn(hidden_layer_size, input_layer_size + 1) * 0.3
theta2 = rng.randn(num_labels, hidden_layer_size + 1) * 0.3
params = np.r_[theta1.ravel(), theta2.ravel()]
ARGS = (input_layer_size, hidden_layer_size, num_labels, X, y, 1.0)


def cost(nn_params, *args):
    return nnCostFunction(nn_params, *args)[0]


def grad(nn_params, *args):
    _, theta1_grad, theta2_grad = nnCostFunction(nn_params, *args)
    return np.r_[theta1_grad.ravel(), theta2_grad.ravel()]
