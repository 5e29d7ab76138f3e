import numpy as np

# the issue's own test: 3x3 windows with stride 1, so windows overlap (smaller here)
np.random.seed(231)
x = np.random.randn(2, 2, 5, 5)
pool_param = {'pool_height': 3, 'pool_width': 3, 'stride': 1}
INPUTS = (x, pool_param)
