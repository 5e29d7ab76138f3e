"""The reference MLP classifier in the spirit of seed 002 (a working MNIST homework).

ReLU hidden layers of any sizes, a softmax + cross-entropy output, mini-batch SGD.  Samples are
rows (N x features), labels integers.  Parameters are a dict per layer, {"layer1": {"W", "b"}, ...},
so a gradient check names blocks `layer1.W`.  The gradient is the textbook one: output delta
(P - Y)/N, hidden delta W.T-propagated and masked by ReLU'(v) = 1{v > 0}.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Sequence

import numpy as np

Params = Dict[str, Dict[str, np.ndarray]]


def relu(v):
    return np.maximum(v, 0.0)


def softmax_rows(v):
    e = np.exp(v - v.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def one_hot(labels, n_classes):
    out = np.zeros((len(labels), n_classes))
    out[np.arange(len(labels)), labels] = 1.0
    return out


def init_params(rng, sizes: Sequence[int]) -> Params:
    """He-scaled normal weights (ReLU halves the variance), zero biases; sizes = [in, h..., out]."""
    return {f"layer{i + 1}": {"W": rng.standard_normal((n_in, n_out)) * np.sqrt(2.0 / n_in),
                              "b": np.zeros(n_out)}
            for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:]))}


def _layers(params: Params):
    return [params[name] for name in sorted(params, key=lambda k: int(k[len("layer"):]))]


def _forward_all(params: Params, X):
    """Pre-activations and activations of every layer; the last activation is the softmax."""
    layers = _layers(params)
    acts, pre = [np.asarray(X, dtype=np.float64)], []
    for i, layer in enumerate(layers):
        v = acts[-1] @ layer["W"] + layer["b"]
        pre.append(v)
        acts.append(softmax_rows(v) if i == len(layers) - 1 else relu(v))
    return pre, acts


def forward(params: Params, X):
    """Class probabilities, one row per sample."""
    return _forward_all(params, X)[1][-1]


def loss(probs, Y):
    """Mean cross-entropy; Y one-hot rows."""
    return -np.sum(Y * np.log(np.clip(probs, 1e-300, None))) / len(Y)


def cost(params: Params, X, Y):
    return loss(forward(params, X), Y)


def grad(params: Params, X, Y) -> Params:
    pre, acts = _forward_all(params, X)
    layers = _layers(params)
    names = sorted(params, key=lambda k: int(k[len("layer"):]))
    delta = (acts[-1] - Y) / len(Y)
    grads = {}
    for i in range(len(layers) - 1, -1, -1):
        grads[names[i]] = {"W": acts[i].T @ delta, "b": delta.sum(axis=0)}
        if i:
            delta = (delta @ layers[i]["W"].T) * (pre[i - 1] > 0)
    return {name: grads[name] for name in names}


def predict(params: Params, X):
    return np.argmax(forward(params, X), axis=1)


def accuracy(params: Params, X, labels) -> float:
    return float(np.mean(predict(params, X) == np.asarray(labels)))


@dataclass
class History:
    """Per-epoch numbers for a learning curve."""
    loss: List[float] = field(default_factory=list)
    train_accuracy: List[float] = field(default_factory=list)
    test_accuracy: List[float] = field(default_factory=list)


def fit(X, labels, *, hidden_sizes: Sequence[int], learning_rate: float, epochs: int,
        batch_size: int, seed: int = 0, n_classes: Optional[int] = None, X_test=None,
        labels_test=None, on_epoch: Optional[Callable[[int, History], None]] = None):
    """Mini-batch SGD over batches reshuffled every epoch; returns (params, History)."""
    if learning_rate <= 0 or epochs < 0 or batch_size < 1 or any(h < 1 for h in hidden_sizes):
        raise ValueError("need learning_rate > 0, epochs >= 0, batch_size >= 1, hidden sizes >= 1")
    X = np.asarray(X, dtype=np.float64)
    labels = np.asarray(labels)
    n_classes = int(labels.max()) + 1 if n_classes is None else n_classes
    rng = np.random.default_rng(seed)
    params = init_params(rng, [X.shape[1], *hidden_sizes, n_classes])
    Y = one_hot(labels, n_classes)
    history = History()
    # Near-equal batches of at most batch_size: slicing leaves a last batch of N % batch_size
    # samples (3 of 1347 digits at -b 64) whose mean gradient, as noisy as it is, still gets a full
    # step every epoch; on the digits that costs about 1.5 points of test accuracy.
    n_batches = -(-len(X) // batch_size)
    for epoch in range(epochs):
        order = rng.permutation(len(X))
        for batch in np.array_split(order, n_batches):
            g = grad(params, X[batch], Y[batch])
            for name, layer in params.items():
                for key in layer:
                    layer[key] = layer[key] - learning_rate * g[name][key]
        history.loss.append(float(cost(params, X, Y)))
        history.train_accuracy.append(accuracy(params, X, labels))
        if X_test is not None:
            history.test_accuracy.append(accuracy(params, X_test, labels_test))
        if on_epoch is not None:
            on_epoch(epoch, history)
    return params, history
