import numpy as np


def train_on_image(w_i_h, b_i_h, w_h_o, b_h_o, img, l, learn_rate=0.01):
    """One pass of the tutorial's training loop body for a single image (column vectors)."""
    # Forward propagation input -> hidden
    h_pre = b_i_h + w_i_h @ img
    h = 1 / (1 + np.exp(-h_pre))
    # Forward propagation hidden -> output
    o_pre = b_h_o + w_h_o @ h
    o = 1 / (1 + np.exp(-o_pre))

    # Cost / Error calculation
    e = 1 / len(o) * np.sum((o - l) ** 2, axis=0)

    # Backpropagation output -> hidden (cost function derivative)
    delta_o = o - l
    w_h_o += -learn_rate * delta_o @ np.transpose(h)
    b_h_o += -learn_rate * delta_o
    # Backpropagation hidden -> input (activation function derivative)
    delta_h = np.transpose(w_h_o) @ delta_o * (h * (1 - h))
    w_i_h += -learn_rate * delta_h @ np.transpose(img)
    b_i_h += -learn_rate * delta_h
    return e
