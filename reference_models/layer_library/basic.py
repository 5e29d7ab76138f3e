"""Affine (and temporal affine) layers and elementwise activations.

    affine:          out = x @ w + b                dx = dout w^T, dw = x^T dout, db = sum(dout, 0)
    temporal affine: x (N, T, D) @ w (D, M) + b    the same with (N*T) rows
    relu:            dx = dout * (x > 0)            the mask from the INPUT
    leaky relu:      dx = dout * where(x > 0, 1, alpha)
    sigmoid:         dx = dout * s * (1 - s)        s = sigmoid(x), cached
    tanh:            dx = dout * (1 - t**2)         t = tanh(x), cached
    gelu (tanh approximation): dx = dout * gelu'(x), evaluated on the input x
"""
import numpy as np


def affine_forward(x, w, b):
    return x @ w + b, (x, w)


def affine_backward(dout, cache):
    x, w = cache
    return dout @ w.T, x.T @ dout, dout.sum(axis=0)


def temporal_affine_forward(x, w, b):
    N, T, D = x.shape
    out = (x.reshape(N * T, D) @ w + b).reshape(N, T, -1)
    return out, (x, w)


def temporal_affine_backward(dout, cache):
    x, w = cache
    N, T, D = x.shape
    M = w.shape[1]
    d2 = dout.reshape(N * T, M)
    dx = (d2 @ w.T).reshape(N, T, D)
    dw = x.reshape(N * T, D).T @ d2
    db = d2.sum(axis=0)
    return dx, dw, db


def relu_forward(x):
    return np.maximum(x, 0.0), x


def relu_backward(dout, x):
    return dout * (x > 0)


def leaky_relu_forward(x, alpha):
    return np.where(x > 0, x, alpha * x), (x, alpha)


def leaky_relu_backward(dout, cache):
    x, alpha = cache
    return dout * np.where(x > 0, 1.0, alpha)


def sigmoid_forward(x):
    s = 1.0 / (1.0 + np.exp(-x))
    return s, s


def sigmoid_backward(dout, s):
    return dout * s * (1 - s)


def tanh_forward(x):
    t = np.tanh(x)
    return t, t


def tanh_backward(dout, t):
    return dout * (1 - t ** 2)


_C = np.sqrt(2 / np.pi)


def gelu_forward(x):
    u = _C * (x + 0.044715 * x ** 3)
    return 0.5 * x * (1 + np.tanh(u)), x


def _gelu_prime(x):
    u = _C * (x + 0.044715 * x ** 3)
    t = np.tanh(u)
    return 0.5 * (1 + t) + 0.5 * x * (1 - t ** 2) * _C * (1 + 3 * 0.044715 * x ** 2)


def gelu_backward(dout, x):
    return dout * _gelu_prime(x)


# -- known bugs --------------------------------------------------------------------------------

def temporal_affine_backward_dx_reshaped(dout, cache):
    x, w = cache
    N, T, D = x.shape
    M = w.shape[1]
    dt = dout.transpose(1, 0, 2).reshape(T * N, M)       # time-major, as a loop over t would be
    dx_tnd = (dt @ w.T).reshape(T, N, D)
    dx = dx_tnd.reshape(N, T, D)  # BUG: (T, N, D) -> (N, T, D) needs transpose(1, 0, 2)
    dw = x.transpose(1, 0, 2).reshape(T * N, D).T @ dt
    return dx, dw, dt.sum(axis=0)


def relu_forward_keep_out(x):
    out = np.maximum(x, 0.0)
    return out, out


def relu_backward_out_ge_0(dout, out):
    return dout * (out >= 0)  # BUG: out = max(x, 0) is never negative: the mask lets all through


def sigmoid_forward_keep_x(x):
    return 1.0 / (1.0 + np.exp(-x)), x


def sigmoid_backward_on_input(dout, x):
    return dout * x * (1 - x)  # BUG: s * (1 - s) written with the input instead of s


def tanh_forward_keep_x(x):
    return np.tanh(x), x


def tanh_backward_on_input(dout, x):
    return dout * (1 - x ** 2)  # BUG: 1 - t**2 needs t = tanh(x), not x


def gelu_forward_keep_out(x):
    out, _ = gelu_forward(x)
    return out, out


def gelu_backward_on_output(dout, out):
    return dout * _gelu_prime(out)  # BUG: gelu'(x) evaluated on the activation


def leaky_relu_backward_like_relu(dout, cache):
    x, alpha = cache
    return dout * (x > 0)  # BUG: ReLU's derivative copied; the negative side's slope is alpha, not 0


def affine_backward_db_first_row(dout, cache):
    x, w = cache
    return dout @ w.T, x.T @ dout, dout[0]  # BUG: db of the first sample only
