"""Parameter layouts: the user's structure <-> one flat float64 vector, with block names.

The checker works on a private flat float64 vector; a layout rebuilds the user's structure (an
array, nested lists/tuples, nested dicts, or a flat theta cut into named blocks) with fresh arrays of
the user's own dtypes for every call, so nothing the user's code does can reach our copy or theirs.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Sequence, Tuple

import numpy as np

from .errors import InputError, describe


@dataclass(frozen=True)
class Block:
    """A named piece of the parameters: entries [offset, offset+size) of the flat vector."""

    name: str
    shape: Tuple[int, ...]
    dtype: np.dtype
    offset: int
    order: str = "C"

    @functools.cached_property
    def size(self) -> int:
        return int(np.prod(self.shape, dtype=np.int64))

    @property
    def slice(self) -> slice:
        return slice(self.offset, self.offset + self.size)

    def view(self, flat: np.ndarray) -> np.ndarray:
        """This block's entries of a flat vector, in the block's own shape."""
        return np.reshape(flat[self.slice], self.shape, order=self.order)

    def unravel(self, k: int) -> Tuple[int, ...]:
        """Index within the block of its k-th flat entry."""
        if not self.shape:
            return ()
        return tuple(int(i) for i in np.unravel_index(k, self.shape, order=self.order))

    def label(self, k: int) -> str:
        idx = self.unravel(k)
        return f"{self.name}[{','.join(map(str, idx))}]" if idx else self.name


# A tree describing the user's structure: ("leaf", block index) | ("seq", type, [children])
# | ("dict", type, [(key, child)]) | ("flat", dtype, shape, kind) for a theta cut by a layout; a leaf's or a flat theta's kind is
# "array", "scalar" or "matrix" (np.matrix, as Octave ports use: rebuilt as one, so `X * theta`
# keeps meaning a matrix product in the user's code).
_Tree = Tuple[Any, ...]


@dataclass(frozen=True)
class Layout:
    blocks: Tuple[Block, ...]
    tree: _Tree

    @functools.cached_property
    def size(self) -> int:  # cached: asked several times per cost evaluation
        return sum(b.size for b in self.blocks)

    @property
    def is_flat(self) -> bool:
        return self.tree[0] == "flat"

    def block(self, name: str) -> Block:
        for b in self.blocks:
            if b.name == name:
                return b
        raise KeyError(name)

    def locate(self, i: int) -> Tuple[Block, int]:
        """The block holding flat entry i and the entry's position inside it."""
        for b in self.blocks:
            if b.offset <= i < b.offset + b.size:
                return b, i - b.offset
        raise IndexError(i)

    def label(self, i: int) -> str:
        b, k = self.locate(i)
        return b.label(k)

    # -- conversions -------------------------------------------------------------------------
    def flatten(self, structure: Any, *, what: str = "params") -> np.ndarray:
        """The structure's entries as one float64 vector; a structure that does not match the
        layout is an InputError saying what was expected and what came back."""
        out = np.empty(self.size, dtype=np.float64)
        if self.tree[0] == "flat":
            arr = _as_array(structure, what)
            if arr.size != self.size:
                raise InputError(f"{what} has {arr.size} entries ({describe(structure)}); "
                                 f"expected {self.size}, the size of the parameters.")
            out[:] = arr.ravel().astype(np.float64)
            return out
        self._flatten_into(self.tree, structure, out, what)
        return out

    def _flatten_into(self, tree: _Tree, value: Any, out: np.ndarray, where: str) -> None:
        kind = tree[0]
        if kind == "leaf":
            b = self.blocks[tree[1]]
            arr = _as_array(value, where)
            if arr.shape != b.shape:
                if arr.size == b.size and (arr.ndim <= 1 or b.ndim_is_vector()):
                    arr = arr.reshape(b.shape)
                else:
                    hint = ""
                    if arr.ndim == 2 and arr.shape == b.shape[::-1]:
                        hint = (" That is the transposed shape: a gradient has the shape of its "
                                "parameter, so transpose it (e.g. return dW.T, or compute it as "
                                "X.T @ delta rather than delta.T @ X).")
                    raise InputError(f"{where} should have shape {b.shape} like the parameter "
                                     f"{b.name}, got {describe(value)}.{hint}")
            out[b.slice] = np.ravel(arr, order=b.order).astype(np.float64)
        elif kind == "seq":
            children = tree[2]
            if not isinstance(value, (list, tuple)) or len(value) != len(children):
                raise InputError(f"{where} should be a list/tuple of {len(children)} arrays like "
                                 f"the parameters, got {describe(value)}.")
            for i, (child, v) in enumerate(zip(children, value)):
                self._flatten_into(child, v, out, f"{where}[{i}]")
        elif kind == "dict":
            items = tree[2]
            keys = [k for k, _ in items]
            if isinstance(value, dict) and set(value) != set(keys):
                value = _gradient_keys(value, keys)
            if not isinstance(value, dict) or set(value) != set(keys):
                got = sorted(map(str, value)) if isinstance(value, dict) else describe(value)
                raise InputError(f"{where} should be a dict with keys {sorted(map(str, keys))} "
                                 f"like the parameters, got {got}.")
            for k, child in items:
                self._flatten_into(child, value[k], out, f"{where}.{k}" if where else str(k))

    def holds(self, structure: Any, flat: np.ndarray) -> Optional[bool]:
        """Whether `structure` (built by unflatten) still holds `flat`, compared block by block
        in place: no flat copy per call.  None when it is no longer plainly what was built (a
        block replaced by another type or shape): the caller then flattens it to find out."""
        if self.tree[0] == "flat":
            dtype, shape = self.tree[1], self.tree[2]
            if not (isinstance(structure, np.ndarray) and structure.shape == tuple(shape)
                    and structure.dtype == dtype):
                return None
            return bool(np.array_equal(structure.reshape(-1), flat))
        return self._holds(self.tree, structure, flat)

    def _holds(self, tree: _Tree, value: Any, flat: np.ndarray) -> Optional[bool]:
        kind = tree[0]
        if kind == "leaf":
            b = self.blocks[tree[1]]
            if not (isinstance(value, np.ndarray) and value.shape == b.shape and value.dtype == b.dtype):
                return None
            return bool(np.array_equal(np.ravel(value, order=b.order), flat[b.slice]))
        if kind == "seq":
            if not isinstance(value, (list, tuple)) or len(value) != len(tree[2]):
                return None
            parts = [self._holds(c, v, flat) for c, v in zip(tree[2], value)]
        elif kind == "dict":
            if not isinstance(value, dict) or len(value) != len(tree[2]) or any(k not in value for k, _ in tree[2]):
                return None
            parts = [self._holds(c, value[k], flat) for k, c in tree[2]]
        else:
            return None
        return None if any(p is None for p in parts) else all(parts)

    def unflatten(self, flat: np.ndarray) -> Any:
        """A fresh structure like the user's, holding `flat`, in the user's dtypes."""
        if self.tree[0] == "flat":
            dtype, shape = self.tree[1], self.tree[2]
            arr = np.asarray(flat, dtype=np.float64).astype(dtype).reshape(shape)
            return np.asmatrix(arr) if self.tree[3:] == ("matrix",) else arr
        return self._build(self.tree, flat)

    def _build(self, tree: _Tree, flat: np.ndarray) -> Any:
        kind = tree[0]
        if kind == "leaf":
            b = self.blocks[tree[1]]
            arr = b.view(flat).astype(b.dtype, copy=True)
            if tree[2] == "matrix":
                return np.asmatrix(arr)
            return arr if b.shape or tree[2] == "array" else arr[()].item()
        if kind == "seq":
            return tree[1](self._build(c, flat) for c in tree[2])
        if kind == "dict":
            return tree[1]((k, self._build(c, flat)) for k, c in tree[2])
        raise AssertionError(kind)

    def representable(self, flat: np.ndarray) -> np.ndarray:
        """`flat` rounded to what the user's dtypes can hold (float32 blocks lose digits)."""
        out = np.array(flat, dtype=np.float64)
        for b in self.blocks:
            if b.dtype != np.float64:
                out[b.slice] = out[b.slice].astype(b.dtype).astype(np.float64)
        return out

    @functools.cached_property
    def all_float64(self) -> bool:
        """No block rounds: `representable` is the identity (skip its copy on hot paths)."""
        return all(b.dtype == np.float64 for b in self.blocks)

    def low_precision_blocks(self) -> List[str]:
        return [b.name for b in self.blocks if np.finfo(b.dtype).eps > 1e-10]


