"""network.py's Network([4, 5, 3]) and one training example; the learner's wrapper hands the
checker a list [w0, w1, b0, b1] and the gradient of 0.5 * ||a - y||^2 from backprop()."""
import numpy as np

from user import Network

np.random.seed(0)
net = Network([4, 5, 3])
PARAMS = [w.copy() for w in net.weights] + [b.copy() for b in net.biases]
x = np.random.randn(4, 1)
y = np.array([[0.], [1.], [0.]])
ARGS = (x, y)


def _load(params):
    net.weights = list(params[:2])
    net.biases = list(params[2:])


def cost(params, x, y):
    _load(params)
    return 0.5 * np.sum((net.feedforward(x) - y) ** 2)


def grad(params, x, y):
    _load(params)
    nabla_b, nabla_w = net.backprop(x, y)
    return nabla_w + nabla_b
