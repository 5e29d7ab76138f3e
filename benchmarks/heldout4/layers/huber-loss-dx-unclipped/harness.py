"""Predictions and targets 1.5 apart on average, so some entries are in the quadratic zone
and some in the linear one."""
import numpy as np

rng = np.random.RandomState(5)
INPUTS = (1.5 * rng.randn(5, 3), rng.randn(5, 3))
