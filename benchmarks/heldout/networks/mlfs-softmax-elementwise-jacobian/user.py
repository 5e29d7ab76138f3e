import numpy as np


class Sigmoid():
    def function(self, x):
        return 1 / (1 + np.exp(-x))

    def gradient(self, x):
        return self.function(x) * (1 - self.function(x))


class Softmax():
    def function(self, x):
        e_x = np.exp(x - np.max(x, axis=-1, keepdims=True))
        return e_x / np.sum(e_x, axis=-1, keepdims=True)

    def gradient(self, x):
        p = self.function(x)
        return p * (1 - p)


class CrossEntropy():
    def loss(self, y, p):
        p = np.clip(p, 1e-15, 1 - 1e-15)
        return - y * np.log(p) - (1 - y) * np.log(1 - p)

    def gradient(self, y, p):
        p = np.clip(p, 1e-15, 1 - 1e-15)
        return - (y / p) + (1 - y) / (1 - p)


class Dense():
    def __init__(self, W, w0):
        self.W = W
        self.w0 = w0

    def forward_pass(self, X):
        self.layer_input = X
        return X.dot(self.W) + self.w0

    def backward_pass(self, accum_grad):
        self.grad_w = self.layer_input.T.dot(accum_grad)
        self.grad_w0 = np.sum(accum_grad, axis=0, keepdims=True)
        return accum_grad.dot(self.W.T)


class Activation():
    def __init__(self, activation_function):
        self.activation_func = activation_function

    def forward_pass(self, X):
        self.layer_input = X
        return self.activation_func.function(X)

    def backward_pass(self, accum_grad):
        return accum_grad * self.activation_func.gradient(self.layer_input)


class NeuralNetwork():
    def __init__(self, layers, loss):
        self.layers = layers
        self.loss_function = loss

    def _forward_pass(self, X):
        layer_output = X
        for layer in self.layers:
            layer_output = layer.forward_pass(layer_output)
        return layer_output

    def _backward_pass(self, loss_grad):
        for layer in reversed(self.layers):
            loss_grad = layer.backward_pass(loss_grad)

    def total_loss(self, X, y):
        y_pred = self._forward_pass(X)
        return np.sum(self.loss_function.loss(y, y_pred))

    def gradients(self, X, y):
        y_pred = self._forward_pass(X)
        loss_grad = self.loss_function.gradient(y, y_pred)
        self._backward_pass(loss_grad)
        return [g for layer in self.layers if isinstance(layer, Dense)
                for g in (layer.grad_w, layer.grad_w0)]
