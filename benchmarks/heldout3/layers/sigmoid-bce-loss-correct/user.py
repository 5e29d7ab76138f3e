import numpy as np


def sigmoid_cross_entropy_loss(x, y):
    """Binary cross-entropy on logits x (N,) with labels y (N,) in {0, 1}, averaged over N.

    Returns (loss, dx). Written with logaddexp so large logits do not overflow."""
    N = x.shape[0]
    loss = np.sum(np.logaddexp(0, x) - y * x) / N
    probs = 1 / (1 + np.exp(-x))
    dx = (probs - y) / N
    return loss, dx
