import numpy as np


def forward(params, X):
    h = np.tanh(X @ params["W1"] + params["b1"])
    scores = h @ params["W2"] + params["b2"]
    return h, scores


def loss(params, X, y, reg):
    """Softmax cross-entropy plus 0.5 * reg * (|W1|^2 + |W2|^2); biases are not regularized."""
    _, scores = forward(params, X)
    scores = scores - scores.max(axis=1, keepdims=True)
    log_probs = scores - np.log(np.exp(scores).sum(axis=1, keepdims=True))
    data_loss = -log_probs[np.arange(len(y)), y].mean()
    return data_loss + 0.5 * reg * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))


def data_gradients(params, X, y):
    """Gradients of the data term only; weight decay is applied in the update."""
    n = X.shape[0]
    h, scores = forward(params, X)
    probs = np.exp(scores - scores.max(axis=1, keepdims=True))
    probs /= probs.sum(axis=1, keepdims=True)
    dscores = probs
    dscores[np.arange(n), y] -= 1
    dscores /= n
    grads = {"W2": h.T @ dscores, "b2": dscores.sum(axis=0)}
    dh = dscores @ params["W2"].T * (1 - h ** 2)
    grads["W1"] = X.T @ dh
    grads["b1"] = dh.sum(axis=0)
    return grads


def train_step(params, X, y, lr=0.1, reg=0.01):
    grads = data_gradients(params, X, y)
    for k in params:
        params[k] -= lr * (grads[k] + reg * params[k])
