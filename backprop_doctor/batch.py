"""Batch probes: does one sample's loss depend on another's inputs, and is a bug batch-only?

The sample axis is found from the data's structure: the inputs X and the targets y share one
dimension m (rows of X and entries of y for row-major batches, columns for features x samples).
Everything here is best effort: a cost that cannot run on a slice simply skips the probe.
"""
from __future__ import annotations

from typing import Any, List, Optional, Tuple

import numpy as np

from .errors import InputError, UserCodeError


def find_sample_axis(args: Tuple[Any, ...]) -> Optional[Tuple[int, List[int]]]:
    """(m, axis per argument, -1 for arguments without a sample axis), or None."""
    arrays = [(i, a) for i, a in enumerate(args) if isinstance(a, np.ndarray) and a.ndim >= 1]
    if len(arrays) < 2:
        return None
    X = next((a for _, a in arrays if a.ndim >= 2 and a.dtype.kind == "f"), None)
    if X is None:
        return None
    for axis in (0, X.ndim - 1):
        m = X.shape[axis]
        if m < 3:
            continue
        axes = []
        partners = 0
        for a in args:
            if not isinstance(a, np.ndarray) or a.ndim == 0:
                axes.append(-1)
                continue
            if a is X:
                axes.append(axis)
                continue
            cand = [ax for ax in ((0, a.ndim - 1) if axis == 0 else (a.ndim - 1, 0)) if a.shape[ax] == m]
            if cand:
                axes.append(cand[0])
                partners += 1
            else:
                axes.append(-1)
        if partners and X.shape[X.ndim - 1 - axis if X.ndim == 2 else 0] != m:
            return m, axes
    return None


def slice_args(args, axes, index) -> tuple:
    out = []
    for a, ax in zip(args, axes):
        if ax < 0:
            out.append(a)
        else:
            out.append(np.take(a, index, axis=ax))
    return tuple(out)


def coupling(problem, rng: np.random.Generator, n_samples: int = 3) -> Optional[dict]:
    """Change one sample's input and see whether the batch cost moves like that sample's own cost."""
    found = find_sample_axis(problem.args)
    if found is None or problem.forward is not None:
        return None
    m, axes = found
    x_pos = next(i for i, a in enumerate(problem.args) if axes[i] >= 0 and a.ndim >= 2 and a.dtype.kind == "f")
    X = problem.args[x_pos]
    ratios = []
    try:
        base = _cost(problem, problem.args)
        for j in rng.choice(m, size=min(n_samples, m), replace=False):
            X2 = X.copy()
            sl = [slice(None)] * X.ndim
            sl[axes[x_pos]] = int(j)
            X2[tuple(sl)] = X2[tuple(sl)] + 0.5 * (np.std(X) + 1e-3) * rng.standard_normal(X2[tuple(sl)].shape)
            args2 = problem.args[:x_pos] + (X2,) + problem.args[x_pos + 1:]
            d_batch = _cost(problem, args2) - base
            one = np.array([int(j)])
            d_single = (_cost(problem, slice_args(args2, axes, one))
                        - _cost(problem, slice_args(problem.args, axes, one)))
            if abs(d_single) < 1e-12:
                return None
            ratios.append(d_batch / d_single)
    except (InputError, UserCodeError, ValueError, IndexError):
        return None
    ratios = np.array(ratios)
    spread = float(np.max(ratios) - np.min(ratios)) / max(float(np.max(np.abs(ratios))), 1e-300)
    return {"m": m, "ratios": ratios.tolist(), "spread": spread}


def _cost(problem, args) -> float:
    """The user's cost on other data, with a fresh parameter structure (it may change it)."""
    from .problem import _as_cost_value

    value, where, _ = problem.call_cost(problem.layout.unflatten(problem.x0), args)
    return _as_cost_value(value, where, problem.x0, problem.layout)


def single_sample_failing(problem, report, options, sample: int = 0) -> Optional[List[str]]:
    """Check the gradient on one sample: the blocks that still fail (None if it cannot run)."""
    from .problem import Problem

    found = find_sample_axis(problem.args)
    if found is None or problem.forward is not None:
        return None
    m, axes = found
    if sample >= m:
        return None
    one = slice_args(problem.args, axes, np.array([sample]))
    single = Problem(layout=problem.layout, x0=problem.x0, args=one, user_cost=problem.user_cost,
                     user_grad=problem.user_grad, _args_snapshot=one)
    try:
        r = options.check_again(single)
    except (InputError, UserCodeError, ValueError, IndexError):
        return None
    problem.add_evaluations(single.evaluations)
    return r.failing_blocks


def first_sample_missing(problem, report, options) -> Optional[float]:
    """True when the user's gradient ignores the first sample and uses the others.

    Changing sample 0's input must change the gradient of a cost that uses it; a gradient that
    stays exactly the same, while changing sample 1 does move it, leaves sample 0 out.  Two
    gradient calls, whatever the regularization.
    """
    found = find_sample_axis(problem.args)
    if found is None or problem.forward is not None:
        return None
    m, axes = found
    x_pos = next((i for i, a in enumerate(problem.args)
                  if axes[i] >= 0 and a.ndim >= 2 and a.dtype.kind == "f"), None)
    if x_pos is None:
        return None
    base = problem.gradient(problem.x0)
    moved = []
    rng = np.random.default_rng(getattr(options, "seed", 0))
    for sample in (0, 1):
        X = problem.args[x_pos].copy()
        sl = [slice(None)] * X.ndim
        sl[axes[x_pos]] = sample
        X[tuple(sl)] = X[tuple(sl)] + (np.std(X) + 0.1) * rng.standard_normal(X[tuple(sl)].shape)
        args = problem.args[:x_pos] + (X,) + problem.args[x_pos + 1:]
        try:
            params = problem.layout.unflatten(problem.x0)
            g = problem.layout.flatten(problem.user_grad(params, *args), what="the gradient")
        except Exception:  # noqa: BLE001 - a probe: anything unusual means "no answer"
            return None
        moved.append(float(np.max(np.abs(g - base))))
    scale = float(np.max(np.abs(base))) + 1e-300
    return True if moved[0] <= 1e-12 * scale and moved[1] > 1e-6 * scale else None
