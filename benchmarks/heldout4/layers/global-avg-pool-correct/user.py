import numpy as np


def global_avg_pool_forward(x):
    """x: (N, C, H, W) -> out: (N, C), the mean over each channel's H x W map."""
    out = x.mean(axis=(2, 3))
    cache = x.shape
    return out, cache


def global_avg_pool_backward(dout, cache):
    N, C, H, W = cache
    dx = np.ones((N, C, H, W)) * dout[:, :, None, None] / (H * W)
    return dx
