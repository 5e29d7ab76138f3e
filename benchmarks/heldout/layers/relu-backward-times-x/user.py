import numpy as np


class LinearLayer:

    def __init__(self, input_D, output_D):
        # W, b must not start at zero, or the gradients stay zero
        self._W = np.random.normal(0, 0.1, (input_D, output_D))
        self._b = np.random.normal(0, 0.1, (1, output_D))
        self._grad_W = np.zeros((input_D, output_D))
        self._grad_b = np.zeros((1, output_D))

    def forward(self, X):
        return np.matmul(X, self._W) + self._b

    def backward(self, X, grad):
        self._grad_W = np.matmul(X.T, grad)
        self._grad_b = np.matmul(grad.T, np.ones(X.shape[0]))
        return np.matmul(grad, self._W.T)


class Relu:
    def __init__(self):
        pass

    def forward(self, X):
        return np.where(X < 0, 0, X)

    def backward(self, X, grad):
        assert X.shape == grad.shape
        return np.where(X > 0, X, 0) * grad
