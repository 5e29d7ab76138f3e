"""backprop-doctor: check hand-written gradients and name the mistake.

    import backprop_doctor as bd
    report = bd.check(cost, grad, params, args=(X, y))
    bd.assert_gradients(cost, grad, params, args=(X, y))   # in a test
"""
from __future__ import annotations

import sys as _sys
import types as _types

from ._safe_path import guard_python_m

guard_python_m()  # before anything else is imported: a user's copy.py must not replace the stdlib

from .api import assert_gradients, check
from .errors import InputError, UserCodeError
from .findings import Finding, RuleInfo, catalogue, get_rule
from .report import BlockResult, Entry, Report

# Capabilities that live in their own modules, imported on first use.
_LAZY = {"check_layer": ("layer", "check_layer"), "check_step": ("training", "check_step"),
         "check_training": ("training", "check_training"), "lint": ("lint", "lint_paths")}

__all__ = [
    "check", "assert_gradients", "Report", "BlockResult", "Entry", "Finding", "RuleInfo",
    "InputError", "UserCodeError", "catalogue", "get_rule", *_LAZY,
]


def __getattr__(name):
    if name not in _LAZY:
        raise AttributeError(f"module 'backprop_doctor' has no attribute {name!r}")
    import importlib

    module, attr = _LAZY[name]
    return getattr(importlib.import_module(f"{__name__}.{module}"), attr)


def __dir__():
    return sorted(n for n in set(globals()) | set(__all__) if not n.startswith("_"))


class _Package(_types.ModuleType):
    """`bd.lint` is the function even after the subpackage `backprop_doctor.lint` was imported
    (importing a submodule sets the parent's attribute of the same name to the module)."""

    @property
    def lint(self):
        from .lint import lint_paths

        return lint_paths

    @lint.setter
    def lint(self, value):  # the import system's setattr(parent, "lint", <module>): keep the function
        pass


_sys.modules[__name__].__class__ = _Package
