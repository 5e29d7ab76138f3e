"""The training run itself: N steps from a private copy, recording the loss and the step sizes.

A non-finite loss or parameter ends the run early (that is a symptom, `loss-diverged`, not an input
error).  The run records per block the RMS of each step's change, and with a gradient function its
RMS at the first and the last point, for the exploding/vanishing rules.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, List, Optional, Tuple

import numpy as np

from ..errors import InputError, call_user, describe
from ..params import Layout
from ..problem import real_numbers
from .stepping import StepRunner


@dataclass(frozen=True, eq=False)
class Trajectory:
    losses: np.ndarray               # n_done + 1 values, the first at the initial parameters
    update_rms: np.ndarray           # (n_done, n_blocks): RMS per entry of each step's change
    x0: np.ndarray
    x_final: np.ndarray              # the last finite parameters
    diverged_at: Optional[int]       # the step after which the loss/params became non-finite
    grad_rms_start: Optional[np.ndarray]   # per block, with a gradient function
    grad_rms_end: Optional[np.ndarray]

    @property
    def n_steps(self) -> int:
        return len(self.losses) - 1


def loss_of(layout: Layout, cost: Callable, args: Tuple[Any, ...]) -> Callable[[np.ndarray], float]:
    def J(x: np.ndarray) -> float:
        value = call_user("cost(params, *args)", cost, layout.unflatten(x), *args)
        if isinstance(value, tuple) and len(value) == 2 and np.size(value[0]) == 1:
            value = value[0]
        # None, text and complex values are refused as the check refuses them; a non-finite
        # loss is allowed here, since divergence is what training looks for
        arr = real_numbers(value, "cost(params, *args) returned", "one number")
        if arr.size != 1:
            raise InputError(f"cost(params, *args) should return one number, got {describe(value)}; "
                             "did you forget to sum or average the loss?")
        return float(arr.reshape(()))
    return J


def block_rms(layout: Layout, flat: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore", invalid="ignore"):  # a blown-up run is reported, not warned about
        return np.array([float(np.sqrt(np.mean(flat[b.slice] ** 2))) for b in layout.blocks])


def train(runner: StepRunner, J: Callable[[np.ndarray], float], x0: np.ndarray, n_steps: int,
          gradient: Optional[Callable[[np.ndarray], np.ndarray]] = None) -> Trajectory:
    layout = runner.layout
    x = x0.copy()
    losses: List[float] = [J(x)]
    updates: List[np.ndarray] = []
    diverged_at = None if np.isfinite(losses[0]) else 0
    grad_start = block_rms(layout, gradient(x)) if gradient is not None and diverged_at is None else None
    for t in range(n_steps if diverged_at is None else 0):
        try:
            x_new = runner(x)
        except InputError as exc:
            if "non-finite" not in str(exc):
                raise
            diverged_at = t + 1
            losses.append(float("nan"))
            break
        with np.errstate(over="ignore", invalid="ignore"):
            change = x_new - x
        updates.append(block_rms(layout, change))
        loss = J(x_new)
        losses.append(loss)
        if not np.isfinite(loss):
            diverged_at = t + 1
            break
        x = x_new
    grad_end = None
    if gradient is not None and grad_start is not None:
        try:
            grad_end = block_rms(layout, gradient(x))
        except InputError:
            grad_end = None
    upd = np.array(updates) if updates else np.zeros((0, len(layout.blocks)))
    return Trajectory(losses=np.array(losses), update_rms=upd, x0=x0, x_final=x,
                      diverged_at=diverged_at, grad_rms_start=grad_start, grad_rms_end=grad_end)
