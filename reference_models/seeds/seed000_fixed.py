"""Seed 000 fixed: the asker's NN class with a softmax output, right deltas and a plain step.

Changes from seed000_original.py are marked `# FIX:`.  Also used by the training sanity tests as a
small correct XOR network.
"""
import numpy as np


def sigmoid(n, deriv=False):
    if deriv:
        return np.multiply(n, np.subtract(1, n))  # n must be the activation sigmoid(z), not z
    return 1 / (1 + np.exp(-n))


def softmax(X, deriv=False):
    exps = np.exp(X - np.max(X, axis=0, keepdims=True))
    return exps / np.sum(exps, axis=0, keepdims=True)


def cross_entropy(y, p, deriv=False):
    """when deriv = True, returns deriv of cost wrt z of a softmax output"""
    if deriv:
        return p - y
    p = np.clip(p, 1e-12, 1. - 1e-12)
    return -np.sum(y*np.log(p))  # FIX: one sample's loss; /p.shape[0] divided by the class count


class NN:
    def __init__(self, weights, activations):
        """FIX: one activation per weight matrix (the last one softmax), weights drawn centred by the
        caller (np.random.rand is all positive, so every hidden unit starts alike)."""
        if len(activations) != len(weights):
            raise ValueError(f"{len(weights)} weight matrices need {len(weights)} activations, "
                             f"got {len(activations)}")
        self.activate_fns = activations
        self.weights = list(weights)

    @classmethod
    def random(cls, layers, rng, scale=1.0):
        weights = [rng.uniform(-scale, scale, (layers[i + 1], layers[i] + 1))
                   for i in range(len(layers) - 1)]
        return cls(weights, [sigmoid] * (len(layers) - 2) + [softmax])

    def ff(self, X, get_activations=False):
        """Feedforward"""
        activations, zs = [], []
        for activate, w in zip(self.activate_fns, self.weights):
            X = np.vstack([X, np.ones((1, 1))]) # adding bias
            z = w.dot(X)
            X = activate(z)
            if get_activations:
                zs.append(z)
                activations.append(X)
        return (activations, zs) if get_activations else X

    def grad_descent(self, data, epochs, learning_rate):
        for _ in range(epochs):
            grad_w = [np.zeros_like(w) for w in self.weights]  # FIX: reset every epoch
            for x, y in data:
                grad_w = [n+o for n, o in zip(self.backprop(x, y), grad_w)]
            self.weights = [w-(learning_rate/len(data))*gw for w, gw in zip(self.weights, grad_w)]

    def backprop(self, X, y):
        (activations, zs) = self.ff(X, True)
        activations.insert(0, X)
        deltas = [0 for _ in range(len(self.weights))]
        grad_w = [0 for _ in range(len(self.weights))]
        deltas[-1] = cross_entropy(y, activations[-1], True)  # right now: the output is softmax
        grad_w[-1] = np.dot(deltas[-1], np.vstack([activations[-2], np.ones((1, 1))]).transpose())
        for i in range(len(self.weights)-2, -1, -1):
            # FIX: the derivative of the layer's activation activations[i+1], not of zs[i]
            deltas[i] = np.dot(self.weights[i+1][:, :-1].transpose(), deltas[i+1]) * self.activate_fns[i](activations[i+1], True)
            # FIX: layer i's input is activations[i] (max(0, i-1) is right only for i <= 1)
            grad_w[i] = np.dot(deltas[i], np.vstack([activations[i], np.ones((1, 1))]).transpose())
        return grad_w


def cost(weights, X, Y):
    """Mean cross-entropy over the samples (column vectors)."""
    net = NN(weights, [sigmoid] * (len(weights) - 1) + [softmax])
    return sum(cross_entropy(y, net.ff(x)) for x, y in zip(X, Y)) / len(X)


def grad(weights, X, Y):
    net = NN(weights, [sigmoid] * (len(weights) - 1) + [softmax])
    total = [np.zeros_like(w) for w in weights]
    for x, y in zip(X, Y):
        total = [t + g for t, g in zip(total, net.backprop(x, y))]
    return [t / len(X) for t in total]
