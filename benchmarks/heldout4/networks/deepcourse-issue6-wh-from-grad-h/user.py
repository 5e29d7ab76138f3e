import numpy as np


def softmax(x):
    e = np.exp(x - x.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def cross_entropy(probs, targets):
    return -np.sum(targets * np.log(probs), axis=1)


def grad_tanh(h):
    return 1 - h ** 2


class MLP:
    def __init__(self, input_size, hidden_size, nb_classes, learning_rate=0.5):
        self.w_hidden = np.random.randn(input_size, hidden_size)
        self.b_hidden = np.zeros(hidden_size)

        self.w_output = np.random.randn(hidden_size, nb_classes)
        self.b_output = np.zeros(nb_classes)

        self.learning_rate = learning_rate

    def forward(self, x):
        h_tilde = x @ self.w_hidden + self.b_hidden
        h = np.tanh(h_tilde)
        logits = h @ self.w_output + self.b_output
        probs = softmax(logits)

        return h_tilde, h, logits, probs

    def fit(self, inputs, targets, train=True):
        outputs = self.forward(inputs)
        probs = softmax(outputs[-1])
        if train:
            self.backward(inputs, targets, *outputs)

        loss = cross_entropy(probs, np.eye(10)[targets]).mean()
        return loss

    def backward(self, inputs, targets, h_tilde, h, logits, probs):
        batch_size = len(inputs)

        grad_logits = probs - np.eye(10)[targets]
        grad_wo = h.T @ grad_logits / batch_size
        grad_bo = np.sum(grad_logits, axis=0) / batch_size

        grad_h = grad_logits @ self.w_output.T
        grad_htilde = grad_h * grad_tanh(h)
        grad_wh = inputs.T @ grad_h / batch_size
        grad_bh = np.sum(grad_h, axis=0) / batch_size

        self.w_output = self.w_output - self.learning_rate * grad_wo
        self.b_output = self.b_output - self.learning_rate * grad_bo
        self.w_hidden = self.w_hidden - self.learning_rate * grad_wh
        self.b_hidden = self.b_hidden - self.learning_rate * grad_bh
