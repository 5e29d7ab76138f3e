"""A tiny stand-in for the notebook's dev set (W = np.random.randn(3073, 10) * 0.0001), with a
regularization strength large enough to matter."""
import numpy as np

rng = np.random.RandomState(0)
X_dev = rng.randn(6, 5)
y_dev = np.array([0, 2, 1, 2, 0, 1])
W = rng.randn(5, 3) * 0.1
ARGS = (X_dev, y_dev, 5.0)
