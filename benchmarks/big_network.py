"""The classic 400-25-10 sigmoid network (Coursera ex4 style), correct and with a regularised bias.

Flat theta as fmin_cg wants it: theta1 is 25x401 and theta2 is 10x26, row-major, bias in column 0;
the cost is the mean cross-entropy over 500 samples plus lambda/2m times the squared weights, bias
columns excluded.  `grad_buggy` regularises theta2's bias column too, which makes its 10 bias
entries wrong by lambda/m * theta2[k, 0] (about 1e-4 relative) and leaves the rest exact.

Functions live at module level so a process pool can pickle them.
"""
from __future__ import annotations

import numpy as np

INPUT, HIDDEN, OUTPUT = 400, 25, 10
SAMPLES = 500
LAYOUT = f"theta1={HIDDEN}x{INPUT + 1},theta2={OUTPUT}x{HIDDEN + 1}"
N_PARAMS = HIDDEN * (INPUT + 1) + OUTPUT * (HIDDEN + 1)
BUGGY_ENTRIES = [("theta2", (k, 0)) for k in range(OUTPUT)]


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def _unroll(theta):
    t1 = theta[:HIDDEN * (INPUT + 1)].reshape(HIDDEN, INPUT + 1)
    t2 = theta[HIDDEN * (INPUT + 1):].reshape(OUTPUT, HIDDEN + 1)
    return t1, t2


def _forward(theta, X):
    t1, t2 = _unroll(theta)
    m = X.shape[0]
    a1 = np.hstack([np.ones((m, 1)), X])
    z2 = a1 @ t1.T
    a2 = np.hstack([np.ones((m, 1)), sigmoid(z2)])
    a3 = sigmoid(a2 @ t2.T)
    return t1, t2, a1, z2, a2, a3


def cost(theta, X, Y, lam):
    t1, t2, _, _, _, a3 = _forward(theta, X)
    m = X.shape[0]
    data = -np.sum(Y * np.log(a3) + (1 - Y) * np.log(1 - a3)) / m
    reg = lam / (2 * m) * (np.sum(t1[:, 1:] ** 2) + np.sum(t2[:, 1:] ** 2))
    return data + reg


def _gradient(theta, X, Y, lam, regularise_output_bias):
    t1, t2, a1, z2, a2, a3 = _forward(theta, X)
    m = X.shape[0]
    d3 = a3 - Y
    s2 = sigmoid(z2)
    d2 = (d3 @ t2[:, 1:]) * s2 * (1 - s2)
    g1 = d2.T @ a1 / m
    g2 = d3.T @ a2 / m
    g1[:, 1:] += lam / m * t1[:, 1:]
    if regularise_output_bias:
        g2 += lam / m * t2          # the bug: the bias column is regularised too
    else:
        g2[:, 1:] += lam / m * t2[:, 1:]
    return np.concatenate([g1.ravel(), g2.ravel()])


def grad(theta, X, Y, lam):
    return _gradient(theta, X, Y, lam, False)


def grad_buggy(theta, X, Y, lam):
    return _gradient(theta, X, Y, lam, True)


def make(seed: int = 0, samples: int = SAMPLES, lam: float = 0.3):
    """(theta0, (X, Y, lam)): random digits-like data and the usual +-0.12 initialisation."""
    rng = np.random.default_rng(seed)
    X = rng.random((samples, INPUT))
    labels = rng.integers(0, OUTPUT, size=samples)
    Y = np.eye(OUTPUT)[labels]
    theta0 = rng.uniform(-0.12, 0.12, size=N_PARAMS)
    return theta0, (X, Y, lam)


def buggy_flat_indices():
    """Flat positions of theta2's bias column (the entries grad_buggy gets wrong)."""
    offset = HIDDEN * (INPUT + 1)
    return [offset + k * (HIDDEN + 1) for k in range(OUTPUT)]


# For the command line: `backprop-doctor check benchmarks/big_network.py:grad_buggy` finds the
# cost, the point, the data and the layout (LAYOUT) by their usual names.
def theta0():
    return make()[0]


def args():
    return make()[1]
