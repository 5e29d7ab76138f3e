"""Seed 001 fixed: the asker's code with the answer's sigmoid and a checker that starts at 0.

Two changes, marked `# FIX:`; everything else (the looped gradient, the regularisation, the answer's
computeCost) is as in seed001_original.py.
"""
import numpy as np


def sigmoid(z):
    return 1 / (1+np.exp(-z))  # FIX: exp(-z); exp(z) computes sigmoid(-z)


def sigmoid_gradient(z):
    return sigmoid(z)*(1-sigmoid(z))


def gradient(theta, *args):
    X, y, num_inputs, num_hidden_units, num_labels, lamb = args
    m = len(X)
    theta1 = np.reshape(theta[0:(num_hidden_units*(num_inputs+1))],(num_hidden_units, (num_inputs+1)))
    theta2 = np.reshape(theta[(num_hidden_units*(num_inputs+1)):],(num_labels, num_hidden_units+1))

    theta1_grad = np.zeros(theta1.shape)
    theta2_grad = np.zeros(theta2.shape)
    delta1 = np.zeros(theta1.shape)
    delta2 = np.zeros(theta2.shape)

    for t in range(0, m):
        vec_y = np.zeros(num_labels)
        vec_y[y[t]] = 1
        vec_y = vec_y[:, np.newaxis]

        a_1 = np.r_[[1], X[t]]
        a_1 = a_1[:, np.newaxis]
        z_2 = np.dot(theta1, a_1)
        a_2 = np.vstack([1, sigmoid(z_2)])
        z_3 = np.dot(theta2, a_2)
        a_3 = sigmoid(z_3)

        del3 = a_3 - vec_y
        del2 = np.multiply(np.dot(theta2.T, del3), sigmoid_gradient(np.vstack([1, z_2])))
        del2 = del2[1:]

        delta1 = delta1 + del2*a_1.T
        delta2 = delta2 + del3*a_2.T

    theta1_grad[:, 0] = (1/m)*delta1[:, 0]
    theta2_grad[:, 0] = (1/m)*delta2[:, 0]
    theta1_grad[:, 1:] = ((1/m) * delta1[:, 1:]) + (lamb/m)*theta1[:, 1:]
    theta2_grad[:, 1:] = ((1/m) * delta2[:, 1:]) + (lamb/m)*theta2[:, 1:]

    grad = np.hstack([theta1_grad.ravel(), theta2_grad.ravel()])
    return grad


def computeCost(theta, X, y, num_inputs, num_hidden_units, num_labels, lamb):
    m = len(X)
    y_bin = np.zeros((m, num_labels))
    for i in range(m):
        y_bin[i, y[i]] = 1

    theta1 = np.reshape(theta[0:(num_hidden_units*(num_inputs+1))],(num_hidden_units, (num_inputs+1)))
    theta2 = np.reshape(theta[(num_hidden_units*(num_inputs+1)):],(num_labels, num_hidden_units+1))

    a_1 = np.hstack((np.ones((m, 1)), X))
    z_2 = np.dot(a_1, theta1.transpose())
    a_2 = sigmoid(z_2)
    a_2 = np.hstack((np.ones((m, 1)), a_2))
    z_3 = np.dot(a_2, theta2.transpose())
    h = sigmoid(z_3)

    cost = np.sum(-y_bin * np.log(h) - (1-y_bin) * np.log(1-h))/m

    theta1_sq = theta1[:, 1:num_inputs+1] * theta1[:, 1:num_inputs+1]
    theta2_sq = theta2[:, 1:num_hidden_units+1] * theta2[:, 1:num_hidden_units+1]
    cost = cost + lamb/(2.0*m)*(np.sum(theta1_sq) + np.sum(theta2_sq))
    return cost


def computeNumericalGradient(J, theta):
    numgrad = np.zeros(theta.shape)
    perturb = np.zeros(theta.shape)
    e = 0.0001
    for p in range(0, np.size(theta)):  # FIX: from 0; range(1, ...) never perturbs theta[0]
        perturb[p] = e
        loss1 = J(theta - perturb)
        loss2 = J(theta + perturb)
        numgrad[p] = (loss2 - loss1) / (2*e)
        perturb[p] = 0
    return numgrad
