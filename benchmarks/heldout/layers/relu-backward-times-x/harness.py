"""The layer classes take (X, grad) in backward; the learner's two-line adapters give the
checker forward(x) -> (out, cache) and backward(dout, cache)."""
import numpy as np

from user import Relu

np.random.seed(231)
x = np.random.randn(5, 4)
INPUTS = (x,)
_relu = Relu()


def forward(x):
    return _relu.forward(x), x


def backward(dout, cache):
    return _relu.backward(cache, dout)
