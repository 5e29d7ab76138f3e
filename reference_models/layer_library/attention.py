"""Softmax and scaled dot-product attention.

    softmax over the last axis:  dx = p * (dout - sum(dout * p, axis=-1, keepdims=True))
    attention: q (N, Tq, d), k (N, Tk, d), v (N, Tk, dv)
               s = q k^T / sqrt(d);  a = softmax(s, axis=-1);  out = a v
               dv = a^T dout;  da = dout v^T;  ds = a * (da - sum(da * a, -1));
               dq = ds k / sqrt(d);  dk = ds^T q / sqrt(d)
"""
import numpy as np


def _softmax(x, axis=-1):
    z = x - x.max(axis=axis, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=axis, keepdims=True)


def softmax_forward(x):
    p = _softmax(x, axis=-1)
    return p, p


def softmax_backward(dout, p):
    return p * (dout - (dout * p).sum(axis=-1, keepdims=True))


def attention_forward(q, k, v):
    d = q.shape[-1]
    s = q @ k.transpose(0, 2, 1) / np.sqrt(d)
    a = _softmax(s, axis=-1)
    return a @ v, (q, k, v, a)


def _attention_backward(dout, cache, scale=True, softmax_axis=-1):
    q, k, v, a = cache
    d = q.shape[-1]
    dv = a.transpose(0, 2, 1) @ dout
    da = dout @ v.transpose(0, 2, 1)
    ds = a * (da - (da * a).sum(axis=softmax_axis, keepdims=True))
    f = 1 / np.sqrt(d) if scale else 1.0
    return ds @ k * f, ds.transpose(0, 2, 1) @ q * f, dv


def attention_backward(dout, cache):
    return _attention_backward(dout, cache)


# -- known bugs --------------------------------------------------------------------------------

def softmax_backward_wrong_axis(dout, p):
    return p * (dout - (dout * p).sum(axis=0, keepdims=True))  # BUG: the softmax is over axis -1


def attention_backward_no_scale(dout, cache):
    return _attention_backward(dout, cache, scale=False)  # BUG: the 1/sqrt(d) of the scores is missing


def attention_backward_softmax_wrong_axis(dout, cache):
    return _attention_backward(dout, cache, softmax_axis=1)  # BUG: softmax over the queries' axis
