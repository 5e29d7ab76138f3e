import numpy as np


def compute_numerical_gradient(J, theta):
    numgrad = np.zeros(theta.shape)
    perturb = np.zeros(theta.shape)
    e = 1e-4
    for p in range(np.size(theta)):
        perturb[p] = e
        numgrad[p] = (J(theta + perturb) - J(theta - perturb)) / (2 * e)
        perturb[p] = 0
    return numgrad


def regularised_gradient(theta, X, y, lam):
    m = len(y)
    h = 1 / (1 + np.exp(-(X @ theta)))
    grad = X.T @ (h - y) / m
    for j in range(1, len(theta)):  # the bias theta[0] is not regularised
        grad[j] += lam / m * theta[j]
    return grad


def cumulative(x):
    out = np.zeros(len(x))
    out[0] = x[0]
    for i in range(1, len(x)):
        out[i] = out[i - 1] + x[i]
    return out


def first_handled(x):
    best = np.zeros(len(x))
    best[0] = x[0]
    for i in range(1, len(x)):
        best[i] = max(best[0], x[i])
    return best


def build_layers(sizes, rng):
    weights = [np.zeros((sizes[1], sizes[0]))]
    for i in range(1, len(sizes) - 1):
        weights.append(rng.standard_normal((sizes[i + 1], sizes[i])))
    return weights


def train(step, epochs):
    history = np.zeros(epochs + 1)
    for epoch in range(1, epochs + 1):
        history[epoch] = step(epoch)
    return history
