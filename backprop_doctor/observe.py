"""Watch one call of the user's code and keep what the user's own frames held when they returned.

Why: a diagnosis that names a cause must have *seen* the structure it reasons about, not guessed it
from the gradient's shape. Which slices of a flat theta become which matrices (`Theta1 =
nn_params[:h*(n+1)].reshape(h, n+1)`), whether the cost computed a softmax, which intermediates a
backward pass built: all of these are local variables of the user's functions. A profile hook sees
each frame's final locals on its `return` event, and costs nothing on the lines in between, so one
watched evaluation is about as cheap as a plain one.

Only the user's frames are kept: not this package, not the standard library, not installed
packages (numpy's own Python frames). Values are references, not copies: read them right away,
before the user's code runs again.
"""
from __future__ import annotations

import os
import sys
import sysconfig
from dataclasses import dataclass
from typing import Any, Callable, Iterator, List, Mapping, Tuple

import numpy as np

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep


def _library_dirs() -> Tuple[str, ...]:
    paths = sysconfig.get_paths()
    dirs = {paths.get(k) for k in ("stdlib", "platstdlib", "purelib", "platlib")}
    return tuple(sorted(os.path.abspath(d) + os.sep for d in dirs if d))


_LIBRARY_DIRS = _library_dirs()


def is_user_file(filename: str) -> bool:
    """A frame of the user's code: a real file outside this package, the stdlib and site-packages."""
    if not filename or filename.startswith("<"):
        return False
    path = os.path.abspath(filename)
    if path.startswith(_PACKAGE_DIR):
        return False
    return not any(path.startswith(d) for d in _LIBRARY_DIRS)


@dataclass(frozen=True)
class FrameRecord:
    """One returned frame of the user's code: where it was and what it held at the end."""

    function: str
    filename: str
    firstlineno: int
    depth: int                      # 0 for the watched function itself, 1 for what it called, ...
    locals: Mapping[str, Any]       # name -> value at return (references, not copies)
    returned: Any = None            # what the frame returned (`return e / e.sum()` has no local)


def watch_call(fn: Callable, *args, **kwargs) -> Tuple[Any, List[FrameRecord]]:
    """Call fn(*args, **kwargs) and return (its result, the user's frames in return order).

    Exceptions from fn propagate unchanged; the previous profile hook is restored either way.
    Only the calling thread is watched.
    """
    records: List[FrameRecord] = []
    depth = [0]

    def hook(frame, event, arg):
        if event == "call":
            depth[0] += 1
        elif event == "return":
            depth[0] -= 1
            code = frame.f_code
            if is_user_file(code.co_filename):
                records.append(FrameRecord(
                    function=code.co_name, filename=code.co_filename,
                    firstlineno=code.co_firstlineno, depth=max(depth[0], 0),
                    locals=dict(frame.f_locals), returned=arg))

    previous = sys.getprofile()
    sys.setprofile(hook)
    try:
        result = fn(*args, **kwargs)
    finally:
        sys.setprofile(previous)
    return result, records


def arrays_in(records: List[FrameRecord]) -> Iterator[Tuple[FrameRecord, str, np.ndarray]]:
    """Every (frame, local name, ndarray) the user's frames held, in return order; a returned
    array that no local holds is listed under the name "return"."""
    for record in records:
        seen = set()
        for name, value in record.locals.items():
            if isinstance(value, np.ndarray):
                seen.add(id(value))
                yield record, name, value
        if isinstance(record.returned, np.ndarray) and id(record.returned) not in seen:
            yield record, "return", record.returned
