import numpy as np

np.random.seed(231)
x = np.random.randn(5, 4)
INPUTS = (x,)
