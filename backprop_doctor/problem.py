"""Input adapters: whatever the user hands us becomes one `Problem` of flat float64 functions.

A Problem owns private copies of the parameters and data.  Every call to the user's code gets a
freshly built parameter structure, and the data it is given is compared with our snapshot, so
the user's code can neither damage the user's arrays nor the check; when it changes its inputs in
place we record that (rule `params-mutated`) and hand it a fresh copy of the data on every call.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

import numpy as np

from .errors import InputError, call_user, describe
from .params import Layout, flat_point


# The parameters a call was given are compared with what it was given after each of the first
# ALWAYS_COMPARED calls, then after every COMPARE_EVERY-th: code that changes them in place does it
# on every call, and the comparison is a pass over all P parameters (a cheap cost is a few).
# Every call gets fresh copies whatever: this only decides how often a change is looked for.
ALWAYS_COMPARED = 64
COMPARE_EVERY = 16


@dataclass
class MutationLog:
    """What the user's functions changed in place, by function and by input."""

    events: List[Tuple[str, str]] = field(default_factory=list)  # (function, what)

    def add(self, function: str, what: str) -> None:
        if (function, what) not in self.events:
            self.events.append((function, what))


@dataclass
class Problem:
    layout: Layout
    x0: np.ndarray                      # float64, private
    args: Tuple[Any, ...]               # private deep copy
    user_cost: Optional[Callable]
    user_grad: Callable
    forward: Optional[Callable] = None
    loss: Optional[Callable] = None
    mutations: MutationLog = field(default_factory=MutationLog)
    evaluations: int = 0
    gradient_calls: int = 0
    _args_snapshot: Tuple[Any, ...] = ()
    _copy_args_each_call: bool = False
    _args_checks_left: int = 4
    _calls_seen: int = 0
    # where the block names came from (see api._layout): diagnosis may trust block structure
    # only when it was given or inferred, not for one flat block "theta"
    layout_info: Optional[Dict[str, Any]] = None

    # -- the two functions the checker needs -------------------------------------------------
    def cost(self, x: np.ndarray) -> float:
        """The user's cost at flat point x, validated to be one finite number."""
        params = self.layout.unflatten(x)
        value, where, args = self.call_cost(params)
        self._after_call("cost" if self.forward is None else "forward/loss", params, x, args)
        return _as_cost_value(value, where, x, self.layout)

    def call_cost(self, params: Any, args: Optional[Tuple[Any, ...]] = None
                  ) -> Tuple[Any, str, Tuple[Any, ...]]:
        """The one place the user's cost (or forward then loss) is called and counted: real
        points (`cost`), complex ones (complex_step.ComplexCost) and other data (the batch
        probes) all come through here.  Returns the raw value, where it came from (for
        messages) and the args it was given."""
        args = self._call_args() if args is None else args
        if self.forward is not None:
            output = call_user("forward(params, X)", self.forward, params, args[0])
            _check_forward_output(output)
            value = call_user("loss(output, y)", self.loss, output, *args[1:])
            where = "loss(forward(params, X), y)"
        else:
            value = call_user("cost(params, *args)", self.user_cost, params, *args)
            where = "cost(params, *args)"
        self.evaluations += 1
        return value, where, args

    def add_evaluations(self, count: int, mutations: Sequence[Tuple[str, str]] = ()) -> None:
        """Calls made on a copy of this problem (a worker process, a one-sample probe) counted
        here, with what they saw changed in place: n_evaluations counts every call."""
        self.evaluations += int(count)
        for function, what in mutations:
            self.mutations.add(function, what)

    def gradient(self, x: np.ndarray) -> np.ndarray:
        """The user's gradient at x as a flat float64 vector in the layout's order."""
        params = self.layout.unflatten(x)
        args = self._call_args()
        value = call_user("grad(params, *args)", self.user_grad, params, *args)
        self.gradient_calls += 1
        self._after_call("grad", params, x, args)
        if isinstance(value, tuple) and len(value) == 2 and np.size(value[0]) == 1 \
                and not self.layout.tree[0] == "seq":
            value = value[1]  # a (cost, grad) pair, as Octave-style nnCostFunction returns
        flat = self.layout.flatten(value, what="the gradient")
        if not np.all(np.isfinite(flat)):
            bad = int(np.flatnonzero(~np.isfinite(flat))[0])
            raise InputError(f"the gradient contains {flat[bad]} (first at {self.layout.label(bad)}); "
                             "a gradient must be finite to be checked.")
        return flat

    # -- data protection ----------------------------------------------------------------------
    def _call_args(self) -> Tuple[Any, ...]:
        if self._copy_args_each_call:
            return copy.deepcopy(self._args_snapshot)
        return self.args

    def _after_call(self, function: str, params: Any, x: np.ndarray, args: Tuple[Any, ...]) -> None:
        self._calls_seen += 1
        if self._calls_seen > ALWAYS_COMPARED and self._calls_seen % COMPARE_EVERY \
                and function != "grad":
            same = True     # every call gets fresh copies anyway; the comparison only reports
        else:
            same = self._params_unchanged(params, x)
        if not same:
            self.mutations.add(function, "the parameters")
        self._check_args(function, args)

    def _params_unchanged(self, params: Any, x: np.ndarray) -> bool:
        expected = x if self.layout.all_float64 else self.layout.representable(x)
        # compared in place, block by block (a flat copy per call cost 3x a cheap cost at 80k
        # parameters); x is finite (checked on entry), so a NaN that appears is a change
        same = self.layout.holds(params, expected)
        if same is None:    # no longer what was built: flatten it, or it was replaced
            try:
                same = bool(np.array_equal(expected, self.layout.flatten(params)))
            except InputError:
                same = False  # the function replaced parts of the structure: that is a change too
        return same

    def _check_args(self, function: str, args: Tuple[Any, ...]) -> None:
        if self._args_checks_left > 0 or self._copy_args_each_call:
            self._args_checks_left -= 1
            changed = _changed_args(self._args_snapshot, args)
            if changed:
                for name in changed:
                    self.mutations.add(function, name)
                if not self._copy_args_each_call:
                    self._copy_args_each_call = True
                    self.args = copy.deepcopy(self._args_snapshot)

    def uses_float32(self) -> List[str]:
        """Names of float32 parameter blocks and data arrays."""
        names = self.layout.low_precision_blocks()
        for i, a in enumerate(self.args):
            if isinstance(a, np.ndarray) and a.dtype == np.float32:
                names.append(f"args[{i}]")
        return names


