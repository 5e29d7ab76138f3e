"""The course's MLP at toy size (4 inputs, 5 hidden, 3 classes, 6 samples); the backward
returns the four gradients (the course applies them as updates inside backward)."""
import numpy as np

from user import MLP

np.random.seed(0)
model = MLP(4, 5, 3)
inputs = np.random.randn(6, 4)
targets = np.array([0, 1, 2, 2, 1, 0])
PARAMS = {"w_hidden": model.w_hidden, "b_hidden": np.random.randn(5) * 0.1,
          "w_output": model.w_output, "b_output": np.random.randn(3) * 0.1}
ARGS = (inputs, targets)


def _load(params):
    model.w_hidden, model.b_hidden = params["w_hidden"], params["b_hidden"]
    model.w_output, model.b_output = params["w_output"], params["b_output"]


def cost(params, inputs, targets):
    _load(params)
    return model.loss(inputs, targets)


def grad(params, inputs, targets):
    _load(params)
    gwh, gbh, gwo, gbo = model.backward(inputs, targets, *model.forward(inputs))
    return {"w_hidden": gwh, "b_hidden": gbh, "w_output": gwo, "b_output": gbo}
