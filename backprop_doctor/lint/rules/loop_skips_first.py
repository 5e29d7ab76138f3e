"""loop-skips-first: a loop over parameters or samples that starts at 1, so index 0 is never done."""
from __future__ import annotations

import ast
import re

from ...findings import RuleInfo, register
from .._module import (WEIGHT_NAME, base_name, const_int, last_ident, mult_factors, names_in, span,
                       unparse)

INFO = register(RuleInfo(
    id="loop-skips-first", title="a loop over parameters or samples starts at 1: entry 0 is skipped",
    severity="error", kind="lint",
    explanation=(
        "What it does: finds `for i in range(1, n)` over the entries of an array (`len(x)`, "
        "`np.size(theta)`, `x.shape[0]`, `m`) that fills a zero-initialised array at index i, or adds "
        "up samples (also through names computed from them: `a1 = X[t]` ... `J += cost(a3)`, the "
        "Octave `for t = 1:m` ported as is), or steps a list of layer weights built with a real "
        "layer at index 0 (`W[l] -= lr * dW[l]`), while index 0 is handled nowhere else. Loops that "
        "look back (`x[i-1]`), loops over layer sizes, lists whose index 0 is a placeholder for the "
        "input layer, and loops that only adjust an already computed array (regularising all but "
        "the bias) are left alone.\n"
        "Why it is bad: Python counts from 0. A numerical-gradient loop from 1 never perturbs "
        "theta[0], so the checker reports 0.0 there and blames a correct gradient; a gradient loop "
        "from 1 leaves grad[0] at zero, so the bias never learns."),
    fix="Start the loop at 0: `for i in range(n)`, or handle index 0 explicitly.",
    bad="numgrad = np.zeros(theta.shape)\nfor p in range(1, np.size(theta)):\n"
        "    numgrad[p] = (J(theta + e * I[p]) - J(theta - e * I[p])) / (2 * e)",
    good="numgrad = np.zeros(theta.shape)\nfor p in range(np.size(theta)):\n"
         "    numgrad[p] = (J(theta + e * I[p]) - J(theta - e * I[p])) / (2 * e)",
))

_LAYERS = re.compile(r"layer|sizes|dims|depth|^L$|n_l|num_l", re.IGNORECASE)
_ALLOC = ("zeros", "zeros_like", "empty", "empty_like", "full", "full_like")


def _stop_is_size(mod, stop) -> bool:
    """len(x), np.size(x), x.size, x.shape[k], a bare name like m or n_params; not `n + 1`."""
    if isinstance(stop, ast.Call):
        name = mod.call_name(stop)
        return name in ("len", "numpy.size") and len(stop.args) >= 1
    if isinstance(stop, ast.Attribute):
        return stop.attr == "size"
    if isinstance(stop, ast.Subscript):
        return isinstance(stop.value, ast.Attribute) and stop.value.attr == "shape"
    return isinstance(stop, ast.Name)


def _index_uses(var: str, sub: ast.Subscript) -> bool:
    s = sub.slice
    elts = s.elts if isinstance(s, ast.Tuple) else [s]
    return any(isinstance(e, ast.Name) and e.id == var for e in elts)


def _looks_back(var: str, body) -> bool:
    """i - 1 (or i - k) anywhere: a recurrence or a difference, which must start at 1."""
    for stmt in body:
        for n in ast.walk(stmt):
            if isinstance(n, ast.BinOp) and isinstance(n.op, ast.Sub) and \
                    isinstance(n.left, ast.Name) and n.left.id == var:
                return True
    return False


def _mentions_zero(sub: ast.Subscript) -> bool:
    s = sub.slice
    elts = s.elts if isinstance(s, ast.Tuple) else [s]
    for e in elts:
        if const_int(e) == 0:
            return True
        if isinstance(e, ast.Slice) and (e.lower is None or const_int(e.lower) == 0):
            return True  # x[:], x[:1], x[:k], x[0:n]: the slice covers index 0
    return False


def _zero_allocated(mod, value) -> bool:
    if isinstance(value, ast.Call):
        name = mod.call_name(value) or ""
        return name.split(".")[-1] in _ALLOC
    if isinstance(value, ast.BinOp) and isinstance(value.op, ast.Mult) and isinstance(value.left, ast.List):
        elts = value.left.elts
        return len(elts) == 1 and isinstance(elts[0], ast.Constant) and elts[0].value in (0, 0.0)  # [0] * n
    if isinstance(value, ast.Constant) and value.value in (0, 0.0):
        return True
    return False


