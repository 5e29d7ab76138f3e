import numpy as np

X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
y = np.array([[0], [1], [1], [0]], dtype=float)
np.random.seed(42)
weights = [np.random.uniform(-1, 1, (2, 3)), np.random.uniform(-1, 1, 3),
           np.random.uniform(-1, 1, (3, 1)), np.random.uniform(-1, 1, 1)]
args = (X, y)
