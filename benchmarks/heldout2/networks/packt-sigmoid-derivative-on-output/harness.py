"""The book's toy data (4 samples, 3 inputs) and network; one backprop() call is one training
step with learning rate 1 on the loss sum((y - output)**2)."""
import numpy as np

from user import NeuralNetwork

np.random.seed(1)
X = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]], dtype=float)
y = np.array([[0], [1], [1], [0]], dtype=float)
nn = NeuralNetwork(X, y)
WEIGHTS = [nn.weights1.copy(), nn.weights2.copy()]
ARGS = (X, y)


def cost(weights, X, y):
    nn.input, nn.y = X, y
    nn.weights1, nn.weights2 = weights
    nn.feedforward()
    return np.sum((y - nn.output) ** 2)


def step(weights, X, y):
    nn.input, nn.y = X, y
    nn.weights1, nn.weights2 = weights
    nn.feedforward()
    nn.backprop()
