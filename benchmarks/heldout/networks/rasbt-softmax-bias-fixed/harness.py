"""The learner's check of the model's backward: weight and bias as a dict, a few samples.
The training loop subtracts the returned bias gradient from the (3,) bias, so numpy
broadcasts a scalar to every class; the wrapper does the same broadcast."""
import numpy as np

from user import SoftmaxRegression1, to_onehot

rng = np.random.RandomState(0)
X = rng.randn(6, 2)
y = np.array([0, 1, 2, 1, 0, 2])
model = SoftmaxRegression1(num_features=2, num_classes=3)
PARAMS = {"weight": 0.5 * rng.randn(3, 2), "bias": 0.5 * rng.randn(3)}
ARGS = (X, y)


def cost(params, X, y):
    model.weight, model.bias = params["weight"], params["bias"]
    return model.cost(X, y)


def grad(params, X, y):
    model.weight, model.bias = params["weight"], params["bias"]
    _, probas = model.forward(X)
    grad_w, grad_b = model.backward(X, to_onehot(y, model.num_classes), probas)
    return {"weight": grad_w, "bias": np.broadcast_to(grad_b, model.bias.shape).copy()}
