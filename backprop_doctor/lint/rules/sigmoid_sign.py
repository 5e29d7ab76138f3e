"""sigmoid-sign: the sigmoid written 1/(1+exp(z)), which is sigmoid(-z)."""
from __future__ import annotations

import ast
import re

from ...findings import RuleInfo, register
from .._module import is_plain_logit, last_ident, names_in, span, unparse

INFO = register(RuleInfo(
    id="sigmoid-sign", title="sigmoid written 1/(1+exp(z)): the sign of z is missing",
    severity="error", kind="lint",
    explanation=(
        "What it does: finds `1 / (1 + exp(z))` (np.exp under any alias, math.exp, `from numpy "
        "import exp`, also `exp(+z)`), which is sigmoid(-z), not sigmoid(z), where it is meant as "
        "the sigmoid: in a function or lambda named like one, or stored as an activation (a2, h). "
        "Elsewhere 1/(1+exp(x)) is often sigmoid(-x) on purpose (a logistic-loss derivative).\n"
        "Why it is bad: every unit then decreases with its input. When the same function is used in "
        "the cost and the gradient the hidden layer's two sign errors cancel, so a gradient check "
        "shows only the output layer flipped (`sign-flip`), and training climbs the loss."),
    fix="Write sigmoid(z) = 1 / (1 + np.exp(-z)).",
    bad="def sigmoid(z):\n    return 1 / (1 + np.exp(z))",
    good="def sigmoid(z):\n    return 1 / (1 + np.exp(-z))",
))

# An argument holding labels is the logistic-loss derivative -y/(1+exp(y*w.x)), which is right.
_LABEL = re.compile(r"^(y|Y|t|T|labels?|targets?|y_\w+|Y_\w+)$")


def _is_one(node) -> bool:
    return isinstance(node, ast.Constant) and node.value == 1 and not isinstance(node.value, bool)


def _exp_of_sum(mod, node):
    """The exp call in `1 + exp(...)` / `exp(...) + 1`."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        for a, b in ((node.left, node.right), (node.right, node.left)):
            if _is_one(a) and mod.is_exp(b):
                return b
    return None


def _negated(mod, arg, depth=3) -> bool:
    """-z, -1*z, 0 - z, -(w @ x), or a name last assigned such an expression."""
    if isinstance(arg, ast.UnaryOp):
        return isinstance(arg.op, ast.USub) and not _negated(mod, arg.operand, depth)
    if isinstance(arg, ast.BinOp) and isinstance(arg.op, ast.Sub):
        return True  # 0 - z, b - w.x: an explicit subtraction is a deliberate sign
    if isinstance(arg, ast.BinOp) and isinstance(arg.op, (ast.Mult, ast.Div, ast.MatMult)):
        return _negated(mod, arg.left, depth) != _negated(mod, arg.right, depth)
    if isinstance(arg, ast.Constant) and isinstance(arg.value, (int, float)):
        return arg.value < 0
    if isinstance(arg, (ast.Name, ast.Attribute)) and depth > 0:
        value = mod.scope(arg).last_value(unparse(arg), arg.lineno)
        return value is not None and _negated(mod, value, depth - 1)
    return False


_SIGMOID_FUNC = re.compile(r"sigm|logistic|expit|activat|nonlin|squash|^sig$|^act$", re.IGNORECASE)
_ACTIVATION_VALUE = re.compile(r"sigm|activation|^a(\d+|_\d+)?$|^h(\d+|_\d+)?$|^hidden|^output|^out$|^y_?hat$",
                               re.IGNORECASE)


def _meant_as_sigmoid(mod, node) -> bool:
    """The expression is a sigmoid by its name: it is what a function (or lambda) named like one
    returns, or it is stored under an activation's name (a2, h, output, ...)."""
    for anc in mod.ancestors(node):
        if isinstance(anc, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return bool(_SIGMOID_FUNC.search(anc.name))
        if isinstance(anc, ast.Lambda):
            owner = mod.parent(anc)
            if isinstance(owner, ast.Assign):
                return any(_SIGMOID_FUNC.search(last_ident(t) or "") for t in owner.targets)
            return False
        if isinstance(anc, ast.Assign):
            if any(_ACTIVATION_VALUE.search(last_ident(t) or "") for t in anc.targets):
                return True
        if isinstance(anc, ast.stmt) and not isinstance(anc, (ast.Assign, ast.Return, ast.Expr)):
            continue
    return False


def check(mod):
    for node in mod.nodes:
        if not (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div) and _is_one(node.left)):
            continue
        exp_call = _exp_of_sum(mod, node.right)
        if exp_call is None:
            continue
        arg = exp_call.args[0]
        if not is_plain_logit(mod, arg) or _negated(mod, arg) or any(_LABEL.match(n) for n in names_in(arg)):
            continue
        parent = mod.parent(node)
        if isinstance(parent, ast.BinOp) and isinstance(parent.op, ast.Sub) and parent.right is node:
            continue  # 1 - 1/(1+exp(z)) is sigmoid(z)
        if not _meant_as_sigmoid(mod, node):
            continue  # BPR's 1/(1+exp(x)) = sigmoid(-x) as a derivative, Fermi-Dirac, ...
        yield INFO.finding(
            f"`{unparse(node)}` is sigmoid(-{unparse(arg)}), not sigmoid({unparse(arg)}): the minus "
            "sign inside exp is missing, so every unit's output falls as its input grows.",
            file=mod.filename, line=node.lineno, evidence=span(node))
