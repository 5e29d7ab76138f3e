"""The notebook's test sizes shrunk (n_x 3, m 4, T_x 3, n_a 5, n_y 2). forward/backward adapt
rnn_forward(x, a0, parameters) / rnn_backward(da, caches) to the layer-pair convention: the
inputs checked are x, a0, Wax, Waa, ba (Wya and by only feed y_pred, which backward does not
handle); backward returns the gradients dict's entries in that order."""
import numpy as np

from user import rnn_backward, rnn_forward

np.random.seed(1)
x_tmp = np.random.randn(3, 4, 3)
a0_tmp = np.random.randn(5, 4)
Wax_tmp = np.random.randn(5, 3)
Waa_tmp = np.random.randn(5, 5)
ba_tmp = np.random.randn(5, 1)
Wya_tmp = np.random.randn(2, 5)
by_tmp = np.random.randn(2, 1)


def forward(x, a0, Wax, Waa, ba):
    parameters = {"Wax": Wax, "Waa": Waa, "Wya": Wya_tmp, "ba": ba, "by": by_tmp}
    a, y_pred, caches = rnn_forward(x, a0, parameters)
    return a, caches


def backward(da, caches):
    g = rnn_backward(da, caches)
    return g["dx"], g["da0"], g["dWax"], g["dWaa"], g["dba"]


INPUTS = (x_tmp, a0_tmp, Wax_tmp, Waa_tmp, ba_tmp)
