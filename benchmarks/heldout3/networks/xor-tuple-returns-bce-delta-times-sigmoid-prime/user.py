import numpy as np


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def loss_and_grads(params, X, y):
    """2-h-1 XOR net: tanh hidden layer, one sigmoid output unit, mean binary cross-entropy.

    params = [W1 (2, h), b1 (h,), W2 (h, 1), b2 (1,)]; returns J, dW1, db1, dW2, db2.
    """
    W1, b1, W2, b2 = params
    m = X.shape[0]

    z1 = X @ W1 + b1
    a1 = np.tanh(z1)
    z2 = a1 @ W2 + b2
    a2 = sigmoid(z2)

    J = -np.mean(y * np.log(a2) + (1 - y) * np.log(1 - a2))

    dz2 = (a2 - y) * a2 * (1 - a2)
    dW2 = a1.T @ dz2 / m
    db2 = np.sum(dz2, axis=0) / m
    dz1 = (dz2 @ W2.T) * (1 - a1 ** 2)
    dW1 = X.T @ dz1 / m
    db1 = np.sum(dz1, axis=0) / m
    return J, dW1, db1, dW2, db2
