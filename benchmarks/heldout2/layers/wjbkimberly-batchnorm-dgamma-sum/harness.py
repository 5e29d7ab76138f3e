"""The BatchNormalization notebook's gradient check: N = 4, D = 5, gamma and beta random,
train mode."""
import numpy as np

np.random.seed(231)
N, D = 4, 5
x = 5 * np.random.randn(N, D) + 12
gamma = np.random.randn(D)
beta = np.random.randn(D)
bn_param = {'mode': 'train'}
INPUTS = (x, gamma, beta, bn_param)
