"""ex2_reg at toy size: 8 samples, intercept column plus 3 mapped features, lambda = 1; a
non-zero test theta, as the notebook's test_theta = np.ones(...)."""
import numpy as np

rng = np.random.RandomState(3)
X = np.hstack([np.ones((8, 1)), rng.randn(8, 3)])
y = np.array([1, 0, 1, 1, 0, 0, 1, 0], dtype=float)
test_theta = np.ones(4)
ARGS = (X, y, 1.0)
