# Loops from 1 ported from Octave's `for t = 1:m`, or over layers: entry 0 is never done.
import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def nn_cost_function(Theta1, Theta2, X, y, num_labels, lam):
    m = X.shape[0]
    J = 0
    Delta1 = np.zeros(Theta1.shape)
    Delta2 = np.zeros(Theta2.shape)
    for t in range(1, m):  # expect: loop-skips-first
        a1 = np.concatenate(([1], X[t]))
        z2 = Theta1 @ a1
        a2 = np.concatenate(([1], sigmoid(z2)))
        a3 = sigmoid(Theta2 @ a2)
        yk = np.zeros(num_labels)
        yk[y[t]] = 1
        J += np.sum(-yk * np.log(a3) - (1 - yk) * np.log(1 - a3))
        d3 = a3 - yk
        d2 = (Theta2[:, 1:].T @ d3) * a2[1:] * (1 - a2[1:])
        Delta1 = Delta1 + np.outer(d2, a1)
        Delta2 = Delta2 + np.outer(d3, a2)
    J = J / m
    return J, Delta1 / m, Delta2 / m


def cost(theta, X, y):
    m = len(y)
    total = 0.0
    for i in range(1, m):  # expect: loop-skips-first
        xi = X[i]
        h = sigmoid(xi @ theta)
        total = total + (-y[i] * np.log(h) - (1 - y[i]) * np.log(1 - h))
    return total / m


class Network:
    def __init__(self, sizes):
        self.weights = [np.random.randn(n, k) for k, n in zip(sizes[:-1], sizes[1:])]
        self.biases = [np.random.randn(n, 1) for n in sizes[1:]]

    def update(self, nabla_w, nabla_b, eta):
        for l in range(1, len(self.weights)):  # expect: loop-skips-first
            self.weights[l] -= eta * nabla_w[l]
            self.biases[l] -= eta * nabla_b[l]


def train(weights, grads, lr):
    weights = [np.random.randn(3, 4), np.random.randn(4, 2)]
    for k in range(1, len(weights)):  # expect: loop-skips-first
        weights[k] = weights[k] - lr * grads[k]
    return weights
