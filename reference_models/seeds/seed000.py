"""Seed 000's network made checkable: the loss and backprop gradient of its NN class on XOR.

The adapter is what the asker would write to hand the class to a checker: `cost(weights, X, Y)`
puts the weights into an NN and averages `cross_entropy(y, ff(x))` over the four XOR samples, and
`grad` averages `backprop` the same way, as `grad_descent` does (it sums and divides by
len(data)).  `backprop` is the user's, line for line, minus its two last lines (the call to
gradient_check and the print), which cannot run inside a checker that evaluates it many times.

The class is built as the asker builds it: `NN([2, 2, 2], [sigmoid, sigmoid, softmax])`, so the
three activations are zipped with two weight matrices and the output is a *sigmoid*, while
backprop's output delta `p - y` assumes softmax; the hidden delta takes sigmoid's derivative
`n*(1-n)` of z, not of the activation.  `update2_*` reproduce UPDATE #2's training loop, whose
step `w -= lr * w * grad` is scaled by the weights.
"""
from __future__ import annotations

import numpy as np

from .seed000_original import NN, cross_entropy, sigmoid, softmax

X = [np.array([[0], [0]]), np.array([[0], [1]]), np.array([[1], [0]]), np.array([[1], [1]])]
Y = [np.array([[1], [0]]), np.array([[0], [1]]), np.array([[0], [1]]), np.array([[1], [0]])]
LAYERS = [2, 2, 2]
ACTIVATIONS = [sigmoid, sigmoid, softmax]  # as the asker passes them: three for two matrices


def initial_weights(rng, layers=LAYERS):
    """NN.__init__'s draw with a seeded generator: the first matrix all positive (np.random.rand),
    the others positive with each entry's sign flipped with probability 1/2."""
    weights = [rng.random((layers[1], layers[0] + 1))]
    for i in range(1, len(layers) - 1):
        w = rng.random((layers[i + 1], layers[i] + 1))
        weights.append(np.where(rng.random(w.shape) > .5, -w, w))
    return weights


def _net(weights):
    net = NN.__new__(NN)  # __init__ would draw from numpy's global generator
    net.activate_fns = ACTIVATIONS
    net.weights = list(weights)
    return net


def _backprop(self, X, y):
    """NN.backprop as posted, without its gradient_check call and print."""
    (activations, zs) = self.ff(X, True)
    activations.insert(0, X)
    deltas = [0 for _ in range(len(self.weights))]
    grad_w = [0 for _ in range(len(self.weights))]
    deltas[-1] = cross_entropy(y, activations[-1], True) # assumes output activation is softmax
    grad_w[-1] = np.dot(deltas[-1], np.vstack([activations[-2], np.ones((1, 1))]).transpose())
    for i in range(len(self.weights)-2, -1, -1):
        deltas[i] = np.dot(self.weights[i+1][:, :-1].transpose(), deltas[i+1]) * self.activate_fns[i](zs[i], True)
        grad_w[i] = np.hstack((np.dot(deltas[i], activations[max(0, i-1)].transpose()), deltas[i]))
    return grad_w


def cost(weights, X, Y):
    net = _net(weights)
    return sum(cross_entropy(y, net.ff(x)) for x, y in zip(X, Y)) / len(X)


def grad(weights, X, Y):
    net = _net(weights)
    total = [np.zeros_like(w) for w in weights]
    for x, y in zip(X, Y):
        total = [t + g for t, g in zip(total, _backprop(net, x, y))]
    return [t / len(X) for t in total]


def build(seed):
    rng = np.random.default_rng(seed)
    return dict(cost=cost, grad=grad, params=initial_weights(rng), args=(X, Y))


# -- UPDATE #2: the procedural loop, with its update scaled by the weights ------------------------

def update2_epoch(weights, lr=.03):
    """One pass of UPDATE #2's loop over the four samples, in place, as posted."""
    for i in range(4):
        a0 = X[i]
        z0 = weights[0].dot(np.vstack([a0, np.ones((1, 1))]))
        a1 = sigmoid(z0)
        z1 = weights[1].dot(np.vstack([a1, np.ones((1, 1))]))
        a2 = softmax(z1)
        del1 = cross_entropy(Y[i], a2, True)
        dcdw1 = del1.dot(np.vstack([a1, np.ones((1, 1))]).T)
        del0 = weights[1][:, :-1].T.dot(del1)*sigmoid(z0, True)
        dcdw0 = del0.dot(np.vstack([a0, np.ones((1, 1))]).T)
        weights[0] -= lr*weights[0]*dcdw0
        weights[1] -= lr*weights[1]*dcdw1
    return weights


def update2_outputs(weights):
    """The softmax outputs of UPDATE #2's network for the four XOR inputs, one row each."""
    rows = []
    for a0 in X:
        a1 = sigmoid(weights[0].dot(np.vstack([a0, np.ones((1, 1))])))
        rows.append(softmax(weights[1].dot(np.vstack([a1, np.ones((1, 1))]))).ravel())
    return np.array(rows)


def update2_train(seed, epochs=1000, lr=.03):
    """UPDATE #2 from `weights = [np.random.rand(2, 3) for _ in range(2)]`, seeded."""
    rng = np.random.default_rng(seed)
    return update2_train_from([rng.random((2, 3)) for _ in range(2)], epochs, lr)


def update2_train_from(weights, epochs=1000, lr=.03):
    weights = [np.array(w, dtype=float) for w in weights]
    for _ in range(epochs):
        update2_epoch(weights, lr)
    return weights
