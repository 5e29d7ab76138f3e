import numpy as np


def to_onehot(y, num_classes):
    y_onehot = np.zeros((y.shape[0], num_classes))
    y_onehot[np.arange(y.shape[0]), y] = 1
    return y_onehot


def softmax(z):
    z = z - np.max(z, axis=1, keepdims=True)
    return np.exp(z) / np.sum(np.exp(z), axis=1, keepdims=True)


def cross_entropy(softmax, y_target):
    return -np.sum(np.log(softmax) * y_target, axis=1)


class SoftmaxRegression1():
    def __init__(self, num_features, num_classes):
        self.num_features = num_features
        self.num_classes = num_classes
        self.weight = np.zeros((num_classes, num_features))
        self.bias = np.zeros(num_classes)

    def forward(self, x):
        logits = np.dot(x, self.weight.T) + self.bias
        probas = softmax(logits)
        return logits, probas

    def backward(self, x, y, probas):
        grad_loss_wrt_w = -np.dot(x.T, y - probas).T
        grad_loss_wrt_b = -np.sum(y - probas, axis=0)
        return grad_loss_wrt_w, grad_loss_wrt_b

    def cost(self, x, y):
        _, probas = self.forward(x)
        return np.sum(cross_entropy(probas, to_onehot(y, self.num_classes)))
