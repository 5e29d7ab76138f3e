"""The user's folders go on sys.path after the standard library, never before it.

A user's `copy.py`, `queue.py` or `random.py` beside their network must not replace the standard
module inside the tool (numpy, rich, concurrent.futures import them lazily).  Their own modules
still win over installed third-party packages, as when they run their script themselves.
`python -m backprop_doctor` puts the current folder first on sys.path before any of our code
runs; `guard_python_m()` moves it behind the standard library (as PYTHONSAFEPATH would, but
keeping the folder importable).
"""
from __future__ import annotations

import os
import sys
import sysconfig


def _real(entry: str) -> str:
    return os.path.normcase(os.path.realpath(entry or os.curdir))


def _is_stdlib(entry: str) -> bool:
    real = _real(entry)
    if "site-packages" in real or "dist-packages" in real:
        return False
    roots = {_real(p) for p in (sysconfig.get_paths().get(k) for k in ("stdlib", "platstdlib")) if p}
    return any(real == r or real.startswith(r + os.sep) for r in roots) or (
        real.endswith(".zip") and os.path.basename(real).startswith("python"))


def stdlib_end() -> int:
    """The position just after the last standard-library entry of sys.path."""
    end = 0
    for i, entry in enumerate(sys.path):
        if _is_stdlib(entry):
            end = i + 1
    return end


def add_user_folder(folder: str) -> None:
    """Make `folder` importable, placed after the standard library (moved there if it is ahead)."""
    folder = os.path.abspath(folder)
    matches = [i for i, e in enumerate(sys.path) if e not in ("",) and _real(e) == _real(folder)]
    end = stdlib_end()
    if matches and all(i >= end for i in matches):
        return
    for i in reversed(matches):
        del sys.path[i]
    sys.path.insert(stdlib_end(), folder)


def guard_python_m() -> None:
    """Under `python -m backprop_doctor`, sys.path[0] is the current folder: move it back."""
    if sys.argv[:1] == ["-m"] and sys.path and _real(sys.path[0]) == _real(os.getcwd()):
        del sys.path[0]
        add_user_folder(os.getcwd())
