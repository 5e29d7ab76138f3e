import numpy as np

np.random.seed(231)
N, D = 4, 5
x = 5 * np.random.randn(N, D) + 12
gamma = np.random.randn(D)
beta = np.random.randn(D)
ln_param = {}
INPUTS = (x, gamma, beta, ln_param)
