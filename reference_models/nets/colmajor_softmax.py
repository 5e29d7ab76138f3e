"""The network of seed 003, fixed: features x samples, sigmoid hidden, softmax over axis 0.

X is (D x m) with one sample per column, Y one-hot is (K x m), W1 (H x D), b1 (H x 1),
W2 (K x H), b2 (K x 1).  The softmax runs down each column (axis 0, over the classes) and the
cross-entropy is averaged over the m columns.  Nothing sits between W2 and the softmax: seed 003
put a sigmoid there and never backpropagated it.

    A1 = sigmoid(W1 X + b1), P = softmax(W2 A1 + b2, axis=0)
    dZ2 = (P - Y) / m;  dW2 = dZ2 A1^T;  db2 = dZ2 summed over the columns
    dZ1 = W2^T dZ2 * A1 (1 - A1);  dW1 = dZ1 X^T;  db1 = dZ1 summed over the columns
"""
from __future__ import annotations

import numpy as np

from .common import centred_init, labels, one_hot, sigmoid, softmax

D, H, K, M = 4, 5, 3, 9


def make_data(seed, m=M, d=D, k=K):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(d, m)), one_hot(labels(rng, m, k), k).T


def init_params(seed, d=D, h=H, k=K):
    rng = np.random.default_rng(seed + 1)
    return {"W1": centred_init(rng, (h, d)), "b1": centred_init(rng, (h, 1), 0.1),
            "W2": centred_init(rng, (k, h)), "b2": centred_init(rng, (k, 1), 0.1)}


def hidden(params, X):
    return sigmoid(params["W1"] @ X + params["b1"])


def forward(params, X):
    """Class probabilities, one column per sample (columns sum to one)."""
    return softmax(params["W2"] @ hidden(params, X) + params["b2"], axis=0)


def loss(P, Y):
    return float(-np.sum(Y * np.log(P)) / Y.shape[1])


def cost(params, X, Y):
    return loss(forward(params, X), Y)


def grad(params, X, Y):
    m = X.shape[1]
    A1 = hidden(params, X)
    P = softmax(params["W2"] @ A1 + params["b2"], axis=0)
    dZ2 = (P - Y) / m
    dZ1 = params["W2"].T @ dZ2 * A1 * (1 - A1)
    return {"W1": dZ1 @ X.T, "b1": dZ1.sum(axis=1, keepdims=True),
            "W2": dZ2 @ A1.T, "b2": dZ2.sum(axis=1, keepdims=True)}


def build(seed, grad=grad, forward=forward, loss=loss):
    """Given as forward, loss and grad: the cost checked is loss(forward(params, X), Y)."""
    X, Y = make_data(seed)
    return dict(cost=None, forward=forward, loss=loss, grad=grad, params=init_params(seed),
                args=(X, Y), blocks=None, order="C")
