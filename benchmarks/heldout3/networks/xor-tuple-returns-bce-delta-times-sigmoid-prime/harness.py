"""The four XOR points, 3 hidden units, small random weights and biases."""
import numpy as np

rng = np.random.RandomState(4)
params = [rng.randn(2, 3), 0.1 * rng.randn(3), rng.randn(3, 1), 0.1 * rng.randn(1)]
X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
y = np.array([[0.0], [1.0], [1.0], [0.0]])
ARGS = (X, y)
