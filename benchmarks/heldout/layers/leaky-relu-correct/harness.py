"""The layer keeps its input between forward and backward; the learner's adapters give the
checker forward(x) -> (out, cache) and backward(dout, cache)."""
import numpy as np

from user import LeakyRelu

np.random.seed(231)
x = np.random.randn(5, 4)
INPUTS = (x,)


def forward(x):
    layer = LeakyRelu()
    return layer.forward(x), layer


def backward(dout, layer):
    return layer.backward(dout)
