import numpy as np


# sigmoid function
def nonlin(x, deriv=False):
    if deriv:
        tmp = nonlin(x)
        return tmp*(1-tmp)
    return 1/(1+np.exp(-x))


def loss(weights, X, y):
    syn0, syn1 = weights
    l0 = X
    l1 = nonlin(np.dot(l0, syn0))
    l2 = nonlin(np.dot(l1, syn1))
    return 0.5 * np.sum((y - l2) ** 2)


def gradient(weights, X, y):
    syn0, syn1 = weights
    # Feed forward through layers 0, 1, and 2
    l0 = X
    l1 = nonlin(np.dot(l0, syn0))
    l2 = nonlin(np.dot(l1, syn1))

    # how much did we miss the target value?
    l2_error = y - l2

    # in what direction is the target value?
    l2_delta = l2_error*nonlin(l2, deriv=True)

    # how much did each l1 value contribute to the l2 error (according to the weights)?
    l1_error = l2_delta.dot(syn1.T)

    # in what direction is the target l1?
    l1_delta = l1_error * nonlin(l1, deriv=True)

    # the post adds l1.T.dot(l2_delta) to syn1: that is minus the gradient
    return [-l0.T.dot(l1_delta), -l1.T.dot(l2_delta)]
