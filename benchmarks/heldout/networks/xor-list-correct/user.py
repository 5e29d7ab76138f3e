import numpy as np


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def forward(weights, X):
    W1, b1, W2, b2 = weights
    hidden = sigmoid(X @ W1 + b1)
    output = sigmoid(hidden @ W2 + b2)
    return hidden, output


def cost(weights, X, y):
    _, output = forward(weights, X)
    return np.mean((output - y) ** 2)


def grad(weights, X, y):
    W1, b1, W2, b2 = weights
    hidden, output = forward(weights, X)
    n = X.shape[0]
    d_output = 2 * (output - y) / (n * output.shape[1]) * output * (1 - output)
    d_hidden = d_output @ W2.T * hidden * (1 - hidden)
    return [X.T @ d_hidden, d_hidden.sum(axis=0), hidden.T @ d_output, d_output.sum(axis=0)]
