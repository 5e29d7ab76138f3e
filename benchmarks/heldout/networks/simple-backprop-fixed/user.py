import numpy as np


def sigmoid(x):
    return 1.0/(1.0 + np.exp(-x))


def sigmoid_prime(x):
    return x*(1.0-x)


class NeuralNetwork(object):

    def __init__(self, wi, wo):
        self.activation = sigmoid
        self.activation_prime = sigmoid_prime
        self.output_act = sigmoid
        self.output_act_prime = sigmoid_prime
        self.wi = wi  # (n_in + 1, n_hidden): X carries a bias column of ones
        self.wo = wo  # (n_hidden + 1, n_out)

    def loss(self, X, y):
        total = 0.0
        for i in range(X.shape[0]):
            ah = self.activation(np.dot(X[i], self.wi))
            ah = np.concatenate((np.ones(1).T, np.array(ah)))
            ao = self.output_act(np.dot(ah, self.wo))
            total += 0.5 * np.sum((y[i] - ao) ** 2)
        return total

    def gradients(self, X, y):
        """The deltas of fit(), summed over the samples, as the gradient of loss()."""
        grad_i = np.zeros_like(self.wi)
        grad_o = np.zeros_like(self.wo)
        for i in range(X.shape[0]):

            # Hidden layer activation
            ah = self.activation(np.dot(X[i], self.wi))

            # Adding bias to the hidden layer
            ah = np.concatenate((np.ones(1).T, np.array(ah)))

            # Output activation
            ao = self.output_act(np.dot(ah, self.wo))

            # Deltas
            deltao = np.multiply(self.output_act_prime(ao), y[i] - ao)
            deltai = np.multiply(self.activation_prime(ah), np.dot(self.wo, deltao))

            # fit() adds learning_rate * these outer products to the weights
            grad_o -= np.outer(ah, deltao)
            grad_i -= np.outer(X[i], deltai[1:])
        return grad_i, grad_o
