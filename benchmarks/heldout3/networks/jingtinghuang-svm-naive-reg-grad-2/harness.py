"""A CIFAR-sized check shrunk: 8 samples of 5 features (the last a bias feature of 1), 4
classes, W = 0.01 * randn as in the notebook, with reg = 0.5 so the term is visible next to
the data term."""
import numpy as np

np.random.seed(2)
X = np.hstack([np.random.randn(8, 4), np.ones((8, 1))])
y = np.array([0, 1, 2, 3, 0, 1, 2, 3])
W = np.random.randn(5, 4) * 0.01
ARGS = (X, y, 0.5)
