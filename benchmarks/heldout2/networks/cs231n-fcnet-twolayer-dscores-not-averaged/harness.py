"""The FullyConnectedNets notebook's check of TwoLayerNet, smaller: N = 3, D = 5, H = 50 -> 8,
C = 7 -> 4, std = 1e-2 -> 0.3 with random biases, reg = 0.7 as in the notebook's loop."""
import numpy as np

from user import TwoLayerNet

np.random.seed(231)
N, D, H, C = 3, 5, 8, 4
X = np.random.randn(N, D)
y = np.random.randint(C, size=N)
model = TwoLayerNet(input_dim=D, hidden_dim=H, num_classes=C, weight_scale=0.3, reg=0.7)
model.params['b1'] = 0.1 * np.random.randn(H)
model.params['b2'] = 0.1 * np.random.randn(C)
ARGS = (X, y)
