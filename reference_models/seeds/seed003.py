"""Seed 003's network made checkable: the cost its train_batch really descends, and its gradient.

Column-major batches as the asker's code holds them: X is features x samples, T one-hot classes x
samples, weights `wih` (hidden x inputs) and `who` (outputs x hidden), no biases.  The cost is what
the network computes in training: sigmoid outputs, exp, each row divided by its builtin `sum` (one
output unit over the batch, not one sample over the classes), and the squared error halved and
averaged that train_batch returns.  The gradient is read off train_batch itself: one call with
lr = 1 and no penalty moves each matrix by exactly its `grad_*`, so `grad = w - w_new` is what the
user's code descends along (what should be d cost / d w).
"""
from __future__ import annotations

import numpy as np

from .seed003_original import NeuralNetwork, sigmoid

INPUTS, HIDDEN, OUTPUTS, SAMPLES = 4, 5, 3, 6


def _net(params, lr=1.0):
    net = NeuralNetwork.__new__(NeuralNetwork)  # __init__ draws from numpy's global generator
    net.inodes, net.hnodes = params["wih"].shape[1], params["wih"].shape[0]
    net.onodes = params["who"].shape[0]
    net.activation_function = sigmoid
    net.lr = lr
    net.wih, net.who = np.array(params["wih"], dtype=float), np.array(params["who"], dtype=float)
    return net


def outputs(params, X):
    """train_batch's forward pass: X (I x N) -> the 'softmax' it computes (O x N)."""
    hidden = sigmoid(params["wih"] @ X)
    final = np.exp(sigmoid(params["who"] @ hidden))
    return final / np.sum(final, axis=1, keepdims=True)  # each row over the batch, as posted


def cost(params, X, T):
    error = T - outputs(params, X)
    return np.sum(error * error) / (2 * X.shape[1])


def grad(params, X, T):
    net = _net(params)
    net.train_batch(X.T, T.T)  # rows are samples, as the asker passes them
    return {"wih": params["wih"] - net.wih, "who": params["who"] - net.who}


def initial_params(rng, inputs=INPUTS, hidden=HIDDEN, outputs=OUTPUTS):
    """NeuralNetwork.__init__'s draw, seeded."""
    return {"wih": rng.standard_normal((hidden, inputs)) / pow(inputs, 0.5),
            "who": rng.standard_normal((outputs, hidden)) / pow(hidden, 0.5)}


def problem_point(rng, samples=SAMPLES):
    params = initial_params(rng)
    X = rng.random((INPUTS, samples))
    labels = np.arange(samples) % OUTPUTS
    rng.shuffle(labels)
    return params, (X, np.eye(OUTPUTS)[:, labels])


def build(seed):
    params, args = problem_point(np.random.default_rng(seed))
    return dict(cost=cost, grad=grad, params=params, args=args)
