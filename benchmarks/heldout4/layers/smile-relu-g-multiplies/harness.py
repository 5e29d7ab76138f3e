"""The activation object works in place on its arrays; forward/backward adapt it to the layer
pair (the output is the cache). A batch of 4 samples of 5 pre-activations."""
import numpy as np

from user import ReLU


def forward(x):
    out = np.array(x, dtype=float)
    ReLU().f(out)
    return out, out


def backward(dout, y):
    g = np.array(dout, dtype=float)
    ReLU().g(g, y)
    return g


rng = np.random.RandomState(1)
INPUTS = (rng.randn(4, 5),)
