"""The gradient a step is compared with: the user's own, or the true one from central differences.

The numerical gradient reuses the checker's engine (`fd`): the cost's measured noise sets the step
h = eps_f^(1/3) max(1, |x|), two step sizes give Richardson's estimate, and each entry carries an
error bound (10 noise standard deviations plus the estimated truncation error) that the fit of the
learning rate takes into account.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any, Callable, Optional, Tuple

import numpy as np

from .. import fd
from ..errors import InputError
from ..params import Layout
from ..problem import Problem
from ..tolerances import NOISE_SIGMAS


@dataclass(frozen=True)
class ReferenceGradient:
    values: np.ndarray       # flat float64
    error: np.ndarray        # absolute error bound per entry (0 for the user's own gradient)
    source: str              # "grad" (the user's) | "numerical" (central differences of the cost)
    evaluations: int = 0


def make_problem(layout: Layout, x: np.ndarray, args: Tuple[Any, ...], *,
                 cost: Optional[Callable], grad: Optional[Callable]) -> Problem:
    """A Problem only for its validated, copy-protected calls of cost and grad."""
    return Problem(layout=layout, x0=x.copy(), args=copy.deepcopy(args), user_cost=cost,
                   user_grad=grad if grad is not None else _no_grad,
                   _args_snapshot=copy.deepcopy(args))


def _no_grad(*_args: Any) -> Any:  # pragma: no cover - never called: only cost is used
    raise InputError("no gradient function was given.")


def reference_at(problem: Problem, numerical: bool, seed: int = 0
                 ) -> Callable[[np.ndarray, np.ndarray], ReferenceGradient]:
    """The reference gradient (true or the user's, as the step is compared with) at another
    point, for some entries: what a step diagnosis needs to test where a gradient was taken."""
    def at(x: np.ndarray, indices: np.ndarray) -> ReferenceGradient:
        if numerical:
            return numerical_gradient(problem, x, seed, indices)
        full = user_gradient(problem, x)
        return ReferenceGradient(full.values[indices], full.error[indices], full.source)
    return at


def user_gradient(problem: Problem, x: np.ndarray) -> ReferenceGradient:
    g = problem.gradient(x)
    rounding = 1e3 * fd.EPS64 * np.max(np.abs(g), initial=0.0) * np.ones_like(g)
    return ReferenceGradient(values=g, error=rounding, source="grad")


def numerical_gradient(problem: Problem, x: np.ndarray, seed: int = 0,
                       indices: Optional[np.ndarray] = None) -> ReferenceGradient:
    """The true gradient by central differences with Richardson's refinement: every entry, or
    only `indices` (values and errors then hold those entries, in that order)."""
    rng = np.random.default_rng(seed)
    representable = problem.layout.representable
    before = problem.evaluations
    f0 = problem.cost(x)
    noise = fd.estimate_noise(problem.cost, x, f0, rng, representable)
    steps = fd.choose_steps(x, noise.relative)
    every = np.arange(x.size) if indices is None else np.asarray(indices, dtype=np.int64)
    first = fd.central(problem.cost, x, every, steps, noise.sigma, representable)
    second = fd.central(problem.cost, x, every, steps, noise.sigma, representable, scale=2.0)
    refined = fd.refine(first, second, f0, noise.sigma)
    error = NOISE_SIGMAS * refined.noise_error + refined.truncation
    return ReferenceGradient(values=refined.numeric, error=error, source="numerical",
                             evaluations=problem.evaluations - before)
