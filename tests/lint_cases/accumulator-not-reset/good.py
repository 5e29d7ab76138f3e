import numpy as np


def grad_descent(weights, data, backprop, epochs, learning_rate):
    for _ in range(epochs):
        grad_w = [np.zeros_like(w) for w in weights]
        for x, y in data:
            grad_w = [n + o for n, o in zip(backprop(weights, x, y), grad_w)]
        weights = [w - (learning_rate / len(data)) * gw for w, gw in zip(weights, grad_w)]
    return weights


def full_gradient(theta, X, y, grad_one):
    delta = np.zeros_like(theta)
    for t in range(len(X)):
        delta = delta + grad_one(theta, X[t], y[t])
    return delta / len(X)


def momentum(W, batches, grad, lr, epochs, mu=0.9):
    v = np.zeros_like(W)
    for epoch in range(epochs):
        for X, y in batches:
            v = mu * v + grad(W, X, y)
            W = W - lr * v
    return W


def adagrad(W, batches, grad, lr, epochs, eps=1e-8):
    cache = np.zeros_like(W)
    for epoch in range(epochs):
        for X, y in batches:
            g = grad(W, X, y)
            cache += g ** 2
            W -= lr * g / (np.sqrt(cache) + eps)
    return W


def zero_grad_each_step(W, batches, grad, lr, epochs):
    dW = np.zeros_like(W)
    for epoch in range(epochs):
        for X, y in batches:
            dW.fill(0.0)
            dW += grad(W, X, y)
            W -= lr * dW
    return W