# Functions whose loops walk parameters or samples (outside network files, loops from 1 are common
# and deliberate: combinatorics, matrices with a special first row, 1-based tables).
_GRADIENT_CODE = re.compile(r"grad|numer|cost|loss|backprop|train|fit|descent|theta|param|sample|batch|epoch",
                            re.IGNORECASE)
_REG_NAME = re.compile(r"^(lam|lamb|lmbda|lambd|lambda_?|reg\w*|l2\w*|weight_decay|wd|penalty)$", re.IGNORECASE)
_REG_ARRAY = re.compile(r"reg|penal|l2|decay|lambda|lam", re.IGNORECASE)


def _regularisation_only(value) -> bool:
    """`lam / m * theta[j]`: a penalty term alone, which leaves the bias (index 0) out on purpose."""
    return any(_REG_NAME.match(last_ident(f) or "") for f in mult_factors(value))


def _zero_handled(mod, scope) -> set:
    """The arrays whose index 0 the function touches somewhere (x[0], x[0, k], x[:], x[0:i])."""
    key = ("zero_handled", id(scope.node))
    if key not in mod.cache:
        mod.cache[key] = {unparse(base_name(s)) for s in mod.scope_nodes(scope, ast.Subscript) if _mentions_zero(s)}
    return mod.cache[key]


def _accumulation(n):
    """(name, added term) for `name += term`, `name = name + term` or `name = term + name`."""
    if isinstance(n, ast.AugAssign) and isinstance(n.op, ast.Add) and isinstance(n.target, ast.Name):
        return n.target.id, n.value
    if isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(n.targets[0], ast.Name) and \
            isinstance(n.value, ast.BinOp) and isinstance(n.value.op, ast.Add):
        name = n.targets[0].id
        for own, term in ((n.value.left, n.value.right), (n.value.right, n.value.left)):
            if isinstance(own, ast.Name) and own.id == name:
                return name, term
    return None


def _indexed_reads(var: str, loop):
    """A function telling which arrays an expression reads at index `var`, directly (`X[t]`) or
    through names computed from such reads earlier in the loop body (`a1 = X[t]; z2 = W @ a1`)."""
    through: dict = {}

    def reads(expr) -> set:
        out = {unparse(base_name(s)) for s in ast.walk(expr) if isinstance(s, ast.Subscript) and _index_uses(var, s)}
        for name in names_in(expr):
            out |= through.get(name, set())
        return out

    assigns = sorted((n for stmt in loop.body for n in ast.walk(stmt)
                      if isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(n.targets[0], ast.Name)),
                     key=lambda n: (n.lineno, n.col_offset))
    for n in assigns:
        through[n.targets[0].id] = reads(n.value)
    return reads


_BIAS_NAME = re.compile(r"bias|^b\d*$|^b_", re.IGNORECASE)


def _placeholder_first(value) -> bool:
    """`[None] + [...]`, `[None, W1, W2]`, `[0] + ...`: index 0 holds nothing on purpose."""
    if isinstance(value, ast.BinOp) and isinstance(value.op, ast.Add):
        return _placeholder_first(value.left)
    if isinstance(value, ast.List) and value.elts:
        first = value.elts[0]
        return isinstance(first, ast.Constant) and first.value in (None, 0)
    return False


def _built_with_a_first_layer(mod, key: str) -> bool:
    """The list is built in this file with a real entry at index 0: a comprehension, or a list
    literal of arrays, and never with a placeholder first (nor as a dict keyed by layer number)."""
    built = False
    for n in mod.of_type(ast.Assign, ast.Call):
        if isinstance(n, ast.Assign) and any(unparse(t) == key for t in n.targets):
            if _placeholder_first(n.value) or isinstance(n.value, (ast.Dict, ast.DictComp)):
                return False
            if isinstance(n.value, ast.ListComp) or (isinstance(n.value, ast.List) and n.value.elts):
                built = True
        elif isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "insert" \
                and unparse(n.func.value) == key:
            return False
    return built


