"""positive-init: weights drawn from [0, 1) (np.random.rand and friends) and never centred."""
from __future__ import annotations

import ast
import re

from ...findings import RuleInfo, register
from .._module import base_name, is_grad_like, is_weight_like, last_ident, span, unparse

INFO = register(RuleInfo(
    id="positive-init", title="weights start all positive (drawn from [0, 1) and not centred)",
    severity="warning", kind="lint",
    explanation=(
        "What it does: finds weights (a name like W, w1, weights, theta, wih, or the result of an "
        "init function) drawn with np.random.rand, np.random.random, random.random, "
        "default_rng().random or uniform(0, ...) and never shifted to be centred on zero. "
        "`rand(...) * 2 * eps - eps`, `rand(...) - 0.5`, uniform(-a, a) and randn are centred and "
        "fine.\n"
        "Why it is bad: with every weight positive, all hidden units of a layer start nearly alike and "
        "push their outputs the same way; sigmoid units saturate, symmetry is hardly broken, and "
        "training stalls (seed 000: every output stays near 0.5)."),
    fix="Centre the draw: `rng.uniform(-eps, eps, size)` or `np.random.rand(...) * 2 * eps - eps`, or "
        "use a scaled normal: `rng.standard_normal((n_out, n_in)) / np.sqrt(n_in)`.",
    bad="W1 = np.random.rand(n_hidden, n_inputs + 1)",
    good="W1 = np.random.rand(n_hidden, n_inputs + 1) * 2 * 0.12 - 0.12",
))

_UNIT_DRAWS = ("numpy.random.rand", "numpy.random.random", "numpy.random.random_sample",
               "numpy.random.sample", "numpy.random.ranf", "random.random", "torch.rand",
               "cupy.random.rand", "cupy.random.random")
_GEN_METHODS = ("random",)
_INIT_FUNC = re.compile(r"init", re.IGNORECASE)


def _is_positive_draw(mod, call) -> bool:
    name = mod.call_name(call) or ""
    if name in _UNIT_DRAWS:
        return True
    if name.endswith(("random.uniform", "numpy.random.uniform")) or \
            (isinstance(call.func, ast.Attribute) and call.func.attr == "uniform" and _is_generator(mod, call.func.value)):
        low = call.args[0] if call.args else next((k.value for k in call.keywords if k.arg == "low"), None)
        if low is None:
            return True
        return isinstance(low, ast.Constant) and isinstance(low.value, (int, float)) and low.value >= 0
    if isinstance(call.func, ast.Attribute) and call.func.attr in _GEN_METHODS:
        return _is_generator(mod, call.func.value)
    return False


def _is_generator(mod, node) -> bool:
    """np.random.default_rng(...), np.random.RandomState(...), or a name assigned one."""
    value = mod.resolve(node) if isinstance(node, (ast.Name, ast.Attribute)) else node
    name = mod.call_name(value) or ""
    return name.split(".")[-1] in ("default_rng", "RandomState", "Generator")


def _centred_on_the_way(mod, call, root) -> bool:
    """A subtraction between the draw and the assigned value: rand*2*eps - eps, rand - 0.5."""
    node = call
    while node is not root:
        parent = mod.parent(node)
        if parent is None:
            return False
        if isinstance(parent, ast.BinOp) and isinstance(parent.op, ast.Sub):
            return True
        node = parent
    return False


def _target_of(mod, call):
    """(what the draw initialises, the expression assigned) or (None, None)."""
    node = call
    for parent in mod.ancestors(call):
        if isinstance(parent, ast.Assign):
            return parent.targets[0], parent.value
        if isinstance(parent, ast.Call) and isinstance(parent.func, ast.Attribute) and \
                parent.func.attr in ("append", "extend", "insert"):
            return parent.func.value, node
        if isinstance(parent, ast.Return):
            return None, parent.value
        if isinstance(parent, (ast.stmt,)):
            return None, None
        node = parent
    return None, None


