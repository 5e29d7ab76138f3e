"""The notebook's conv_backward test, smaller: A_prev (2, 5, 5, 3), W (3, 3, 3, 4),
b (1, 1, 1, 4), stride 2, pad 1 (the notebook uses pad 2, stride 2)."""
import numpy as np

np.random.seed(1)
A_prev = np.random.randn(2, 5, 5, 3)
W = np.random.randn(3, 3, 3, 4)
b = np.random.randn(1, 1, 1, 4)
hparameters = {"pad": 1, "stride": 2}
INPUTS = (A_prev, W, b, hparameters)
