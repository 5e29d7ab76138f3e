"""Homework conventions reduced to a cost and a gradient function of the parameters.

Learners return the cost and the gradient together (Octave's `[J grad] = nnCostFunction(...)`
ported to Python, scipy's `minimize(jac=True)`, CS231n's `softmax_loss_naive(W, X, y, reg) ->
(loss, dW)`), or keep the parameters inside an object (CS231n's `model.params` dict with
`model.loss(X, y) -> (loss, grads)`).  Both become a `cost(params, *args)` and a
`grad(params, *args)`, so copies, probes and diagnosis are shared with every other input.  The
adapters are small classes, not closures, so a check with worker processes can pickle them.
"""
from __future__ import annotations

import copy
from types import ModuleType
from typing import Any, Callable, Dict, Optional, Tuple

import numpy as np

from .errors import InputError, describe


def function_name(fn: Any) -> str:
    return getattr(fn, "__qualname__", None) or getattr(fn, "__name__", None) or type(fn).__name__


def is_pair(value: Any) -> bool:
    """A `(cost, gradient)` pair: two items, the first one number."""
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        return False
    return _is_number(value[0])


def _is_number(value: Any) -> bool:
    try:
        return np.size(value) == 1 and np.asarray(value).dtype.kind in "fiuc"
    except Exception:  # noqa: BLE001 - anything odd is not a number
        return False


def combined_parts(value: Any, params: Any = None) -> Optional[Tuple[Any, Any]]:
    """(cost, gradient) from what a combined function returned: `(J, grad)`, or `(J, g1, ...,
    gk)` when the parameters are a list or tuple of k arrays (`return J, dW1, dW2` for
    `params = [W1, W2]`); None when it is neither."""
    if not isinstance(value, (tuple, list)) or len(value) < 2 or not _is_number(value[0]):
        return None
    if len(value) == 2:
        return value[0], value[1]
    if isinstance(params, (list, tuple)) and len(value) == len(params) + 1:
        rest = value[1:]
        return value[0], (tuple(rest) if isinstance(params, tuple) else list(rest))
    return None


def _not_a_pair(name: str, value: Any) -> InputError:
    if _is_number(value):
        hint = (f"it returned only the cost; give the gradient function too: check "
                f"MODULE:GRAD --cost MODULE:{name}")
    else:
        hint = ("if it is a gradient function, give the cost with --cost MODULE:COST "
                "(API: bd.check(cost, grad, params))")
    if isinstance(value, (tuple, list)) and len(value) > 2 and _is_number(value[0]):
        hint = ("a cost followed by one gradient per parameter array needs params to be a list "
                f"or tuple of {len(value) - 1} arrays")
    return InputError(f"{name} should return (cost, gradient) together, got {describe(value)}; "
                      f"{hint}.")


class CombinedCost:
    """The cost half of a function returning (cost, gradient)."""

    def __init__(self, fun: Callable):
        self.fun = fun
        self.__wrapped__ = fun        # so lint finds the user's source file
        self.name = function_name(fun)

    def __call__(self, params: Any, *args: Any) -> Any:
        return self.parts(params, *args)[0]

    def parts(self, params: Any, *args: Any) -> Tuple[Any, Any]:
        n_params = len(params) if isinstance(params, (list, tuple)) else None
        value = self.fun(params, *args)
        parts = combined_parts(value, [None] * n_params if n_params is not None else None)
        if parts is None:
            raise _not_a_pair(self.name, value)
        return parts


class CombinedGrad(CombinedCost):
    """The gradient half of a function returning (cost, gradient) or (cost, g1, ..., gk)."""

    def __call__(self, params: Any, *args: Any) -> Any:
        grad = self.parts(params, *args)[1]
        return tuple(grad) if isinstance(params, tuple) and isinstance(grad, list) else grad


def split_combined(fun: Callable) -> Tuple[CombinedCost, CombinedGrad]:
    if not callable(fun):
        raise InputError(f"the function returning (cost, gradient) should be callable, got "
                         f"{describe(fun)}.")
    return CombinedCost(fun), CombinedGrad(fun)


# -- model objects --------------------------------------------------------------------------

