import numpy as np

rng = np.random.RandomState(12)
INPUTS = (2 * rng.randn(7), np.array([0, 1, 1, 0, 1, 0, 0]))
