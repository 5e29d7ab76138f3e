"""update-times-weights: a step `w -= lr * w * g`, scaled by the weights themselves."""
from __future__ import annotations

import ast
import re

from ...findings import RuleInfo, register
from .._module import is_grad_like, mult_factors, span, unparse

INFO = register(RuleInfo(
    id="update-times-weights", title="the update multiplies the gradient by the weights",
    severity="error", kind="lint",
    explanation=(
        "What it does: finds updates whose step contains the updated weights as a factor next to a "
        "gradient: `w -= lr * w * g`, `w = w - lr * w * g`, `[w - lr * w * g for ...]`. Weight decay "
        "`w -= lr * (g + lam * w)` and `w -= lr * wd * w` are fine and not flagged.\n"
        "Why it is bad: gradient descent is w - lr * g. Multiplying by w rescales every entry's rate "
        "by its own weight: entries near 0 barely move, negative weights move up the gradient, and "
        "the network settles on a poor point (seed 000: all outputs stay near 0.5)."),
    fix="Step along the gradient only: `w -= lr * g` (weight decay, if wanted, is `lr * (g + lam * w)`).",
    bad="weights[0] -= .03 * weights[0] * dcdw0",
    good="weights[0] -= .03 * dcdw0",
))


def _bad_step(target_key: str, step, paired=frozenset()) -> bool:
    """The step has the target as a factor next to a gradient (a gradient-like name, or the
    weights' partner in `for w, nw in zip(weights, nabla_w)`)."""
    factors = mult_factors(step)
    keys = [unparse(f) for f in factors]
    if target_key not in keys:
        return False
    others = [f for f, k in zip(factors, keys) if k != target_key]
    return any(is_grad_like(f) or unparse(f) in paired for f in others)


def _zip_partners(mod, sub):
    """In `[w - ... for w, nw in zip(weights, grads)]`, the names that walk beside `w`."""
    parent = mod.parent(sub)
    if isinstance(parent, (ast.ListComp, ast.GeneratorExp)) and parent.elt is sub:
        names = set()
        for gen in parent.generators:
            names |= {n.id for n in ast.walk(gen.target) if isinstance(n, ast.Name)}
        return frozenset(names - {unparse(sub.left)})
    return frozenset()


def _report(mod, node, target_key, step):
    return INFO.finding(
        f"the step for `{target_key}` is `{unparse(step)}`: it is multiplied by `{target_key}` "
        "itself, so each entry moves in proportion to its own weight (and against the gradient "
        "where the weight is negative).",
        file=mod.filename, line=node.lineno, evidence=span(node))


_UPDATE_FUNC = re.compile(r"update|step|sgd|descent|train|apply|optimi", re.IGNORECASE)


def _update_context(mod, sub: ast.BinOp) -> bool:
    """`w - P` is an update when it is assigned back to w, is the element of a comprehension over
    the weights, or is what an update/step function returns; `x - x * delta` elsewhere (a relative
    perturbation, say) is not."""
    parent = mod.parent(sub)
    key = unparse(sub.left)
    if isinstance(parent, ast.Assign):
        return any(unparse(t) == key for t in parent.targets)
    if isinstance(parent, (ast.ListComp, ast.GeneratorExp)) and parent.elt is sub:
        targets = set()
        for gen in parent.generators:
            targets |= {n.id for n in ast.walk(gen.target) if isinstance(n, ast.Name)}
        return key in targets
    if isinstance(parent, ast.Return):
        fdef = mod.scope(sub).node
        return isinstance(fdef, (ast.FunctionDef, ast.AsyncFunctionDef)) and bool(_UPDATE_FUNC.search(fdef.name))
    return False


def check(mod):
    for node in mod.nodes:
        if isinstance(node, ast.AugAssign) and isinstance(node.op, ast.Sub):
            key = unparse(node.target)
            if _bad_step(key, node.value):
                yield _report(mod, node, key, node.value)
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Sub):
            key = unparse(node.left)
            if isinstance(node.left, (ast.Name, ast.Attribute, ast.Subscript)) and \
                    _bad_step(key, node.right, _zip_partners(mod, node)) and _update_context(mod, node):
                yield _report(mod, node, key, node.right)
