import numpy as np


def grad_descent(weights, data, backprop, epochs, learning_rate):
    grad_w = [np.zeros_like(w) for w in weights]
    for _ in range(epochs):
        for x, y in data:
            grad_w = [n + o for n, o in zip(backprop(weights, x, y), grad_w)]
        weights = [w - (learning_rate / len(data)) * gw for w, gw in zip(weights, grad_w)]
    return weights


def sgd(W, batches, grad, lr, epochs):
    dW = np.zeros_like(W)
    for epoch in range(epochs):
        for X, y in batches:
            dW += grad(W, X, y)
            W -= lr * dW
    return W
