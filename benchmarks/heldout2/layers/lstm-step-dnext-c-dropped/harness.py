"""The LSTM_Captioning notebook's lstm_step_backward check: N, D, H = 4, 5, 6."""
import numpy as np

np.random.seed(231)
N, D, H = 4, 5, 6
x = np.random.randn(N, D)
prev_h = np.random.randn(N, H)
prev_c = np.random.randn(N, H)
Wx = np.random.randn(D, 4 * H)
Wh = np.random.randn(H, 4 * H)
b = np.random.randn(4 * H)
INPUTS = (x, prev_h, prev_c, Wx, Wh, b)
