"""The learner's check: a small 4-5-4-3 network, one training pair, the weights as a list."""
import numpy as np

from user import NeuralNetwork

np.random.seed(0)
net = NeuralNetwork([4, 5, 4, 3])
WEIGHTS = [w.copy() for w in net.weights]
ARGS = (np.array([0.2, -0.4, 0.7, 0.1]), np.array([0.0, 1.0, 0.0]))


def cost(weights, input_vector, target_vector):
    net.weights = weights
    return net.cost(input_vector, target_vector)


def grad(weights, input_vector, target_vector):
    net.weights = weights
    return net.gradients(input_vector, target_vector)
