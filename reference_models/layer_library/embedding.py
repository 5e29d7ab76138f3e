"""Word embedding: x (N, T) integer word ids, W (V, D); out = W[x].

    dW = zeros; np.add.at(dW, x, dout)     every occurrence of a word adds its row
"""
import numpy as np


def word_embedding_forward(x, W):
    return W[x], (x, W.shape)


def word_embedding_backward(dout, cache):
    x, shape = cache
    dW = np.zeros(shape)
    np.add.at(dW, x, dout)
    return dW


# -- known bugs --------------------------------------------------------------------------------

def word_embedding_backward_buffered(dout, cache):
    x, shape = cache
    dW = np.zeros(shape)
    dW[x] += dout  # BUG: buffered: a word used twice keeps one of its contributions
    return dW
