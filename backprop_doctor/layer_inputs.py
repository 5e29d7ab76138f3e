"""Which of a layer's inputs are differentiated, and how its gradients line up with them.

A layer's inputs mix arrays to differentiate (x, w, gamma) with things passed through unchanged:
dicts of settings (bn_param, conv_param), integer indices and labels, boolean masks, and float
hyperparameters given as plain numbers (leaky ReLU's alpha).  By default the differentiated inputs
are the float arrays the backward returns a gradient for; `wrt` names them when that is ambiguous.
"""
from __future__ import annotations

import copy
import inspect
from itertools import combinations
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple, Union

import numpy as np

from .errors import InputError, describe

Inputs = Union[Sequence[Any], Dict[str, Any]]


def named_inputs(forward: Callable, inputs: Inputs) -> Tuple[List[str], List[Any], bool]:
    """Input names (dict keys, else forward's parameter names), values, and whether by keyword."""
    if isinstance(inputs, dict):
        return list(map(str, inputs)), list(inputs.values()), True
    if isinstance(inputs, np.ndarray):
        inputs = (inputs,)
    if not isinstance(inputs, (list, tuple)):
        raise InputError(f"inputs should be a tuple of arrays or a dict name -> array, got {describe(inputs)}.")
    try:
        params = [p.name for p in inspect.signature(forward).parameters.values()
                  if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    except (TypeError, ValueError):
        params = []
    names = [params[i] if i < len(params) else f"inputs[{i}]" for i in range(len(inputs))]
    return names, list(inputs), False


def is_float_array(value: Any) -> bool:
    """A float numpy array (or a list of floats): differentiable.  A plain number is a setting."""
    if isinstance(value, (bool, int, float, complex, np.generic)) or value is None:
        return False
    if isinstance(value, np.ndarray):
        return value.dtype.kind == "f" and value.size > 0
    if isinstance(value, (list, tuple)):
        try:
            arr = np.asarray(value)
        except (ValueError, TypeError):
            return False
        return arr.dtype.kind == "f" and arr.size > 0 and arr.ndim >= 1
    return False


def pass_through_copy(value: Any) -> Any:
    """A fresh copy of a passed-through input for each call, so the user's dict is never changed."""
    try:
        return copy.deepcopy(value)
    except Exception:  # noqa: BLE001 - an uncopyable object is passed as is
        return value


def parse_wrt(wrt: Union[None, str, Sequence[str]]) -> Optional[List[str]]:
    if wrt is None:
        return None
    if isinstance(wrt, str):
        wrt = [w.strip() for w in wrt.split(",") if w.strip()]
    wrt = list(wrt)
    if not wrt:
        raise InputError("--wrt names no input; give the differentiated inputs, e.g. --wrt x,w,b.")
    return wrt


class AmbiguousWrt(InputError):
    """Several float inputs have the gradients' shapes (an MSE loss layer's x and y): `fits`
    lists the possible assignments, inputs in order, the first inputs first."""

    def __init__(self, message: str, fits: List[List[str]]):
        super().__init__(message)
        self.fits = fits


def choose_wrt(names: List[str], values: List[Any], grads: Any, wrt: Optional[List[str]]) -> List[str]:
    """The differentiated inputs: `wrt` when given, else the float arrays the gradients match."""
    floats = [n for n, v in zip(names, values) if is_float_array(v)]
    if wrt is not None:
        unknown = [w for w in wrt if w not in names]
        if unknown:
            raise InputError(f"--wrt names {', '.join(unknown)}, which the layer does not have; its "
                             f"inputs are {', '.join(names)}.")
        not_float = [w for w in wrt if w not in floats]
        if not_float:
            raise InputError(f"--wrt names {', '.join(not_float)}, which is not a float array "
                             f"({'; '.join(describe(values[names.index(w)]) for w in not_float)}); "
                             "only float arrays can be differentiated.")
        return list(wrt)
    if not floats:
        raise InputError("none of the layer's inputs is a float array; nothing to check.")
    if isinstance(grads, dict):
        chosen = [n for n in floats if n in grads and grads[n] is not None]
        if not chosen:
            raise InputError(f"backward returned a dict with keys {sorted(map(str, grads))}, none of "
                             f"which names a float input ({', '.join(floats)}).")
        return chosen
    grads = as_tuple(grads)
    if len(grads) == len(names):
        chosen = [n for n, g in zip(names, grads) if g is not None and n in floats]
        if chosen:
            return chosen
    present = [g for g in grads if g is not None]
    if len(present) == len(floats):
        return floats
    shapes = [np.shape(g) for g in present]
    fits = [combo for combo in combinations(floats, len(present))
            if all(np.shape(values[names.index(n)]) == s for n, s in zip(combo, shapes))]
    if len(fits) == 1:
        return list(fits[0])
    got = ", ".join(str(tuple(s)) for s in shapes) or "none"
    float_desc = ", ".join(f"{n} {tuple(np.shape(values[names.index(n)]))}" for n in floats)
    if len(fits) > 1:
        options = " or ".join(",".join(c) for c in fits)
        raise AmbiguousWrt(f"backward returned {len(present)} gradients (shapes {got}) and the "
                           f"layer has {len(floats)} float inputs ({float_desc}): they could be for "
                           f"{options}. Say which with --wrt (API: wrt=...).",
                           [list(c) for c in fits])
    raise InputError(f"backward returned {len(grads)} gradients (shapes {got}); the layer has "
                     f"{len(names)} inputs ({', '.join(names)}), of which the float arrays are "
                     f"{float_desc}: return one gradient per input, in order (None for labels and "
                     "settings), or name the differentiated ones with --wrt.")


def grads_by_name(grads: Any, names: List[str], wrt: List[str], floats: List[str]) -> Dict[str, Any]:
    """Map what backward returned onto the differentiated inputs."""
    if isinstance(grads, dict):
        missing = [n for n in wrt if n not in grads or grads[n] is None]
        if missing:
            raise InputError(f"backward returned a dict without {missing}.")
        return {n: grads[n] for n in wrt}
    grads = as_tuple(grads)
    if len(grads) == len(names):
        by_pos = dict(zip(names, grads))
        if all(by_pos[n] is not None for n in wrt):
            return {n: by_pos[n] for n in wrt}
    present = [g for g in grads if g is not None]
    if len(present) == len(wrt):
        return dict(zip(wrt, present))
    if len(present) == len(floats):
        by_float = dict(zip(floats, present))
        return {n: by_float[n] for n in wrt}
    raise InputError(f"backward returned {len(grads)} gradients; the layer has {len(names)} inputs "
                     f"({', '.join(names)}) and {len(wrt)} differentiated ({', '.join(wrt)}): return "
                     "one per input, in order (None for labels).")


def as_tuple(grads: Any) -> tuple:
    if isinstance(grads, (tuple, list)) and not (isinstance(grads, list) and grads and
                                                 np.isscalar(grads[0])):
        return tuple(grads)
    return (grads,)
