import numpy as np


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


class Network:
    def __init__(self, sizes):
        self.iteration = 0
        self.layers = [np.random.normal(0, 1. / np.sqrt(n_in), (n_out, n_in + 1))
                       for n_in, n_out in zip(sizes[:-1], sizes[1:])]

    def feed_forward(self, input_vector):
        """Bias input appended last: weights are (n_out, n_in + 1)."""
        hidden_outputs = sigmoid(np.dot(self.layers[0], np.append(input_vector, 1)))
        outputs = sigmoid(np.dot(self.layers[-1], np.append(hidden_outputs, 1)))
        return hidden_outputs, outputs

    def backpropagate(self, input_vector, target):
        """Reduce error for one input vector:
        Calculating the partial derivatives for each coeff then subtracts"""
        c = 1. / (self.iteration + 10)  # Learning coefficient
        hidden_outputs, outputs = self.feed_forward(input_vector)

        # Calculation of partial derivatives for the output layer and subtraction
        output_deltas = outputs * (1 - outputs) * (outputs - target)
        self.layers[-1] -= c * np.outer(output_deltas, np.append(hidden_outputs, 1))

        # Calculation of partial derivatives for the hidden layer and subtraction
        hidden_deltas = hidden_outputs * (1 - hidden_outputs) * \
            np.dot(np.delete(self.layers[-1], 3, 1).T, output_deltas)
        self.layers[0] -= c * np.outer(hidden_deltas, np.append(input_vector, 1))
