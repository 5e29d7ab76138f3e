"""accumulator-not-reset: a gradient sum set to zero once, outside the training loop, then added to
and used for updates inside it without ever being reset."""
from __future__ import annotations

import ast
import re

from ...findings import RuleInfo, register
from .._module import base_name, is_grad_like, mult_factors, span, unparse, walk_scope

INFO = register(RuleInfo(
    id="accumulator-not-reset", title="a gradient accumulator is never reset inside the training loop",
    severity="warning", kind="lint",
    explanation=(
        "What it does: finds a variable set once before a loop, added to inside it (`g += ...`, "
        "`g = g + ...`, `g = [n + o for n, o in zip(new, g)]`) and used by an update inside the same "
        "loop (`w - lr * g`), with no assignment that resets it inside the loop. Momentum "
        "(`v = mu * v + g`) and squared sums (AdaGrad's `cache += g**2`) decay or are meant to grow, "
        "and are left alone.\n"
        "Why it is bad: each step then uses the sum of every gradient since the start, not the "
        "gradient at the current weights; the steps grow without bound and training diverges or "
        "stalls (seed 000)."),
    fix="Reset the accumulator at the start of each step or epoch, inside the loop: "
        "`grad_w = [np.zeros_like(w) for w in weights]`.",
    bad="grad_w = np.zeros_like(w)\nfor epoch in range(epochs):\n    for x, y in data:\n"
        "        grad_w += backprop(w, x, y)\n    w = w - lr / len(data) * grad_w",
    good="for epoch in range(epochs):\n    grad_w = np.zeros_like(w)\n    for x, y in data:\n"
         "        grad_w += backprop(w, x, y)\n    w = w - lr / len(data) * grad_w",
))


def _squared(mod, term) -> bool:
    if isinstance(term, ast.BinOp) and isinstance(term.op, ast.Pow):
        return True
    factors = mult_factors(term)
    keys = [unparse(f) for f in factors]
    if len(keys) != len(set(keys)):
        return True  # g * g
    return isinstance(term, ast.Call) and (mod.call_name(term) or "").split(".")[-1] in ("square", "abs")


_ALLOC = ("zeros", "zeros_like", "empty", "empty_like", "full", "full_like")


def _array_start(mod, value) -> bool:
    """np.zeros(...), np.zeros_like(w), [np.zeros_like(w) for w in ws], {k: np.zeros_like(v) ...}."""
    if isinstance(value, (ast.ListComp, ast.DictComp)):
        value = value.elt if isinstance(value, ast.ListComp) else value.value
    elif isinstance(value, ast.List) and value.elts:
        value = value.elts[0]
    return isinstance(value, ast.Call) and (mod.call_name(value) or "").split(".")[-1] in _ALLOC


def _gradient_sum(mod, key, added) -> bool:
    """A gradient is being summed: the accumulator or what is added is named like one."""
    value = mod.resolve(added) if isinstance(added, (ast.Name, ast.Attribute)) else added
    if isinstance(value, ast.BinOp) and isinstance(value.op, ast.Sub):
        return False  # SAG-style `sum += new - old`: a running sum kept exact on purpose
    if is_grad_like(ast.parse(key, mode="eval").body):
        return True
    return any(is_grad_like(n) or (isinstance(n, ast.Call) and re.search(r"backprop|grad", unparse(n.func)))
               for n in ast.walk(added) if isinstance(n, (ast.Name, ast.Attribute, ast.Call)))


