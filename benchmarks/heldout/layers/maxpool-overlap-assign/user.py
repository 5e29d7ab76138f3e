import numpy as np

def max_pool_forward_naive(x, pool_param):
    pool_height = pool_param['pool_height']
    pool_width = pool_param['pool_width']
    stride = pool_param['stride']
    N, C, H, W = x.shape
    H_ = int((H - pool_height) / stride + 1)
    W_ = int((W - pool_width) / stride + 1)
    out = np.zeros((N, C, H_, W_))
    for i in range(H_):
        for j in range(W_):
            window = x[:, :, i * stride:i * stride + pool_height, j * stride:j * stride + pool_width]
            out[:, :, i, j] = np.max(window, axis=(2, 3))
    cache = (x, pool_param)
    return out, cache


def max_pool_backward_naive(dout, cache):
    x, pool_param = cache
    pool_height = pool_param['pool_height']
    pool_width = pool_param['pool_width']
    stride = pool_param['stride']
    N, C, H, W = x.shape
    H_ = int((H - pool_height) / stride + 1)
    W_ = int((W - pool_width) / stride + 1)

    dx = np.zeros((N, C, H, W))
    for n in range(N):
        for c in range(C):
            for i in range(H_):
                for j in range(W_):
                    window = x[n, c, i * stride:i * stride + pool_height, j * stride:j * stride + pool_width]
                    row, col = np.unravel_index(np.argmax(window), window.shape)
                    dx[n, c, i * stride + row, j * stride + col] = dout[n, c, i, j]
    return dx
