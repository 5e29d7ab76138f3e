"""The svm notebook's gradient check, smaller: CIFAR rows become random rows (D = 6, C = 4,
N = 8), W small random, reg = 5e1 as in the notebook's second check (5e1 is large for
these small W, so the regularization matters)."""
import numpy as np

np.random.seed(0)
W = np.random.randn(6, 4) * 0.01
X = np.random.randn(8, 6) * 10
y = np.array([0, 1, 2, 3, 0, 1, 2, 3])
ARGS = (X, y, 5e1)
