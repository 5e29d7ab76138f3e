"""Vanilla RNN and LSTM, one step and a whole sequence (CS231n layouts, batch first).

    rnn step:  next_h = tanh(x @ Wx + prev_h @ Wh + b)
    rnn:       x (N, T, D), h0 (N, H) -> h (N, T, H); backward walks t = T-1 .. 0 with
               dh_t = dh[:, t] + dprev_h   (the upstream at t PLUS what step t+1 hands back)
    lstm step: a = x @ Wx + prev_h @ Wh + b split into i, f, o, g;
               next_c = f * prev_c + i * g;  next_h = o * tanh(next_c)
               backward(dnext_h, dnext_c, cache): dc = dnext_c + dnext_h * o * (1 - tanh(next_c)**2)
    lstm:      the same over a sequence, c0 = 0.
"""
import numpy as np


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


def rnn_step_forward(x, prev_h, Wx, Wh, b):
    next_h = np.tanh(x @ Wx + prev_h @ Wh + b)
    return next_h, (x, prev_h, Wx, Wh, next_h)


def rnn_step_backward(dnext_h, cache):
    x, prev_h, Wx, Wh, next_h = cache
    da = dnext_h * (1 - next_h ** 2)
    return da @ Wx.T, da @ Wh.T, x.T @ da, prev_h.T @ da, da.sum(axis=0)


def rnn_forward(x, h0, Wx, Wh, b):
    N, T, D = x.shape
    h = np.zeros((N, T, h0.shape[1]))
    caches, prev = [], h0
    for t in range(T):
        prev, c = rnn_step_forward(x[:, t], prev, Wx, Wh, b)
        h[:, t] = prev
        caches.append(c)
    return h, caches


def rnn_backward(dh, caches):
    N, T, H = dh.shape
    D = caches[0][0].shape[1]
    dx = np.zeros((N, T, D))
    dWx, dWh, db = 0, 0, 0
    dprev = np.zeros((N, H))
    for t in reversed(range(T)):
        dx[:, t], dprev, dwx, dwh, dbt = rnn_step_backward(dh[:, t] + dprev, caches[t])
        dWx, dWh, db = dWx + dwx, dWh + dwh, db + dbt
    return dx, dprev, dWx, dWh, db


def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
    H = prev_h.shape[1]
    a = x @ Wx + prev_h @ Wh + b
    i, f, o, g = _sigmoid(a[:, :H]), _sigmoid(a[:, H:2 * H]), _sigmoid(a[:, 2 * H:3 * H]), np.tanh(a[:, 3 * H:])
    next_c = f * prev_c + i * g
    next_h = o * np.tanh(next_c)
    return next_h, next_c, (x, prev_h, prev_c, Wx, Wh, i, f, o, g, next_c)


def _lstm_step_backward(dnext_h, dnext_c, cache, add_dnext_c=True, forget_state="prev"):
    x, prev_h, prev_c, Wx, Wh, i, f, o, g, next_c = cache
    tc = np.tanh(next_c)
    dc = dnext_h * o * (1 - tc ** 2)
    if add_dnext_c:
        dc = dc + dnext_c
    state = prev_c if forget_state == "prev" else next_c
    di, df, do, dg = dc * g, dc * state, dnext_h * tc, dc * i
    da = np.hstack([di * i * (1 - i), df * f * (1 - f), do * o * (1 - o), dg * (1 - g ** 2)])
    return da @ Wx.T, da @ Wh.T, dc * f, x.T @ da, prev_h.T @ da, da.sum(axis=0)


def lstm_step_backward(dnext_h, dnext_c, cache):
    return _lstm_step_backward(dnext_h, dnext_c, cache)


