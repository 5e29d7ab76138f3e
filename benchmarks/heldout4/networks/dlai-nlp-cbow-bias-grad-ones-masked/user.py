import numpy as np


def forward_prop(x, W1, W2, b1, b2):
    z1 = np.dot(W1, x) + b1
    # ReLU
    h = np.maximum(0, z1)
    z2 = np.dot(W2, h) + b2
    return z2, h


def softmax(z):
    e_z = np.exp(z)
    return e_z / np.sum(e_z, axis=0)


def compute_cost(y, yhat, batch_size):
    logprobs = np.multiply(np.log(yhat), y)
    cost = -1 / batch_size * np.sum(logprobs)
    return np.squeeze(cost)


def back_prop(x, yhat, y, h, W1, W2, b1, b2, batch_size):
    # l1 = W2^T (yhat - y), through the ReLU's derivative (h > 0)
    l1 = np.dot(W2.T, (yhat - y))
    l1 = l1 * (h > 0)
    grad_W1 = (1 / batch_size) * np.dot(l1, x.T)

    grad_W2 = (1 / batch_size) * np.dot(yhat - y, h.T)

    # the bias gradients
    ones = np.ones((batch_size, 1))
    grad_b1 = np.dot(l1, ones) / batch_size
    grad_b2 = np.dot(yhat - y, ones) / batch_size

    return grad_W1, grad_W2, grad_b1, grad_b2
