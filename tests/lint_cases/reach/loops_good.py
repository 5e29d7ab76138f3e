# Loops from 1 that are right: index 0 handled elsewhere, looking back, a placeholder layer 0.
import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def cost_first_apart(theta, X, y):
    m = len(y)
    total = 0.0
    total += -y[0] * np.log(sigmoid(X[0] @ theta))
    for i in range(1, m):
        xi = X[i]
        total += -y[i] * np.log(sigmoid(xi @ theta))
    return total / m


def cost_started_at_first(theta, X, y):
    m = len(y)
    total = float(-y[0] * np.log(sigmoid(X[0] @ theta)))
    for i in range(1, m):
        h = sigmoid(X[i] @ theta)
        total += -y[i] * np.log(h)
    return total / m


def rnn_loss(xs, h0, W, U):
    T = len(xs)
    loss = 0.0
    hs = np.zeros((T, h0.size))
    hs[0] = h0
    for t in range(1, T):
        h = np.tanh(W @ xs[t] + U @ hs[t - 1])
        hs[t] = h
        loss += np.sum(h ** 2)
    return loss


class Network:
    def __init__(self, sizes):
        # layer 0 is the input: it has no weights, so index 0 is a placeholder
        self.weights = [None] + [np.random.randn(n, k) for k, n in zip(sizes[:-1], sizes[1:])]
        self.biases = [None] + [np.random.randn(n, 1) for n in sizes[1:]]

    def update(self, nabla_w, nabla_b, eta):
        for l in range(1, len(self.weights)):
            self.weights[l] -= eta * nabla_w[l]
            self.biases[l] -= eta * nabla_b[l]


class Layered:
    def __init__(self, layers):
        self.layers = layers  # layers[0] is the input layer

    def step(self, lr):
        for l in range(1, len(self.layers)):
            self.layers[l].W -= lr * self.layers[l].dW


def train(grads, lr):
    weights = [np.random.randn(3, 4), np.random.randn(4, 2)]
    weights[0] = weights[0] - lr * grads[0]
    for k in range(1, len(weights)):
        weights[k] = weights[k] - lr * grads[k]
    return weights


def smooth(x):
    out = np.zeros(len(x))
    total = 0.0
    for i in range(1, len(x)):
        d = x[i] - x[i - 1]
        total += d * d
    return total
