"""One LSTM step: 3 examples, 4 inputs, 5 hidden units, random weights and biases, random
previous state."""
import numpy as np

rng = np.random.RandomState(0)
n_ex, n_in, n_out = 3, 4, 5
Xt = rng.randn(n_ex, n_in)
A_prev = rng.randn(n_ex, n_out)
C_prev = rng.randn(n_ex, n_out)
Wf, Wu, Wc, Wo = [0.4 * rng.randn(n_out + n_in, n_out) for _ in range(4)]
bf, bu, bc, bo = [0.3 * rng.randn(1, n_out) for _ in range(4)]
INPUTS = (Xt, A_prev, C_prev, Wf, Wu, Wc, Wo, bf, bu, bc, bo)
