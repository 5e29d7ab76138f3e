"""Normalisation layers: batch norm (and spatial), layer norm, group norm.

All three compute x_hat = (x - mu) / sqrt(var + eps) over some axes and out = gamma * x_hat + beta.
With dxhat = dout * gamma and means over the same axes as the forward (M values per group):

    dx = (dxhat - mean(dxhat) - x_hat * mean(dxhat * x_hat)) / sqrt(var + eps)

The two subtracted means are the paths through mu and var: leaving them out treats the
statistics as constants.  bn_param = {"mode": "train", "eps": 1e-5} is passed through unchanged.
"""
import numpy as np


def _norm_backward(dout, xhat, std, gamma_b, axes):
    dxhat = dout * gamma_b
    return (dxhat - dxhat.mean(axis=axes, keepdims=True)
            - xhat * (dxhat * xhat).mean(axis=axes, keepdims=True)) / std


def batchnorm_forward(x, gamma, beta, bn_param):
    eps = bn_param.get("eps", 1e-5)
    mu = x.mean(axis=0)
    var = x.var(axis=0)
    std = np.sqrt(var + eps)
    xhat = (x - mu) / std
    return gamma * xhat + beta, (xhat, std, gamma)


def batchnorm_backward(dout, cache):
    xhat, std, gamma = cache
    dx = _norm_backward(dout, xhat, std, gamma, 0)
    return dx, (dout * xhat).sum(axis=0), dout.sum(axis=0)


def spatial_batchnorm_forward(x, gamma, beta, bn_param):
    eps = bn_param.get("eps", 1e-5)
    mu = x.mean(axis=(0, 2, 3), keepdims=True)
    var = x.var(axis=(0, 2, 3), keepdims=True)
    std = np.sqrt(var + eps)
    xhat = (x - mu) / std
    g = gamma.reshape(1, -1, 1, 1)
    return g * xhat + beta.reshape(1, -1, 1, 1), (xhat, std, g)


def spatial_batchnorm_backward(dout, cache):
    xhat, std, g = cache
    dx = _norm_backward(dout, xhat, std, g, (0, 2, 3))
    return dx, (dout * xhat).sum(axis=(0, 2, 3)), dout.sum(axis=(0, 2, 3))


def layernorm_forward(x, gamma, beta, ln_param):
    eps = ln_param.get("eps", 1e-5)
    mu = x.mean(axis=1, keepdims=True)
    var = x.var(axis=1, keepdims=True)
    std = np.sqrt(var + eps)
    xhat = (x - mu) / std
    return gamma * xhat + beta, (xhat, std, gamma)


def layernorm_backward(dout, cache):
    xhat, std, gamma = cache
    dx = _norm_backward(dout, xhat, std, gamma, 1)
    return dx, (dout * xhat).sum(axis=0), dout.sum(axis=0)


def groupnorm_forward(x, gamma, beta, G, gn_param):
    eps = gn_param.get("eps", 1e-5)
    N, C, H, W = x.shape
    xg = x.reshape(N, G, C // G, H, W)
    mu = xg.mean(axis=(2, 3, 4), keepdims=True)
    var = xg.var(axis=(2, 3, 4), keepdims=True)
    std = np.sqrt(var + eps)
    xhat = ((xg - mu) / std).reshape(N, C, H, W)
    out = gamma * xhat + beta
    return out, (xhat, std, gamma, G)


def groupnorm_backward(dout, cache):
    xhat, std, gamma, G = cache
    N, C, H, W = xhat.shape
    dxhat = (dout * gamma).reshape(N, G, C // G, H, W)
    xh = xhat.reshape(N, G, C // G, H, W)
    axes = (2, 3, 4)
    dx = (dxhat - dxhat.mean(axis=axes, keepdims=True)
          - xh * (dxhat * xh).mean(axis=axes, keepdims=True)) / std
    dgamma = (dout * xhat).sum(axis=(0, 2, 3), keepdims=True)
    dbeta = dout.sum(axis=(0, 2, 3), keepdims=True)
    return dx.reshape(N, C, H, W), dgamma, dbeta


# -- known bugs --------------------------------------------------------------------------------

def batchnorm_backward_stats_constant(dout, cache):
    xhat, std, gamma = cache
    dx = dout * gamma / std  # BUG: mu and var depend on x; both of their terms are left out
    return dx, (dout * xhat).sum(axis=0), dout.sum(axis=0)


def batchnorm_backward_no_mean_term(dout, cache):
    xhat, std, gamma = cache
    dxhat = dout * gamma
    dx = (dxhat - xhat * (dxhat * xhat).mean(axis=0)) / std  # BUG: the path through mu is missing
    return dx, (dout * xhat).sum(axis=0), dout.sum(axis=0)


def batchnorm_backward_no_var_term(dout, cache):
    xhat, std, gamma = cache
    dxhat = dout * gamma
    dx = (dxhat - dxhat.mean(axis=0)) / std  # BUG: the path through var is missing
    return dx, (dout * xhat).sum(axis=0), dout.sum(axis=0)


def batchnorm_backward_n_minus_1(dout, cache):
    xhat, std, gamma = cache
    N = dout.shape[0]
    dxhat = dout * gamma
    xmu = xhat * std
    dvar = np.sum(dxhat * xmu, axis=0) * -0.5 * std ** -3
    dmu = -np.sum(dxhat / std, axis=0)
    dx = dxhat / std + dvar * 2 * xmu / (N - 1) + dmu / N  # BUG: forward's var divides by N
    return dx, (dout * xhat).sum(axis=0), dout.sum(axis=0)


def layernorm_backward_wrong_axis(dout, cache):
    xhat, std, gamma = cache
    dx = _norm_backward(dout, xhat, std, gamma, 0)  # BUG: batch norm's axis; layer norm reduces axis 1
    return dx, (dout * xhat).sum(axis=0), dout.sum(axis=0)


def layernorm_backward_stats_constant(dout, cache):
    xhat, std, gamma = cache
    return dout * gamma / std, (dout * xhat).sum(axis=0), dout.sum(axis=0)  # BUG: no mu/var terms


def spatial_batchnorm_backward_no_var_term(dout, cache):
    xhat, std, g = cache
    dxhat = dout * g
    dx = (dxhat - dxhat.mean(axis=(0, 2, 3), keepdims=True)) / std  # BUG: the var path is missing
    return dx, (dout * xhat).sum(axis=(0, 2, 3)), dout.sum(axis=(0, 2, 3))


def groupnorm_backward_stats_constant(dout, cache):
    xhat, std, gamma, G = cache
    N, C, H, W = xhat.shape
    dx = ((dout * gamma).reshape(N, G, C // G, H, W) / std).reshape(N, C, H, W)  # BUG: no mu/var terms
    return dx, (dout * xhat).sum(axis=(0, 2, 3), keepdims=True), dout.sum(axis=(0, 2, 3), keepdims=True)
