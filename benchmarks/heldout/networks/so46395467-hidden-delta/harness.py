import numpy as np

# Set inputs and labels (the question's data)
X = np.array([[0, 1],
              [0, 1],
              [1, 0],
              [1, 0]], dtype=float)
Y = np.array([[0, 0, 1, 1]], dtype=float).T

np.random.seed(1)
w_0 = 2 * np.random.rand(2, 2) - 1
w_1 = 2 * np.random.rand(1, 2) - 1
WEIGHTS = [w_0, w_1]
ARGS = (X, Y)
