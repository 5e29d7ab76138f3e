"""Logistic regression, Andrew Ng ex2 style: a flat theta with the bias as theta[0].

X carries a leading column of ones, so `X @ theta` includes the bias.  The cost is the mean
binary cross-entropy plus lam/(2m) * ||theta[1:]||^2: the bias is not regularised.

    J(theta)    = -mean(y log h + (1 - y) log(1 - h)) + lam/(2m) sum(theta[1:]^2),  h = sigmoid(X theta)
    dJ/dtheta   = X^T (h - y) / m + (lam/m) * [0, theta[1:]]
"""
from __future__ import annotations

import numpy as np

from .common import centred_init, sigmoid

N_FEATURES = 3
N_SAMPLES = 12
LAMBDA = 0.5


def make_data(seed, m=N_SAMPLES, n=N_FEATURES):
    rng = np.random.default_rng(seed)
    features = rng.normal(size=(m, n))
    X = np.hstack([np.ones((m, 1)), features])
    y = np.arange(m) % 2  # both classes present
    rng.shuffle(y)
    return X, y.astype(float)


def init_params(seed, n=N_FEATURES):
    return centred_init(np.random.default_rng(seed + 1), n + 1)


def cost(theta, X, y, lam):
    m = len(y)
    h = sigmoid(X @ theta)
    data = -np.mean(y * np.log(h) + (1 - y) * np.log(1 - h))
    return float(data + lam / (2 * m) * np.sum(theta[1:] ** 2))


def grad(theta, X, y, lam):
    m = len(y)
    h = sigmoid(X @ theta)
    reg = theta.copy()
    reg[0] = 0.0  # the bias is not regularised; copy first, or the caller's theta[0] is zeroed
    return X.T @ (h - y) / m + (lam / m) * reg


def build(seed, cost=cost, grad=grad, lam=LAMBDA):
    """The check input: flat theta, no layout, so the whole vector is the block "theta"."""
    X, y = make_data(seed)
    return dict(cost=cost, grad=grad, params=init_params(seed), args=(X, y, lam), blocks=None,
                order="C")
