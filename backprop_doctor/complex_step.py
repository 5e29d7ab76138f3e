"""Complex-step derivatives: exact to machine precision, no step to pick (opt-in).

For a cost that is real-analytic and written so that complex numbers flow through it,

    f(x + i h e_k) = f(x) + i h f'_k(x) - h^2/2 f''_kk(x) + ...   so   f'_k = Im f(x + i h e_k) / h

with an error of order h^2 |f'''| and no subtraction, hence no cancellation: h = 1e-20 gives the
derivative to the last bits (Squire & Trapp 1998; Martins, Sturdza & Alonso 2003).  One
evaluation per entry instead of two, and the result is as exact as the analytic gradient.

It only works when the code keeps the imaginary part: abs() (returns a real magnitude), clip at its
bounds, `.real`, float() and np.float64() casts and `astype(float)` drop it; comparisons
(np.maximum, ReLU masks) order complex numbers by their real part, which is right away from kinks.
Before trusting it we compare one complex-step directional derivative with finite differences
along the same direction; a disagreement means the code is not complex-safe, and we say so.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass, replace
from typing import Any, Optional

import numpy as np

from . import fd
from .errors import InputError, UserCodeError, describe
from .params import Layout

STEP = 1e-20
PROBE_RTOL = 1e-6            # complex step vs Richardson finite differences along one direction
_UNSAFE_HINT = ("something in the cost drops the imaginary part: abs(), np.clip at its bounds, "
                "`.real`, float(...), np.float64(...), .astype(float) or an array created with "
                "dtype=float that the values are copied into")


class NotComplexSafe(InputError):
    """The cost does not carry complex numbers through, so complex steps would give wrong numbers."""


@dataclass(frozen=True)
class ComplexStepCheck:
    """Complex-step derivatives of the cost next to the analytic gradient."""

    indices: np.ndarray          # flat entries checked
    analytic: np.ndarray
    numeric: np.ndarray          # Im f(x + i h e_k) / h
    rel_error: np.ndarray        # |a - n| / max(|a|, |n|, floor)
    max_rel_error: float
    relative_difference: float   # ||a - n|| / ||a + n||
    n_evaluations: int
    step: float = STEP


class ComplexCost:
    """The problem's cost at complex points: the user's own functions, fed complex arrays."""

    def __init__(self, problem):
        self.problem = problem
        self.layout = _complex_layout(problem.layout)

    def __call__(self, z: np.ndarray) -> complex:
        p = self.problem
        params = self.layout.unflatten(z) if not self.layout.is_flat else \
            np.array(z, dtype=np.complex128).reshape(self.layout.tree[2])
        with warnings.catch_warnings():
            warnings.simplefilter("error", np.exceptions.ComplexWarning)
            try:
                value, _, _ = p.call_cost(params)
            except UserCodeError as exc:
                if isinstance(exc.original, (np.exceptions.ComplexWarning, TypeError)):
                    raise NotComplexSafe(
                        f"complex-step mode needs a cost that accepts complex parameters, and "
                        f"{exc.where} failed on them: {type(exc.original).__name__}: "
                        f"{exc.original}. {_UNSAFE_HINT[0].upper() + _UNSAFE_HINT[1:]}. Use the "
                        "default finite differences (drop complex_step), or make the code "
                        f"complex-safe.\n{exc.user_traceback}") from None
                raise
        return _as_complex_value(value)


def _complex_layout(layout: Layout) -> Layout:
    blocks = tuple(replace(b, dtype=np.dtype(np.complex128)) for b in layout.blocks)
    tree = layout.tree
    if tree[0] == "flat":
        tree = ("flat", np.dtype(np.complex128)) + tuple(tree[2:])
    return Layout(blocks, tree)


def _as_complex_value(value: Any) -> complex:
    if isinstance(value, tuple) and len(value) == 2 and np.size(value[0]) == 1:
        value = value[0]      # a (cost, grad) pair
    arr = np.asarray(value)
    if arr.size != 1 or arr.dtype == object:
        raise InputError(f"the cost should return one number, got {describe(value)}.")
    if not np.iscomplexobj(arr):
        raise NotComplexSafe(
            f"the cost returned a real {arr.dtype} for complex parameters, so the imaginary part "
            f"that carries the derivative was lost: {_UNSAFE_HINT}. Use the default finite "
            "differences (drop complex_step), or make the code complex-safe.")
    return complex(arr.reshape(()))


def complex_step_derivatives(problem, x: np.ndarray, indices: np.ndarray,
                             step: float = STEP) -> np.ndarray:
    """Im f(x + i h e_k) / h for each k in indices; one evaluation each, O(P) memory."""
    J = ComplexCost(problem)
    z = np.asarray(x, dtype=np.complex128).copy()
    out = np.empty(len(indices))
    for j, k in enumerate(np.asarray(indices, dtype=np.int64)):
        z[k] = complex(x[k], step)
        out[j] = J(z).imag / step
        z[k] = x[k]
    return out


def directional_complex_step(problem, x: np.ndarray, direction: np.ndarray,
                             step: float = STEP) -> float:
    """Im f(x + i h d) / h = grad f . d, from one evaluation."""
    return ComplexCost(problem)(np.asarray(x, dtype=np.float64) + 1j * step * direction).imag / step


def assert_complex_safe(problem, x: np.ndarray, rng: np.random.Generator,
                        step: float = STEP) -> None:
    """Compare a complex-step directional derivative with Richardson finite differences.

    Code that drops the imaginary part somewhere (abs on one path) still returns a complex
    number, only with the wrong derivative: this comparison is what catches it.
    """
    scale = np.maximum(np.abs(x), 1.0)
    d = rng.choice([-1.0, 1.0], size=x.size) * rng.uniform(0.5, 1.5, x.size) * scale
    d /= np.linalg.norm(d)
    exact = directional_complex_step(problem, x, d, step)
    h = 1e-4 * float(np.max(scale))
    richardson = fd.directional(problem.cost, x, d, h)
    size = max(abs(exact), abs(richardson))
    if abs(exact - richardson) > PROBE_RTOL * size + 1e-10 * max(abs(problem.cost(x)), 1.0):
        raise NotComplexSafe(
            f"along a random direction the complex-step derivative is {exact:.10g} but finite "
            f"differences give {richardson:.10g}: {_UNSAFE_HINT}, so complex steps would report "
            "wrong derivatives. Use the default finite differences (drop complex_step), or make "
            "the code complex-safe.")


def check_complex_step(problem, indices: Optional[np.ndarray] = None, *, seed: int = 0,
                       step: float = STEP, verify: bool = True) -> ComplexStepCheck:
    """Complex-step derivatives for `indices` (every entry by default) against the analytic
    gradient; raises NotComplexSafe when the cost does not carry complex numbers through."""
    x = problem.layout.representable(problem.x0)
    start = problem.evaluations
    analytic_all = problem.gradient(x)
    idx = np.arange(x.size) if indices is None else np.asarray(indices, dtype=np.int64)
    if verify:
        assert_complex_safe(problem, x, np.random.default_rng(seed), step)
    numeric = complex_step_derivatives(problem, x, idx, step)
    analytic = analytic_all[idx]
    floor = 1e-3 * _block_scale(problem.layout, analytic_all)[idx]
    rel = np.abs(analytic - numeric) / np.maximum(np.maximum(np.abs(analytic), np.abs(numeric)),
                                                  np.maximum(floor, 1e-300))
    denom = float(np.linalg.norm(analytic + numeric))
    diff = float(np.linalg.norm(analytic - numeric))
    return ComplexStepCheck(idx, analytic, numeric, rel, float(np.max(rel)) if rel.size else 0.0,
                            diff / denom if denom > 0 else (0.0 if diff == 0 else float("inf")),
                            problem.evaluations - start, step)


def _block_scale(layout: Layout, g: np.ndarray) -> np.ndarray:
    """Each entry's block's largest |gradient|: a 1e-17 entry next to 1e-1 ones is rounding."""
    out = np.zeros_like(g)
    for b in layout.blocks:
        out[b.slice] = np.max(np.abs(g[b.slice])) if b.size else 0.0
    return out
