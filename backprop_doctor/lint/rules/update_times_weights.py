"""update-times-weights: a step `w -= lr * w * g`, scaled by the weights themselves."""
from __future__ import annotations

import ast

from ...findings import RuleInfo, register
from .._module import is_grad_like, mult_factors, unparse

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


def _bad_step(target_key: str, step) -> bool:
    factors = mult_factors(step)
    keys = [unparse(f) for f in factors]
    if target_key not in keys:
        return False
    others = [f for f, k in zip(factors, keys) if k != target_key]
    return any(is_grad_like(f) for f in others)


def _report(mod, node, target_key, step):
    return INFO.finding(
        f"the step for `{target_key}` is `{unparse(step)}`: it is multiplied by `{target_key}` "
        "itself, so each entry moves in proportion to its own weight (and against the gradient "
        "where the weight is negative).",
        file=mod.filename, line=node.lineno, evidence={"end_line": node.end_lineno})


def check(mod):
    for node in ast.walk(mod.tree):
        if isinstance(node, ast.AugAssign) and isinstance(node.op, ast.Sub):
            key = unparse(node.target)
            if _bad_step(key, node.value):
                yield _report(mod, node, key, node.value)
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Sub):
            # w - lr*w*g: in `w = ...`, a comprehension over the weights, or a return
            key = unparse(node.left)
            if isinstance(node.left, (ast.Name, ast.Attribute, ast.Subscript)) and _bad_step(key, node.right):
                yield _report(mod, node, key, node.right)
