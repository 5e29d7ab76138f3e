import numpy as np


class Sigmoid:
    def forward(self, x):
        self.x = x
        return 1 / (1 + np.exp(-x))

    def backward(self, grad):
        sigmoid_output = self.forward(self.x)
        grad_input = sigmoid_output * (1 - sigmoid_output) * grad
        return grad_input
