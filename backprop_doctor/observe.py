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
    if filename and filename.startswith("<ipython-input-"):
        return True                 # a notebook cell (older IPython names cells this way)
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


# -- per-line recording ------------------------------------------------------------------------
#
# `watch_call` sees each frame once, at return. Following a gradient through the user's code needs
# more: every array bound to a local name, at the line that bound it, loops included, and the power
# to replace one of those values at the moment it is bound (to measure how the cost responds to
# it). That needs a line-level hook: `sys.settrace` (on 3.11 a write to `frame.f_locals` inside the
# trace function is copied back into the frame when the hook returns; on 3.13 `f_locals` writes
# through). The hook runs only in the user's frames, so numpy's own Python frames stay untraced.

COPY_MAX_ENTRIES = 200_000        # arrays above this are recorded by shape and fingerprint only
COPY_BUDGET_BYTES = 64 * 2 ** 20  # total bytes of copies kept per recorded call
MAX_OCCURRENCES = 64              # per (line, name): later iterations overwrite the last slot
MAX_BINDINGS = 20_000             # a call that binds more arrays than this is not followed


class RecordingTooLong(Exception):
    """The call bound more arrays than `max_bindings` (a per-sample loop over a big data set, a
    numerical gradient used as the gradient): it is stopped rather than followed."""


@dataclass(frozen=True)
class BindingKey:
    """Where a value was bound, stably across runs of the same deterministic code: the function,
    the line of the statement (the def line for arguments), the name, and which occurrence."""

    filename: str
    firstlineno: int
    line: int
    name: str
    occurrence: int


@dataclass
class Binding:
    """One float array bound to a local name of the user's code, as it was right after the line."""

    key: BindingKey
    seq: int                         # order of binding within the recorded call
    function: str
    value: Any                       # a copy (np.ndarray) or None when over the budget
    shape: Tuple[int, ...]
    dtype: str
    fingerprint: Tuple[float, float]
    frame_serial: int                # which call of the function (0, 1, ...) in this run
    is_argument: bool = False
    from_call: Any = None            # (filename, line, function) of the return statement that
                                     # computed this value, when a user function returned it
    call_site: Any = None            # (filename, line) of the call, for arguments
    ident: int = 0                   # id() of the bound object (same object, same value: an alias)
    stack: Tuple[Tuple[str, int], ...] = ()   # (file, line) of the user's calls that led here,
                                              # innermost first

    @property
    def filename(self) -> str:
        return self.key.filename

    @property
    def line(self) -> int:
        return self.key.line

    @property
    def name(self) -> str:
        return self.key.name


@dataclass(frozen=True)
class Return:
    """One return of a user function: where, which call, when, and a copy of what it returned
    (an array, or the arrays of a returned dict/list/tuple as a list)."""

    filename: str
    line: int
    function: str
    firstlineno: int
    frame_serial: int
    seq: int                  # how many bindings were recorded before it
    value: Any


@dataclass
class LineRecording:
    """What one call bound, in order, and whether everything fitted."""

    bindings: List[Binding]
    returns: List["Return"]                     # every return of the user's functions, in order
    truncated: bool = False                     # some loop iterations or copies were dropped
    injected: bool = False                      # the requested replacement happened
    n_user_frames: int = 0


Replace = Callable[[np.ndarray], np.ndarray]


def _is_float_array(value: Any) -> bool:
    return isinstance(value, np.ndarray) and value.dtype.kind == "f" and value.size > 0


def _fingerprint(a: np.ndarray) -> Tuple[float, float]:
    with np.errstate(all="ignore"):
        return float(np.sum(a, dtype=np.float64)), float(np.sum(np.abs(a), dtype=np.float64))


class _FrameState:
    __slots__ = ("serial", "last_line", "seen", "pending_returns", "pending_inject")

    def __init__(self, serial: int):
        self.serial = serial
        self.last_line = None
        self.seen = {}                 # name -> (id, fingerprint, copy or None)
        self.pending_returns = []      # (array, callee location) of user returns during this line
        self.pending_inject = None     # (name, value) for an argument, written at the first line


