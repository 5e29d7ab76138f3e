import numpy as np

np.random.seed(231)
N, T, V, D = 2, 3, 5, 3
x = np.array([[0, 3, 1], [1, 3, 3]])   # word 3 appears three times, word 1 twice
W = np.random.randn(V, D)
INPUTS = (x, W)
