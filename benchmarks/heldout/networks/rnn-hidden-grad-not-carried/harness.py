"""A 4-symbol sequence of length 5, 3 hidden units; one-hot columns as in the repo."""
import numpy as np

rng = np.random.RandomState(0)
vocab, hidden, T = 4, 3, 5
seq = [0, 2, 1, 3, 2, 0]
x = np.eye(vocab)[seq[:-1]].T
y = np.eye(vocab)[seq[1:]].T
params = {"Wxh": rng.randn(hidden, vocab) * 0.5, "Whh": rng.randn(hidden, hidden) * 0.5,
          "Why": rng.randn(vocab, hidden) * 0.5, "Bxh": rng.randn(hidden) * 0.1,
          "Bhh": rng.randn(hidden) * 0.1, "Byh": rng.randn(vocab) * 0.1}
args = (x, y)
