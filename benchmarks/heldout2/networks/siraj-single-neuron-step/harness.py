"""The demo's training set; train(..., 1) is one step with learning rate 1 on the loss
0.5 * sum((outputs - think(inputs))**2)."""
import numpy as np

from user import NeuralNetwork

neural_network = NeuralNetwork()
training_set_inputs = np.array([[0, 0, 1], [1, 1, 1], [1, 0, 1], [0, 1, 1]], dtype=float)
training_set_outputs = np.array([[0, 1, 1, 0]], dtype=float).T
WEIGHTS = neural_network.synaptic_weights.copy()
ARGS = (training_set_inputs, training_set_outputs)


def cost(weights, inputs, outputs):
    neural_network.synaptic_weights = weights
    return 0.5 * np.sum((outputs - neural_network.think(inputs)) ** 2)


def step(weights, inputs, outputs):
    neural_network.synaptic_weights = weights
    neural_network.train(inputs, outputs, 1)
