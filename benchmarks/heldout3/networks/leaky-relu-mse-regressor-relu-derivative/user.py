import numpy as np

ALPHA = 0.01


def leaky_relu(z):
    return np.where(z > 0, z, ALPHA * z)


def leaky_relu_derivative(z):
    return np.where(z > 0, 1.0, 0.0)


def predict(params, X):
    z1 = X @ params["W1"] + params["b1"]
    a1 = leaky_relu(z1)
    return (a1 @ params["W2"] + params["b2"]).ravel()


def cost(params, X, y):
    """Mean squared error of a one-hidden-layer leaky-ReLU regressor."""
    return np.mean((predict(params, X) - y) ** 2)


def grad(params, X, y):
    n = X.shape[0]
    z1 = X @ params["W1"] + params["b1"]
    a1 = leaky_relu(z1)
    y_hat = (a1 @ params["W2"] + params["b2"]).ravel()

    d_out = (2.0 / n) * (y_hat - y)[:, None]          # (n, 1)
    dW2 = a1.T @ d_out
    db2 = d_out.sum(axis=0)
    d_a1 = d_out @ params["W2"].T
    d_z1 = d_a1 * leaky_relu_derivative(z1)
    dW1 = X.T @ d_z1
    db1 = d_z1.sum(axis=0)
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}
