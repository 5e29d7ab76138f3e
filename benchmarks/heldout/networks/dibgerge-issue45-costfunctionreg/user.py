import numpy


def sigmoid(z):
    return 1 / (1 + numpy.exp(-z))


def costFunctionReg(theta, X, y, lambda_):
    m, n = X.shape
    theta = theta.reshape((n, 1))

    h_theta = sigmoid(X @ theta)

    J = (1 / m) * (-y.T @ numpy.log(h_theta) - (1 - y).T @ numpy.log(1 - h_theta)) + (lambda_ / (2 * m)) * (theta[1:theta.size]).T @ theta[1:theta.size]

    thetaZero = theta
    thetaZero[1] = 0

    grad = ((1 / m) * (h_theta - y).T @ X) + lambda_ / m * thetaZero.T

    grad = grad.reshape((n, 1))

    return J, grad
