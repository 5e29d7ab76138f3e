"""Homework conventions, written as learners write them: each checked with no harness.

- ex4 ported from Octave: `nnCostFunction(nn_params, ...)` returns `J, grad` together, theta is
  unrolled column-major (`order='F'`) as Octave's `(:)` does, labels are 1..K.
- CS231n loss functions: `softmax_loss_naive(W, X, y, reg) -> (loss, dW)`.
- CS231n model objects: `TwoLayerNet` with a `params` dict and `loss(X, y) -> (loss, grads)`.

Each comes correct and with one real mistake; `EQUIVALENT` gives the same code as separate
cost/grad functions, so tests can assert that both spellings get the same verdict.  The cases are
registered under `homework/...` (run one with `backprop-doctor demo homework/ex4/correct`).
"""
from __future__ import annotations

import functools

import numpy as np

from .cases import Case, register

# ==================================================================================================
# ex4, ported from Octave: [J grad] = nnCostFunction(nn_params, ...)
# ==================================================================================================


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def sigmoidGradient(z):
    g = sigmoid(z)
    return g * (1 - g)


def nnCostFunction(nn_params, input_layer_size, hidden_layer_size, num_labels, X, y, lambda_,
                   regularize_bias=False):
    Theta1 = np.reshape(nn_params[:hidden_layer_size * (input_layer_size + 1)],
                        (hidden_layer_size, input_layer_size + 1), order="F")
    Theta2 = np.reshape(nn_params[hidden_layer_size * (input_layer_size + 1):],
                        (num_labels, hidden_layer_size + 1), order="F")
    m = X.shape[0]

    a1 = np.concatenate([np.ones((m, 1)), X], axis=1)
    z2 = a1 @ Theta1.T
    a2 = np.concatenate([np.ones((m, 1)), sigmoid(z2)], axis=1)
    a3 = sigmoid(a2 @ Theta2.T)
    y_matrix = np.eye(num_labels)[y.ravel() - 1]

    J = np.sum(-y_matrix * np.log(a3) - (1 - y_matrix) * np.log(1 - a3)) / m
    J += lambda_ / (2 * m) * (np.sum(Theta1[:, 1:] ** 2) + np.sum(Theta2[:, 1:] ** 2))

    delta3 = a3 - y_matrix
    delta2 = (delta3 @ Theta2[:, 1:]) * sigmoidGradient(z2)
    Theta1_grad = delta2.T @ a1 / m
    Theta2_grad = delta3.T @ a2 / m
    if regularize_bias:
        # BUG: the bias column is regularised in the gradient but not in the cost
        Theta1_grad += lambda_ / m * Theta1
        Theta2_grad += lambda_ / m * Theta2
    else:
        Theta1_grad[:, 1:] += lambda_ / m * Theta1[:, 1:]
        Theta2_grad[:, 1:] += lambda_ / m * Theta2[:, 1:]

    grad = np.concatenate([Theta1_grad.ravel(order="F"), Theta2_grad.ravel(order="F")])
    return J, grad


EX4_SIZES = (4, 5, 3)     # input_layer_size, hidden_layer_size, num_labels
EX4_LAYOUT = "Theta1=5x5,Theta2=3x6"


def ex4_point(seed):
    n, h, k = EX4_SIZES
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((7, n))
    y = (np.arange(7) % k + 1).reshape(-1, 1)       # labels 1..K, a column as loadmat gives
    eps = 0.12
    initial_nn_params = rng.uniform(-eps, eps, h * (n + 1) + k * (h + 1))
    return initial_nn_params, (n, h, k, X, y, 1.0)


def _ex4_build(seed, buggy=False):
    params, args = ex4_point(seed)
    fun = nnCostFunction if not buggy else functools.partial(nnCostFunction, regularize_bias=True)
    return {"cost": fun, "grad": None, "params": params, "args": args,
            "blocks": EX4_LAYOUT, "order": "F"}


# ==================================================================================================
# CS231n loss functions: softmax_loss_naive(W, X, y, reg) -> (loss, dW)
# ==================================================================================================


def softmax_loss_naive(W, X, y, reg):
    loss = 0.0
    dW = np.zeros_like(W)
    num_train = X.shape[0]
    num_classes = W.shape[1]
    for i in range(num_train):
        scores = X[i].dot(W)
        scores -= np.max(scores)
        probs = np.exp(scores) / np.sum(np.exp(scores))
        loss += -np.log(probs[y[i]])
        for j in range(num_classes):
            dW[:, j] += (probs[j] - (j == y[i])) * X[i]
    loss = loss / num_train + reg * np.sum(W * W)
    dW = dW / num_train + 2 * reg * W
    return loss, dW


