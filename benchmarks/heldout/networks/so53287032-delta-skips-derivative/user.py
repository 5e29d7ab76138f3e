import numpy as np


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def sigmoid_prime(z):
    return z * (1-z)  # because σ'(x) = σ(x) (1 - σ(x))


class NeuralNetwork:
    def __init__(self, sizes, learning_rate=0.1):
        self.learning_rate = learning_rate
        self.weights = [np.random.randn(n_out, n_in) / np.sqrt(n_in)
                        for n_in, n_out in zip(sizes[:-1], sizes[1:])]

    def cost(self, input_vector, target_vector):
        a = np.array(input_vector, ndmin=2).T
        y = np.array(target_vector, ndmin=2).T
        for k in range(3):
            a = sigmoid(np.dot(self.weights[k], a))  # zero bias here just for simplicity
        return 0.5 * np.sum((a - y) ** 2)

    def gradients(self, input_vector, target_vector):
        a = np.array(input_vector, ndmin=2).T
        y = np.array(target_vector, ndmin=2).T
        # forward
        A = [a]
        for k in range(3):
            a = sigmoid(np.dot(self.weights[k], a))  # zero bias here just for simplicity
            A.append(a)
        # Now A has 4 elements: the input vector + the 3 outputs vectors
        # back-propagation
        grads = [None, None, None]
        delta = a - y
        for k in [2, 1, 0]:
            tmp = delta * sigmoid_prime(A[k+1])
            delta = np.dot(self.weights[k].T, delta)  # (2)
            grads[k] = np.dot(tmp, A[k].T)
        return grads

    def train(self, input_vector, target_vector):
        grads = self.gradients(input_vector, target_vector)
        for k in range(3):
            self.weights[k] -= self.learning_rate * grads[k]
