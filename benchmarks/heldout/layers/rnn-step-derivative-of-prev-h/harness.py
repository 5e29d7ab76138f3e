import numpy as np

np.random.seed(231)
N, D, H = 3, 4, 5
x = np.random.randn(N, D)
prev_h = np.random.randn(N, H)
Wx = np.random.randn(D, H) * 0.5
Wh = np.random.randn(H, H) * 0.5
b = np.random.randn(H)
INPUTS = (x, prev_h, Wx, Wh, b)
