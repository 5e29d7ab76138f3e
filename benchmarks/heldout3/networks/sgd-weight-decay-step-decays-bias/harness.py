"""A 4-5-3 tanh classifier, 6 samples; one call of train_step (lr 0.1, reg 0.01) is the step,
the cost is the user's loss with the same reg. Reg is 0.5 here so the decay term is large
enough to see next to the data term."""
import numpy as np

from user import loss, train_step

rng = np.random.RandomState(8)
PARAMS = {"W1": 0.5 * rng.randn(4, 5), "b1": 0.5 * rng.randn(5),
          "W2": 0.5 * rng.randn(5, 3), "b2": 0.5 * rng.randn(3)}
X = rng.randn(6, 4)
y = np.array([0, 1, 2, 0, 1, 2])
ARGS = (X, y)
REG = 0.5


def cost(params, X, y):
    return loss(params, X, y, REG)


def step(params, X, y):
    train_step(params, X, y, lr=0.1, reg=REG)
