"""The notebook's toy model and toy data (input 4, hidden 10, 3 classes, 5 inputs), with
reg = 0.05 as in its gradient check."""
import numpy as np

from user import TwoLayerNet

input_size = 4
hidden_size = 10
num_classes = 3
num_inputs = 5


def init_toy_model():
    np.random.seed(0)
    return TwoLayerNet(input_size, hidden_size, num_classes, std=1e-1)


def init_toy_data():
    np.random.seed(1)
    X = 10 * np.random.randn(num_inputs, input_size)
    y = np.array([0, 1, 2, 2, 1])
    return X, y


net = init_toy_model()
X, y = init_toy_data()
ARGS = (X, y, 0.05)
