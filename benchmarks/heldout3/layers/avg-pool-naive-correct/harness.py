import numpy as np

rng = np.random.RandomState(3)
x = rng.randn(2, 3, 4, 4)
pool_param = {'pool_height': 2, 'pool_width': 2, 'stride': 2}
INPUTS = (x, pool_param)
