import numpy as np


def sigmoid(n, deriv=False):
    if deriv:
        return np.multiply(n, np.subtract(1, n))
    return 1 / (1 + np.exp(-n))


def sigmoid_gradient(z):
    return sigmoid(z) * (1 - sigmoid(z))


def backprop(W0, W1, x, delta1):
    z0 = W0.dot(x)
    a1 = sigmoid(z0)
    del0 = W1.T.dot(delta1) * sigmoid(z0, True)
    del0_again = W1.T.dot(delta1) * sigmoid_gradient(a1)
    return del0, del0_again
