import math

import numpy as np
from numpy import exp


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def logistic(x):
    return 1 / (1 + math.exp(-1 * x))


def sigmoid_stable(z):
    # exp(z) / (1 + exp(z)) for negative z: the same function, no overflow
    return np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z)))


def sigmoid_via_complement(z):
    return 1 - 1 / (1 + exp(z))


def logistic_loss_grad(w, x, y):
    # d/dw log(1 + exp(-y w.x)) = -y x / (1 + exp(y w.x)), labels y in {-1, +1}
    return -y * x * (1 / (1 + np.exp(y * w.dot(x))))


def sigmoid_from_negative(z):
    neg = -z
    return 1 / (1 + np.exp(neg))
