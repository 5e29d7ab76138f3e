"""Correct idioms from the usual tutorials, written afresh: none of them may be flagged."""
import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_prime(z):
    return sigmoid(z) * (1 - sigmoid(z))


class Network:
    """Mini-batch SGD with per-batch gradient sums (the book-style network)."""

    def __init__(self, sizes):
        self.num_layers = len(sizes)
        self.biases = [np.random.randn(y, 1) for y in sizes[1:]]
        self.weights = [np.random.randn(y, x) for x, y in zip(sizes[:-1], sizes[1:])]

    def feedforward(self, a):
        for b, w in zip(self.biases, self.weights):
            a = sigmoid(np.dot(w, a) + b)
        return a

    def update_mini_batch(self, mini_batch, eta):
        nabla_b = [np.zeros(b.shape) for b in self.biases]
        nabla_w = [np.zeros(w.shape) for w in self.weights]
        for x, y in mini_batch:
            delta_nabla_b, delta_nabla_w = self.backprop(x, y)
            nabla_b = [nb + dnb for nb, dnb in zip(nabla_b, delta_nabla_b)]
            nabla_w = [nw + dnw for nw, dnw in zip(nabla_w, delta_nabla_w)]
        self.weights = [w - (eta / len(mini_batch)) * nw for w, nw in zip(self.weights, nabla_w)]
        self.biases = [b - (eta / len(mini_batch)) * nb for b, nb in zip(self.biases, nabla_b)]

    def backprop(self, x, y):
        nabla_b = [np.zeros(b.shape) for b in self.biases]
        nabla_w = [np.zeros(w.shape) for w in self.weights]
        activation = x
        activations = [x]
        zs = []
        for b, w in zip(self.biases, self.weights):
            z = np.dot(w, activation) + b
            zs.append(z)
            activation = sigmoid(z)
            activations.append(activation)
        delta = (activations[-1] - y) * sigmoid_prime(zs[-1])
        nabla_b[-1] = delta
        nabla_w[-1] = np.dot(delta, activations[-2].transpose())
        for l in range(2, self.num_layers):
            z = zs[-l]
            sp = sigmoid_prime(z)
            delta = np.dot(self.weights[-l + 1].transpose(), delta) * sp
            nabla_b[-l] = delta
            nabla_w[-l] = np.dot(delta, activations[-l - 1].transpose())
        return nabla_b, nabla_w


def two_layer_loss(params, X, y, reg=0.0):
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    N = X.shape[0]
    hidden = np.maximum(0, X.dot(W1) + b1)
    scores = hidden.dot(W2) + b2
    scores -= np.max(scores, axis=1, keepdims=True)
    exp_scores = np.exp(scores)
    probs = exp_scores / np.sum(exp_scores, axis=1, keepdims=True)
    loss = -np.sum(np.log(probs[np.arange(N), y])) / N + reg * (np.sum(W1 * W1) + np.sum(W2 * W2))
    dscores = probs.copy()
    dscores[np.arange(N), y] -= 1
    dscores /= N
    grads = {"W2": hidden.T.dot(dscores) + 2 * reg * W2, "b2": np.sum(dscores, axis=0)}
    dhidden = dscores.dot(W2.T)
    dhidden[hidden <= 0] = 0
    grads["W1"] = X.T.dot(dhidden) + 2 * reg * W1
    grads["b1"] = np.sum(dhidden, axis=0)
    return loss, grads


def train(params, X, y, learning_rate=1e-3, num_iters=100, batch_size=200):
    num_train = X.shape[0]
    loss_history = []
    for it in range(num_iters):
        idx = np.random.choice(num_train, batch_size)
        loss, grads = two_layer_loss(params, X[idx], y[idx])
        loss_history.append(loss)
        for name in params:
            params[name] += -learning_rate * grads[name]
        if it % 100 == 0:
            learning_rate *= 0.95
    return loss_history


def softmax_loss_naive(W, X, y, reg):
    loss = 0.0
    dW = np.zeros_like(W)
    num_train = X.shape[0]
    for i in range(num_train):
        scores = X[i].dot(W)
        scores -= np.max(scores)
        probs = np.exp(scores) / np.sum(np.exp(scores))
        loss += -np.log(probs[y[i]])
        for j in range(W.shape[1]):
            dW[:, j] += (probs[j] - (j == y[i])) * X[i]
    loss = loss / num_train + 0.5 * reg * np.sum(W * W)
    dW = dW / num_train + reg * W
    return loss, dW


def rnn_adagrad(params, grads_of, data, learning_rate=1e-1, steps=100):
    memory = [np.zeros_like(p) for p in params]
    for n in range(steps):
        grads = grads_of(params, data[n % len(data)])
        for param, dparam, mem in zip(params, grads, memory):
            mem += dparam * dparam
            param += -learning_rate * dparam / np.sqrt(mem + 1e-8)
    return params


def rnn_step_grads(Wxh, Whh, xs, hs, dys):
    dWxh, dWhh = np.zeros_like(Wxh), np.zeros_like(Whh)
    dhnext = np.zeros_like(hs[0])
    for t in reversed(range(len(xs))):
        dh = np.dot(Whh.T, dys[t]) + dhnext
        dhraw = (1 - hs[t] * hs[t]) * dh
        dWxh += np.dot(dhraw, xs[t].T)
        dWhh += np.dot(dhraw, hs[t - 1].T)
        dhnext = np.dot(Whh.T, dhraw)
    return dWxh, dWhh


def platt(decision, A, B):
    return 1.0 / (1.0 + np.exp(A * decision + B))
