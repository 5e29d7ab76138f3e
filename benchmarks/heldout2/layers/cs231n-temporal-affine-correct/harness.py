"""The RNN_Captioning notebook's temporal affine check: N, T, D, M = 2, 3, 4, 5."""
import numpy as np

np.random.seed(231)
N, T, D, M = 2, 3, 4, 5
x = np.random.randn(N, T, D)
w = np.random.randn(D, M)
b = np.random.randn(M)
INPUTS = (x, w, b)