def _accumulations(mod, scope):
    """(key, statement, added term) for every pure additive update of a name in this scope."""
    for n in mod.scope_nodes(scope, (ast.AugAssign, ast.Assign)):
        if isinstance(n, ast.AugAssign) and isinstance(n.op, ast.Add) and \
                isinstance(n.target, (ast.Name, ast.Attribute)):
            if not _squared(mod, n.value):
                yield unparse(n.target), n, n.value
        elif isinstance(n, ast.Assign) and len(n.targets) == 1 and \
                isinstance(n.targets[0], (ast.Name, ast.Attribute)):
            key, v = unparse(n.targets[0]), n.value
            if isinstance(v, ast.BinOp) and isinstance(v.op, ast.Add):
                sides = (unparse(v.left), unparse(v.right))
                if key in sides:
                    other = v.right if sides[0] == key else v.left
                    if not _squared(mod, other):
                        yield key, n, other
            elif isinstance(v, ast.ListComp) and len(v.generators) == 1 and \
                    isinstance(v.elt, ast.BinOp) and isinstance(v.elt.op, ast.Add):
                gen = v.generators[0]
                it = gen.iter
                if isinstance(it, ast.Call) and unparse(it.func) == "zip" and \
                        key in [unparse(a) for a in it.args] and isinstance(gen.target, ast.Tuple):
                    yield key, n, it


def _is_consumer(stmt, key) -> bool:
    """An update that reads the accumulator: w -= lr * g, w = w - lr * g, [w - lr*g for ... in zip(.., g)]."""
    def mentions(node):
        return any(unparse(x) == key for x in ast.walk(node) if isinstance(x, (ast.Name, ast.Attribute)))

    if isinstance(stmt, ast.AugAssign) and isinstance(stmt.op, ast.Sub):
        return mentions(stmt.value) and unparse(base_name(stmt.target)) != key
    if isinstance(stmt, ast.Assign):
        if any(unparse(base_name(t)) == key for t in stmt.targets):
            return False
        for n in ast.walk(stmt.value):
            if isinstance(n, ast.BinOp) and isinstance(n.op, ast.Sub) and mentions(n.right):
                return True
            if isinstance(n, ast.ListComp) and isinstance(n.elt, ast.BinOp) and isinstance(n.elt.op, ast.Sub) \
                    and any(mentions(g.iter) for g in n.generators):
                return True
    return False


def _resets(loop, key, accumulation) -> bool:
    for n in ast.walk(loop):
        if n is accumulation:
            continue
        if isinstance(n, ast.Assign):
            for t in n.targets:
                if unparse(t) == key and not any(unparse(x) == key for x in ast.walk(n.value)):
                    return True
                if isinstance(t, ast.Subscript) and unparse(t.value) == key:
                    return True  # g[:] = 0, g[...] = 0
        if isinstance(n, ast.AugAssign) and unparse(n.target) == key and isinstance(n.op, (ast.Mult, ast.Div)):
            return True  # g *= 0, or a decay (momentum)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr in ("fill", "clear") \
                and unparse(n.func.value) == key:
            return True
    return False


def check(mod):
    for scope in mod.scopes:
        for key, acc, added in _accumulations(mod, scope):
            loops = mod.enclosing_loops(acc)
            if not loops or not _gradient_sum(mod, key, added):
                continue
            # consumers can only be inside the outermost loop around the accumulation: walk that
            # loop, not the whole function (a generated module has thousands of loops)
            statements = [n for n in walk_scope(loops[-1]) if isinstance(n, (ast.Assign, ast.AugAssign))]
            for consumer in statements:
                if consumer is acc or not _is_consumer(consumer, key):
                    continue
                around = {id(a) for a in mod.ancestors(consumer)}
                loop = next((lp for lp in loops if id(lp) in around), None)
                if loop is None:
                    continue
                init = scope.last_value(key, loop.lineno)
                if init is None or not _array_start(mod, init):
                    continue
                if _resets(loop, key, acc):
                    continue
                init_line = max(line for line, k, v, _ in scope.assigns if k == key and line < loop.lineno)
                yield INFO.finding(
                    f"`{key}` is set once (line {init_line}) before the loop at line {loop.lineno}, "
                    f"added to here and used by the update at line {consumer.lineno} inside that loop, "
                    "but never reset in it: every step uses the sum of all earlier gradients.",
                    file=mod.filename, line=acc.lineno, evidence=span(acc))
                break
