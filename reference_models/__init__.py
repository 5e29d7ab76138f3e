"""Correct numpy reference networks, the seeds' programs, and known-bug variants, as checkable cases.

`all_cases()` returns every case by name; each module below registers its own cases on import.
"""
from __future__ import annotations

import importlib

from .cases import Case, all_cases, get_case, register

__all__ = ["Case", "all_cases", "get_case", "register"]

# Modules that register cases.  A module listed here but not yet written is skipped, so the
# package stays importable while it grows.
_CASE_MODULES = (
    "reference_models.variants",
    "reference_models.layers",
    "reference_models.layer_library.cases",
    "reference_models.seeds",
    "reference_models.steps",
    "reference_models.homework",
)


def _load_all() -> None:
    for name in _CASE_MODULES:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
