"""The two ways a check can end before it has an answer.

`InputError`: what the user handed us cannot be checked (wrong shape, NaN cost, missing function).
`UserCodeError`: the user's own function raised; we keep their traceback frames for the message.
Both become exit status 2 on the command line, with one paragraph and no traceback of ours.
"""
from __future__ import annotations

import os
import traceback
from typing import Optional

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))


class InputError(ValueError):
    """The input cannot be checked; the message says what was expected and what came back."""


class UserCodeError(RuntimeError):
    """The user's function raised.  `user_traceback` holds only the user's own frames."""

    def __init__(self, where: str, exc: BaseException):
        self.where = where
        self.original = exc
        self.user_traceback = _user_frames(exc)
        super().__init__(f"{where} raised {type(exc).__name__}: {exc}")


def _user_frames(exc: BaseException) -> str:
    """The traceback without our frames, so the user sees where *their* code failed."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if not os.path.abspath(f.filename).startswith(_PACKAGE_DIR)]
    lines = traceback.format_list(frames)
    lines += traceback.format_exception_only(type(exc), exc)
    return "".join(lines).rstrip()


def call_user(where: str, fn, *args, **kwargs):
    """Call a user function; anything it raises becomes a UserCodeError naming `where`."""
    try:
        return fn(*args, **kwargs)
    except (InputError, UserCodeError, KeyboardInterrupt):
        raise
    except Exception as exc:  # noqa: BLE001 - any user failure is reported, never swallowed
        raise UserCodeError(where, exc) from exc


def describe(value) -> str:
    """A short description of a value for error messages: type, shape, dtype."""
    shape = getattr(value, "shape", None)
    dtype = getattr(value, "dtype", None)
    if shape is not None:
        return f"{type(value).__name__} of shape {tuple(shape)} and dtype {dtype}"
    if isinstance(value, (list, tuple)):
        return f"{type(value).__name__} of length {len(value)}"
    if isinstance(value, dict):
        return f"dict with keys {sorted(map(str, value))}"
    return f"{type(value).__name__} {value!r}"[:120]


def optional_import(module: str, extra: str, feature: str):
    """Import an optional dependency or raise InputError naming the extra to install."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        raise InputError(f"{feature} needs {module}: pip install 'backprop-doctor[{extra}]'") from None


def first_line(text: Optional[str]) -> str:
    return (text or "").strip().splitlines()[0] if (text or "").strip() else ""
