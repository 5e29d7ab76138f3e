import numpy as np


def forward(params, X):
    h = np.tanh(X @ params["W1"] + params["b1"])
    scores = h @ params["W2"] + params["b2"]
    return h, scores


def loss(params, X, y):
    _, scores = forward(params, X)
    scores = scores - scores.max(axis=1, keepdims=True)
    log_probs = scores - np.log(np.exp(scores).sum(axis=1, keepdims=True))
    return -log_probs[np.arange(len(y)), y].mean()


def gradients(params, X, y):
    h, scores = forward(params, X)
    probs = np.exp(scores - scores.max(axis=1, keepdims=True))
    probs /= probs.sum(axis=1, keepdims=True)
    dscores = probs
    dscores[np.arange(len(y)), y] -= 1
    dscores /= len(y)
    grads = {"W2": h.T @ dscores, "b2": dscores.sum(axis=0)}
    dz = (dscores @ params["W2"].T) * (1 - h ** 2)
    grads["W1"] = X.T @ dz
    grads["b1"] = dz.sum(axis=0)
    return grads


def sgd_step(params, X, y, lr=0.1):
    grads = gradients(params, X, y)
    for k in params:
        params[k] -= lr * grads[k]
