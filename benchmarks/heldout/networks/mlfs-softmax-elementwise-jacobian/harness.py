"""Dense(3->4) - Sigmoid - Dense(4->3) - Softmax with the library's CrossEntropy; the learner's
wrappers hand the network a list [W1, w01, W2, w02]."""
import numpy as np

from user import Activation, CrossEntropy, Dense, NeuralNetwork, Sigmoid, Softmax

rng = np.random.RandomState(0)
X = rng.randn(5, 3)
y = np.eye(3)[[0, 2, 1, 1, 0]]
PARAMS = [rng.randn(3, 4) * 0.8, np.zeros((1, 4)) + 0.1, rng.randn(4, 3) * 0.8, np.zeros((1, 3)) - 0.1]
ARGS = (X, y)


def build(params):
    return NeuralNetwork([Dense(params[0], params[1]), Activation(Sigmoid()),
                          Dense(params[2], params[3]), Activation(Softmax())], CrossEntropy())


def cost(params, X, y):
    return build(params).total_loss(X, y)


def grad(params, X, y):
    return build(params).gradients(X, y)
