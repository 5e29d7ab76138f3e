"""Seed 003 fixed: a softmax over the classes straight on the output layer, cross-entropy, and the
gradient of that cost (output delta (P - T)/N, hidden delta through who and the sigmoid).

Same layout as the asker's: X is features x samples, T one-hot classes x samples, no biases.
"""
from __future__ import annotations

import numpy as np

from .seed003_original import sigmoid


def softmax_columns(z):
    """Softmax of each sample (column) over the classes (axis 0)."""
    e = np.exp(z - z.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


def forward(params, X):
    hidden = sigmoid(params["wih"] @ X)
    return softmax_columns(params["who"] @ hidden)  # no activation before the softmax


def cost(params, X, T):
    P = forward(params, X)
    return -np.sum(T * np.log(P)) / X.shape[1]


def grad(params, X, T):
    hidden = sigmoid(params["wih"] @ X)
    P = softmax_columns(params["who"] @ hidden)
    delta_out = (P - T) / X.shape[1]
    delta_hidden = (params["who"].T @ delta_out) * hidden * (1 - hidden)
    return {"wih": delta_hidden @ X.T, "who": delta_out @ hidden.T}


def predict(params, X):
    return np.argmax(forward(params, X), axis=0)
