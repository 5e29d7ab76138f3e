"""The library's backward multiplies the upstream gradient by each sample's Jacobian; the
adapter does the same with einsum. A batch of 4 samples of 5 logits with rows on different
scales, so the global max is far from some rows' own max."""
import numpy as np

from user import Softmax, Softmax_grad


def forward(x):
    return Softmax(x), x


def backward(dout, x):
    return np.einsum('ij,ijk->ik', dout, Softmax_grad(x))


rng = np.random.RandomState(3)
INPUTS = (rng.randn(4, 5) + np.array([[0.0], [3.0], [-2.0], [1.0]]),)
