import numpy as np


class Sigmoid:
    def forward(self, x):
        self.x = x
        return 1 / (1 + np.exp(-x))

    def backward(self, grad):
        grad_input = self.x * (1 - self.x) * grad
        return grad_input
