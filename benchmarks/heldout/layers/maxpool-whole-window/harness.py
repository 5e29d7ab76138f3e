import numpy as np

np.random.seed(231)
x = np.random.randn(2, 2, 4, 4)
pool_param = {'pool_height': 2, 'pool_width': 2, 'stride': 2}
INPUTS = (x, pool_param)
