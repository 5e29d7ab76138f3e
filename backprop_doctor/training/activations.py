"""What the forward pass shows: class probabilities and labels, hidden layers and their kind.

`forward(params, X)` returns the output, or a list of every layer's activations with the output
last (the input itself may come first; it is recognised and dropped).  A 2-D output whose entries
lie in [0, 1] and sum to one along one axis holds class probabilities (that axis is the class
axis, K its length); a 1-D output or one column in [0, 1] is a binary probability (K = 2).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional, Tuple

import numpy as np

from ..errors import call_user


@dataclass(frozen=True)
class Probabilities:
    p: np.ndarray          # (m, K) after moving the class axis last; binary: columns 1-p, p
    k: int


@dataclass(frozen=True)
class Hidden:
    index: int             # position among the hidden layers, from 1
    values: np.ndarray     # (m, units)
    kind: str              # "sigmoid" | "tanh" | "relu" | "other"


@dataclass(frozen=True)
class Snapshot:
    output: np.ndarray
    probabilities: Optional[Probabilities]
    labels: Optional[np.ndarray]       # integer class per sample, when y can be read as labels
    hidden: Tuple[Hidden, ...]
    sample_axis: Optional[int]         # of the raw output

    @property
    def m(self) -> int:
        return self.probabilities.p.shape[0] if self.probabilities is not None else 0

    def accuracy(self) -> Optional[float]:
        if self.probabilities is None or self.labels is None:
            return None
        return float(np.mean(np.argmax(self.probabilities.p, axis=1) == self.labels))

    def majority(self) -> Optional[float]:
        if self.labels is None:
            return None
        return float(np.max(np.bincount(self.labels)) / self.labels.size)


def snapshot(forward, params: Any, args: Tuple[Any, ...]) -> Snapshot:
    X = args[0] if args else None
    value = call_user("forward(params, X)", forward, params, X)
    layers = [np.asarray(a, dtype=np.float64) for a in value] if isinstance(value, (list, tuple)) \
        else [np.asarray(value, dtype=np.float64)]
    if len(layers) > 1 and X is not None and _same_array(layers[0], X):
        layers = layers[1:]
    output = layers[-1]
    probs, sample_axis = _probabilities(output)
    labels = _labels(args[1] if len(args) > 1 else None, output, sample_axis, probs)
    m = probs.p.shape[0] if probs is not None else None
    hidden = []
    for i, a in enumerate(layers[:-1], start=1):
        oriented = _samples_first(a, m, sample_axis, output.shape)
        if oriented is not None:
            hidden.append(Hidden(i, oriented, _kind(oriented)))
    return Snapshot(output, probs, labels, tuple(hidden), sample_axis)


def _same_array(a: np.ndarray, b: Any) -> bool:
    try:
        return a.shape == np.shape(b) and np.array_equal(a, np.asarray(b, dtype=np.float64))
    except (TypeError, ValueError):
        return False


def _probabilities(out: np.ndarray) -> Tuple[Optional[Probabilities], Optional[int]]:
    if out.size == 0 or not np.all(np.isfinite(out)) or out.min() < 0 or out.max() > 1:
        return None, None
    squeezed = out.reshape(-1) if out.ndim == 1 or (out.ndim == 2 and 1 in out.shape) else None
    if squeezed is not None:
        p = squeezed
        axis = 0 if out.ndim == 1 or out.shape[1] == 1 else 1
        return Probabilities(np.column_stack([1 - p, p]), 2), axis
    if out.ndim != 2:
        return None, None
    for class_axis in (1, 0):
        if np.allclose(out.sum(axis=class_axis), 1.0, atol=1e-6):
            p = out if class_axis == 1 else out.T
            return Probabilities(p, out.shape[class_axis]), 1 - class_axis
    return None, None


def _labels(y: Any, out: np.ndarray, sample_axis: Optional[int],
            probs: Optional[Probabilities]) -> Optional[np.ndarray]:
    if y is None or probs is None:
        return None
    try:
        y = np.asarray(y, dtype=np.float64)
    except (TypeError, ValueError):
        return None
    m, k = probs.p.shape
    if y.shape == out.shape and out.ndim == 2 and 1 not in out.shape:
        one_hot = y if sample_axis == 0 else y.T
        if np.all((one_hot == 0) | (one_hot == 1)) and np.all(one_hot.sum(axis=1) == 1):
            return np.argmax(one_hot, axis=1)
        return None
    flat = y.reshape(-1)
    if flat.size == m and np.all(flat == np.round(flat)) and flat.min() >= 0 and flat.max() < k:
        return flat.astype(np.int64)
    return None


def _samples_first(a: np.ndarray, m: Optional[int], sample_axis: Optional[int],
                   out_shape: Tuple[int, ...]) -> Optional[np.ndarray]:
    if a.ndim != 2 or m is None:
        return None
    if sample_axis is not None and a.shape[sample_axis] == m and len(out_shape) == 2:
        return a if sample_axis == 0 else a.T
    if a.shape[0] == m and a.shape[1] != m:
        return a
    if a.shape[1] == m and a.shape[0] != m:
        return a.T
    return None


def _kind(a: np.ndarray) -> str:
    """Guess the activation from the values: exact zeros mean ReLU, [0, 1] sigmoid, [-1, 1] tanh."""
    if not np.all(np.isfinite(a)):
        return "other"
    lo, hi = float(a.min()), float(a.max())
    if lo >= 0 and np.any(a == 0):
        return "relu"
    if lo >= 0 and hi <= 1:
        return "sigmoid"
    if lo >= -1 and hi <= 1:
        return "tanh"
    return "relu" if lo >= 0 else "other"