def _layer_step_skipped(mod, loop, var: str, stop, handled):
    """(c) a gradient step over a list of layer weights from index 1: `W[l] -= lr * dW[l]` for l in
    range(1, len(W)), where W[0] is a real layer (built so in this file) and nothing else updates it."""
    if not (isinstance(stop, ast.Call) and mod.call_name(stop) == "len" and stop.args):
        return None
    bound = unparse(stop.args[0])
    for stmt in loop.body:
        for n in ast.walk(stmt):
            if isinstance(n, ast.AugAssign) and isinstance(n.op, ast.Sub):
                target, step = n.target, n.value
            elif isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(n.value, ast.BinOp) and \
                    isinstance(n.value.op, ast.Sub) and unparse(n.value.left) == unparse(n.targets[0]):
                target, step = n.targets[0], n.value.right
            else:
                continue
            if not (isinstance(target, ast.Subscript) and _index_uses(var, target)):
                continue
            key = unparse(target.value)
            others = {unparse(s.value) for s in ast.walk(step) if isinstance(s, ast.Subscript) and _index_uses(var, s)}
            if bound not in {key} | others:
                continue
            if not (WEIGHT_NAME.search(last_ident(target.value) or "") or _BIAS_NAME.search(last_ident(target.value) or "")):
                continue
            if handled(key) or not _built_with_a_first_layer(mod, key):
                continue
            return f"layer 0 (`{key}[0]`) is never updated"
    return None


def check(mod):
    for loop in mod.of_type(ast.For):
        if not (isinstance(loop, ast.For) and isinstance(loop.target, ast.Name)):
            continue
        it = loop.iter
        if not (isinstance(it, ast.Call) and mod.call_name(it) == "range" and len(it.args) in (2, 3)):
            continue
        if const_int(it.args[0]) != 1 or (len(it.args) == 3 and const_int(it.args[2]) != 1):
            continue
        stop = it.args[1]
        if not _stop_is_size(mod, stop) or any(_LAYERS.search(n) for n in names_in(stop)):
            continue
        var = loop.target.id
        if _looks_back(var, loop.body):
            continue
        scope = mod.scope(loop)
        context = [getattr(scope.node, "name", "")] + sorted(names_in(stop)) + sorted(
            names_in(ast.Module(body=loop.body, type_ignores=[])))
        if not (mod.looks_like_a_network or any(_GRADIENT_CODE.search(n) for n in context)):
            continue
        zero_handled = _zero_handled(mod, scope)

        def handled(array_key: str) -> bool:
            """x[0], x[0, k], x[:], x[0:i] anywhere in the function: index 0 has its own code."""
            return array_key in zero_handled

        skipped = []
        reads = _indexed_reads(var, loop)
        for stmt in loop.body:
            for n in ast.walk(stmt):
                # (a) an array allocated as zeros before the loop, filled at index i inside it
                if isinstance(n, (ast.Assign, ast.AugAssign)):
                    targets = n.targets if isinstance(n, ast.Assign) else [n.target]
                    for t in targets:
                        if isinstance(t, ast.Subscript) and _index_uses(var, t):
                            key = unparse(base_name(t))
                            if _REG_ARRAY.search(key) or _regularisation_only(n.value):
                                continue  # a penalty that skips the bias on purpose
                            if _zero_allocated(mod, scope.last_value(key, loop.lineno)) and not handled(key):
                                skipped.append(f"entry 0 of {key} is never computed")
                # (b) samples added up, also through names computed from them in the loop
                # (`a1 = X[t]; ...; J += cost(a3)`): total += ... or total = total + ...
                added = _accumulation(n)
                if added is not None:
                    total, term = added
                    if _zero_allocated(mod, scope.last_value(total, loop.lineno)):
                        read = reads(term)
                        if read and not any(handled(k) for k in read):
                            rows = " / ".join(f"{k}[0]" for k in sorted(read))
                            skipped.append(f"sample 0 ({rows}) is never added to {total}")
        step = _layer_step_skipped(mod, loop, var, stop, handled)
        if step:
            skipped.append(step)
        if skipped:
            what = "; ".join(dict.fromkeys(skipped))
            yield INFO.finding(
                f"`for {var} in {unparse(it)}` starts at 1 and index 0 is handled nowhere else: "
                f"{what} (Python counts from 0).",
                file=mod.filename, line=loop.lineno, evidence=span(loop, end_line=loop.lineno))
