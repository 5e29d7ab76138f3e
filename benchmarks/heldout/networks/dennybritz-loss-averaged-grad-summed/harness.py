"""make_moons-like toy data (6 points), a 3-unit hidden layer, the tutorial's initialisation."""
import numpy as np

np.random.seed(0)
X = np.random.randn(6, 2)
y = np.array([0, 1, 1, 0, 1, 0])
nn_hdim = 3
model = {'W1': np.random.randn(2, nn_hdim) / np.sqrt(2), 'b1': 0.1 * np.random.randn(1, nn_hdim),
         'W2': np.random.randn(nn_hdim, 2) / np.sqrt(nn_hdim), 'b2': 0.1 * np.random.randn(1, 2)}
ARGS = (X, y)
