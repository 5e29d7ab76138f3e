import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def sigmoidGradient(z):
    return sigmoid(z) * (1 - sigmoid(z))


def unroll_thetas(nn_params, input_layer_size, hidden_layer_size, num_labels):
    # Octave's Theta1 = reshape(nn_params(1:...), hidden, input + 1): column-major
    n1 = hidden_layer_size * (input_layer_size + 1)
    Theta1 = nn_params[:n1].reshape((hidden_layer_size, input_layer_size + 1), order='F')
    Theta2 = nn_params[n1:].reshape((num_labels, hidden_layer_size + 1), order='F')
    return Theta1, Theta2


def nnCost(nn_params, input_layer_size, hidden_layer_size, num_labels, X, y, lam):
    Theta1, Theta2 = unroll_thetas(nn_params, input_layer_size, hidden_layer_size, num_labels)
    m = X.shape[0]
    a1 = np.hstack([np.ones((m, 1)), X])
    a2 = np.hstack([np.ones((m, 1)), sigmoid(a1 @ Theta1.T)])
    h = sigmoid(a2 @ Theta2.T)
    Y = np.zeros((m, num_labels))
    Y[np.arange(m), y] = 1
    J = -np.sum(Y * np.log(h) + (1 - Y) * np.log(1 - h)) / m
    J += lam / (2 * m) * (np.sum(Theta1[:, 1:] ** 2) + np.sum(Theta2[:, 1:] ** 2))
    return J


def nnGrad(nn_params, input_layer_size, hidden_layer_size, num_labels, X, y, lam):
    Theta1, Theta2 = unroll_thetas(nn_params, input_layer_size, hidden_layer_size, num_labels)
    m = X.shape[0]
    a1 = np.hstack([np.ones((m, 1)), X])
    z2 = a1 @ Theta1.T
    a2 = np.hstack([np.ones((m, 1)), sigmoid(z2)])
    a3 = sigmoid(a2 @ Theta2.T)
    Y = np.zeros((m, num_labels))
    Y[np.arange(m), y] = 1
    d3 = a3 - Y
    d2 = (d3 @ Theta2[:, 1:]) * sigmoidGradient(z2)
    Theta1_grad = d2.T @ a1 / m
    Theta2_grad = d3.T @ a2 / m
    Theta1_grad[:, 1:] += lam / m * Theta1[:, 1:]
    Theta2_grad[:, 1:] += lam / m * Theta2[:, 1:]
    return np.concatenate([Theta1_grad.flatten(), Theta2_grad.flatten()])
