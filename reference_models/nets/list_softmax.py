"""The network of seed 000, fixed: a list of weight matrices, the bias as each one's LAST column.

Samples are columns: X is (n_inputs x m) and Y one-hot is (K x m).  Every layer appends a row of
ones to its input and multiplies by its matrix; hidden layers are sigmoid, the output is a softmax
over the K rows, and the loss is the cross-entropy averaged over the m samples (divide by the
number of samples, not by the number of classes).

    delta_L = (p - Y) / m                 softmax and cross-entropy together
    grad W_l = delta_l [a_{l-1}; 1]^T
    delta_{l-1} = (W_l[:, :-1]^T delta_l) * a_{l-1} (1 - a_{l-1})   sigmoid' from the ACTIVATION a

Blocks are params[0], params[1], ...
"""
from __future__ import annotations

import numpy as np

from .common import centred_init, labels, one_hot, sigmoid, softmax

SIZES = (3, 4, 3)  # inputs, hidden..., classes
N_SAMPLES = 8


def with_ones(a):
    """Append the bias input: a row of ones under the (features x m) activations."""
    return np.vstack([a, np.ones((1, a.shape[1]))])


def make_data(seed, m=N_SAMPLES, sizes=SIZES):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(sizes[0], m))
    Y = one_hot(labels(rng, m, sizes[-1]), sizes[-1]).T
    return X, Y


def init_params(seed, sizes=SIZES):
    rng = np.random.default_rng(seed + 1)
    return [centred_init(rng, (n_out, n_in + 1)) for n_in, n_out in zip(sizes[:-1], sizes[1:])]


def feedforward(weights, X):
    """Activations of every layer, the input first and the softmax output last."""
    activations = [X]
    for w in weights[:-1]:
        activations.append(sigmoid(w @ with_ones(activations[-1])))
    activations.append(softmax(weights[-1] @ with_ones(activations[-1]), axis=0))
    return activations


def cost(weights, X, Y):
    p = feedforward(weights, X)[-1]
    return float(-np.sum(Y * np.log(p)) / X.shape[1])


def grad(weights, X, Y):
    activations = feedforward(weights, X)
    delta = (activations[-1] - Y) / X.shape[1]
    grads = [None] * len(weights)
    for i in range(len(weights) - 1, -1, -1):
        grads[i] = delta @ with_ones(activations[i]).T
        if i > 0:
            a = activations[i]
            delta = (weights[i][:, :-1].T @ delta) * a * (1 - a)
    return grads


def build(seed, cost=cost, grad=grad, sizes=SIZES):
    X, Y = make_data(seed, sizes=sizes)
    return dict(cost=cost, grad=grad, params=init_params(seed, sizes), args=(X, Y), blocks=None,
                order="C")
