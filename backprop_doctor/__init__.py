"""backprop-doctor: check hand-written gradients and name the mistake.

    import backprop_doctor as bd
    report = bd.check(cost, grad, params, args=(X, y))
    bd.assert_gradients(cost, grad, params, args=(X, y))   # in a test
"""
from __future__ import annotations

from ._safe_path import guard_python_m

guard_python_m()  # before anything else is imported: a user's copy.py must not replace the stdlib

from .api import assert_gradients, check
from .errors import InputError, UserCodeError
from .findings import Finding, RuleInfo, catalogue, get_rule
from .report import BlockResult, Entry, Report

__all__ = [
    "check", "assert_gradients", "Report", "BlockResult", "Entry", "Finding", "RuleInfo",
    "InputError", "UserCodeError", "catalogue", "get_rule",
]


def __getattr__(name):  # optional capabilities that live in their own modules
    lazy = {"check_layer": ("layer", "check_layer"), "check_step": ("training", "check_step"),
            "check_training": ("training", "check_training"), "lint": ("lint", "lint_paths")}
    if name in lazy:
        import importlib

        module, attr = lazy[name]
        try:
            return getattr(importlib.import_module(f"{__name__}.{module}"), attr)
        except (ModuleNotFoundError, AttributeError):
            pass
    raise AttributeError(f"module 'backprop_doctor' has no attribute {name!r}")
