"""Plain full-batch gradient descent over any parameter structure, for the training sanity tests.

A right gradient must make a small net learn; a wrong one (a seed's bug) must reproduce the seed's
symptom.  The step is the textbook `p - lr * g` on every array of the structure (an array, a
list/tuple of arrays, or a dict name -> array, nested), on copies: the caller's params are kept.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Optional, Tuple

import numpy as np


@dataclass(frozen=True)
class Descent:
    params: Any                 # the final parameters, in the structure given
    costs: Tuple[float, ...]    # cost before each step and after the last (empty without `cost`)


def tree_map(fn, *trees):
    """Apply `fn` leaf by leaf to structures of the same shape (dict, list, tuple, array)."""
    first = trees[0]
    if isinstance(first, dict):
        return {k: tree_map(fn, *(t[k] for t in trees)) for k in first}
    if isinstance(first, (list, tuple)):
        return type(first)(tree_map(fn, *parts) for parts in zip(*trees))
    return fn(*trees)


def descend(grad: Callable, params: Any, args: tuple = (), *, lr: float, iterations: int,
            cost: Optional[Callable] = None) -> Descent:
    if lr <= 0 or iterations < 0:
        raise ValueError(f"need lr > 0 and iterations >= 0, got lr={lr}, iterations={iterations}")
    params = tree_map(lambda p: np.array(p, dtype=np.float64), params)
    costs = []
    for _ in range(iterations):
        if cost is not None:
            costs.append(float(cost(params, *args)))
        params = tree_map(lambda p, g: p - lr * np.asarray(g, dtype=np.float64), params,
                          grad(params, *args))
    if cost is not None:
        costs.append(float(cost(params, *args)))
    return Descent(params=params, costs=tuple(costs))