def lstm_forward(x, h0, Wx, Wh, b):
    N, T, D = x.shape
    H = h0.shape[1]
    h = np.zeros((N, T, H))
    prev_h, prev_c = h0, np.zeros((N, H))
    caches = []
    for t in range(T):
        prev_h, prev_c, c = lstm_step_forward(x[:, t], prev_h, prev_c, Wx, Wh, b)
        h[:, t] = prev_h
        caches.append(c)
    return h, caches


def lstm_backward(dh, caches):
    N, T, H = dh.shape
    D = caches[0][0].shape[1]
    dx = np.zeros((N, T, D))
    dWx, dWh, db = 0, 0, 0
    dprev_h, dprev_c = np.zeros((N, H)), np.zeros((N, H))
    for t in reversed(range(T)):
        dx[:, t], dprev_h, dprev_c, dwx, dwh, dbt = lstm_step_backward(dh[:, t] + dprev_h, dprev_c, caches[t])
        dWx, dWh, db = dWx + dwx, dWh + dwh, db + dbt
    return dx, dprev_h, dWx, dWh, db


# -- known bugs --------------------------------------------------------------------------------

def rnn_backward_no_dprev(dh, caches):
    N, T, H = dh.shape
    D = caches[0][0].shape[1]
    dx = np.zeros((N, T, D))
    dWx, dWh, db = 0, 0, 0
    dprev = np.zeros((N, H))
    for t in reversed(range(T)):
        dx[:, t], dprev, dwx, dwh, dbt = rnn_step_backward(dh[:, t], caches[t])  # BUG: + dprev missing
        dWx, dWh, db = dWx + dwx, dWh + dwh, db + dbt
    return dx, dprev, dWx, dWh, db


def rnn_backward_only_dprev(dh, caches):
    N, T, H = dh.shape
    D = caches[0][0].shape[1]
    dx = np.zeros((N, T, D))
    dWx, dWh, db = 0, 0, 0
    dprev = dh[:, T - 1]
    for t in reversed(range(T)):
        dx[:, t], dprev, dwx, dwh, dbt = rnn_step_backward(dprev, caches[t])  # BUG: dh[:, t] not added
        dWx, dWh, db = dWx + dwx, dWh + dwh, db + dbt
    return dx, dprev, dWx, dWh, db


def rnn_backward_time_major_reshape(dh, caches):
    N, T, H = dh.shape
    D = caches[0][0].shape[1]
    dx_t = np.zeros((T, N, D))                    # collected time-major, one step per row block
    dWx, dWh, db = 0, 0, 0
    dprev = np.zeros((N, H))
    for t in reversed(range(T)):
        dx_t[t], dprev, dwx, dwh, dbt = rnn_step_backward(dh[:, t] + dprev, caches[t])
        dWx, dWh, db = dWx + dwx, dWh + dwh, db + dbt
    return dx_t.reshape(N, T, D), dprev, dWx, dWh, db  # BUG: (T, N, D) -> (N, T, D) needs a transpose


def lstm_step_backward_no_dnext_c(dnext_h, dnext_c, cache):
    return _lstm_step_backward(dnext_h, dnext_c, cache, add_dnext_c=False)  # BUG: dnext_c dropped


def lstm_step_backward_forget_next_c(dnext_h, dnext_c, cache):
    return _lstm_step_backward(dnext_h, dnext_c, cache, forget_state="next")  # BUG: df uses next_c


def lstm_backward_no_dprev_c(dh, caches):
    N, T, H = dh.shape
    D = caches[0][0].shape[1]
    dx = np.zeros((N, T, D))
    dWx, dWh, db = 0, 0, 0
    dprev_h = np.zeros((N, H))
    for t in reversed(range(T)):
        zero_c = np.zeros((N, H))
        dx[:, t], dprev_h, _, dwx, dwh, dbt = lstm_step_backward(dh[:, t] + dprev_h, zero_c, caches[t])  # BUG: dprev_c dropped
        dWx, dWh, db = dWx + dwx, dWh + dwh, db + dbt
    return dx, dprev_h, dWx, dWh, db
