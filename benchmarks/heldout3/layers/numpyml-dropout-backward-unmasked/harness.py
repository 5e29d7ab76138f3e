"""Dropout(p=0.4) around a 6 -> 3 fully connected layer with fixed weights; the wrapper draws
its mask from numpy's global generator, so forward seeds it (the same mask on every call).
forward/backward adapt the class to the layer-pair convention (the wrapper is the cache)."""
import numpy as np

from user import Dropout, FullyConnected

rng = np.random.RandomState(2)
W = rng.randn(6, 3)
b = rng.randn(3)


def forward(X):
    np.random.seed(123)
    layer = Dropout(FullyConnected(W.copy(), b.copy()), 0.4)
    return layer.forward(X), layer


def backward(dLdy, layer):
    return layer.backward(dLdy)


INPUTS = (rng.randn(5, 6),)
