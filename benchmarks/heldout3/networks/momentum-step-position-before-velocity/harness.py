"""A 4-5-3 tanh classifier, 6 samples, no regularization; the step is one update of a fresh
SGDMomentum optimizer (velocity 0, so the step is -learning_rate * gradient), lr 0.05."""
import numpy as np

from user import SGDMomentum, data_gradients, loss

rng = np.random.RandomState(9)
PARAMS = {"W1": 0.5 * rng.randn(4, 5), "b1": 0.5 * rng.randn(5),
          "W2": 0.5 * rng.randn(5, 3), "b2": 0.5 * rng.randn(3)}
X = rng.randn(6, 4)
y = np.array([0, 1, 2, 0, 1, 2])
ARGS = (X, y)


def cost(params, X, y):
    return loss(params, X, y, 0.0)


def step(params, X, y):
    optimizer = SGDMomentum(learning_rate=0.05, mu=0.9)
    optimizer.update(params, data_gradients(params, X, y))