def record_lines(fn: Callable, *args, inject: Any = None, replace: Replace = None,
                 budget_bytes: int = COPY_BUDGET_BYTES, max_bindings: int = MAX_BINDINGS,
                 **kwargs) -> Tuple[Any, LineRecording]:
    """Call fn(*args, **kwargs) recording every float array the user's frames bind, per line.

    With `inject` (a BindingKey) and `replace`, the value bound there is replaced by
    `replace(value)` right after its line ran, before the next line reads it: the rest of the
    computation sees the new value, nothing else changes (the old array itself is not touched).
    Exceptions from fn propagate; the previous trace hook is restored either way.
    """
    bindings: List[Binding] = []
    returns: List[Return] = []
    state = {"bytes": 0, "truncated": False, "injected": False, "frames": 0, "stop": False}
    light = inject is not None    # a replay: count bindings up to the replacement, then stop
    counts: dict = {}
    slots: dict = {}
    serials: dict = {}
    frames: dict = {}

    def keep(value: np.ndarray):
        if value.size > COPY_MAX_ENTRIES or state["bytes"] + value.nbytes > budget_bytes:
            state["truncated"] = True
            return None
        state["bytes"] += value.nbytes
        return value.copy()

    def bind(frame, fs: _FrameState, line: int, name: str, value: np.ndarray, is_argument: bool,
             from_call=None, call_site=None):
        code = frame.f_code
        base = (code.co_filename, code.co_firstlineno, line, name)
        state["n"] = state.get("n", 0) + 1
        if state["n"] > max_bindings:
            raise RecordingTooLong(f"more than {max_bindings} arrays bound")
        k = counts.get(base, 0)
        counts[base] = k + 1
        key = BindingKey(code.co_filename, code.co_firstlineno, line, name, k)
        if inject is not None and key == inject:
            new = replace(value)
            if is_argument:   # a write at the 'call' event is not copied back (3.11): defer it
                fs.pending_inject = (name, new)
            else:
                frame.f_locals[name] = new   # copied back into the frame when the hook returns
                state["stop"] = True         # nothing after the replacement needs watching
            state["injected"] = True
            value = new
        copy_ = keep(value)
        fs.seen[name] = (id(value), _fingerprint(value) if copy_ is None else None, copy_)
        if light:
            return
        stack = []
        caller = frame.f_back
        while caller is not None and len(stack) < 8:
            if id(caller) in frames:
                stack.append((caller.f_code.co_filename, caller.f_lineno))
            caller = caller.f_back
        record = Binding(key=key, stack=tuple(stack), seq=len(bindings), function=code.co_qualname
                         if hasattr(code, "co_qualname") else code.co_name, value=copy_,
                         shape=tuple(value.shape), dtype=str(value.dtype),
                         fingerprint=_fingerprint(value), frame_serial=fs.serial,
                         is_argument=is_argument, from_call=from_call, call_site=call_site,
                         ident=id(value))
        if k >= MAX_OCCURRENCES:  # a long loop: keep the latest iteration in the last slot
            state["truncated"] = True
            slot = slots[base]
            record.seq = bindings[slot].seq
            bindings[slot] = record
        else:
            if k == MAX_OCCURRENCES - 1:
                slots[base] = len(bindings)
            bindings.append(record)

    def changed(fs: _FrameState, name: str, value: np.ndarray) -> bool:
        old = fs.seen.get(name)
        if old is None or old[0] != id(value):
            return True
        if old[2] is not None:
            return old[2].shape != value.shape or not np.array_equal(old[2], value, equal_nan=True)
        return old[1] != _fingerprint(value)

    def scan(frame, fs: _FrameState, line: int) -> None:
        for name, value in list(frame.f_locals.items()):
            if _is_float_array(value) and changed(fs, name, value):
                origin = next((loc for obj, loc in reversed(fs.pending_returns)
                               if obj is value), None)
                bind(frame, fs, line, name, value, False, origin)
        fs.pending_returns = []

    def local(frame, event, arg):
        fs = frames.get(id(frame))
        if fs is None or state["stop"]:
            return None
        if event == "line":
            if fs.pending_inject is not None:
                name, new = fs.pending_inject
                frame.f_locals[name] = new
                fs.pending_inject = None
                state["stop"] = True
                return None
            if fs.last_line is not None:
                scan(frame, fs, fs.last_line)
            fs.last_line = frame.f_lineno
        elif event == "return":
            line = fs.last_line if fs.last_line is not None else frame.f_lineno
            deeper = next((loc for obj, loc in reversed(fs.pending_returns)
                           if isinstance(arg, np.ndarray) and obj is arg), None)
            scan(frame, fs, line)
            code = frame.f_code
            where = (code.co_filename, line, code.co_name)
            returns.append(Return(code.co_filename, line, code.co_name, code.co_firstlineno,
                                  fs.serial, len(bindings), _copy_result(arg)))
            where = deeper or where   # `return helper(...)`: the helper computed it
            del frames[id(frame)]
            caller = frame.f_back
            while caller is not None and id(caller) not in frames:
                caller = caller.f_back
            if caller is not None:
                origin = frames[id(caller)]
                for value in _arrays_of(arg):
                    origin.pending_returns.append((value, where))   # held until the line ends
        return local

    def global_hook(frame, event, arg):
        if event != "call" or state["stop"] or not is_user_file(frame.f_code.co_filename):
            return None
        code = frame.f_code
        if light and (code.co_firstlineno != inject.firstlineno
                      or code.co_filename != inject.filename):
            return None   # a replay counts bindings only in the function it replaces one in
        serial = serials.get(code, 0)
        serials[code] = serial + 1
        fs = _FrameState(serial)
        frames[id(frame)] = fs
        state["frames"] += 1
        caller = frame.f_back
        site = (caller.f_code.co_filename, caller.f_lineno) if caller is not None else None
        for name in code.co_varnames[:code.co_argcount + code.co_kwonlyargcount]:
            value = frame.f_locals.get(name)
            if _is_float_array(value):
                bind(frame, fs, code.co_firstlineno, name, value, True, call_site=site)
        return local

    previous = sys.gettrace()
    sys.settrace(global_hook)
    try:
        result = fn(*args, **kwargs)
    finally:
        sys.settrace(previous)
    return result, LineRecording(bindings, returns, truncated=state["truncated"],
                                 injected=state["injected"], n_user_frames=state["frames"])


def _arrays_of(value: Any) -> List[np.ndarray]:
    if isinstance(value, np.ndarray):
        return [value]
    if isinstance(value, (tuple, list)):
        return [v for v in value if isinstance(v, np.ndarray)]
    return []


def _copy_result(value: Any, depth: int = 0) -> Any:
    """A copy of a returned array, or of the arrays in a returned dict/list/tuple (as a list)."""
    if isinstance(value, np.ndarray):
        return value.copy() if value.size <= COPY_MAX_ENTRIES else None
    if depth < 3 and isinstance(value, (dict, list, tuple)):
        items = value.values() if isinstance(value, dict) else value
        out = []
        for v in items:
            c = _copy_result(v, depth + 1)
            if isinstance(c, list):
                out.extend(c)
            elif c is not None:
                out.append(c)
        return out
    return None
