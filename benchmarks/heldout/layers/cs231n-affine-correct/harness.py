import numpy as np

np.random.seed(231)
x = np.random.randn(4, 2, 3)
w = np.random.randn(6, 5)
b = np.random.randn(5)
INPUTS = (x, w, b)
