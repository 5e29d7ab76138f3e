"""Where a file computes a softmax by hand, and what the data's layout around it looks like.

A softmax site is `e / SUM(e)` with `e` an exp (directly or through names), SUM one of np.sum,
`e.sum()` or the builtin `sum`, possibly one row at a time in a loop (`e[i] / sum(e[i])`).
The layout comes from the matrix product the logits were computed by: `X @ W` (data on the left:
rows are samples, classes along axis 1) or `W @ X` (weights on the left: columns are samples,
classes along axis 0).
"""
from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import List, Optional

from ._module import (BATCH_NAME, LintModule, base_name, const_int, is_weight_like, keyword,
                      last_ident, matmul_operands, unparse)

_REDUCTIONS = {"sum", "mean", "max", "min", "argmax", "argmin", "vstack", "hstack", "concatenate",
               "reshape", "array", "asarray", "zeros", "ones", "len", "exp", "log"}


@dataclass
class SoftmaxSite:
    div: ast.BinOp
    exp_call: ast.Call
    sum_call: ast.Call
    how: str                 # "numpy" (np.sum / e.sum()) or "builtin" (Python's sum)
    axis: Optional[ast.AST]  # the axis argument, None when not given
    row_var: Optional[str]   # `e[i] / sum(e[i])` in a loop: the index name
    logits: ast.AST          # the exp's argument without its max shift
    shifted: bool            # exp(z - max(z)): the max shift is there


def _sum_parts(mod: LintModule, node):
    """(summed expression, how, axis) for np.sum(x, axis), x.sum(axis), sum(x); else None."""
    if not isinstance(node, ast.Call):
        return None
    name = mod.call_name(node)
    if name in ("numpy.sum", "numpy.nansum") and node.args:
        axis = node.args[1] if len(node.args) > 1 else keyword(node, "axis")
        return node.args[0], "numpy", axis
    if name == "sum" and len(node.args) == 1:
        return node.args[0], "builtin", None
    if isinstance(node.func, ast.Attribute) and node.func.attr == "sum" and \
            mod.qualname(node.func.value) != "numpy":
        axis = node.args[0] if node.args else keyword(node, "axis")
        return node.func.value, "numpy", axis
    return None


def _exp_behind(mod: LintModule, node) -> Optional[ast.Call]:
    if mod.is_exp(node):
        return node
    value = mod.resolve(base_name(node))
    return value if value is not base_name(node) and mod.is_exp(value) else None


def _unshift(mod: LintModule, arg):
    """exp(z - np.max(z, ...)) -> (z, True); exp(z) -> (z, False); also through a name
    (`shifted = z - z.max(); exp(shifted)`)."""
    if isinstance(arg, (ast.Name, ast.Attribute)):
        if _shifted_in_place(mod, arg):
            return arg, True
        value = mod.resolve(arg)
        if value is not arg and isinstance(value, ast.BinOp) and isinstance(value.op, ast.Sub):
            inner, shifted = _unshift(mod, value)
            if shifted:
                return inner, True
    if isinstance(arg, ast.BinOp) and isinstance(arg.op, ast.Sub):
        right = arg.right
        if isinstance(right, ast.Call):
            name = mod.call_name(right) or ""
            method = right.func.attr if isinstance(right.func, ast.Attribute) else ""
            if name.split(".")[-1] in ("max", "amax", "nanmax", "logsumexp") or method == "max":
                return arg.left, True
        if isinstance(right, (ast.Name, ast.Attribute, ast.Subscript)):
            return arg.left, True  # z - m with m computed elsewhere: a shift of some kind
    return arg, False


def _shifted_in_place(mod: LintModule, arg) -> bool:
    """`scores -= np.max(scores, axis=1, keepdims=True)` earlier in the same function."""
    scope = mod.scope(arg)
    cache_key = ("subtracted_in_place", id(scope.node))
    by_target = mod.cache.get(cache_key)
    if by_target is None:  # indexed once per function: a generated module has thousands of them
        by_target = {}
        for node in mod.scope_nodes(scope, ast.AugAssign):
            if isinstance(node.op, ast.Sub):
                by_target.setdefault(unparse(node.target), []).append(node)
        mod.cache[cache_key] = by_target
    for node in by_target.get(unparse(arg), ()):
        if node.lineno < arg.lineno:
            if any(isinstance(n, ast.Call) and (last_ident(n.func) or "") in ("max", "amax", "nanmax", "logsumexp")
                   for n in ast.walk(node.value)):
                return True
    return False


