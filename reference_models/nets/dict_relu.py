"""CS231n's TwoLayerNet: dict params W1, b1, W2, b2, ReLU hidden, softmax + cross-entropy.

X is (N x D), W1 is (D x H), y holds integer labels.  The loss is averaged over the N samples and
adds reg * (||W1||^2 + ||W2||^2) (no 1/2, so its gradient is 2 * reg * W; the biases are not
regularised).  `forward` and `loss` are also given apart, for the forward/loss/grad input.

    h = relu(X W1 + b1), p = softmax(h W2 + b2)
    dscores = (p - onehot(y)) / N;  dW2 = h^T dscores;  db2 = sum over samples of dscores
    dh = dscores W2^T * (X W1 + b1 > 0);  dW1 = X^T dh;  db1 = sum over samples of dh
"""
from __future__ import annotations

import numpy as np

from .common import centred_init, labels, one_hot, softmax

D, H, C, N = 4, 6, 3, 10
REG = 0.05


def make_data(seed, n=N, d=D, c=C):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, d)), labels(rng, n, c)


def init_params(seed, d=D, h=H, c=C):
    rng = np.random.default_rng(seed + 1)
    return {"W1": centred_init(rng, (d, h)), "b1": centred_init(rng, h, 0.1),
            "W2": centred_init(rng, (h, c)), "b2": centred_init(rng, c, 0.1)}


def hidden(params, X):
    """Pre-activation and activation of the hidden layer."""
    z1 = X @ params["W1"] + params["b1"]
    return z1, np.maximum(z1, 0.0)


def forward(params, X):
    """Class probabilities, one row per sample (rows sum to one)."""
    return softmax(hidden(params, X)[1] @ params["W2"] + params["b2"], axis=1)


def loss(probs, y):
    return float(-np.mean(np.log(probs[np.arange(len(y)), y])))


def cost(params, X, y, reg=REG):
    data = loss(forward(params, X), y)
    return float(data + reg * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2)))


def grad(params, X, y, reg=REG):
    z1, h = hidden(params, X)
    probs = softmax(h @ params["W2"] + params["b2"], axis=1)
    dscores = (probs - one_hot(y, probs.shape[1])) / len(X)
    dh = dscores @ params["W2"].T * (z1 > 0)
    return {"W1": X.T @ dh + 2 * reg * params["W1"], "b1": dh.sum(axis=0),
            "W2": h.T @ dscores + 2 * reg * params["W2"], "b2": dscores.sum(axis=0)}


def build(seed, cost=cost, grad=grad, reg=REG, d=D, h=H):
    X, y = make_data(seed, d=d)
    params = init_params(seed, d=d, h=h)
    return dict(cost=cost, grad=grad, params=params, args=(X, y, reg), blocks=None, order="C")


def build_forward_loss(seed, grad=grad):
    """The same network given as forward, loss and grad (no regularisation: loss sees only the
    output)."""
    X, y = make_data(seed)
    return dict(cost=None, forward=forward, loss=loss, grad=lambda p, X, y: grad(p, X, y, 0.0),
                params=init_params(seed), args=(X, y), blocks=None, order="C")


N_ZERO_ROWS = 2


def kink_point(seed):
    """A point where some ReLU pre-activations are EXACTLY 0.0, for the kink test.

    The first N_ZERO_ROWS samples are all-zero rows and every other entry of b1 is 0, so for those
    samples and units z1 = 0 @ W1 + 0 = 0.0 exactly (0 * w is +-0.0, and +-0.0 sums compare equal
    to 0).  Moving b1[j] by +-h moves z1 by +-h: relu is one-sided there, so the central
    difference of those b1 entries sees half a slope.  Returns (params, X, y).
    """
    params = init_params(seed)
    X, y = make_data(seed)
    X[:N_ZERO_ROWS] = 0.0
    params["b1"][::2] = 0.0
    return params, X, y


def kink_entries(params, X):
    """Which hidden units sit exactly on the kink for some sample (a boolean per b1 entry)."""
    z1 = hidden(params, X)[0]
    return np.any(z1 == 0.0, axis=0)


def build_kink(seed):
    params, X, y = kink_point(seed)
    return dict(cost=cost, grad=grad, params=params, args=(X, y, REG), blocks=None, order="C")


def cost_float32(params, X, y, reg=REG):
    """The same cost computed in float32 (params and data cast on the way in)."""
    return cost({k: v.astype(np.float32) for k, v in params.items()}, X.astype(np.float32), y,
                np.float32(reg))


def grad_float32(params, X, y, reg=REG):
    return grad({k: v.astype(np.float32) for k, v in params.items()}, X.astype(np.float32), y,
                np.float32(reg))


def build_float32(seed):
    return build(seed, cost=cost_float32, grad=grad_float32)
