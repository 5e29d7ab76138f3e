import numpy as np


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def mse_loss(params, features, labels):
    weights, bias = params
    predictions = sigmoid(np.dot(features, weights) + bias)
    return np.mean((predictions - labels) ** 2)


def neuron_gradients(params, features, labels):
    weights, bias = params
    predictions = sigmoid(np.dot(features, weights) + bias)
    errors = predictions - labels
    n = len(labels)
    weight_gradients = (1 / n) * np.dot(features.T, errors * predictions * (1 - predictions))
    bias_gradient = (1 / n) * np.sum(errors * predictions * (1 - predictions))
    return (weight_gradients, bias_gradient)
