import numpy as np


def forward(params, x):
    W1, b1, W2, b2 = params
    h1 = W1 @ x + b1[:, None]
    h2 = np.tanh(h1)
    out = W2 @ h2 + b2[:, None]
    return h1, h2, out


def loss_fn(params, x, y):
    _, _, out = forward(params, x)
    return 0.5 * np.sum((out - y) ** 2)


def manual_grad(params, x, y):
    W1, b1, W2, b2 = params
    h1, h2, out = forward(params, x)
    d_out = out - y
    d_W2 = d_out @ h2.T
    d_b2 = np.sum(d_out, axis=1)
    d_h2 = (W2.T @ d_out) * (1 - h2 ** 2)
    d_W1 = d_h2 @ x.T
    d_b1 = np.mean(d_h2, axis=1)
    return (d_W1, d_b1, d_W2, d_b2)
