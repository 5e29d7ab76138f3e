"""The few pieces every reference network shares: activations, one-hot labels, centred init."""
from __future__ import annotations

import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def softmax(z, axis):
    """Softmax along `axis`, shifted by the max so exp never overflows."""
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def one_hot(labels, n_classes):
    """Rows are samples: one_hot([2, 0], 3) -> [[0, 0, 1], [1, 0, 0]]."""
    out = np.zeros((len(labels), n_classes))
    out[np.arange(len(labels)), labels] = 1.0
    return out


def centred_init(rng, shape, scale=0.5):
    """Uniform in [-scale, scale]: centred, so hidden units do not all start alike (np.random.rand
    draws in [0, 1) and every unit then pushes the same way)."""
    return rng.uniform(-scale, scale, size=shape)


def labels(rng, m, n_classes):
    """m integer labels in which every class occurs (so no class's gradient is trivially zero)."""
    y = np.arange(m) % n_classes
    rng.shuffle(y)
    return y
