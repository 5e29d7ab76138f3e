import numpy as np


def Softmax(x):
    """Softmax of each row of a 2-d array (rows are samples)."""
    e_x = np.exp(x - np.max(x))  # one max over the whole array
    return e_x / e_x.sum(axis=1).reshape((-1, 1))


def Softmax_grad(x):
    """The Jacobian of each row's softmax: an array of shape (N, k, k)."""
    s = Softmax(x)
    a = np.eye(s.shape[-1])
    temp1 = np.zeros((s.shape[0], s.shape[1], s.shape[1]))
    temp2 = np.zeros((s.shape[0], s.shape[1], s.shape[1]))
    for i in range(s.shape[0]):
        for j in range(s.shape[1]):
            for k in range(s.shape[1]):
                temp1[i, j, k] = s[i, j] * a[j, k]
                temp2[i, j, k] = s[i, j] * s[i, k]
    return temp1 - temp2
