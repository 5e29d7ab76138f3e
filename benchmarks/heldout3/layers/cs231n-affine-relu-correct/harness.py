"""The notebook's affine_relu check: x (2, 3, 4), w (12, 10), b (10,)."""
import numpy as np

np.random.seed(231)
x = np.random.randn(2, 3, 4)
w = np.random.randn(12, 10)
b = np.random.randn(10)
INPUTS = (x, w, b)
