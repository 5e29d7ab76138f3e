"""A 4-5-3 version of the repo's 784-300-10 network (bias column last, so the hidden layer's
bias column is index 5 here as it is 300 there); one training pair; the step updates the
layers in place, as the repo's backpropagate does."""
import numpy as np

from user import Network

np.random.seed(0)
net = Network([4, 5, 3])
LAYERS = [w.copy() for w in net.layers]
ARGS = (np.array([0.3, -0.2, 0.8, 0.5]), np.array([0.0, 1.0, 0.0]))


def cost(layers, input_vector, target):
    net.layers = layers
    _, outputs = net.feed_forward(input_vector)
    return 0.5 * np.sum((outputs - target) ** 2)


def step(layers, input_vector, target):
    net.layers = layers
    net.backpropagate(input_vector, target)
