"""Correct single layers, CS231n style: `forward(**inputs) -> (out, cache)` and
`backward(dout, cache)` -> one gradient per input, in input order (None for integer labels).

    affine:     out = x @ w + b            dx = dout w^T, dw = x^T dout, db = dout summed over rows
    relu:       out = max(x, 0)            dx = dout * (x > 0)      the mask from the INPUT
    sigmoid:    out = 1 / (1 + exp(-x))    dx = dout * out (1 - out)
    tanh:       out = tanh(x)              dx = dout * (1 - out^2)  from the OUTPUT
    softmax-ce: loss = mean over rows of -log softmax(x)[y]
                dx = dout * (softmax(x) - onehot(y)) / N
"""
from __future__ import annotations

import numpy as np

from .common import sigmoid, softmax


def affine_forward(x, w, b):
    """x (N x D) @ w (D x M) + b (M,)."""
    return x @ w + b, (x, w)


def affine_backward(dout, cache):
    x, w = cache
    return dout @ w.T, x.T @ dout, dout.sum(axis=0)


def relu_forward(x):
    out = np.maximum(x, 0.0)
    return out, x


def relu_backward(dout, x):
    return (dout * (x > 0),)


def sigmoid_forward(x):
    out = sigmoid(x)
    return out, out


def sigmoid_backward(dout, out):
    return (dout * out * (1 - out),)


def tanh_forward(x):
    out = np.tanh(x)
    return out, out


def tanh_backward(dout, out):
    return (dout * (1 - out ** 2),)


def softmax_ce_forward(x, y):
    """Mean cross-entropy of softmax(x) over the N rows; y holds integer labels."""
    p = softmax(x, axis=1)
    n = len(y)
    return float(-np.mean(np.log(p[np.arange(n), y]))), (p, y)


def softmax_ce_backward(dout, cache):
    p, y = cache
    n = len(y)
    dx = p.copy()
    dx[np.arange(n), y] -= 1
    return dout * dx / n, None
