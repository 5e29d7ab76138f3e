"""The lesson's graph X -> Linear(X, W, b) -> Sigmoid -> MSE(y, .), with 4 samples of 3
features and one output (the lesson used 2 samples of 2). cost and grad build the graph for
the given W, b and read cost.value and the gradients of the W and b input nodes."""
import numpy as np

from user import MSE, Input, Linear, Sigmoid, forward_and_backward, topological_sort

rng = np.random.RandomState(14)
PARAMS = {"W": rng.randn(3, 1), "b": rng.randn(1)}
ARGS = (rng.randn(4, 3), rng.rand(4, 1))


def _graph(params, X_value, y_value):
    X, y, W, b = Input(), Input(), Input(), Input()
    f = Linear(X, W, b)
    a = Sigmoid(f)
    cost = MSE(y, a)
    feed_dict = {X: X_value, y: y_value, W: params["W"], b: params["b"]}
    return topological_sort(feed_dict), cost, W, b


def cost(params, X_value, y_value):
    graph, c, W, b = _graph(params, X_value, y_value)
    forward_and_backward(graph)
    return c.value


def grad(params, X_value, y_value):
    graph, c, W, b = _graph(params, X_value, y_value)
    forward_and_backward(graph)
    return {"W": W.gradients[W], "b": b.gradients[b]}
