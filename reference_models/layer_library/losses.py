"""Loss layers that return (loss, dx) from one function (no separate backward).

    softmax_loss:          mean over rows of -log softmax(x)[y];  dx = (p - onehot(y)) / N
    svm_loss:              mean over rows of sum_{j != y} max(0, x_j - x_y + 1)
                           dx_j = 1/N for a positive margin, dx_y = -(count of positive margins)/N
    temporal_softmax_loss: x (N, T, V), y (N, T), mask (N, T) booleans; the loss sums over the
                           kept time steps and divides by N
"""
import numpy as np


def _softmax(x, axis=-1):
    z = x - x.max(axis=axis, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=axis, keepdims=True)


def softmax_loss(x, y):
    N = x.shape[0]
    p = _softmax(x, axis=1)
    loss = -np.log(p[np.arange(N), y]).mean()
    dx = p.copy()
    dx[np.arange(N), y] -= 1
    return loss, dx / N


def svm_loss(x, y):
    N = x.shape[0]
    correct = x[np.arange(N), y][:, None]
    margins = np.maximum(0, x - correct + 1.0)
    margins[np.arange(N), y] = 0
    loss = margins.sum() / N
    positive = (margins > 0).astype(float)
    dx = positive.copy()
    dx[np.arange(N), y] -= positive.sum(axis=1)
    return loss, dx / N


def temporal_softmax_loss(x, y, mask):
    N, T, V = x.shape
    xf, yf, mf = x.reshape(N * T, V), y.reshape(N * T), mask.reshape(N * T)
    p = _softmax(xf, axis=1)
    loss = -np.sum(mf * np.log(p[np.arange(N * T), yf])) / N
    dx = p.copy()
    dx[np.arange(N * T), yf] -= 1
    dx *= mf[:, None] / N
    return loss, dx.reshape(N, T, V)


# -- known bugs --------------------------------------------------------------------------------

def softmax_loss_missing_1_over_n(x, y):
    N = x.shape[0]
    p = _softmax(x, axis=1)
    loss = -np.log(p[np.arange(N), y]).mean()
    dx = p.copy()
    dx[np.arange(N), y] -= 1
    return loss, dx  # BUG: the loss is a mean over N rows; dx is not divided by N


def svm_loss_counts_correct_class(x, y):
    N = x.shape[0]
    correct = x[np.arange(N), y][:, None]
    margins = np.maximum(0, x - correct + 1.0)
    count = (margins > 0).sum(axis=1)  # BUG: counted before the correct class (margin 1) is zeroed
    margins[np.arange(N), y] = 0
    loss = margins.sum() / N
    dx = (margins > 0).astype(float)
    dx[np.arange(N), y] -= count
    return loss, dx / N


def temporal_softmax_loss_mask_forgotten(x, y, mask):
    N, T, V = x.shape
    xf, yf, mf = x.reshape(N * T, V), y.reshape(N * T), mask.reshape(N * T)
    p = _softmax(xf, axis=1)
    loss = -np.sum(mf * np.log(p[np.arange(N * T), yf])) / N
    dx = p.copy()
    dx[np.arange(N * T), yf] -= 1
    dx /= N  # BUG: the masked (padding) steps are not in the loss, but get a gradient
    return loss, dx.reshape(N, T, V)
