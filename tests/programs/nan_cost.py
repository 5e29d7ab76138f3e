import numpy as np

theta = np.array([0.5, -0.25])
args = (np.array([1.0, 2.0]),)


def cost(theta, x):
    return float(np.log(theta @ x - 10.0))  # log of a negative number: nan


def grad(theta, x):
    return x / (theta @ x - 10.0)
