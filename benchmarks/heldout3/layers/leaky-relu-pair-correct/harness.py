import numpy as np

rng = np.random.RandomState(13)
INPUTS = (rng.randn(4, 5), 0.01)
