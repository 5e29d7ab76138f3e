import numpy as np


class ReLU:
    """Rectifier activation of a hidden layer (numpy port of smile's ActivationFunction)."""

    def name(self):
        return "ReLU"

    def f(self, x):
        # in place: x holds the layer's output afterwards
        np.maximum(x, 0.0, out=x)

    def g(self, g, y):
        # g: gradient with respect to the output, overwritten with the gradient with
        # respect to the input; y: the layer's output
        for i in range(g.size):
            g.flat[i] *= 1.0 if y.flat[i] > 0 else 0.0