def _ndim_is_vector(self: Block) -> bool:
    return len(self.shape) <= 1 or sum(d > 1 for d in self.shape) <= 1


Block.ndim_is_vector = _ndim_is_vector  # type: ignore[attr-defined]


def _as_array(value: Any, where: str) -> np.ndarray:
    try:
        arr = np.asarray(value)
    except Exception:  # noqa: BLE001
        raise InputError(f"{where} is not an array: got {describe(value)}.") from None
    if arr.dtype == object or not (np.issubdtype(arr.dtype, np.number) or arr.dtype == bool):
        raise InputError(f"{where} should be a numeric array, got {describe(value)}.")
    if np.iscomplexobj(arr):
        if np.any(arr.imag != 0):
            raise InputError(f"{where} is complex ({describe(value)}) with non-zero imaginary "
                             "parts; backprop-doctor checks real-valued costs of real parameters, and "
                             "dropping the imaginary part would check a different point. Keep "
                             "complex numbers inside your code (e.g. real and imaginary parts as two blocks).")
        arr = arr.real
    return arr


def _float_dtype(arr: np.ndarray) -> np.dtype:
    # Integer parameters (np.array([0, 0, 0])) are checked as float64: they cannot be perturbed.
    if arr.dtype in (np.float32, np.float64, np.float16):
        return np.dtype(np.float32) if arr.dtype == np.float16 else arr.dtype
    if np.issubdtype(arr.dtype, np.floating):
        return np.dtype(np.float64)
    return np.dtype(np.float64)


