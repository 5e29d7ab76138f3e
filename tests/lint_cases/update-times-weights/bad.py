import numpy as np


def train(weights, data, backprop, lr=0.03, epochs=100):
    for _ in range(epochs):
        for x, y in data:
            dcdw0, dcdw1 = backprop(weights, x, y)
            weights[0] -= .03 * weights[0] * dcdw0
            weights[1] = weights[1] - lr * weights[1] * dcdw1
    return weights


class Layer:
    def __init__(self, W):
        self.W = W

    def update(self, dW, lr):
        self.W -= lr * self.W * dW
