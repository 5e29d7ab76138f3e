import random

import numpy as np


def init_weights(layer_in, layer_out):
    epsilon_init = 0.12
    return np.random.rand(layer_out, 1 + layer_in) * 2 * epsilon_init - epsilon_init


class Net:
    def __init__(self, n_in, n_hidden, n_out, seed=0):
        rng = np.random.default_rng(seed)
        self.W1 = rng.uniform(-0.5, 0.5, size=(n_hidden, n_in))
        self.W2 = rng.standard_normal((n_out, n_hidden)) / np.sqrt(n_hidden)
        self.W3 = np.random.rand(n_out, n_out) - 0.5
        self.wih = np.random.randn(n_hidden, n_in) / pow(n_in, 0.5)
        self.b1 = np.random.rand(n_hidden)  # a positive bias breaks no symmetry
        X = np.random.rand(10, n_in)  # data, not weights
        self.data = X
        w = np.random.random((n_out, n_hidden))
        w -= 0.5
        self.W4 = w
        dropout_mask = random.random() < 0.5
        self.keep = dropout_mask