def _changed_args(snapshot: Tuple[Any, ...], current: Tuple[Any, ...]) -> List[str]:
    changed = []
    for i, (before, after) in enumerate(zip(snapshot, current)):
        if not _same(before, after):
            changed.append(f"args[{i}]")
    return changed


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return (isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and a.shape == b.shape
                and np.array_equal(a, b, equal_nan=a.dtype.kind in "fc"))
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    try:
        return bool(a == b)
    except Exception:  # noqa: BLE001 - objects without equality: assume unchanged
        return True


def _as_cost_value(value: Any, where: str, x: np.ndarray, layout: Layout) -> float:
    if isinstance(value, tuple) and len(value) == 2 and _is_one_number(value[0]):
        value = value[0]  # a (cost, grad) pair
    arr = real_numbers(value, f"{where} returned", "one number")
    if arr.size != 1:
        raise InputError(f"{where} should return one number (a float or a size-1 array), got "
                         f"{describe(value)}; did you forget to sum or average the loss?")
    f = float(arr.reshape(()))
    if not np.isfinite(f):
        raise InputError(f"{where} returned {f} at the parameters being checked; a gradient check "
                         "needs a finite cost (look for log(0), exp overflow or a division by zero; "
                         "clipping probabilities with np.clip(p, 1e-12, 1 - 1e-12) is the usual fix).")
    return f


