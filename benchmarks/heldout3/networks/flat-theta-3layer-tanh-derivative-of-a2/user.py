import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def unroll(theta, sizes):
    """theta holds Theta1, Theta2, Theta3 one after the other, each with a bias column."""
    s0, s1, s2, s3 = sizes
    n1 = s1 * (s0 + 1)
    n2 = s2 * (s1 + 1)
    Theta1 = theta[:n1].reshape(s1, s0 + 1)
    Theta2 = theta[n1:n1 + n2].reshape(s2, s1 + 1)
    Theta3 = theta[n1 + n2:].reshape(s3, s2 + 1)
    return Theta1, Theta2, Theta3


def forward(Theta1, Theta2, Theta3, X):
    m = X.shape[0]
    a1 = np.hstack([np.ones((m, 1)), X])
    z2 = a1 @ Theta1.T
    a2 = np.hstack([np.ones((m, 1)), np.tanh(z2)])
    z3 = a2 @ Theta2.T
    a3 = np.hstack([np.ones((m, 1)), np.tanh(z3)])
    z4 = a3 @ Theta3.T
    a4 = sigmoid(z4)
    return a1, a2, a3, a4


def cost(theta, X, Y, lam, sizes):
    Theta1, Theta2, Theta3 = unroll(theta, sizes)
    m = X.shape[0]
    a4 = forward(Theta1, Theta2, Theta3, X)[3]
    J = -np.sum(Y * np.log(a4) + (1 - Y) * np.log(1 - a4)) / m
    J += lam / (2 * m) * (np.sum(Theta1[:, 1:] ** 2) + np.sum(Theta2[:, 1:] ** 2)
                          + np.sum(Theta3[:, 1:] ** 2))
    return J


def grad(theta, X, Y, lam, sizes):
    Theta1, Theta2, Theta3 = unroll(theta, sizes)
    m = X.shape[0]
    a1, a2, a3, a4 = forward(Theta1, Theta2, Theta3, X)

    d4 = a4 - Y
    d3 = (d4 @ Theta3)[:, 1:] * (1 - a2[:, 1:] ** 2)
    d2 = (d3 @ Theta2)[:, 1:] * (1 - a2[:, 1:] ** 2)

    Theta1_grad = d2.T @ a1 / m
    Theta2_grad = d3.T @ a2 / m
    Theta3_grad = d4.T @ a3 / m
    Theta1_grad[:, 1:] += lam / m * Theta1[:, 1:]
    Theta2_grad[:, 1:] += lam / m * Theta2[:, 1:]
    Theta3_grad[:, 1:] += lam / m * Theta3[:, 1:]
    return np.concatenate([Theta1_grad.ravel(), Theta2_grad.ravel(), Theta3_grad.ravel()])
