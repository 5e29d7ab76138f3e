"""Reference cases as data: a correct program or a known-bug variant, and what the checker must say.

A case builds its problem from a seed (so tests and `demo` are reproducible) and declares its
expectation: which blocks fail and which rule ids name the bug.  Tests, the `demo` command and the
diagnosis tests all read this one table.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Optional, Tuple


@dataclass(frozen=True)
class Case:
    name: str                     # unique, kebab-case, e.g. "two-layer-sigmoid/sign-flip"
    description: str              # one line, shown by `backprop-doctor demo`
    build: Callable[[int], Dict[str, Any]]
    kind: str = "gradient"        # "gradient" | "layer" | "step" | "training"
    correct: bool = False
    failing_blocks: Tuple[str, ...] = ()   # for a correct case: ()
    rules: Tuple[str, ...] = ()            # every one of these ids must be reported
    rules_any: Tuple[str, ...] = ()        # at least one of these ids must be reported
    tags: Tuple[str, ...] = ()             # e.g. ("seed", "float32", "kink")
    notes: str = ""                        # why this mistake happens, for teaching


# What `build(seed)` returns, by kind (keys not used may be left out):
#   gradient: cost, grad, params, args (tuple), blocks (layout str or None), order ("C"/"F"),
#             forward, loss (then cost may be None: cost = loss(forward(params, X), y)),
#             numeric (the user's own numgrad(J, theta), optional)
#   layer:    forward, backward, inputs (tuple of arrays)
#   step:     step, grad, cost, params, args, lr (the true rate for a right step, else None)
#   training: step, cost, params, args, forward (optional)
BUILD_KEYS = {
    "gradient": ("cost", "grad", "params", "args", "blocks", "order", "forward", "loss", "numeric"),
    "layer": ("forward", "backward", "inputs"),
    "step": ("step", "grad", "cost", "params", "args", "lr", "blocks"),
    "training": ("step", "cost", "params", "args", "forward", "grad"),
}


_REGISTRY: Dict[str, Case] = {}


def register(*cases: Case) -> None:
    for case in cases:
        if case.name in _REGISTRY and _REGISTRY[case.name] is not case:
            raise ValueError(f"reference case {case.name!r} registered twice")
        _REGISTRY[case.name] = case


def all_cases() -> Dict[str, Case]:
    from . import _load_all  # noqa: F401  (imports the modules that register cases)

    _load_all()
    return dict(sorted(_REGISTRY.items()))


def get_case(name: str) -> Optional[Case]:
    return all_cases().get(name)
