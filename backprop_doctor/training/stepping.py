"""Calling the user's training step on private copies, whatever its calling convention.

Three conventions work:
  * `step(params, *args) -> new_params`            (functional: returns the updated structure)
  * `step(params, *args) -> None`                  (updates the arrays it was given, in place)
  * an object holding the parameters: pass `get_params`/`set_params`, and `step(*args)` is called
    with no parameters (e.g. `step=net.train_step, get_params=lambda: net.weights,
    set_params=lambda w: setattr(net, "weights", w)`).

Every call gets a freshly built copy of the parameters and of the data, so the user's arrays are
never touched; the object's own parameters are put back when the check ends.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any, Callable, Optional, Tuple

import numpy as np

from ..errors import InputError, call_user, describe
from ..params import Layout


@dataclass
class StepRunner:
    """One step from a flat float64 point to the next flat float64 point."""

    step: Callable
    layout: Layout
    args: Tuple[Any, ...]
    get_params: Optional[Callable[[], Any]] = None
    set_params: Optional[Callable[[Any], Any]] = None
    copy_args: bool = True          # a fresh copy of the data for every call (checks); not in runs
    calls: int = 0

    def __call__(self, x: np.ndarray) -> np.ndarray:
        params = self.layout.unflatten(x)
        args = copy.deepcopy(self.args) if self.copy_args else self.args
        self.calls += 1
        if self.set_params is not None:
            call_user("set_params(params)", self.set_params, params)
            call_user("step(*args)", self.step, *args)
            returned = call_user("get_params()", self.get_params)
            return self._flat(returned, "get_params() after the step")
        returned = call_user("step(params, *args)", self.step, params, *args)
        if returned is None:
            return self._flat(params, "the parameters updated in place by the step")
        return self._flat(returned, "what step(params, *args) returned")

    def _flat(self, value: Any, what: str) -> np.ndarray:
        try:
            flat = self.layout.flatten(value, what=what)
        except InputError:
            # (new_params, loss) or (new_params, anything): the params come first.
            if isinstance(value, tuple) and len(value) >= 2:
                try:
                    flat = self.layout.flatten(value[0], what=what)
                except InputError:
                    raise _shape_error(value, what) from None
            else:
                raise _shape_error(value, what) from None
        if not np.all(np.isfinite(flat)):
            bad = int(np.flatnonzero(~np.isfinite(flat))[0])
            raise InputError(f"{what} contains {flat[bad]} (first at {self.layout.label(bad)}); "
                             "the step produced non-finite parameters from finite ones.")
        return flat


def _shape_error(value: Any, what: str) -> InputError:
    return InputError(f"{what} does not have the structure of the parameters (got "
                      f"{describe(value)}). A step must return the updated parameters, or return "
                      "None and update the arrays it was given in place.")


def restore(runner: StepRunner, original: Any) -> None:
    """Put an object's own parameters back after the check (get/set convention only)."""
    if runner.set_params is not None:
        call_user("set_params(params)", runner.set_params, original)
