"""The fmin_cg network of seed 001, fixed: flat theta, sigmoid hidden and sigmoid outputs.

theta unrolls row-major into theta1 (H x (n+1)) and theta2 (K x (H+1)); column 0 of each is the
bias.  The cost is the binary cross-entropy summed over the K outputs and averaged over the m
samples, plus lam/(2m) times the squared weights outside column 0.  args follow the seed:
(X, y, n_inputs, n_hidden, n_labels, lam), with y integer labels.

    a1 = [1, x], z2 = a1 theta1^T, a2 = [1, sigmoid(z2)], h = sigmoid(a2 theta2^T)
    delta3 = h - Y,  delta2 = (delta3 theta2[:, 1:]) * sigmoid'(z2)
    grad theta2 = delta3^T a2 / m (+ lam/m theta2 outside column 0), same for theta1 with delta2, a1
"""
from __future__ import annotations

import numpy as np

from .common import centred_init, labels, one_hot, sigmoid

N_INPUTS, N_HIDDEN, N_LABELS, N_SAMPLES = 3, 5, 3, 5
LAMBDA = 1.0


def layout(n_inputs=N_INPUTS, n_hidden=N_HIDDEN, n_labels=N_LABELS):
    return f"theta1={n_hidden}x{n_inputs + 1},theta2={n_labels}x{n_hidden + 1}"


def sigmoid_gradient(z):
    return sigmoid(z) * (1 - sigmoid(z))


def make_data(seed, m=N_SAMPLES, n_inputs=N_INPUTS, n_labels=N_LABELS):
    rng = np.random.default_rng(seed)
    return rng.random((m, n_inputs)), labels(rng, m, n_labels)


def init_params(seed, n_inputs=N_INPUTS, n_hidden=N_HIDDEN, n_labels=N_LABELS):
    rng = np.random.default_rng(seed + 1)
    theta1 = centred_init(rng, (n_hidden, n_inputs + 1))
    theta2 = centred_init(rng, (n_labels, n_hidden + 1))
    return np.hstack([theta1.ravel(), theta2.ravel()])


def unroll(theta, n_inputs, n_hidden, n_labels):
    cut = n_hidden * (n_inputs + 1)
    theta1 = np.reshape(theta[:cut], (n_hidden, n_inputs + 1))
    theta2 = np.reshape(theta[cut:], (n_labels, n_hidden + 1))
    return theta1, theta2


def feedforward(theta1, theta2, X):
    m = len(X)
    a1 = np.hstack([np.ones((m, 1)), X])
    z2 = a1 @ theta1.T
    a2 = np.hstack([np.ones((m, 1)), sigmoid(z2)])
    h = sigmoid(a2 @ theta2.T)
    return a1, z2, a2, h


def cost(theta, X, y, n_inputs, n_hidden, n_labels, lam):
    m = len(X)
    theta1, theta2 = unroll(theta, n_inputs, n_hidden, n_labels)
    Y = one_hot(y, n_labels)
    h = feedforward(theta1, theta2, X)[-1]
    data = np.sum(-Y * np.log(h) - (1 - Y) * np.log(1 - h)) / m
    reg = lam / (2 * m) * (np.sum(theta1[:, 1:] ** 2) + np.sum(theta2[:, 1:] ** 2))
    return float(data + reg)


def grad(theta, X, y, n_inputs, n_hidden, n_labels, lam):
    m = len(X)
    theta1, theta2 = unroll(theta, n_inputs, n_hidden, n_labels)
    Y = one_hot(y, n_labels)
    a1, z2, a2, h = feedforward(theta1, theta2, X)
    delta3 = h - Y
    delta2 = (delta3 @ theta2[:, 1:]) * sigmoid_gradient(z2)
    theta1_grad = delta2.T @ a1 / m
    theta2_grad = delta3.T @ a2 / m
    theta1_grad[:, 1:] += lam / m * theta1[:, 1:]
    theta2_grad[:, 1:] += lam / m * theta2[:, 1:]
    return np.hstack([theta1_grad.ravel(), theta2_grad.ravel()])


def build(seed, cost=cost, grad=grad, lam=LAMBDA):
    X, y = make_data(seed)
    return dict(cost=cost, grad=grad, params=init_params(seed),
                args=(X, y, N_INPUTS, N_HIDDEN, N_LABELS, lam), blocks=layout(), order="C")


def cost_float32(theta, X, y, n_inputs, n_hidden, n_labels, lam):
    """The same cost computed in float32, as code that casts its inputs for speed does."""
    return cost(theta.astype(np.float32), X.astype(np.float32), y, n_inputs, n_hidden, n_labels,
                np.float32(lam))


def grad_float32(theta, X, y, n_inputs, n_hidden, n_labels, lam):
    return grad(theta.astype(np.float32), X.astype(np.float32), y, n_inputs, n_hidden, n_labels,
                np.float32(lam))


def build_float32(seed):
    return build(seed, cost=cost_float32, grad=grad_float32)
