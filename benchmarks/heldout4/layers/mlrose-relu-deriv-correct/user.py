import numpy as np


def identity(x, deriv=False):
    fx = np.copy(x)
    if deriv:
        fx = np.ones(np.shape(fx))
    return fx


def relu(x, deriv=False):
    """ReLU activation, or its derivative when deriv is True."""
    fx = np.copy(x)
    fx[np.where(fx < 0)] = 0

    if deriv:
        fx[np.where(fx > 0)] = 1

    return fx
