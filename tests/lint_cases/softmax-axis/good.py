import numpy as np


def softmax(z):
    # one sample: a vector of class scores
    e = np.exp(z - np.max(z))
    return e / np.sum(e)


def loss(W, b, X, y):
    scores = X @ W + b
    exp_scores = np.exp(scores - np.max(scores, axis=1, keepdims=True))
    probs = exp_scores / np.sum(exp_scores, axis=1, keepdims=True)
    return -np.mean(np.log(probs[np.arange(len(y)), y]))


def predict_one(W, x):
    z = W @ x
    return softmax(z)


class Net:
    def __init__(self, who):
        self.who = who

    def forward(self, hidden_batch):
        final_input = np.dot(self.who, hidden_batch)
        e = np.exp(final_input - final_input.max(axis=0))
        return e / e.sum(axis=0, keepdims=True)

    def query(self, hidden):
        final_input = np.dot(self.who, hidden)
        e = np.exp(final_input - np.max(final_input))
        return e / sum(e)


def rows(X, W):
    scores = np.dot(X, W)
    e = np.exp(scores - scores.max(axis=1, keepdims=True))
    for i in range(len(e)):
        e[i] = e[i] / np.sum(e[i])
    return e
