"""The post's 3-layer example: 4 samples, 3 inputs, 4 hidden units, weights in [-1, 1)."""
import numpy as np

X = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]], dtype=float)
y = np.array([[0], [1], [1], [0]], dtype=float)
np.random.seed(1)
syn0 = 2*np.random.random((3, 4)) - 1
syn1 = 2*np.random.random((4, 1)) - 1
weights = [syn0, syn1]
args = (X, y)