def softmax_loss_vectorized(W, X, y, reg):
    num_train = X.shape[0]
    scores = X.dot(W)
    scores -= scores.max(axis=1, keepdims=True)
    probs = np.exp(scores)
    probs /= probs.sum(axis=1, keepdims=True)
    loss = -np.log(probs[np.arange(num_train), y]).sum() / num_train + reg * np.sum(W * W)
    dscores = probs.copy()
    dscores[np.arange(num_train), y] -= 1
    dW = X.T.dot(dscores) / num_train + reg * W     # BUG: d/dW of reg * sum(W*W) is 2 * reg * W
    return loss, dW


def softmax_point(seed):
    rng = np.random.default_rng(seed)
    W = rng.standard_normal((5, 4)) * 0.1
    X = rng.standard_normal((8, 5))
    y = np.arange(8) % 4
    return W, (X, y, 0.5)


def _softmax_build(seed, fun):
    W, args = softmax_point(seed)
    return {"cost": fun, "grad": None, "params": W, "args": args}


# ==================================================================================================
# CS231n model object: model.params and model.loss(X, y) -> (loss, grads)
# ==================================================================================================


class TwoLayerNet:
    """affine - relu - affine - softmax, as in CS231n's fc_net.py."""

    def __init__(self, input_dim=5, hidden_dim=6, num_classes=3, weight_scale=0.5, reg=0.1,
                 seed=0, forget_relu_mask=False):
        rng = np.random.default_rng(seed)
        self.params = {
            "W1": weight_scale * rng.standard_normal((input_dim, hidden_dim)),
            "b1": 0.1 * rng.standard_normal(hidden_dim),
            "W2": weight_scale * rng.standard_normal((hidden_dim, num_classes)),
            "b2": 0.1 * rng.standard_normal(num_classes),
        }
        self.reg = reg
        self.forget_relu_mask = forget_relu_mask

    def loss(self, X, y=None):
        W1, b1, W2, b2 = self.params["W1"], self.params["b1"], self.params["W2"], self.params["b2"]
        z1 = X.dot(W1) + b1
        h1 = np.maximum(0, z1)
        scores = h1.dot(W2) + b2
        if y is None:
            return scores

        N = X.shape[0]
        shifted = scores - scores.max(axis=1, keepdims=True)
        probs = np.exp(shifted) / np.exp(shifted).sum(axis=1, keepdims=True)
        loss = -np.log(probs[np.arange(N), y]).mean()
        loss += 0.5 * self.reg * (np.sum(W1 * W1) + np.sum(W2 * W2))

        grads = {}
        dscores = probs.copy()
        dscores[np.arange(N), y] -= 1
        dscores /= N
        grads["W2"] = h1.T.dot(dscores) + self.reg * W2
        grads["b2"] = dscores.sum(axis=0)
        dh1 = dscores.dot(W2.T)
        if not self.forget_relu_mask:
            dh1[z1 <= 0] = 0
        # BUG when forget_relu_mask: the ReLU is never backpropagated
        grads["W1"] = X.T.dot(dh1) + self.reg * W1
        grads["b1"] = dh1.sum(axis=0)
        return loss, grads


def model_data(seed):
    rng = np.random.default_rng(seed + 7)
    X = rng.standard_normal((6, 5))
    y = np.arange(6) % 3
    return X, y


def _model_build(seed, buggy=False):
    model = TwoLayerNet(seed=seed, forget_relu_mask=buggy)
    return {"cost": model, "grad": None, "params": None, "args": model_data(seed)}


EX4_BLOCKS = ("Theta1", "Theta2")
MODEL_BLOCKS_WITH_RELU = ("W1", "b1")

register(
    Case("homework/ex4/correct", "ex4 ported from Octave: nnCostFunction returns J, grad (order F)",
         _ex4_build, correct=True, tags=("homework", "combined")),
    Case("homework/ex4/regularised-bias", "ex4 port regularising the bias column in the gradient",
         functools.partial(_ex4_build, buggy=True), failing_blocks=EX4_BLOCKS,
         rules=("regularization-mismatch",), tags=("homework", "combined")),
    Case("homework/softmax-loss/correct", "CS231n softmax_loss_naive(W, X, y, reg) -> (loss, dW)",
         functools.partial(_softmax_build, fun=softmax_loss_naive), correct=True,
         tags=("homework", "combined")),
    Case("homework/softmax-loss/reg-half", "softmax_loss_vectorized with reg * W for 2 * reg * W",
         functools.partial(_softmax_build, fun=softmax_loss_vectorized), failing_blocks=("theta",),
         rules=("regularization-mismatch",), tags=("homework", "combined")),
    Case("homework/two-layer-net/correct", "CS231n TwoLayerNet: model.params, model.loss(X, y)",
         _model_build, correct=True, tags=("homework", "model")),
    Case("homework/two-layer-net/relu-not-backpropagated",
         "CS231n TwoLayerNet whose backward skips the ReLU mask",
         functools.partial(_model_build, buggy=True), failing_blocks=MODEL_BLOCKS_WITH_RELU,
         rules_any=("gradient-mismatch", "hidden-layer-mismatch", "mask-mismatch"),
         tags=("homework", "model")),
)
