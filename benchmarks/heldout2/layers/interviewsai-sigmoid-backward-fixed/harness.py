"""The class keeps its input and its backward takes only the upstream gradient; the learner's
adapters give the checker forward(x) -> (out, cache) and backward(dout, cache), putting the
input the forward saw back on the object before calling backward."""
import numpy as np

from user import Sigmoid

np.random.seed(231)
x = np.random.randn(4, 5)
INPUTS = (x,)
_layer = Sigmoid()


def forward(x):
    return _layer.forward(x), x


def backward(dout, cache):
    _layer.x = cache
    return _layer.backward(dout)
