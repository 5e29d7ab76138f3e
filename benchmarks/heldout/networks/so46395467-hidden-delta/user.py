import numpy as np


# Sigmoid Function/Derivative of Sigmoid Function
def sigmoid(x, deriv=False):
    if(deriv==True):
        return x * (1 - x)
    return 1/(1 + np.exp(-x))


def loss(weights, X, Y):
    w_0, w_1 = weights
    inputs = X.T
    label = Y.T
    hidden = sigmoid(np.dot(w_0, inputs))
    output = sigmoid(np.dot(w_1, hidden))
    return 0.5 * np.sum((output - label) ** 2)


def gradients(weights, X, Y):
    w_0, w_1 = weights
    inputs = X.T
    label = Y.T

    # Forward Pass
    hidden = sigmoid(np.dot(w_0, inputs))
    output = sigmoid(np.dot(w_1, hidden))

    # Calculate error and delta
    error = output - label
    delta = error * sigmoid(output, True)

    hidden_error = np.dot(w_1.T, error)
    delta_hidden = error * sigmoid(hidden, True)

    d_w_1 = np.dot(delta, hidden.T)
    d_w_0 = np.dot(delta_hidden, inputs.T)
    return [d_w_0, d_w_1]
