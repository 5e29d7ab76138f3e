"""What a learner adds to check the assignment's functions: small data, parameters, and two
wrappers, because the gradients dict is keyed dW1/db1 while the parameters are keyed W1/b1."""
import numpy as np

from user import backward_propagation_n, forward_propagation_n

rng = np.random.RandomState(1)
X = rng.randn(4, 3)
Y = np.array([[1, 1, 0]])
PARAMS = {
    "W1": rng.randn(5, 4), "b1": rng.randn(5, 1),
    "W2": rng.randn(3, 5), "b2": rng.randn(3, 1),
    "W3": rng.randn(1, 3), "b3": rng.randn(1, 1),
}
ARGS = (X, Y)


def cost(parameters, X, Y):
    return forward_propagation_n(X, Y, parameters)[0]


def grad(parameters, X, Y):
    _, cache = forward_propagation_n(X, Y, parameters)
    gradients = backward_propagation_n(X, Y, cache)
    return {name: gradients["d" + name] for name in parameters}
