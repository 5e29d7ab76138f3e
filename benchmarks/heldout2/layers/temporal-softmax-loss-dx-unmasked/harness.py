"""The notebook's temporal_softmax_loss gradient check, smaller: N, T, V = 4, 5, 6 with about
half of the steps masked out."""
import numpy as np

np.random.seed(231)
N, T, V = 4, 5, 6
x = 0.01 * np.random.randn(N, T, V)
y = np.random.randint(V, size=(N, T))
mask = np.random.rand(N, T) > 0.5
INPUTS = (x, y, mask)
