"""The book's RNN cell keeps Wx, Wh, b inside the object and its grads in self.grads; the
learner's adapters expose forward(x, h_prev, Wx, Wh, b) and a backward returning every
gradient in input order."""
import numpy as np

from user import RNN

np.random.seed(231)
N, D, H = 3, 4, 5
x = np.random.randn(N, D)
h_prev = np.random.randn(N, H)
Wx = np.random.randn(D, H) * 0.5
Wh = np.random.randn(H, H) * 0.5
b = np.random.randn(H)
INPUTS = (x, h_prev, Wx, Wh, b)


def forward(x, h_prev, Wx, Wh, b):
    cell = RNN(Wx, Wh, b)
    return cell.forward(x, h_prev), cell


def backward(dh_next, cell):
    dx, dh_prev = cell.backward(dh_next)
    dWx, dWh, db = cell.grads
    return dx, dh_prev, dWx, dWh, db