# -- building layouts -----------------------------------------------------------------------

def flat_point(params: Any, blocks: Optional[str] = None, order: str = "C"
               ) -> Tuple["Layout", np.ndarray]:
    """The layout of `params` and the flat float64 point, refused when not finite: what every
    entry (check, step, train) builds first."""
    layout = layout_of(params, blocks, order)
    x0 = layout.flatten(params)
    if not np.all(np.isfinite(x0)):
        bad = int(np.flatnonzero(~np.isfinite(x0))[0])
        raise InputError(f"the parameters contain {x0[bad]} at {layout.label(bad)}.")
    return layout, x0


def layout_of(params: Any, blocks: Optional[str] = None, order: str = "C") -> Layout:
    """The layout of the user's parameters; `blocks` cuts a flat theta into named pieces."""
    if order not in ("C", "F"):
        raise InputError(f"order must be 'C' (row-major) or 'F' (column-major), got {order!r}.")
    if blocks is not None and not isinstance(blocks, str):
        raise InputError(f"blocks should be a layout string such as 'theta1=5x4,theta2=3x6', got "
                         f"{describe(blocks)}.")
    if blocks is not None and blocks != "":
        arr = _as_array(params, "params")
        specs = parse_blocks(blocks)
        total = sum(int(np.prod(s)) for _, s in specs)
        if total != arr.size:
            detail = " + ".join(f"{n}={'x'.join(map(str, s))} ({int(np.prod(s))})" for n, s in specs)
            raise InputError(f"the layout {blocks!r} describes {total} entries ({detail}) but the "
                             f"parameters have {arr.size}; fix --blocks so the sizes add up.")
        dtype = _float_dtype(arr)
        out, offset = [], 0
        for name, shape in specs:
            out.append(Block(name, tuple(shape), dtype, offset, order))
            offset += int(np.prod(shape))
        return Layout(tuple(out), ("flat", dtype, arr.shape, _kind(params)))
    built: List[Block] = []
    try:
        tree = _walk(params, "", built, top=True)
    except RecursionError:
        raise InputError("params is nested too deeply (lists or dicts inside each other beyond "
                         "Python's recursion limit); pass an array, a list/tuple or a dict of "
                         "arrays, nested a few levels at most.") from None
    if not built:
        raise InputError("params holds no arrays: pass an array, a list/tuple of arrays or a dict "
                         "of arrays.")
    return Layout(tuple(built), tree)


