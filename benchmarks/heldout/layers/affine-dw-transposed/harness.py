import numpy as np

np.random.seed(231)
x = np.random.randn(4, 3)
w = np.random.randn(3, 3)
b = np.random.randn(3)
INPUTS = (x, w, b)
