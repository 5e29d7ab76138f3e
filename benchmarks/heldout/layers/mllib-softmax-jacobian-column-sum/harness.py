"""The library's Function saves the output for backward; the learner's adapters give the checker
forward(x) -> (out, cache) and backward(dout, cache)."""
import numpy as np

from user import Softmax

np.random.seed(231)
x = np.random.randn(4, 3)
INPUTS = (x,)


def forward(x):
    out = Softmax.forward(x)
    return out, out


def backward(dout, cache):
    return Softmax.backward(cache, dout)
