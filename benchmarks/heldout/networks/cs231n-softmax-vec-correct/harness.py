"""A tiny CIFAR-shaped stand-in: 6 samples, 5 features, 3 classes (the notebook uses
W = np.random.randn(3073, 10) * 0.0001 on the dev set)."""
import numpy as np

rng = np.random.RandomState(0)
X_dev = rng.randn(6, 5)
y_dev = np.array([0, 2, 1, 2, 0, 1])
W = rng.randn(5, 3) * 0.1
ARGS = (X_dev, y_dev, 0.1)
