"""relu(x) and relu(x, deriv=True) as a layer pair: the backward multiplies the upstream
gradient by the derivative at the layer's input. A batch of 4 samples of 6 inputs."""
import numpy as np

from user import relu


def forward(x):
    return relu(x), x


def backward(dout, x):
    return dout * relu(x, deriv=True)


rng = np.random.RandomState(2)
INPUTS = (rng.randn(4, 6),)
