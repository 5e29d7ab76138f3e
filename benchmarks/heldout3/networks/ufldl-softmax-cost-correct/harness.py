"""The exercise's debug setting shrunk: inputSize 5, 3 classes, 7 samples, lambda 1e-2,
theta = 0.005 * randn as in the exercise but scaled to 0.5 so the classes differ."""
import numpy as np

numClasses, inputSize, lambda_ = 3, 5, 1e-2
rng = np.random.RandomState(5)
theta = 0.5 * rng.randn(numClasses * inputSize)
data = rng.randn(inputSize, 7)
labels = np.array([0, 1, 2, 0, 1, 2, 1])
ARGS = (numClasses, inputSize, lambda_, data, labels)
