"""A 3-6-1 regressor on 8 noisy samples of a smooth target."""
import numpy as np

rng = np.random.RandomState(11)
params = {"W1": rng.randn(3, 6), "b1": 0.1 * rng.randn(6),
          "W2": rng.randn(6, 1), "b2": 0.1 * rng.randn(1)}
X = rng.randn(8, 3)
y = np.sin(X[:, 0]) + 0.5 * X[:, 1] - X[:, 2] ** 2 + 0.1 * rng.randn(8)
ARGS = (X, y)
