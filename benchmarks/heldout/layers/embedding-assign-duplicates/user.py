import numpy as np

def word_embedding_forward(x, W):
    """
    x: integer array of shape (N, T) giving indices of words; W: (V, D) word vectors.
    """
    out = W[x]
    cache = (x, W)
    return out, cache


def word_embedding_backward(dout, cache):
    x, W = cache
    dW = np.zeros_like(W)
    dW[x] = dout
    return dW
