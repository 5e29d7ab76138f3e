import numpy as np

rng = np.random.RandomState(6)
INPUTS = (rng.randn(2, 3, 3, 4),)
