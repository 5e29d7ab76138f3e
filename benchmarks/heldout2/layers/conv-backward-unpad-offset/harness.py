"""The ConvolutionalNetworks notebook's conv_backward_naive check, smaller: x (2, 3, 5, 5),
w (2, 3, 3, 3), stride 1, pad 1."""
import numpy as np

np.random.seed(231)
x = np.random.randn(2, 3, 5, 5)
w = np.random.randn(2, 3, 3, 3)
b = np.random.randn(2,)
conv_param = {'stride': 1, 'pad': 1}
INPUTS = (x, w, b, conv_param)
