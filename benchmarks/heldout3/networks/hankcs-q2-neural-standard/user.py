import numpy as np


def softmax(x):
    """Row-wise softmax of a 2-D array."""
    x = x - np.max(x, axis=1, keepdims=True)
    e = np.exp(x)
    return e / np.sum(e, axis=1, keepdims=True)


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def sigmoid_grad(s):
    """Derivative of the sigmoid, given its output s = sigmoid(x)."""
    return s * (1.0 - s)


def forward_backward_prop(data, labels, params, dimensions):
    """Forward and backward propagation for a two-layer sigmoidal network with a softmax
    output and cross-entropy cost. data: M x Dx, labels: M x Dy one-hot, params: flat."""
    # Unpack network parameters (do not modify)
    ofs = 0
    Dx, H, Dy = (dimensions[0], dimensions[1], dimensions[2])

    W1 = np.reshape(params[ofs:ofs + Dx * H], (Dx, H))
    ofs += Dx * H
    b1 = np.reshape(params[ofs:ofs + H], (1, H))
    ofs += H
    W2 = np.reshape(params[ofs:ofs + H * Dy], (H, Dy))
    ofs += H * Dy
    b2 = np.reshape(params[ofs:ofs + Dy], (1, Dy))

    # forward propagation
    h = sigmoid(np.dot(data, W1) + b1)      # M x H
    yhat = softmax(np.dot(h, W2) + b2)      # M x Dy

    # backward propagation
    cost = np.sum(-np.log(yhat[labels == 1])) / data.shape[0]

    d3 = (yhat - labels) / data.shape[0]
    gradW2 = np.dot(h.T, d3)
    gradb2 = np.sum(d3, 0, keepdims=True)

    dh = np.dot(d3, W2.T)
    grad_h = sigmoid_grad(h) * dh

    gradW1 = np.dot(data.T, grad_h)
    gradb1 = np.sum(grad_h, 0)

    # Stack gradients (do not modify)
    grad = np.concatenate((gradW1.flatten(), gradb1.flatten(),
                           gradW2.flatten(), gradb2.flatten()))
    return cost, grad
