"""The true derivative of the cost with respect to one of the user's forward intermediates.

A forward array u (`z2`, `scores`, the argument of the user's `sigmoid`) is replaced, at the
moment its line binds it, by u + t v, and the cost is evaluated again (`observe.record_lines`
does the replacing). Two evaluations per direction give <dJ/du, v>; one direction per entry gives
dJ/du itself, for small intermediates. The differences, steps and noise allowances are the main
check's own (`fd.central`, `fd.choose_steps`, ten noise standard deviations), so a candidate
adjoint is judged exactly as a parameter gradient entry is.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional, Sequence

import numpy as np

from . import fd
from .observe import Binding, BindingKey, record_lines

NOISE_SIGMAS = 10.0
N_DIRECTIONS = 3
RELATIVE_SLACK = 1e-5     # truncation and rounding of a difference quotient, relative
DISAGREE_RELATIVE = 1e-3  # a disagreement must be this large relative, and 10x the tolerance


@dataclass
class Derivative:
    """What was measured about dJ/du for one forward intermediate u."""

    binding: Binding
    directions: np.ndarray          # (k, size): v_k, flattened like u
    along: np.ndarray               # (k,): <dJ/du, v_k>
    along_tol: np.ndarray           # (k,): noise-based tolerance of each
    full: Optional[np.ndarray] = None      # dJ/du entry by entry (u's shape), small u only
    full_tol: Optional[np.ndarray] = None


class CostOfIntermediate:
    """J as a function of one forward intermediate's value, the rest of the program unchanged."""

    def __init__(self, cost: Callable[[], float], key: BindingKey, counter: Callable[[], None]):
        self._cost = cost
        self._key = key
        self._count = counter

    def __call__(self, value: np.ndarray, shape, dtype) -> float:
        new = np.asarray(value, dtype=np.float64).reshape(shape).astype(dtype, copy=False)
        result, rec = record_lines(self._cost, inject=self._key, replace=lambda _old: new.copy())
        self._count()
        if not rec.injected:
            raise _NotReplayed(self._key)
        return float(result)


class _NotReplayed(Exception):
    """The perturbed run did not bind the intermediate again (the code is not deterministic)."""


def measure(J: CostOfIntermediate, binding: Binding, noise_sigma: float, noise_relative: float,
            rng: np.random.Generator, full: bool) -> Derivative:
    """<dJ/du, v> along a few random directions, and every dJ/du_i when `full`."""
    u = np.asarray(binding.value, dtype=np.float64).ravel()
    shape, dtype = binding.shape, np.dtype(binding.dtype)
    steps = fd.choose_steps(u, noise_relative)
    factor = float(steps[0] / max(1.0, abs(u[0]))) if u.size else 1e-6

    def along_line(v: np.ndarray):
        # phi(s) = J(u + s v) at s = 0: the main check's central difference with step `factor`
        phi = lambda s: J(u + s[0] * v, shape, dtype)  # noqa: E731
        d = fd.central(phi, np.zeros(1), np.zeros(1, dtype=np.int64), np.array([factor]),
                       noise_sigma, _identity)
        return float(d.numeric[0]), float(d.noise_error[0])

    dirs = np.empty((N_DIRECTIONS, u.size))
    along = np.empty(N_DIRECTIONS)
    tol = np.empty(N_DIRECTIONS)
    for k in range(N_DIRECTIONS):
        v = rng.choice([-1.0, 1.0], size=u.size) * steps / factor
        dirs[k] = v
        along[k], noise = along_line(v)
        tol[k] = NOISE_SIGMAS * noise
    out = Derivative(binding, dirs, along, tol)
    if full:
        d = fd.central(lambda y: J(y, shape, dtype), u, np.arange(u.size), steps, noise_sigma,
                       _identity)
        out.full = d.numeric.reshape(shape)
        out.full_tol = (NOISE_SIGMAS * d.noise_error).reshape(shape)
    return out


def _identity(x: np.ndarray) -> np.ndarray:
    return x


# -- comparing a candidate adjoint with a measured derivative ---------------------------------

@dataclass(frozen=True)
class Comparison:
    verdict: str            # "agree" | "disagree" | "unclear"
    factor: float           # the factor it agrees with (1 or a batch size), or the best one tried
    transposed: bool
    worst_relative: float   # largest relative disagreement seen (for the message)


def oriented(candidate: np.ndarray, shape) -> Optional[tuple]:
    """The candidate as an array of the intermediate's shape: itself, or its transpose."""
    c = np.asarray(candidate, dtype=np.float64)
    if c.shape == tuple(shape):
        return c, False
    if c.ndim == 2 and c.T.shape == tuple(shape):
        return c.T, True
    return None


def compare(candidate: np.ndarray, derivative: Derivative, factors: Sequence[float]) -> Comparison:
    """Does `candidate` equal c * dJ/du for one allowed c (1, or a batch size the user's code
    folds in later)?  Judged along the measured directions (and entry by entry when measured)."""
    got = oriented(candidate, derivative.binding.shape)
    if got is None:
        return Comparison("unclear", 1.0, False, float("nan"))
    b, transposed = got
    flat = b.ravel()
    A = derivative.directions @ flat
    scale_b = np.abs(derivative.directions) @ np.abs(flat)
    best = None
    for c in factors:
        cd = c * derivative.along
        err = np.abs(A - cd)
        tol = c * derivative.along_tol + RELATIVE_SLACK * (scale_b + np.abs(cd))
        rel = err / np.maximum(np.maximum(np.abs(A), np.abs(cd)), 1e-300)
        agree = bool(np.all(err <= tol))
        if agree and derivative.full is not None:
            ferr = np.abs(b - c * derivative.full)
            ftol = c * derivative.full_tol + RELATIVE_SLACK * (np.abs(b) + c * np.abs(derivative.full)) \
                + RELATIVE_SLACK * np.max(np.abs(b))
            agree = bool(np.all(ferr <= ftol))
        if agree:
            return Comparison("agree", float(c), transposed, float(np.max(rel)))
        disagree = bool(np.any((err > 10 * tol) & (rel > DISAGREE_RELATIVE)))
        worst = float(np.max(rel))
        if best is None or (disagree, -worst) > (best[0], -best[2]):
            best = (disagree, c, worst)
    disagree_all = all(_disagrees(b, derivative, c) for c in factors)
    return Comparison("disagree" if disagree_all else "unclear", float(best[1]), transposed,
                      float(best[2]))


def _disagrees(b: np.ndarray, derivative: Derivative, c: float) -> bool:
    flat = b.ravel()
    A = derivative.directions @ flat
    cd = c * derivative.along
    scale_b = np.abs(derivative.directions) @ np.abs(flat)
    tol = c * derivative.along_tol + RELATIVE_SLACK * (scale_b + np.abs(cd))
    rel = np.abs(A - cd) / np.maximum(np.maximum(np.abs(A), np.abs(cd)), 1e-300)
    return bool(np.any((np.abs(A - cd) > 10 * tol) & (rel > DISAGREE_RELATIVE)))
