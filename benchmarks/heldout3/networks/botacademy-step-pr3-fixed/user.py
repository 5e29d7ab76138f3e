import numpy as np


def train_on_image(w_i_h, b_i_h, w_h_o, b_h_o, img, l, learn_rate=0.01):
    """One pass of the tutorial's training loop body for a single image (column vectors),
    with the pull request's two fixes: the output delta carries the sigmoid's derivative, and
    the hidden delta is computed before the output weights change."""
    # Forward propagation input -> hidden
    h_pre = b_i_h + w_i_h @ img
    h = 1 / (1 + np.exp(-h_pre))
    # Forward propagation hidden -> output
    o_pre = b_h_o + w_h_o @ h
    o = 1 / (1 + np.exp(-o_pre))

    # Cost / Error calculation
    e = 1 / len(o) * np.sum((o - l) ** 2, axis=0)

    # Backpropagation output -> hidden (cost function derivative times sigmoid derivative)
    delta_o = (o - l) * (o * (1 - o))
    # Backpropagation hidden -> input, from the weights the forward pass used
    delta_h = np.transpose(w_h_o) @ delta_o * (h * (1 - h))
    w_h_o += -learn_rate * delta_o @ np.transpose(h)
    b_h_o += -learn_rate * delta_o
    w_i_h += -learn_rate * delta_h @ np.transpose(img)
    b_i_h += -learn_rate * delta_h
    return e
