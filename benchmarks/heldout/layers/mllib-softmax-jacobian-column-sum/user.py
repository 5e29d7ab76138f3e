import numpy as np


class Softmax:
    """Softmax activation with forward/backward as in an autograd Function."""

    @staticmethod
    def forward(input):
        if len(input.shape) != 2:
            raise RuntimeError("Expected a batch of data of size (m, classes)"
                               ", got {}".format(input.shape))
        e_x = np.exp(input)
        output = e_x / np.sum(e_x, axis=1, keepdims=True)
        # axis=1 because we don't want to compute across batch dimension
        return output

    @staticmethod
    def backward(output, grad_output):
        o = -output[..., None] * output[:, None, :]
        diag_x, diag_y = np.diag_indices_from(o[0])
        o[:, diag_y, diag_x] = output * (1.0 - output)

        grad_o = o.sum(axis=1)

        grad_o = grad_o * grad_output
        return grad_o
