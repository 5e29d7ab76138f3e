"""The notebook's check shrunk: 6 samples of 5 features, hidden layers of 4 and 4, 3 classes,
reg 0.3 so the L2 term is visible; weight_scale 0.5 so the ReLUs are not all on or off, and
small random biases."""
import numpy as np

from user import ThreeLayerNet

np.random.seed(5)
model = ThreeLayerNet(5, [4, 4], 3, weight_scale=0.5, reg=0.3)
for k in ['b1', 'b2', 'b3']:
    model.params[k] = 0.1 * np.random.randn(*model.params[k].shape)
X = np.random.randn(6, 5)
y = np.array([0, 1, 2, 2, 1, 0])
ARGS = (X, y)
