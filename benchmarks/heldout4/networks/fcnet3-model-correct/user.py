import numpy as np


class ThreeLayerNet(object):
    """affine - relu - affine - relu - affine - softmax, L2 on the weights."""

    def __init__(self, input_dim, hidden_dims, num_classes, weight_scale=1e-2, reg=0.0):
        self.reg = reg
        self.params = {}
        dims = [input_dim] + list(hidden_dims) + [num_classes]
        for i in range(3):
            self.params['W%d' % (i + 1)] = weight_scale * np.random.randn(dims[i], dims[i + 1])
            self.params['b%d' % (i + 1)] = np.zeros(dims[i + 1])

    def loss(self, X, y):
        W1, b1 = self.params['W1'], self.params['b1']
        W2, b2 = self.params['W2'], self.params['b2']
        W3, b3 = self.params['W3'], self.params['b3']
        N = X.shape[0]

        a1 = X.dot(W1) + b1
        h1 = np.maximum(0, a1)
        a2 = h1.dot(W2) + b2
        h2 = np.maximum(0, a2)
        scores = h2.dot(W3) + b3

        shifted = scores - np.max(scores, axis=1, keepdims=True)
        probs = np.exp(shifted)
        probs /= np.sum(probs, axis=1, keepdims=True)
        loss = -np.sum(np.log(probs[np.arange(N), y])) / N
        loss += 0.5 * self.reg * (np.sum(W1 * W1) + np.sum(W2 * W2) + np.sum(W3 * W3))

        grads = {}
        dscores = probs.copy()
        dscores[np.arange(N), y] -= 1
        dscores /= N

        grads['W3'] = h2.T.dot(dscores)
        grads['b3'] = np.sum(dscores, axis=0)
        dh2 = dscores.dot(W3.T)
        da2 = dh2 * (a2 > 0)
        grads['W2'] = h1.T.dot(da2)
        grads['b2'] = np.sum(da2, axis=0)
        dh1 = da2.dot(W2.T)
        da1 = dh1 * (a1 > 0)
        grads['W1'] = X.T.dot(da1)
        grads['b1'] = np.sum(da1, axis=0)

        for k in ['W1', 'W2', 'W3']:
            grads[k] += self.reg * self.params[k]

        return loss, grads