def _check_forward_output(output: Any) -> None:
    """The network's output: numbers (or a tuple of them), never None, text or loose objects."""
    if output is None or isinstance(output, (str, bytes)) or (
            isinstance(output, np.ndarray) and output.dtype.kind not in "biufc"):
        raise InputError(f"forward(params, X) returned {describe(output)}"
                         f"{' (missing return?)' if output is None else ''}; it should return the "
                         "network's output, an array of numbers.")


def _is_one_number(value: Any) -> bool:
    try:
        return np.size(value) == 1 and not isinstance(value, (str, bytes))
    except Exception:  # noqa: BLE001 - ragged or odd objects are not a number
        return False


def real_numbers(value: Any, what: str, expected: str) -> np.ndarray:
    """`value` as float64, refusing what would be coerced silently: None (a missing return), a
    string ("1.0" would parse), an object array, complex numbers with an imaginary part."""
    if value is None:
        raise InputError(f"{what} None (missing return?); it should return {expected}.")
    if isinstance(value, (str, bytes)):
        raise InputError(f"{what} a string {value!r:.40}; it should return {expected}, not text.")
    try:
        arr = np.asarray(value)
    except Exception:  # noqa: BLE001 - ragged sequences and odd objects
        raise InputError(f"{what} {describe(value)}; it should return {expected}.") from None
    if arr.dtype.kind == "c":
        if np.any(arr.imag != 0):
            raise InputError(f"{what} a complex value {describe(value)} with a non-zero imaginary "
                             f"part; it should return {expected} (real). Dropping the imaginary "
                             "part would check a different function.")
        arr = arr.real
    if arr.dtype.kind not in "biuf":
        raise InputError(f"{what} {describe(value)}; it should return {expected}.")
    return arr.astype(np.float64)


def from_functions(cost: Optional[Callable], grad: Callable, params: Any, args: Any = (), *,
                   blocks: Optional[str] = None, order: str = "C",
                   forward: Optional[Callable] = None, loss: Optional[Callable] = None) -> Problem:
    """Build a Problem from a cost/grad pair or a forward/loss/grad triple."""
    if not callable(grad):
        raise InputError(f"grad should be a function grad(params, *args), got {describe(grad)}.")
    if forward is not None or loss is not None:
        if forward is None or loss is None:
            raise InputError("give both forward and loss (the cost checked is loss(forward(params, X), y)).")
        if not callable(forward) or not callable(loss):
            raise InputError("forward and loss must be functions.")
    elif cost is None or not callable(cost):
        raise InputError(f"cost should be a function cost(params, *args), got {describe(cost)}.")
    args = tuple(args) if isinstance(args, tuple) else (args,)
    if forward is not None and len(args) < 2:
        raise InputError("with forward and loss, args must be (X, y): forward(params, X) and "
                         "loss(output, y) are called with them.")
    layout, x0 = flat_point(params, blocks, order)
    private_args = copy.deepcopy(args)
    return Problem(layout=layout, x0=x0, args=private_args, user_cost=cost, user_grad=grad,
                   forward=forward, loss=loss, _args_snapshot=copy.deepcopy(args))


def user_functions_by_file(problem: Problem, *extra: Optional[Callable]) -> Dict[str, List[Callable]]:
    """The user's functions grouped by source file (for the static lint beside the check)."""
    import inspect

    files: Dict[str, List[Callable]] = {}
    for fn in (problem.user_cost, problem.user_grad, problem.forward, problem.loss) + extra:
        if fn is None:
            continue
        try:
            path = inspect.getsourcefile(inspect.unwrap(fn))
        except (TypeError, OSError):
            continue
        if path and path.endswith(".py"):
            files.setdefault(path, []).append(fn)
    return files
