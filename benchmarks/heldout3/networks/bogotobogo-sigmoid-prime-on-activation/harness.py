"""The page's 2-2-1 XOR network with activation 'sigmoid'. fit() picks a random sample each
epoch; handing it one XOR row and epochs=1 makes it one training step on that sample, with
the tutorial's learning rate 0.2, on the loss 0.5 * (y - output)**2."""
import numpy as np

from user import NeuralNetwork

np.random.seed(0)
nn = NeuralNetwork([2, 2, 1], 'sigmoid')
WEIGHTS = [w.copy() for w in nn.weights]
X = np.array([[0.0, 1.0]])
y = np.array([1.0])
ARGS = (X, y)


def cost(weights, X, y):
    nn.weights = weights
    return float(0.5 * np.sum((y[0] - nn.predict(X[0])) ** 2))


def step(weights, X, y):
    nn.weights = weights
    nn.fit(X, y, learning_rate=0.2, epochs=1)
