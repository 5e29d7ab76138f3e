"""A [4, 5, 3, 1] L-layer model (relu, relu, sigmoid) on 6 examples; the learner's two
wrappers give the checker cost(parameters, X, Y) and grad(parameters, X, Y) keyed like
parameters (dW1 -> W1)."""
import numpy as np

from user import L_model_forward, compute_cost, L_model_backward

np.random.seed(1)
layer_dims = [4, 5, 3, 1]
parameters = {}
for l in range(1, len(layer_dims)):
    parameters['W' + str(l)] = np.random.randn(layer_dims[l], layer_dims[l - 1]) * 0.8
    parameters['b' + str(l)] = np.random.randn(layer_dims[l], 1) * 0.1
X = np.random.randn(4, 6)
Y = np.array([[1, 0, 1, 1, 0, 0]], dtype=float)
args = (X, Y)


def cost(parameters, X, Y):
    AL, _ = L_model_forward(X, parameters)
    return compute_cost(AL, Y)


def grad(parameters, X, Y):
    AL, caches = L_model_forward(X, parameters)
    grads = L_model_backward(AL, Y, caches)
    return {k: grads['d' + k] for k in parameters}
