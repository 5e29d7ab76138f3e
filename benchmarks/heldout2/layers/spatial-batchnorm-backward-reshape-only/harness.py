"""The ConvolutionalNetworks notebook's spatial batchnorm check: N, C, H, W = 2, 3, 4, 5,
train mode."""
import numpy as np

np.random.seed(231)
N, C, H, W = 2, 3, 4, 5
x = 5 * np.random.randn(N, C, H, W) + 12
gamma = np.random.randn(C)
beta = np.random.randn(C)
bn_param = {'mode': 'train'}
INPUTS = (x, gamma, beta, bn_param)
