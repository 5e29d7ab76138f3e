import numpy as np


class TwoLayerNet(object):
    """input - fully connected layer - ReLU - fully connected layer - softmax"""

    def __init__(self, input_size, hidden_size, output_size, std=1e-4):
        self.params = {}
        self.params['W1'] = std * np.random.randn(input_size, hidden_size)
        self.params['b1'] = np.zeros(hidden_size)
        self.params['W2'] = std * np.random.randn(hidden_size, output_size)
        self.params['b2'] = np.zeros(output_size)

    def loss(self, X, y=None, reg=0.0):
        W1, b1 = self.params['W1'], self.params['b1']
        W2, b2 = self.params['W2'], self.params['b2']
        N, D = X.shape

        # Forward pass
        fc1 = X.dot(W1) + b1
        relu1 = np.maximum(0, fc1)
        scores = relu1.dot(W2) + b2

        if y is None:
            return scores

        # softmax loss, shifted for stability
        shift_scores = scores - np.max(scores, axis=1, keepdims=True)
        exp_scores = np.exp(shift_scores)
        softmax = exp_scores / np.sum(exp_scores, axis=1, keepdims=True)
        loss = np.sum(-np.log(softmax[np.arange(N), y])) / N
        # biases are not regularized
        loss += reg * (np.sum(W1 * W1) + np.sum(W2 * W2))

        # Backward pass
        grads = {}
        dscores = softmax.copy()
        dscores[np.arange(N), y] -= 1
        dscores /= N

        grads['W2'] = relu1.T.dot(dscores) + 2 * reg * W2
        # Backprop to b2
        db2 = dscores * 1
        grads['b2'] = np.sum(db2, axis=0)

        # Backprop through the ReLU
        dRelu1 = dscores.dot(W2.T)
        dRelu1[fc1 <= 0] = 0

        grads['W1'] = X.T.dot(dRelu1) + 2 * reg * W1
        # Backprop dRelu1 to calculate db1.
        db1 = dRelu1 * 1
        grads['b1'] = np.sum(db1, axis=0)

        return loss, grads
