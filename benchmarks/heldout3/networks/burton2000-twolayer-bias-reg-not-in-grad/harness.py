"""The notebook's toy problem (5 samples, 4 inputs, 10 hidden, 3 classes, std=1e-1, the toy
data drawn the notebook's way) with reg = 0.05; the biases are set to small non-zero values
(the constructor starts them at 0, where a missing 2*reg*b term cannot show)."""
import numpy as np

from user import TwoLayerNet

input_size, hidden_size, num_classes, num_inputs = 4, 10, 3, 5

np.random.seed(0)
model = TwoLayerNet(input_size, hidden_size, num_classes, std=1e-1)
model.params['b1'] = 0.5 * np.random.randn(hidden_size)
model.params['b2'] = 0.5 * np.random.randn(num_classes)
np.random.seed(1)
X = 10 * np.random.randn(num_inputs, input_size)
y = np.array([0, 1, 2, 2, 1])
ARGS = (X, y, 0.05)
