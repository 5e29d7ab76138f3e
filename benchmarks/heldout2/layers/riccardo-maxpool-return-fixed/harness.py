"""One (height, width, channels) feature map, 2x2 pooling; the learner's adapters give the
checker forward(image) -> (out, cache) and backward(dout, cache), putting the image the
forward saw back on the object before calling back_prop."""
import numpy as np

from user import MaxPoolingLayer

np.random.seed(231)
image = np.random.randn(6, 6, 3)
INPUTS = (image,)
_pool = MaxPoolingLayer(2)


def forward(image):
    return _pool.forward_prop(image), image


def backward(dout, cache):
    _pool.image = cache
    return _pool.back_prop(dout)