def softmax_sites(mod: LintModule) -> List[SoftmaxSite]:
    """Every hand-written softmax in the file (computed once per file, shared by three rules)."""
    if "softmax_sites" not in mod.cache:
        mod.cache["softmax_sites"] = _find_sites(mod)
    return mod.cache["softmax_sites"]


def _find_sites(mod: LintModule) -> List[SoftmaxSite]:
    sites = []
    for node in mod.of_type(ast.BinOp):
        if not (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div)):
            continue
        right = node.right
        if isinstance(right, (ast.Name, ast.Attribute)):
            right = mod.resolve(right)
        parts = _sum_parts(mod, right)
        if parts is None:
            continue
        summed, how, axis = parts
        if unparse(summed) != unparse(node.left):
            continue
        exp_call = _exp_behind(mod, node.left)
        if exp_call is None:
            continue
        row_var = None
        if isinstance(node.left, ast.Subscript) and isinstance(node.left.slice, ast.Name):
            row_var = node.left.slice.id
        logits, shifted = _unshift(mod, exp_call.args[0])
        sites.append(SoftmaxSite(node, exp_call, right, how, axis, row_var, logits, shifted))
    return sites


@dataclass
class Layout:
    """How the logits were computed: `data_left` (X @ W) or `weights_left` (W @ X), and whether
    the data operand is visibly a batch (capital X, `inputs`, an `ndmin=2` array, ...)."""

    data_left: bool
    batch: bool
    product: str


def layout(mod: LintModule, node, depth: int = 8) -> Optional[Layout]:
    """Follow the logits back through names and elementwise steps to the matrix product."""
    while depth > 0:
        depth -= 1
        if isinstance(node, (ast.Name, ast.Attribute)):
            value = mod.resolve(node)
            if value is node:
                return None
            node = value
            continue
        ops = matmul_operands(mod, node)
        if ops is not None:
            left, right = ops
            if is_weight_like(right) and not is_weight_like(left):
                return Layout(True, is_batch(mod, left), unparse(node))
            if is_weight_like(left) and not is_weight_like(right):
                return Layout(False, is_batch(mod, right), unparse(node))
            return None
        if isinstance(node, ast.Call) and len(node.args) >= 1:
            name = (mod.call_name(node) or "").split(".")[-1]
            if name in _REDUCTIONS:
                return None
            node = node.args[0]  # an elementwise function of the logits (an activation)
            continue
        if isinstance(node, ast.BinOp):
            node = node.left
            continue
        return None
    return None


def is_batch(mod: LintModule, node, depth: int = 6) -> bool:
    """Visibly several samples: an `ndmin=2` array, a value computed from a batch, or (when the
    value is not assigned in the function: a parameter) a batch-like name such as X or inputs."""
    for _ in range(depth):
        if isinstance(node, ast.Attribute) and node.attr == "T":
            node = node.value
            continue
        if isinstance(node, (ast.Name, ast.Attribute)):
            value = mod.resolve(node)
            if value is node:
                name = last_ident(node)
                return bool(name and BATCH_NAME.match(name))
            node = value
            continue
        if isinstance(node, ast.Call):
            ndmin = keyword(node, "ndmin")
            if ndmin is not None and (const_int(ndmin) or 0) >= 2:
                return True
        ops = matmul_operands(mod, node)
        if ops is not None:
            left, right = ops
            node = right if is_weight_like(left) else left
            continue
        if isinstance(node, ast.Call) and node.args:
            # np.maximum(0, X @ W1 + b1): follow the operand that is not a constant
            node = next((a for a in node.args if not isinstance(a, ast.Constant)), node.args[0])
            continue
        if isinstance(node, ast.BinOp):
            node = node.left
            continue
        return False
    return False
