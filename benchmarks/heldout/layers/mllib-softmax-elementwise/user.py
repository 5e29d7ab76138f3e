import numpy as np


class Softmax:
    """Softmax activation with forward/backward as in an autograd Function."""

    @staticmethod
    def forward(input):
        intermediate = np.exp(input - np.max(input))
        output = intermediate / np.sum(intermediate, axis=-1, keepdims=True)
        # axis=-1 because we don't want to compute across batch dimension
        return output

    @staticmethod
    def backward(output, grad_output):
        o = output
        grad_o = o * (1 - o) * grad_output
        return grad_o
