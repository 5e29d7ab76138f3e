"""The assignment's sanity_check: N = 20, dimensions [10, 5, 10], random one-hot labels,
params ~ randn; gradcheck_naive is handed lambda params: forward_backward_prop(data, labels,
params, dimensions), written here as a named function."""
import random

import numpy as np

from user import forward_backward_prop

np.random.seed(0)
random.seed(0)
N = 20
dimensions = [10, 5, 10]
data = np.random.randn(N, dimensions[0])
labels = np.zeros((N, dimensions[2]))
for i in range(N):
    labels[i, random.randint(0, dimensions[2] - 1)] = 1
params = np.random.randn((dimensions[0] + 1) * dimensions[1]
                         + (dimensions[1] + 1) * dimensions[2])


def nn(params):
    return forward_backward_prop(data, labels, params, dimensions)