def _centred_later(mod, target, assign_line, call) -> bool:
    """`w -= 0.5`, `w = w * 2 - 1`, or random sign flips `w[j, k] = -w[j, k]` in the same loop."""
    key = unparse(base_name(target))
    scope = mod.scope(call)
    loops = mod.enclosing_loops(call)
    for node in ast.walk(scope.node):
        line = getattr(node, "lineno", 0)
        if line <= assign_line:
            continue
        if isinstance(node, ast.AugAssign) and unparse(base_name(node.target)) == key and \
                isinstance(node.op, ast.Sub) and _shift_not_update(mod, node, loops):
            return True
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            t = node.targets[0]
            if unparse(base_name(t)) != key:
                continue
            v = node.value
            if isinstance(v, ast.UnaryOp) and isinstance(v.op, ast.USub):
                # random sign flips centre the draw; flips of `w[-1]` only the draws appended in
                # their own loop (seed 000 flips each appended matrix, not the first one)
                if loops and any(n is node for n in ast.walk(loops[0])):
                    return True
                if not loops and "[-1]" not in unparse(t):
                    return True
            if unparse(t) == key and isinstance(v, ast.BinOp) and isinstance(v.op, ast.Sub) and \
                    key in unparse(v):
                return True
    return False


def _shift_not_update(mod, node, draw_loops) -> bool:
    """`w -= 0.5` or `w -= eps` right after the draw; not a training update `w -= lr * dw` in a loop."""
    if any(is_grad_like(n) for n in ast.walk(node.value) if isinstance(n, (ast.Name, ast.Attribute))):
        return False
    own = {id(lp) for lp in draw_loops}
    return all(id(lp) in own for lp in mod.enclosing_loops(node))


_NOT_NETWORK_WEIGHTS = re.compile(r"sample|class_?w|average|avg|prob", re.IGNORECASE)


def _returned(fdef, key: str) -> bool:
    for node in ast.walk(fdef):
        if isinstance(node, ast.Return) and node.value is not None:
            if any(unparse(n) == key for n in ast.walk(node.value) if isinstance(n, (ast.Name, ast.Attribute))):
                return True
    return False


# Names that mean a network's weight matrix even in a file with no other network word.
_LAYER_WEIGHTS = re.compile(r"^W\d+$|^(wih|who|whh|w_ih|w_ho|w_hh)$|^[Tt]heta\d+$|^syn\d+$")


def check(mod):
    network = mod.looks_like_a_network
    for call in mod.of_type(ast.Call):
        if not (isinstance(call, ast.Call) and _is_positive_draw(mod, call)):
            continue
        target, root = _target_of(mod, call)
        if root is None:
            continue
        fdef = mod.scope(call).node
        in_init = isinstance(fdef, (ast.FunctionDef, ast.AsyncFunctionDef)) and bool(_INIT_FUNC.search(fdef.name)) \
            and bool(re.search(r"weight|param|theta", fdef.name, re.IGNORECASE))
        if target is not None:
            named = base_name(target) if isinstance(target, ast.Subscript) else target
            if _NOT_NETWORK_WEIGHTS.search(unparse(named)):
                continue
            if not network and not _LAYER_WEIGHTS.match(last_ident(named) or ""):
                continue
            weights = is_weight_like(named)
            if not weights and not (in_init and _returned(fdef, unparse(named))):
                continue
        else:
            returns_draw = in_init and network
            if not returns_draw:
                continue
        if _centred_on_the_way(mod, call, root):
            continue
        if target is not None and _centred_later(mod, target, mod.statement(call).lineno, call):
            continue
        what = f"`{unparse(target)}`" if target is not None else f"the value returned by `{fdef.name}`"
        yield INFO.finding(
            f"{what} is drawn with `{unparse(call)}`, uniform over a positive range: every weight "
            "starts positive and nothing centres it on zero.",
            file=mod.filename, line=call.lineno, evidence=span(call))
