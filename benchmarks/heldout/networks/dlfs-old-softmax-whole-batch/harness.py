"""gradient_check.py at toy size: 4 inputs, 5 hidden, 3 classes, 3 samples, one-hot labels.
The layers hold the params arrays, so the wrappers write new values into them in place."""
import numpy as np

from user import TwoLayerNet

np.random.seed(0)
network = TwoLayerNet(input_size=4, hidden_size=5, output_size=3, weight_init_std=0.5)
network.params['b1'][...] = 0.1 * np.random.randn(5)
network.params['b2'][...] = 0.1 * np.random.randn(3)
x_batch = np.random.randn(3, 4)
t_batch = np.eye(3)[[0, 2, 1]]
PARAMS = {k: v.copy() for k, v in network.params.items()}
ARGS = (x_batch, t_batch)


def _load(params):
    for k in network.params:
        network.params[k][...] = params[k]


def cost(params, x, t):
    _load(params)
    return network.loss(x, t)


def grad(params, x, t):
    _load(params)
    return {k: v.copy() for k, v in network.gradient(x, t).items()}
