import numpy as np


def avg_pool_forward_naive(x, pool_param):
    """x: (N, C, H, W); pool_param: pool_height, pool_width, stride. Returns (out, cache)."""
    N, C, H, W = x.shape
    ph, pw, stride = pool_param['pool_height'], pool_param['pool_width'], pool_param['stride']
    H_out = 1 + (H - ph) // stride
    W_out = 1 + (W - pw) // stride
    out = np.zeros((N, C, H_out, W_out))
    for i in range(H_out):
        for j in range(W_out):
            window = x[:, :, i * stride:i * stride + ph, j * stride:j * stride + pw]
            out[:, :, i, j] = np.mean(window, axis=(2, 3))
    cache = (x, pool_param)
    return out, cache


def avg_pool_backward_naive(dout, cache):
    x, pool_param = cache
    N, C, H, W = x.shape
    ph, pw, stride = pool_param['pool_height'], pool_param['pool_width'], pool_param['stride']
    H_out, W_out = dout.shape[2], dout.shape[3]
    dx = np.zeros_like(x)
    for i in range(H_out):
        for j in range(W_out):
            dx[:, :, i * stride:i * stride + ph, j * stride:j * stride + pw] += \
                dout[:, :, i, j][:, :, None, None]
    return dx
