"""The problem's example: 3 samples with 2 features, binary labels; weights and bias as a tuple
(the bias as a 0-d array so it can be perturbed)."""
import numpy as np

features = np.array([[1.0, 2.0], [2.0, 1.0], [-1.0, -2.0]])
labels = np.array([1, 0, 0])
initial_weights = np.array([0.1, -0.2])
initial_bias = np.array(0.0)
PARAMS = (initial_weights, initial_bias)
ARGS = (features, labels)
