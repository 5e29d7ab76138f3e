"""The layout of a flat theta, learnt by watching the user's cost cut it into matrices.

`Theta1 = nn_params[:h*(n+1)].reshape(h, n+1)` leaves a local variable that is a *view* of the
theta we passed: its data pointer's offset from theta's gives the first entry, its size the
range, its shape the block's shape and its contiguity the unrolling order (C, or F for Octave's
`reshape(..., order='F')`).  Copies (`np.array(theta[a:b]).reshape(...)`, `np.matrix(...)`) are
matched by value instead, only when exactly one contiguous range of theta holds them.

Infer nothing rather than something wrong: matrices must not partly overlap, all matrices must
be unrolled in one order, at least one block must be a matrix (a lone `theta[1:]` of a logistic
regression says nothing about structure), and ranges no variable explains become named
remainders (`theta_rest`).  Names are the user's own variables, from the function we called
first, then the functions it called.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

import numpy as np

from .observe import FrameRecord, watch_call

MAX_VALUE_MATCH_STARTS = 64      # more candidate starts than this: theta's values repeat, give up
MIN_MATCH_SIZE = 2               # one equal number proves nothing


@dataclass(frozen=True)
class Piece:
    """One local array seen as a contiguous range of theta."""

    name: str
    depth: int
    rank: int                       # order seen: frames nearest the watched call first
    offset: int
    size: int
    shape: Tuple[int, ...]          # vector-like shapes collapse to (size,)
    order: str                      # "C", "F", or "" for vectors (either order)
    by_value: bool = False          # a copy, found by its values rather than by its memory

    @property
    def is_matrix(self) -> bool:
        return len(self.shape) >= 2

    @property
    def end(self) -> int:
        return self.offset + self.size


@dataclass(frozen=True)
class InferredLayout:
    blocks: str                     # --blocks syntax, e.g. "Theta1=25x401,Theta2=10x26"
    order: str                      # "C" or "F"
    names: Tuple[str, ...]


def is_flat_theta(params: Any) -> bool:
    """A float vector (or a column/row) of several entries: what fmin_cg-style code passes."""
    return (isinstance(params, np.ndarray) and params.dtype.kind == "f" and params.size > 1
            and sum(d > 1 for d in params.shape) == 1)


def infer_flat_layout(fn: Callable, theta: Any, args: Sequence[Any]) -> Optional[InferredLayout]:
    """Watch fn(theta, *args) once (on copies) and infer how it slices theta; None when unsure.

    Anything the user's code raises ends the inference quietly: the check calls it again and
    reports the error properly."""
    x = np.array(theta, dtype=np.float64, order="C")
    if x.size < 2 or sum(d > 1 for d in x.shape) > 1:
        return None
    kind = np.asmatrix if isinstance(theta, np.matrix) else np.asarray   # as the user passes it
    first = _watch(fn, kind(_distinct(x, 1)), args)
    if first is None or not first[1]:
        return first[0] if first else None
    # a block found by its values (a copy) must be found again at another point
    second = _watch(fn, kind(_distinct(x, 2)), args)
    return first[0] if second is not None and second[0] == first[0] else None


def _distinct(x: np.ndarray, seed: int) -> np.ndarray:
    """x moved by ~1e-9 relative with a seeded pattern, so no two entries are equal (an all-zero
    initial theta included) and copies of a range can be told apart by their values; shapes,
    which are all the inference reads, do not depend on such a change."""
    u = np.random.default_rng(seed).uniform(1.0, 2.0, x.shape) * np.where(
        np.arange(x.size).reshape(x.shape) % 2, 1.0, -1.0)
    return x + 1e-9 * (1.0 + np.abs(x)) * u


def _watch(fn: Callable, x: np.ndarray, args: Sequence[Any]):
    """(the layout seen in one call at x, whether a block was matched by value), or None."""
    try:
        _, records = watch_call(fn, x, *copy.deepcopy(tuple(args)))
    except (Exception, SystemExit):  # noqa: BLE001 - the check itself reports the user's error
        return None
    pieces = _pieces(records, x)
    return _tile(pieces, x.size), any(p.by_value for p in pieces)


def layout_from_records(records: List[FrameRecord], theta: np.ndarray) -> Optional[InferredLayout]:
    return _tile(_pieces(records, theta), theta.size)


# -- seeing pieces -----------------------------------------------------------------------------

def _pieces(records: List[FrameRecord], theta: np.ndarray) -> List[Piece]:
    flat = theta.reshape(-1)
    base = flat.__array_interface__["data"][0]
    n = flat.size
    out: List[Piece] = []
    # frames nearest the watched call first: their names are the ones the user reads
    ordered = sorted(enumerate(records), key=lambda r: (r[1].depth, r[0]))
    rank = 0
    for _, record in ordered:
        for name, arr in _named_arrays(record.locals):
            if arr.dtype != np.float64 or arr.size < 1:
                continue
            view = _within(arr, base, n)
            piece = _as_view(arr, base, n) if view else _by_value(arr, flat)
            if piece is None:
                continue
            offset, size, shape, order = piece
            if size == n and len(shape) < 2:
                continue            # theta itself, or theta as a column
            out.append(Piece(name, record.depth, rank, offset, size, shape, order, not view))
            rank += 1
    return out


def _named_arrays(local_vars) -> List[Tuple[str, np.ndarray]]:
    """Arrays held by local variables, and one level into lists, tuples and dicts of them
    (`weights[1]`, a dict's key `W1`), as unrolling helpers return them."""
    out = []
    for name, value in local_vars.items():
        if name.startswith("_"):
            continue
        if isinstance(value, np.ndarray):
            out.append((name, value))
        elif isinstance(value, (list, tuple)) and len(value) <= 64:
            out += [(f"{name}[{i}]", v) for i, v in enumerate(value) if isinstance(v, np.ndarray)]
        elif isinstance(value, dict) and len(value) <= 64:
            out += [(str(k), v) for k, v in value.items()
                    if isinstance(v, np.ndarray) and isinstance(k, str) and k.isidentifier()]
    return out


def _within(arr: np.ndarray, base: int, n: int) -> bool:
    ptr = arr.__array_interface__["data"][0]
    return base <= ptr < base + 8 * n


def _vector_shape(shape: Tuple[int, ...]) -> bool:
    return sum(d > 1 for d in shape) <= 1


def _as_view(arr: np.ndarray, base: int, n: int):
    ptr = arr.__array_interface__["data"][0]
    if (ptr - base) % 8:
        return None
    offset = (ptr - base) // 8
    if offset + arr.size > n:
        return None
    return _shape_and_order(arr, offset)


def _shape_and_order(arr: np.ndarray, offset: int):
    if _vector_shape(arr.shape):
        if arr.size > 1 and not (arr.flags.c_contiguous or arr.flags.f_contiguous):
            return None             # theta[::2]: not a range
        return offset, arr.size, (arr.size,), ""
    if arr.flags.c_contiguous:
        return offset, arr.size, tuple(arr.shape), "C"
    if arr.flags.f_contiguous:
        return offset, arr.size, tuple(arr.shape), "F"
    return None                     # Theta1[:, 1:]: part of a block, not a block


def _by_value(arr: np.ndarray, flat: np.ndarray):
    """A copy of a contiguous range of theta, found by its values; only a unique match counts."""
    vector = _vector_shape(arr.shape)
    if arr.size < MIN_MATCH_SIZE or arr.size >= flat.size:
        return None
    found = []
    for order in (("C",) if vector else ("C", "F")):
        values = np.ravel(arr, order=order)
        starts = np.flatnonzero(flat[: flat.size - values.size + 1] == values[0])
        if starts.size > MAX_VALUE_MATCH_STARTS:
            return None
        for s in starts:
            if np.array_equal(flat[s:s + values.size], values):
                found.append((int(s), order))
    if len(found) != 1 or np.unique(np.ravel(arr)).size < 2:
        return None
    offset, order = found[0]
    if vector:
        return offset, arr.size, (arr.size,), ""
    return offset, arr.size, tuple(np.shape(arr)), order


# -- from pieces to blocks ---------------------------------------------------------------------

def _tile(pieces: List[Piece], n: int) -> Optional[InferredLayout]:
    matrices = _outermost([p for p in pieces if p.is_matrix])
    if matrices is None or not matrices:
        return None
    chosen: Dict[Tuple[int, int], List[Piece]] = {}
    for p in matrices:
        chosen.setdefault((p.offset, p.size), []).append(p)
    order = _one_order(chosen)
    if order is None:
        return None
    blocks: List[Tuple[int, int, Tuple[int, ...], List[Piece]]] = []
    for (offset, size), options in chosen.items():
        same_order = [p for p in options if p.order == order]
        if len({p.shape for p in same_order}) > 1:
            return None             # one range reshaped two ways in the same order: unsure
        shape = same_order[0].shape
        blocks.append((offset, size, shape, [p for p in same_order if p.shape == shape]))
    # vectors fill the gaps between matrices (biases); overlapping vectors in a gap: none
    covered = sorted((b[0], b[0] + b[1]) for b in blocks)
    vectors = [p for p in pieces if not p.is_matrix and not _inside_any(p, covered)]
    for gap_start, gap_end in _gaps(covered, n):
        inside = [p for p in vectors if gap_start <= p.offset and p.end <= gap_end]
        spans = _outermost(inside)
        if spans:
            by_range: Dict[Tuple[int, int], List[Piece]] = {}
            for p in spans:
                by_range.setdefault((p.offset, p.size), []).append(p)
            for (offset, size), options in by_range.items():
                blocks.append((offset, size, (size,), options))
    blocks.sort(key=lambda b: b[0])
    named = _names(blocks, n)
    if named is None:
        return None
    text = ",".join(f"{name}={'x'.join(map(str, shape))}" for name, shape in named)
    return InferredLayout(blocks=text, order=order, names=tuple(name for name, _ in named))


def _outermost(pieces: List[Piece]) -> Optional[List[Piece]]:
    """Pieces not nested inside a larger one; None when two ranges partly overlap."""
    keep = []
    for p in pieces:
        if any(q.offset <= p.offset and p.end <= q.end and q.size > p.size for q in pieces):
            continue
        keep.append(p)
    for i, p in enumerate(keep):
        for q in keep[i + 1:]:
            same = (p.offset, p.size) == (q.offset, q.size)
            if not same and p.offset < q.end and q.offset < p.end:
                return None
    return keep


def _one_order(chosen: Dict[Tuple[int, int], List[Piece]]) -> Optional[str]:
    """The unrolling order every matrix shares; a range seen both ways (Theta1 and Theta1.T
    kept in variables) follows the others, or the variable seen first."""
    settled = {frozenset(p.order for p in options) for options in chosen.values()}
    sure = {next(iter(s)) for s in settled if len(s) == 1}
    if len(sure) > 1:
        return None                 # C and F blocks mixed: not expressible as one --order
    if sure:
        return next(iter(sure))
    first = min((p for options in chosen.values() for p in options), key=lambda p: p.rank)
    return first.order


def _inside_any(p: Piece, covered: List[Tuple[int, int]]) -> bool:
    return any(a <= p.offset < b or a < p.end <= b or (p.offset <= a and b <= p.end)
               for a, b in covered)


def _gaps(covered: List[Tuple[int, int]], n: int) -> List[Tuple[int, int]]:
    gaps, at = [], 0
    for a, b in covered:
        if a > at:
            gaps.append((at, a))
        at = max(at, b)
    if at < n:
        gaps.append((at, n))
    return gaps


def _names(blocks, n: int) -> Optional[List[Tuple[str, Tuple[int, ...]]]]:
    """(name, shape) per block in offset order, remainders included; names unique."""
    out: List[Tuple[str, Tuple[int, ...]]] = []
    used = set()
    at = 0
    rests = []
    for offset, size, shape, options in blocks:
        if offset > at:
            rests.append(len(out))
            out.append(("", (offset - at,)))
        names = [p.name for p in sorted(options, key=lambda p: p.rank)]
        name = next((nm for nm in names if nm not in used), None)
        if name is None:
            name = _unique(names[0], used)
        used.add(name)
        out.append((name, shape))
        at = offset + size
    if at < n:
        rests.append(len(out))
        out.append(("", (n - at,)))
    for k, i in enumerate(rests):
        base = "theta_rest" if len(rests) == 1 else f"theta_rest{k + 1}"
        out[i] = (_unique(base, used), out[i][1])
        used.add(out[i][0])
    return out


def _unique(name: str, used) -> str:
    if name not in used:
        return name
    k = 2
    while f"{name}_{k}" in used:
        k += 1
    return f"{name}_{k}"
