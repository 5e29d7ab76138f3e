"""Zero configuration: `backprop-doctor check mynet.py` finds what to check in the module.

Candidates, in this order (the first is checked; the others are listed so the user can name one):
1. a gradient function (`grad`, `gradient`, `computeGradient`, `compute_gradient`) with a cost
   function beside it (`cost`, `computeCost`, ..., see targets.COST_NAMES): the separate form;
2. a function returning (cost, gradient) together, by the names homework uses (`nnCostFunction`,
   `costFunction`, `lrCostFunction`, `softmax_loss_naive`, ..., then the cost names);
3. a model object: a module variable with a `params` dict and a `loss` method (CS231n);
4. a model class whose constructor needs no arguments (made with its defaults).
Whether a function returns (cost, gradient), only a gradient or only a cost is decided by calling
it once at the point being checked, on copies, never by its name; a cost alone is paired with a
function beside it that returns one value per parameter (`nnGradFunction`, `backpropagation`).
"""
from __future__ import annotations

import copy
import inspect
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, List, Optional, Tuple

from . import conventions, targets
from .errors import InputError, call_user
from .params import layout_of

GRAD_NAMES = ("grad", "gradient", "computeGradient", "compute_gradient")
COMBINED_NAMES = ("nnCostFunction", "costFunction", "lrCostFunction", "costFunctionReg",
                  "nn_cost_function", "cost_function", "softmax_loss_naive",
                  "softmax_loss_vectorized", "svm_loss_naive", "svm_loss_vectorized",
                  "cost_and_grad", "loss_and_grad", "cost_and_gradient", "loss_and_gradient")


@dataclass
class Choice:
    name: str
    value: Any
    kind: str                       # "gradient" | "combined" | "model" | "model class"
    others: List[str] = field(default_factory=list)

    def describe(self, module_label: str) -> str:
        what = {"gradient": "a gradient function", "combined": "a function returning (cost, "
                "gradient)", "model": "a model object (params and loss)",
                "model class": "a model made with the class's defaults"}[self.kind]
        text = f"checking {module_label}:{self.name}, {what}, found by its name"
        if self.others:
            text += (f"; also found: {', '.join(self.others)} (check one with "
                     f"{module_label}:NAME)")
        return text


def candidates(module: ModuleType) -> List[Choice]:
    out: List[Choice] = []
    seen = set()

    def add(name: str, value: Any, kind: str) -> None:
        if id(value) not in seen:
            seen.add(id(value))
            out.append(Choice(name, value, kind))

    grad = targets.discover_function(module, GRAD_NAMES)
    if grad is not None and targets.discover_function(module, targets.COST_NAMES,
                                                      exclude=grad[1]) is not None:
        add(grad[0], grad[1], "gradient")
    for name in COMBINED_NAMES + targets.COST_NAMES:
        found = targets.discover_function(module, (name,))
        if found is not None and conventions.model_of(found[1]) is None:
            add(name, found[1], "combined")
    public = [(n, v) for n, v in vars(module).items() if not n.startswith("_")]
    for name, value in public:
        if not isinstance(value, type) and conventions.model_of(value) is not None:
            add(name, value, "model")
    for name, value in public:
        if isinstance(value, type) and getattr(value, "__module__", None) == module.__name__ \
                and callable(getattr(value, "loss", None)) and _no_required_arguments(value):
            add(name, value, "model class")
    return out


def choose(module: ModuleType, ns: Any = None) -> Choice:
    found = candidates(module)
    if not found:
        raise InputError(f"nothing to check found in {module.__name__}: looked for a gradient "
                         f"function ({', '.join(GRAD_NAMES)}) with a cost, a function returning "
                         f"(cost, gradient) ({', '.join(COMBINED_NAMES[:4])}, ...), and a model "
                         "object with params and loss. Name it: check FILE.py:FUNCTION.")
    first = found[0]
    first.others = [c.name for c in found[1:]]
    if first.kind == "model class":
        first.value = instantiate_model_class(first.value, f"{module.__name__}:{first.name}")
    return first


