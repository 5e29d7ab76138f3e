"""The notebook's CBOW model shrunk: vocabulary V = 6, embedding N = 3, a batch of 4 (x holds
the averaged one-hot context vectors in columns, y the one-hot centre words). cost/grad run
forward_prop, softmax, compute_cost / back_prop on a dict of the four arrays."""
import numpy as np

from user import back_prop, compute_cost, forward_prop, softmax

rng = np.random.RandomState(3)
V, N, M = 6, 3, 4
params = {"W1": rng.randn(N, V), "W2": rng.randn(V, N),
          "b1": 0.5 * rng.randn(N, 1), "b2": 0.5 * rng.randn(V, 1)}
x = np.zeros((V, M))
for j, ctx in enumerate([(0, 2, 3, 5), (1, 2, 4, 5), (0, 1, 3, 4), (2, 3, 4, 5)]):
    x[list(ctx), j] = 0.25
y = np.eye(V)[:, [1, 3, 2, 0]]
ARGS = (x, y)


def cost(params, x, y):
    z, h = forward_prop(x, params["W1"], params["W2"], params["b1"], params["b2"])
    return float(compute_cost(y, softmax(z), x.shape[1]))


def grad(params, x, y):
    z, h = forward_prop(x, params["W1"], params["W2"], params["b1"], params["b2"])
    yhat = softmax(z)
    gW1, gW2, gb1, gb2 = back_prop(x, yhat, y, h, params["W1"], params["W2"],
                                   params["b1"], params["b2"], x.shape[1])
    return {"W1": gW1, "W2": gW2, "b1": gb1, "b2": gb2}
