"""One call of MLP.fit (learning rate 0.5) is the step: the harness loads the four arrays into
a fresh MLP(4, 3, 10), calls fit on a batch of 5 samples, and writes the new arrays back into
the dict in place. The cost is the mean cross-entropy of the forward pass's probabilities (the
quantity backward differentiates; fit's own printed loss applies a second softmax)."""
import numpy as np

from user import MLP, cross_entropy

rng = np.random.RandomState(4)
PARAMS = {"w_hidden": rng.randn(4, 3), "b_hidden": 0.3 * rng.randn(3),
          "w_output": rng.randn(3, 10), "b_output": 0.3 * rng.randn(10)}
X = rng.randn(5, 4)
TARGETS = np.array([0, 3, 7, 3, 9])
ARGS = (X, TARGETS)


def _model(params):
    model = MLP(4, 3, 10, learning_rate=0.5)
    for k, v in params.items():
        setattr(model, k, np.array(v, dtype=float))
    return model


def cost(params, X, targets):
    probs = _model(params).forward(X)[-1]
    return float(cross_entropy(probs, np.eye(10)[targets]).mean())


def step(params, X, targets):
    model = _model(params)
    model.fit(X, targets)
    for k in params:
        params[k][...] = getattr(model, k)