def instantiate_model_class(value: Any, where: str) -> Any:
    """A model class named on the command line stands for an instance made with its defaults."""
    if not isinstance(value, type) or not callable(getattr(value, "loss", None)):
        return value
    if not _no_required_arguments(value):
        raise InputError(f"{where} is a class whose constructor needs arguments; make the model in "
                         "your module (model = TwoLayerNet(...)) and check MODULE:model.")
    return call_user(f"{where}()", value)


def _no_required_arguments(cls: type) -> bool:
    try:
        sig = inspect.signature(cls)
    except (TypeError, ValueError):
        return False
    return all(p.default is not p.empty or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
               for p in sig.parameters.values())


def classify(fn: Any, params: Any, args: tuple, blocks: Optional[str], order: str,
             prefer_gradient: bool) -> str:
    """"combined" when fn returns (cost, gradient), "gradient" when it returns a gradient, "cost"
    when it returns one number: found out by one call at the point, on copies."""
    name = conventions.function_name(fn)
    value = call_user(f"{name}(params, *args)", fn, copy.deepcopy(params), *copy.deepcopy(args))
    layout = layout_of(params, blocks, order)
    parts = conventions.combined_parts(value, params)
    pair_ok = parts is not None and _flattens(layout, parts[1])
    grad_ok = _flattens(layout, value)
    if pair_ok and grad_ok:
        return "gradient" if prefer_gradient else "combined"
    if pair_ok:
        return "combined"
    if grad_ok:
        return "gradient"
    if parts is not None:
        return "combined"       # the check then says what is wrong with its gradient
    try:
        import numpy as np

        if np.size(value) == 1 and layout.size > 1:
            return "cost"
    except Exception:  # noqa: BLE001
        pass
    return "gradient"


_GRADIENT_WORDS = ("grad", "backprop", "backward", "deriv")
_NOT_A_GRADIENT = ("numeric", "numerical", "check", "sigmoid", "relu", "tanh", "softmax")


def gradient_beside(module: ModuleType, cost: Any, params: Any, args: tuple,
                    blocks: Optional[str], order: str) -> Optional[Tuple[str, Any]]:
    """A function in the module that returns a gradient for `cost`: named like one (grad,
    nnGradFunction, backpropagation; not sigmoidGradient or computeNumericalGradient), taking the
    cost's arguments, and returning one value per parameter when called at the point (on copies).
    The usual names are tried first."""
    layout = layout_of(params, blocks, order)
    names = [n for n in GRAD_NAMES if callable(getattr(module, n, None))]
    for name, value in sorted(vars(module).items()):
        low = name.lower()
        if name not in names and callable(value) and not isinstance(value, type) \
                and any(w in low for w in _GRADIENT_WORDS) \
                and not any(w in low for w in _NOT_A_GRADIENT):
            names.append(name)
    for name in names:
        fn = getattr(module, name)
        if fn is cost or not _accepts(fn, 1 + len(args)):
            continue
        try:
            value = fn(copy.deepcopy(params), *copy.deepcopy(args))
        except Exception:  # noqa: BLE001 - not this one
            continue
        parts = conventions.combined_parts(value, params)   # as classify reads it
        candidate = parts[1] if parts is not None else value
        if _flattens(layout, candidate):
            return name, fn
    return None


def _accepts(fn: Any, n: int) -> bool:
    try:
        inspect.signature(fn).bind(*range(n))
        return True
    except (TypeError, ValueError):
        return False


def _flattens(layout: Any, value: Any) -> bool:
    try:
        layout.flatten(value, what="the value")
        return True
    except (InputError, Exception):  # noqa: BLE001 - any mismatch means "not this shape"
        return False


__all__: Tuple[str, ...] = ("Choice", "candidates", "choose", "classify", "gradient_beside")
