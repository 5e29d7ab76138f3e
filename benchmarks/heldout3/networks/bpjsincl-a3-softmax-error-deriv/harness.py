"""The assignment's 256-input, 10-class network shrunk to 6 inputs, 4 hidden units, 3 classes
and 5 data cases (columns), wd_coeff = 0.1, weights drawn at scale 0.5 (the assignment's
a4_rand initialisation is deterministic but not reproduced)."""
import numpy as np

rng = np.random.RandomState(21)
model = {'inputToHid': 0.5 * rng.randn(4, 6), 'hidToClass': 0.5 * rng.randn(3, 4)}
inputs = rng.rand(6, 5)
targets = np.eye(3)[:, [0, 1, 2, 1, 0]]
ARGS = (inputs, targets, 0.1)
