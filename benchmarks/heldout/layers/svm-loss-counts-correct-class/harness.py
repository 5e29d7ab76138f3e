import numpy as np

np.random.seed(231)
num_classes, num_inputs = 4, 6
x = 0.5 * np.random.randn(num_inputs, num_classes)
y = np.random.randint(num_classes, size=num_inputs)
INPUTS = (x, y)
