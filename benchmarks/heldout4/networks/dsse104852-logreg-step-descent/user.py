import numpy as np


def logit_regression_step(params, x, y):
    """One gradient-descent step of one-feature logistic regression on one sample."""
    a = params["a"]
    b = params["b"]

    z = 1.0 / (1.0 + np.exp(-a * x - b))
    lr = 1.0

    a -= lr * x * (z - y)
    b -= lr * (z - y)
