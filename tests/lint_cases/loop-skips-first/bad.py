import numpy as np


def compute_numerical_gradient(J, theta):
    numgrad = np.zeros(theta.shape)
    perturb = np.zeros(theta.shape)
    e = 1e-4
    for p in range(1, np.size(theta)):
        perturb[p] = e
        numgrad[p] = (J(theta + perturb) - J(theta - perturb)) / (2 * e)
        perturb[p] = 0
    return numgrad


def total_loss(losses_of, X, y):
    m = len(X)
    total = 0.0
    for i in range(1, m):
        total += losses_of(X[i], y[i])
    return total / m
