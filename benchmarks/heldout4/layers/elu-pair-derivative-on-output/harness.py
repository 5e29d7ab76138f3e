import numpy as np

rng = np.random.RandomState(4)
INPUTS = (rng.randn(3, 5), 1.0)
