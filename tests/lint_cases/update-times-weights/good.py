import numpy as np


def train(weights, data, backprop, lr=0.03, lam=1e-3, epochs=100):
    velocity = [np.zeros_like(w) for w in weights]
    for _ in range(epochs):
        for x, y in data:
            dcdw0, dcdw1 = backprop(weights, x, y)
            weights[0] -= lr * dcdw0
            weights[1] = weights[1] - lr * (dcdw1 + lam * weights[1])
            velocity[0] = 0.9 * velocity[0] - lr * dcdw0
    return weights


class Layer:
    def __init__(self, W):
        self.W = W

    def update(self, dW, lr, weight_decay=1e-4):
        self.W -= lr * weight_decay * self.W  # decoupled weight decay
        self.W -= lr * dW

    def sigmoid_backward(self, dout, a):
        return dout * (a - a * a)
