import numpy as np


def cross_entropy(y, p):
    p = np.clip(p, 1e-12, 1 - 1e-12)
    return -np.sum(y * np.log(p)) / p.shape[0]


def mse_loss(pred, target):
    return np.mean((pred - target) ** 2)


class Model:
    def ff(self, x):
        return x

    def check(self, x, y):
        return cross_entropy(y, self.ff(x)) + mse_loss(self.ff(x), y)


def evaluate(model, X, Y):
    probs = model.ff(X)
    return cross_entropy(Y, probs) + cross_entropy(y=Y, p=probs)
