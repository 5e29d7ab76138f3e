# Python's sum where it is right: over a list, one sample, or classes down the columns.
import math

import numpy as np


def softmax_list(scores):
    exps = [math.exp(s - max(scores)) for s in scores]
    total = sum(exps)
    return [e / total for e in exps]


def softmax(x):
    exps = np.exp(x - np.max(x))
    return exps / sum(exps)


def predict_one(W, x):
    z = W @ x
    return softmax(z)


def forward_columns(W2, H):
    scores = np.dot(W2, H)  # (classes x batch): Python's sum runs down each column
    return softmax(scores)


def softmax_rows(x):
    e = np.exp(x - np.max(x, axis=1, keepdims=True))
    return e / np.sum(e, axis=1, keepdims=True)


def forward_rows(X, W):
    scores = X @ W
    return softmax_rows(scores)


def mean_of_list(values):
    return sum(values) / len(values)
