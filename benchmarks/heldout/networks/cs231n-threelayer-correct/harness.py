"""The notebook's check of FullyConnectedNet: N=2, D=15, H1=20, H2=30, C=10, reg=3.14,
made smaller (D=5, H=6,7, C=4) so every entry can be checked quickly."""
import numpy as np

from user import FullyConnectedNet

np.random.seed(231)
N, D, H1, H2, C = 3, 5, 6, 7, 4
X = np.random.randn(N, D)
y = np.random.randint(C, size=(N,))
model = FullyConnectedNet([H1, H2], input_dim=D, num_classes=C, reg=3.14, weight_scale=5e-1)
ARGS = (X, y)
