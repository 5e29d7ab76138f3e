"""The tutorial's 784-20-10 MNIST network shrunk to 6-4-3, one image and its one-hot label;
the weights drawn from uniform(-0.5, 0.5) as in the tutorial (biases start at 0 there; small
random values here so that every bias entry is exercised). The cost is the tutorial's own
error line e = 1/len(o) * sum((o - l)**2)."""
import numpy as np

from user import train_on_image

rng = np.random.RandomState(3)
PARAMS = {
    "w_i_h": rng.uniform(-0.5, 0.5, (4, 6)),
    "b_i_h": rng.uniform(-0.5, 0.5, (4, 1)),
    "w_h_o": rng.uniform(-0.5, 0.5, (3, 4)),
    "b_h_o": rng.uniform(-0.5, 0.5, (3, 1)),
}
img = rng.uniform(0, 1, (6, 1))
l = np.array([[0.0], [1.0], [0.0]])
ARGS = (img, l)


def cost(params, img, l):
    h = 1 / (1 + np.exp(-(params["b_i_h"] + params["w_i_h"] @ img)))
    o = 1 / (1 + np.exp(-(params["b_h_o"] + params["w_h_o"] @ h)))
    return float(1 / len(o) * np.sum((o - l) ** 2))


def step(params, img, l):
    train_on_image(params["w_i_h"], params["b_i_h"], params["w_h_o"], params["b_h_o"],
                   img, l, learn_rate=0.01)
