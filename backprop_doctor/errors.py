"""How a run ends: the exit statuses, and the ways a check can end before it has an answer.

`InputError`: what the user handed us cannot be checked (wrong shape, NaN cost, missing function).
`UserCodeError`: the user's own function raised or called sys.exit; we keep their traceback frames.
Both become exit status 2 on the command line, with one paragraph and no traceback of ours; so does
an unexpected failure inside the tool ("internal error").  Exit 1 means only "your gradient is
wrong" (see `ExitCode`).
"""
from __future__ import annotations

import enum
import os
import traceback
from typing import Any, Dict, List, Optional


class ExitCode(enum.IntEnum):
    """The command's exit status, which CI jobs trust (as pytest's ExitCode)."""

    OK = 0               # the gradient (step, layer) is right; lint: no error-level finding
    FAILED = 1           # it is wrong -- and nothing else ever exits 1
    INPUT_ERROR = 2      # it could not be checked: bad input, the user's code failed, our bug
    INTERRUPTED = 130    # Ctrl-C

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))


class InputError(ValueError):
    """The input cannot be checked; the message says what was expected and what came back."""


class UserCodeError(RuntimeError):
    """The user's function raised (or called sys.exit).  `user_traceback` holds only the user's
    own frames."""

    def __init__(self, where: str, exc: BaseException):
        self.where = where
        self.original = exc
        self.user_traceback = _user_frames(exc)
        super().__init__(f"{where} {what_happened(exc)}")


def safe_str(exc: BaseException) -> str:
    """str(exc), also for an exception whose __str__ itself raises."""
    try:
        return str(exc)
    except BaseException:  # noqa: BLE001 - a broken __str__ must not hide the real failure
        return f"<{type(exc).__name__} whose message cannot be shown: its __str__ raised>"


def what_happened(exc: BaseException) -> str:
    """`raised ValueError: ...`, or `called sys.exit(0)` for SystemExit."""
    if isinstance(exc, SystemExit):
        return (f"called sys.exit({exc.code!r}) (or exit()/raise SystemExit), which would end the "
                "check before it has an answer")
    message = safe_str(exc)
    return f"raised {type(exc).__name__}: {message}" if message else f"raised {type(exc).__name__}"


def _is_user_frame(filename: str) -> bool:
    # Neither ours nor Python's import machinery (<frozen importlib._bootstrap> frames).
    return not (filename.startswith("<frozen") or
                os.path.abspath(filename).startswith(_PACKAGE_DIR + os.sep))


def _user_frames(exc: BaseException) -> str:
    """The traceback without our frames, so the user sees where *their* code failed."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if _is_user_frame(f.filename)]
    lines = traceback.format_list(frames)
    if isinstance(exc, SystemExit):
        lines.append(f"SystemExit: {exc.code!r}\n")
    else:
        lines.append(f"{type(exc).__name__}: {safe_str(exc)}\n")
    return "".join(lines).rstrip()


def call_user(where: str, fn, *args, **kwargs):
    """Call a user function; anything it raises, and sys.exit, becomes a UserCodeError."""
    try:
        return fn(*args, **kwargs)
    except (InputError, UserCodeError, KeyboardInterrupt, GeneratorExit):
        raise
    except BaseException as exc:  # noqa: BLE001 - any user failure is reported, never swallowed
        raise UserCodeError(where, exc) from exc


def error_document(kind: str, message: str, tb: Optional[List[str]] = None) -> Dict[str, Any]:
    """The `--json` document of a run that could not be checked (CONTRACT: exit status 2)."""
    return {"schema_version": 1, "ok": None,
            "error": {"kind": kind, "message": message, "traceback": list(tb or [])}}


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
