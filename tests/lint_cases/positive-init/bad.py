import numpy as np


def init_weights(layer_in, layer_out):
    return np.random.rand(layer_out, 1 + layer_in) * 0.12


class Net:
    def __init__(self, n_in, n_hidden, n_out, seed=0):
        rng = np.random.default_rng(seed)
        self.W1 = rng.random((n_hidden, n_in))
        self.weights = [np.random.uniform(0, 1, size=(n_out, n_hidden))]
        self.b1 = np.random.rand(n_hidden)
