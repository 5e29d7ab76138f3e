"""Planar-data week 3: 2 inputs, 4 tanh units, 1 sigmoid output; the learner's wrappers map
the grads dict (dW1, db1, ...) onto the parameter names (W1, b1, ...)."""
import numpy as np

from user import backward_propagation, compute_cost, forward_propagation

np.random.seed(2)
X = np.random.randn(2, 6)
Y = (np.random.randn(1, 6) > 0).astype(float)
parameters = {"W1": np.random.randn(4, 2) * 0.5, "b1": np.random.randn(4, 1) * 0.1,
              "W2": np.random.randn(1, 4) * 0.5, "b2": np.random.randn(1, 1) * 0.1}
args = (X, Y)


def cost(parameters, X, Y):
    A2, _ = forward_propagation(X, parameters)
    return compute_cost(A2, Y)


def grad(parameters, X, Y):
    _, cache = forward_propagation(X, parameters)
    grads = backward_propagation(parameters, cache, X, Y)
    return {name: grads["d" + name] for name in parameters}
