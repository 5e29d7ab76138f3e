"""A seed-001-like fmin_cg network: flat theta, bias column 0, sigmoid, L2 skipping the bias.

`SIGN` = +1 writes the sigmoid as 1/(1+exp(z)) in both cost and gradient (the seed's bug);
tests build both versions with `make(buggy=...)`.
"""
import numpy as np

N_IN, N_HID, N_OUT, M = 3, 5, 3, 5
BLOCKS = "theta1=5x4,theta2=3x6"


def make(buggy: bool):
    s = 1.0 if buggy else -1.0

    def sigmoid(z):
        return 1.0 / (1.0 + np.exp(s * z))

    def unpack(theta):
        t1 = theta[: N_HID * (N_IN + 1)].reshape(N_HID, N_IN + 1)
        t2 = theta[N_HID * (N_IN + 1):].reshape(N_OUT, N_HID + 1)
        return t1, t2

    def forward(theta, X):
        t1, t2 = unpack(theta)
        a1 = np.hstack([np.ones((len(X), 1)), X])
        z2 = a1 @ t1.T
        a2 = np.hstack([np.ones((len(X), 1)), sigmoid(z2)])
        return a1, z2, a2, sigmoid(a2 @ t2.T)

    def cost(theta, X, y, lam):
        t1, t2 = unpack(theta)
        Y = np.eye(N_OUT)[y]
        h = forward(theta, X)[3]
        J = np.sum(-Y * np.log(h) - (1 - Y) * np.log(1 - h)) / len(X)
        return J + lam / (2 * len(X)) * (np.sum(t1[:, 1:] ** 2) + np.sum(t2[:, 1:] ** 2))

    def grad(theta, X, y, lam):
        t1, t2 = unpack(theta)
        m = len(X)
        Y = np.eye(N_OUT)[y]
        a1, z2, a2, h = forward(theta, X)
        d3 = h - Y
        sg = sigmoid(z2) * (1 - sigmoid(z2))
        d2 = (d3 @ t2[:, 1:]) * sg
        g1, g2 = d2.T @ a1 / m, d3.T @ a2 / m
        g1[:, 1:] += lam / m * t1[:, 1:]
        g2[:, 1:] += lam / m * t2[:, 1:]
        return np.concatenate([g1.ravel(), g2.ravel()])

    return cost, grad


def point(seed: int = 0):
    rng = np.random.default_rng(seed)
    X = rng.random((M, N_IN))
    y = np.array([1, 2, 0, 1, 2])
    theta = rng.random(N_HID * (N_IN + 1) + N_OUT * (N_HID + 1)) * 0.24 - 0.12
    return theta, (X, y, 1.0)
