import numpy as np

np.random.seed(231)
x = np.random.randn(6, 5) + 10
dropout_param = {'mode': 'train', 'p': 0.6, 'seed': 123}
INPUTS = (x, dropout_param)
