import numpy as np

np.random.seed(231)
x = np.random.randn(2, 2, 5, 5)
w = np.random.randn(3, 2, 3, 3)
b = np.random.randn(3)
conv_param = {'stride': 2, 'pad': 1}
INPUTS = (x, w, b, conv_param)
