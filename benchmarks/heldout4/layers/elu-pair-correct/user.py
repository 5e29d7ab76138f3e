import numpy as np


def elu_forward(x, alpha):
    """ELU: x where x > 0, alpha * (exp(x) - 1) elsewhere."""
    out = np.where(x > 0, x, alpha * (np.exp(x) - 1))
    cache = (x, out, alpha)
    return out, cache


def elu_backward(dout, cache):
    x, out, alpha = cache
    dx = dout * np.where(x > 0, 1.0, alpha * np.exp(x))
    return dx