def _walk(value: Any, name: str, built: List[Block], top: bool = False) -> _Tree:
    if isinstance(value, dict):
        items = []
        for k, v in value.items():
            child_name = f"{name}.{k}" if name else str(k)
            items.append((k, _walk(v, child_name, built)))
        return ("dict", type(value) if type(value) is not dict else dict, items)
    if isinstance(value, (list, tuple)) and not _is_number_list(value):
        base = name or "params"
        children = [_walk(v, f"{base}[{i}]", built) for i, v in enumerate(value)]
        return ("seq", type(value) if type(value) in (list, tuple) else list, children)
    arr = _as_array(value, name or "params")
    if arr.size == 0:
        raise InputError(f"parameter {name or 'params'} is empty (shape {arr.shape}).")
    offset = sum(b.size for b in built)
    block_name = name or "theta"
    built.append(Block(block_name, tuple(arr.shape), _float_dtype(arr), offset))
    return ("leaf", len(built) - 1, _kind(value))


# how gradient dicts name the parameter they belong to: deeplearning.ai's grads["dW1"] for
# parameters["W1"], and the other spellings learners use
# (the keys themselves first: a grads dict may also hold intermediates such as dZ1 or dA0)
_GRADIENT_KEY_FORMS = ("{}", "d{}", "d_{}", "grad_{}", "{}_grad", "grad{}")


def _gradient_keys(value: Dict[Any, Any], keys: Sequence[Any]) -> Dict[Any, Any]:
    """`value` re-keyed by the parameters' keys when every parameter key k appears in one
    spelling of "the gradient of k" (dW1 for W1): the first command works on a grads dict as
    the course returns it.  Otherwise unchanged (the caller says what was expected)."""
    if not all(isinstance(k, str) for k in keys):
        return value
    for form in _GRADIENT_KEY_FORMS:
        names = {form.format(k): k for k in keys}
        if set(names) <= set(value) and len(names) == len(keys):
            return {names[g]: value[g] for g in names}
    return value


def _kind(value: Any) -> str:
    if isinstance(value, np.matrix):
        return "matrix"
    return "array" if isinstance(value, np.ndarray) else "scalar"


def _is_number_list(value: Sequence) -> bool:
    return len(value) > 0 and all(isinstance(v, (int, float, np.number)) for v in value)


_BLOCK_RE = re.compile(r"^\s*([A-Za-z_][\w.\[\]]*)\s*=\s*(\d+(?:\s*[xX*,]\s*\d+)*)\s*$")


def parse_blocks(text: str) -> List[Tuple[str, Tuple[int, ...]]]:
    """Parse `theta1=5x4,theta2=3x6,b=10` into [(name, shape)]."""
    specs: List[Tuple[str, Tuple[int, ...]]] = []
    for part in _split_blocks(text):
        m = _BLOCK_RE.match(part)
        if not m:
            raise InputError(f"cannot read the block {part!r} in the layout {text!r}: write "
                             "NAME=ROWSxCOLS or NAME=SIZE, separated by commas, e.g. "
                             "'theta1=5x4,theta2=3x6,b=10'.")
        shape = tuple(int(d) for d in re.split(r"\s*[xX*]\s*", m.group(2)))
        if any(d <= 0 for d in shape):
            raise InputError(f"block {m.group(1)!r} in the layout has a zero dimension.")
        if m.group(1) in [n for n, _ in specs]:
            raise InputError(f"block name {m.group(1)!r} appears twice in the layout {text!r}.")
        specs.append((m.group(1), shape))
    if not specs:
        raise InputError("the layout is empty: write e.g. 'theta1=5x4,theta2=3x6'.")
    return specs


def _split_blocks(text: str) -> List[str]:
    # Commas separate blocks; a comma inside a shape ("5,4") is not supported to stay unambiguous.
    return [p for p in (s.strip() for s in text.replace(";", ",").split(",")) if p]


def layout_summary(layout: Layout) -> Dict[str, Any]:
    return {b.name: list(b.shape) for b in layout.blocks}
