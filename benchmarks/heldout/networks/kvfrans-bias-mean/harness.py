"""Small data laid out features x batch, as in the notes; params as a tuple."""
import numpy as np

rng = np.random.RandomState(0)
x = rng.randn(3, 5)
y = rng.randn(2, 5)
PARAMS = (0.5 * rng.randn(4, 3), 0.1 * rng.randn(4), 0.5 * rng.randn(2, 4), 0.1 * rng.randn(2))
ARGS = (x, y)
