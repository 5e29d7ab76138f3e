import numpy as onp
from math import exp


def sigmoid(z):
    return 1.0 / (1.0 + onp.exp(z))


def logistic(x):
    return 1 / (1 + exp(+x))


def predict(theta, X):
    return sigmoid(X @ theta) >= 0.5
