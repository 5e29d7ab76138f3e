import numpy as np


def probabilities(W, b, X):
    scores = X @ W + b
    exp_scores = np.exp(scores)
    return exp_scores / np.sum(exp_scores, axis=1, keepdims=True)
