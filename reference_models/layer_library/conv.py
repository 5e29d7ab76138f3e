"""Naive convolution (cross-correlation, CS231n style) with stride and zero padding, and pooling.

    conv: x (N, C, H, W), w (F, C, HH, WW), b (F,), conv_param {"stride": s, "pad": p}
          out[n, f, i, j] = sum(x_pad[n, :, i*s:i*s+HH, j*s:j*s+WW] * w[f]) + b[f]
    max pool: pool_param {"pool_height", "pool_width", "stride"}; the gradient goes to the
          window's maximum only.  average pool: spread evenly, 1 / (ph * pw) each.
"""
import numpy as np


def conv_forward(x, w, b, conv_param):
    s, p = conv_param["stride"], conv_param["pad"]
    N, C, H, W = x.shape
    F, _, HH, WW = w.shape
    Ho, Wo = 1 + (H + 2 * p - HH) // s, 1 + (W + 2 * p - WW) // s
    xp = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
    out = np.zeros((N, F, Ho, Wo))
    for i in range(Ho):
        for j in range(Wo):
            win = xp[:, :, i * s:i * s + HH, j * s:j * s + WW]
            out[:, :, i, j] = np.tensordot(win, w, axes=([1, 2, 3], [1, 2, 3])) + b
    return out, (x, w, conv_param)


def _conv_backward(dout, cache, flip=False, stride_in_dx=True, cut=None, dw_images=None, assign_dw=False):
    x, w, conv_param = cache
    s, p = conv_param["stride"], conv_param["pad"]
    N, C, H, W = x.shape
    F, _, HH, WW = w.shape
    _, _, Ho, Wo = dout.shape
    xp = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
    dxp = np.zeros_like(xp)
    dw = np.zeros_like(w)
    wk = w[:, :, ::-1, ::-1] if flip else w
    for i in range(Ho):
        for j in range(Wo):
            hs, ws = i * s, j * s
            dh, dwd = (hs, ws) if stride_in_dx else (i, j)
            dxp[:, :, dh:dh + HH, dwd:dwd + WW] += np.tensordot(dout[:, :, i, j], wk, axes=(1, 0))
            win = xp[:, :, hs:hs + HH, ws:ws + WW]
            dw += np.tensordot(dout[:, :, i, j], win, axes=(0, 0))
    if assign_dw:
        dw = np.zeros_like(w)
        for n in range(N):
            dw_n = np.zeros_like(w)
            for i in range(Ho):
                for j in range(Wo):
                    win = xp[n, :, i * s:i * s + HH, j * s:j * s + WW]
                    dw_n += dout[n, :, i, j][:, None, None, None] * win[None]
            dw = dw_n
    db = dout.sum(axis=(0, 2, 3))
    if cut is None:
        dx = dxp[:, :, p:p + H, p:p + W]
    else:
        dx = cut(dxp, H, W, p)
    return dx, dw, db


def conv_backward(dout, cache):
    return _conv_backward(dout, cache)


def max_pool_forward(x, pool_param):
    ph, pw, s = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    N, C, H, W = x.shape
    Ho, Wo = 1 + (H - ph) // s, 1 + (W - pw) // s
    out = np.zeros((N, C, Ho, Wo))
    for i in range(Ho):
        for j in range(Wo):
            out[:, :, i, j] = x[:, :, i * s:i * s + ph, j * s:j * s + pw].max(axis=(2, 3))
    return out, (x, pool_param)


def max_pool_backward(dout, cache):
    x, pool_param = cache
    ph, pw, s = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    N, C, Ho, Wo = dout.shape
    dx = np.zeros_like(x)
    for n in range(N):
        for c in range(C):
            for i in range(Ho):
                for j in range(Wo):
                    win = x[n, c, i * s:i * s + ph, j * s:j * s + pw]
                    a, b = np.unravel_index(np.argmax(win), win.shape)
                    dx[n, c, i * s + a, j * s + b] += dout[n, c, i, j]
    return dx


def avg_pool_forward(x, pool_param):
    ph, pw, s = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    N, C, H, W = x.shape
    Ho, Wo = 1 + (H - ph) // s, 1 + (W - pw) // s
    out = np.zeros((N, C, Ho, Wo))
    for i in range(Ho):
        for j in range(Wo):
            out[:, :, i, j] = x[:, :, i * s:i * s + ph, j * s:j * s + pw].mean(axis=(2, 3))
    return out, (x.shape, pool_param)


def avg_pool_backward(dout, cache):
    shape, pool_param = cache
    ph, pw, s = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    dx = np.zeros(shape)
    for i in range(dout.shape[2]):
        for j in range(dout.shape[3]):
            dx[:, :, i * s:i * s + ph, j * s:j * s + pw] += dout[:, :, i, j][:, :, None, None] / (ph * pw)
    return dx


# -- known bugs --------------------------------------------------------------------------------

def conv_backward_kernel_flipped(dout, cache):
    return _conv_backward(dout, cache, flip=True)  # BUG: w[:, :, ::-1, ::-1] in dx


def conv_backward_pad_wrong_side(dout, cache):
    # BUG: the padding is stripped from the bottom/right only: dx_pad[:, :, :H, :W]
    return _conv_backward(dout, cache, cut=lambda dxp, H, W, p: dxp[:, :, :H, :W])


def conv_backward_stride_ignored(dout, cache):
    return _conv_backward(dout, cache, stride_in_dx=False)  # BUG: dx windows at (i, j), not (i*s, j*s)


def conv_backward_dw_last_image(dout, cache):
    return _conv_backward(dout, cache, assign_dw=True)  # BUG: dw = ... per image: the last one wins


def max_pool_backward_whole_window(dout, cache):
    x, pool_param = cache
    ph, pw, s = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    dx = np.zeros_like(x)
    for i in range(dout.shape[2]):
        for j in range(dout.shape[3]):
            dx[:, :, i * s:i * s + ph, j * s:j * s + pw] += dout[:, :, i, j][:, :, None, None]  # BUG: every element
    return dx


def max_pool_backward_wrong_argmax(dout, cache):
    x, pool_param = cache
    ph, pw, s = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    N, C, Ho, Wo = dout.shape
    dx = np.zeros_like(x)
    for n in range(N):
        for c in range(C):
            for i in range(Ho):
                for j in range(Wo):
                    win = x[n, c, i * s:i * s + ph, j * s:j * s + pw]
                    k = np.argmax(win)
                    a, b = k % ph, k // ph  # BUG: unravelled column-major: (row, col) swapped
                    dx[n, c, i * s + a, j * s + b] += dout[n, c, i, j]
    return dx


def max_pool_backward_stride_ignored(dout, cache):
    x, pool_param = cache
    ph, pw, s = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    N, C, Ho, Wo = dout.shape
    dx = np.zeros_like(x)
    for n in range(N):
        for c in range(C):
            for i in range(Ho):
                for j in range(Wo):
                    win = x[n, c, i:i + ph, j:j + pw]  # BUG: windows at (i, j), not (i*s, j*s)
                    a, b = np.unravel_index(np.argmax(win), win.shape)
                    dx[n, c, i + a, j + b] += dout[n, c, i, j]
    return dx


def avg_pool_backward_no_divide(dout, cache):
    shape, pool_param = cache
    ph, pw, s = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    dx = np.zeros(shape)
    for i in range(dout.shape[2]):
        for j in range(dout.shape[3]):
            dx[:, :, i * s:i * s + ph, j * s:j * s + pw] += dout[:, :, i, j][:, :, None, None]  # BUG: no 1/(ph*pw)
    return dx
