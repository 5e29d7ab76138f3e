import numpy as np


def softmaxCost(theta, numClasses, inputSize, lambda_, data, labels):
    """Softmax regression cost and gradient (UFLDL exercise, ported to numpy).

    theta: flat (numClasses * inputSize,), data: (inputSize, m), labels: (m,) in 0..K-1.
    """
    theta = theta.reshape(numClasses, inputSize)
    m = data.shape[1]

    groundTruth = np.zeros((numClasses, m))
    groundTruth[labels, np.arange(m)] = 1

    M = theta @ data
    M = M - np.max(M, axis=1, keepdims=True)   # keep exp from overflowing
    expM = np.exp(M)
    p = expM / np.sum(expM, axis=0, keepdims=True)

    cost = -np.sum(groundTruth * np.log(p)) / m + lambda_ / 2 * np.sum(theta ** 2)
    thetagrad = -(groundTruth - p) @ data.T / m + lambda_ * theta

    return cost, thetagrad.ravel()
