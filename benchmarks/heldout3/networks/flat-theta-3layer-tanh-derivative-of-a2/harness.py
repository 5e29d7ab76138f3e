"""3 inputs, two tanh hidden layers of 4, 2 sigmoid outputs (multi-label), 6 samples,
lam = 1; theta is one flat vector holding Theta1 (4x4), Theta2 (4x5), Theta3 (2x5)."""
import numpy as np

sizes = (3, 4, 4, 2)
rng = np.random.RandomState(7)
theta = 0.6 * rng.randn(4 * 4 + 4 * 5 + 2 * 5)
X = rng.randn(6, 3)
Y = (rng.rand(6, 2) > 0.5).astype(float)
ARGS = (X, Y, 1.0, sizes)
