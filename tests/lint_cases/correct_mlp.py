"""A correct two-layer MLP in plain numpy, written the way tutorials do: it must lint clean."""
import numpy as np
from numpy import exp


def sigmoid(z):
    return 1.0 / (1.0 + exp(-z))


def sigmoid_prime(z):
    s = sigmoid(z)
    return s * (1 - s)


def softmax(scores):
    shifted = scores - np.max(scores, axis=1, keepdims=True)
    e = np.exp(shifted)
    return e / np.sum(e, axis=1, keepdims=True)


def cross_entropy(y_onehot, probs):
    probs = np.clip(probs, 1e-12, 1.0)
    return -np.sum(y_onehot * np.log(probs)) / len(probs)


def init_params(n_in, n_hidden, n_out, seed=0):
    rng = np.random.default_rng(seed)
    eps = 0.12
    W1 = rng.random((n_in, n_hidden)) * 2 * eps - eps
    W2 = rng.uniform(-eps, eps, size=(n_hidden, n_out))
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


def forward(params, X):
    z1 = X @ params["W1"] + params["b1"]
    a1 = sigmoid(z1)
    scores = a1 @ params["W2"] + params["b2"]
    return z1, a1, softmax(scores)


def loss_and_grads(params, X, Y, reg=1e-3):
    N = X.shape[0]
    z1, a1, probs = forward(params, X)
    loss = cross_entropy(Y, probs) + 0.5 * reg * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))
    dscores = (probs - Y) / N
    grads = {"W2": a1.T @ dscores + reg * params["W2"], "b2": dscores.sum(axis=0)}
    dz1 = dscores @ params["W2"].T * sigmoid_prime(z1)
    grads["W1"] = X.T @ dz1 + reg * params["W1"]
    grads["b1"] = dz1.sum(axis=0)
    return loss, grads


def numerical_gradient(f, x, h=1e-5):
    grad = np.zeros_like(x)
    for i in range(x.size):
        old = x.flat[i]
        x.flat[i] = old + h
        plus = f(x)
        x.flat[i] = old - h
        minus = f(x)
        x.flat[i] = old
        grad.flat[i] = (plus - minus) / (2 * h)
    return grad


def train(params, X, Y, lr=0.5, epochs=200, batch_size=16, seed=0):
    rng = np.random.default_rng(seed)
    history = []
    for epoch in range(epochs):
        order = rng.permutation(len(X))
        epoch_loss = 0.0
        for start in range(0, len(X), batch_size):
            idx = order[start:start + batch_size]
            grads_sum = {k: np.zeros_like(v) for k, v in params.items()}
            loss, grads = loss_and_grads(params, X[idx], Y[idx])
            for k in grads:
                grads_sum[k] += grads[k]
            for k in params:
                params[k] -= lr * grads_sum[k]
            epoch_loss += loss
        history.append(epoch_loss)
    return params, history


def accuracy(params, X, labels):
    probs = forward(params, X)[2]
    return np.mean(np.argmax(probs, axis=1) == labels)
