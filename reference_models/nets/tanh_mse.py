"""A tanh regression network with nested dict params and the mean squared error.

params = {"hidden": {"W", "b"}, "out": {"W", "b"}}, so blocks are named hidden.W, hidden.b,
out.W, out.b.  X is (N x D), targets Y are (N x K) real numbers.  The loss is HALF the mean over
samples of the squared error summed over outputs, so its derivative has no factor 2:

    L = 0.5 / N * sum((Yhat - Y)^2),  Yhat = tanh(X W1 + b1) W2 + b2
    dYhat = (Yhat - Y) / N;  dW2 = h^T dYhat;  db2 = sum over samples of dYhat
    dz1 = dYhat W2^T * (1 - h^2)   tanh' written from the ACTIVATION h = tanh(z1)
"""
from __future__ import annotations

import numpy as np

from .common import centred_init

D, H, K, N = 3, 4, 2, 8
DATA_OFFSET = 1.5  # inputs are not centred, so an in-place centring is visible


def make_data(seed, n=N, d=D, k=K):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d)) + DATA_OFFSET
    Y = np.sin(X @ rng.normal(size=(d, k)))
    return X, Y


def init_params(seed, d=D, h=H, k=K):
    rng = np.random.default_rng(seed + 1)
    return {"hidden": {"W": centred_init(rng, (d, h)), "b": centred_init(rng, h, 0.1)},
            "out": {"W": centred_init(rng, (h, k)), "b": centred_init(rng, k, 0.1)}}


def forward(params, X):
    h = np.tanh(X @ params["hidden"]["W"] + params["hidden"]["b"])
    return h @ params["out"]["W"] + params["out"]["b"]


def loss(Yhat, Y):
    return float(0.5 * np.sum((Yhat - Y) ** 2) / len(Y))


def cost(params, X, Y):
    return loss(forward(params, X), Y)


def grad(params, X, Y):
    h = np.tanh(X @ params["hidden"]["W"] + params["hidden"]["b"])
    Yhat = h @ params["out"]["W"] + params["out"]["b"]
    dYhat = (Yhat - Y) / len(Y)
    dz1 = dYhat @ params["out"]["W"].T * (1 - h ** 2)
    return {"hidden": {"W": X.T @ dz1, "b": dz1.sum(axis=0)},
            "out": {"W": h.T @ dYhat, "b": dYhat.sum(axis=0)}}


def build(seed, cost=cost, grad=grad):
    X, Y = make_data(seed)
    return dict(cost=cost, grad=grad, params=init_params(seed), args=(X, Y), blocks=None,
                order="C")


def centred(X):
    """Inputs minus their column means, as a NEW array (X itself is left alone)."""
    return X - X.mean(axis=0)


def cost_centred(params, X, Y):
    return cost(params, centred(X), Y)


def grad_centred(params, X, Y):
    return grad(params, centred(X), Y)


def build_centred(seed):
    """The network with its inputs centred inside cost and grad, on a copy."""
    return build(seed, cost=cost_centred, grad=grad_centred)
