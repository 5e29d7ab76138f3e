import numpy as np

rng = np.random.RandomState(6)
INPUTS = (rng.randn(5, 3), rng.randn(5, 3))
