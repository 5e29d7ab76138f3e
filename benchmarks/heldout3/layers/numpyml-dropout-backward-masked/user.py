import numpy as np


class FullyConnected:
    """The wrapped layer: an affine map with identity activation."""

    def __init__(self, W, b):
        self.W = W
        self.b = b
        self.X = None
        self.gradients = {"W": np.zeros_like(W), "b": np.zeros_like(b)}

    def forward(self, X):
        self.X = X
        return X @ self.W + self.b

    def backward(self, dLdy):
        self.gradients["W"] += self.X.T @ dLdy
        self.gradients["b"] += dLdy.sum(axis=0)
        return dLdy @ self.W.T


class Dropout:
    def __init__(self, wrapped_layer, p):
        """Zero each element of the wrapped layer's input with probability p during training
        and scale its output by 1 / (1 - p)."""
        self._base_layer = wrapped_layer
        self.p = p
        self.trainable = True
        self._wrapper_derived_variables = {"dropout_mask": None}

    def forward(self, X):
        scaler, mask = 1.0, np.ones(X.shape).astype(bool)
        if self.trainable:
            scaler = 1.0 / (1.0 - self.p)
            mask = np.random.rand(*X.shape) >= self.p
            X = mask * X
        self._wrapper_derived_variables["dropout_mask"] = mask
        return scaler * self._base_layer.forward(X)

    def backward(self, dLdy):
        assert self.trainable, "Layer is frozen"
        dLdy = dLdy * (1.0 / (1.0 - self.p))
        dX = self._base_layer.backward(dLdy)
        return dX * self._wrapper_derived_variables["dropout_mask"]
