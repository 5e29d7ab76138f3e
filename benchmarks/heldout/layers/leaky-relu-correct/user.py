import numpy as np


class LeakyRelu:
    def forward(self, inputs):
        self.inputs = inputs
        outputs = np.empty_like(inputs)
        for i in range(inputs.size):
            outputs.flat[i] = inputs.flat[i] if inputs.flat[i] > 0 else 0.01 * inputs.flat[i]
        return outputs

    def backward(self, grads):
        outputs = np.empty_like(grads)
        for i in range(grads.size):
            if self.inputs.flat[i] > 0:
                outputs.flat[i] = grads.flat[i]
            else:
                outputs.flat[i] = 0.01 * grads.flat[i]
        return outputs
