"""ex2_reg at toy size with the issue's test: theta of ones, lambda = 10; y as a column, as the
issue's code needs ((h_theta - y) with h_theta of shape (m, 1))."""
import numpy as np

rng = np.random.RandomState(3)
X = np.hstack([np.ones((8, 1)), rng.randn(8, 3)])
y = np.array([[1], [0], [1], [1], [0], [0], [1], [0]], dtype=float)
test_theta = np.ones(X.shape[1])
ARGS = (X, y, 10.0)