def model_of(value: Any) -> Optional[Any]:
    """The model object behind `value` (the object itself or its bound `loss`), else None."""
    owner = getattr(value, "__self__", None) if callable(value) else None
    for candidate in (value, owner):
        if candidate is None or isinstance(candidate, (type, ModuleType)):
            continue            # a class is not built yet; a module with params is not a model
        try:            # any object of the user's module is asked: properties may raise
            params = getattr(candidate, "params", None)
            has_loss = callable(getattr(candidate, "loss", None))
        except Exception:  # noqa: BLE001
            continue
        if isinstance(params, dict) and params and has_loss \
                and all(isinstance(v, (np.ndarray, dict)) for v in params.values()):
            if candidate is owner and getattr(value, "__name__", None) != "loss":
                continue
            return candidate
    return None


class ModelLoss:
    """`model.loss(*args)` on a private deep copy of the model, with `params` set to the point.

    The copy is made once: state the model keeps between calls (an accumulator, a counter) is
    kept as in the user's own training, so the repeat probes can see it.  The user's object is
    never touched.
    """

    def __init__(self, model: Any, private: Any):
        self.model = private
        self.keys = list(model.params)
        self.name = f"{type(model).__name__}.loss"
        self.__wrapped__ = getattr(model, "loss")

    def __call__(self, params: Dict[str, Any], *args: Any) -> Any:
        self.model.params.update(params)
        value = self.model.loss(*args)
        if not is_pair(value):
            raise InputError(f"{self.name}(...) should return (loss, grads), got "
                             f"{describe(value)}; pass the labels as well (--args giving "
                             "(X, y)), since loss(X) without y returns the scores in CS231n "
                             "models.")
        return value


class ModelCost(ModelLoss):
    def __call__(self, params: Dict[str, Any], *args: Any) -> Any:
        return super().__call__(params, *args)[0]


class ModelGrad(ModelLoss):
    def __call__(self, params: Dict[str, Any], *args: Any) -> Any:
        grads = super().__call__(params, *args)[1]
        if not isinstance(grads, dict):
            raise InputError(f"{self.name} should return grads as a dict with the keys of "
                             f"params ({', '.join(map(str, self.keys))}), got {describe(grads)}.")
        missing = [k for k in self.keys if k not in grads]
        if missing:
            raise InputError(f"{self.name} returned grads without {', '.join(map(str, missing))}; "
                             "grads needs one entry per key of model.params.")
        return {k: grads[k] for k in self.keys}


def model_functions(model: Any) -> Tuple[ModelCost, ModelGrad, Dict[str, Any]]:
    """cost, grad and the point (a copy of model.params) for a CS231n-style model object."""
    try:
        private = copy.deepcopy(model)
    except Exception as exc:  # noqa: BLE001 - objects holding files, locks, sockets
        raise InputError(f"cannot copy the model object ({type(exc).__name__}: {exc}); the check "
                         "works on a copy so your object stays unchanged. Make it copyable, or "
                         "pass a function returning (loss, grads).") from None
    # one private copy shared by cost and grad: state carries over as in training
    return ModelCost(model, private), ModelGrad(model, private), copy.deepcopy(model.params)


def adapt(cost: Any, grad: Optional[Callable], params: Any, forward: Optional[Callable] = None,
          loss: Optional[Callable] = None) -> Tuple[Any, Any, Any, str]:
    """(cost, grad, params, convention) for whatever `check` was handed.

    convention: "model" (an object with params and loss, or its bound loss), "combined" (one
    function returning (cost, gradient), given with grad=None), or "separate".
    """
    if grad is None and forward is None and loss is None and cost is not None:
        model = model_of(cost)
        if model is not None:
            c, g, point = model_functions(model)
            return c, g, point if params is None else params, "model"
        if params is None:
            raise InputError("give the parameters to check at: bd.check(fun, params=theta, "
                             "args=(X, y)) for a function returning (cost, gradient).")
        c, g = split_combined(cost)
        return c, g, params, "combined"
    if params is None:
        raise InputError("give the parameters to check at: bd.check(cost, grad, params, args).")
    return cost, grad, params, "separate"
