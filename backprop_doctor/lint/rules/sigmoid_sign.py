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
        "import exp`, a name bound to one, also `exp(+z)`), which is sigmoid(-z), not sigmoid(z), "
        "where it is meant as the sigmoid: in a function or lambda named like one, an entry "
        "\"sigmoid\" of a table of activations, a function whose result is stored as a layer's "
        "output, or a value stored as an activation (a2, h). "
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
# A call's result stored under one of these names is a layer's activation (stricter than above:
# a call site is weaker evidence than the expression's own name).
_ACTIVATION_STORE = re.compile(r"sigm|activation|^a(\d+|_\d+)$|^h(\d+|_\d+)$|^hidden|^outputs?$", re.IGNORECASE)


def _sigmoid_string(node) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and bool(_SIGMOID_FUNC.search(node.value))


def _chooses_sigmoid(test) -> bool:
    """`name == "sigmoid"` (either side): the branch below it is the sigmoid's."""
    return isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], ast.Eq) and \
        (_sigmoid_string(test.left) or _sigmoid_string(test.comparators[0]))


def _stored_as_activation(mod, name: str, target) -> bool:
    """Some call of `name` (a function of this file, or a lambda bound to the name) has its result
    stored under an activation's name: `neuron["output"] = transfer(x)`, `a1 = f(X @ W1)`."""
    calls = mod.calls_to(target) if isinstance(target, (ast.FunctionDef, ast.AsyncFunctionDef)) else \
        mod.calls_by_name(name)
    for call in calls:
        owner = mod.parent(call)
        if isinstance(owner, ast.Assign) and owner.value is call and \
                any(_ACTIVATION_STORE.search(last_ident(t) or "") for t in owner.targets):
            return True
    return False


def _named_context(mod, node) -> bool:
    """Walk out of the expression to whatever names it: a function, a dict key, an assignment, a
    keyword or parameter default, or an `if kind == "sigmoid":` branch."""
    child = node
    for anc in mod.ancestors(node):
        if isinstance(anc, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if child in anc.body:
                return bool(_SIGMOID_FUNC.search(anc.name)) or _stored_as_activation(mod, anc.name, anc)
            return False
        if isinstance(anc, ast.If):
            if child in anc.body and _chooses_sigmoid(anc.test):
                return True
        elif isinstance(anc, ast.Dict):
            if child in anc.values:
                return _sigmoid_string(anc.keys[anc.values.index(child)])
            return False
        elif isinstance(anc, ast.keyword):
            return bool(anc.arg and _SIGMOID_FUNC.search(anc.arg))
        elif isinstance(anc, ast.arguments):
            positional = anc.posonlyargs + anc.args
            pairs = list(zip(positional[len(positional) - len(anc.defaults):], anc.defaults)) + \
                list(zip(anc.kwonlyargs, anc.kw_defaults))
            return any(default is child and _SIGMOID_FUNC.search(param.arg) for param, default in pairs)
        elif isinstance(anc, (ast.Assign, ast.AnnAssign)):
            targets = anc.targets if isinstance(anc, ast.Assign) else [anc.target]
            names = [last_ident(t) or "" for t in targets]
            if not isinstance(node, ast.Lambda) and any(_ACTIVATION_VALUE.search(n) for n in names):
                return True  # a value stored as an activation (a2, h, output)
            if isinstance(node, ast.Lambda):  # a function bound to a name: named like a sigmoid?
                return any(_SIGMOID_FUNC.search(n) for n in names) or any(
                    isinstance(t, ast.Name) and _stored_as_activation(mod, t.id, None) for t in targets)
        elif isinstance(anc, ast.Lambda):
            node = anc  # the expression is what this lambda returns: what names the lambda?
        elif isinstance(anc, (ast.ClassDef, ast.Module)):
            return False
        child = anc
    return False


def _meant_as_sigmoid(mod, node) -> bool:
    """The expression is a sigmoid by what it is called: what a function or lambda named like one
    returns (`def transfer` whose result is stored as a neuron's output counts), an entry
    "sigmoid" of a table of activations, a value stored under an activation's name (a2, h)."""
    return _named_context(mod, node)


def _mentions_labels(mod, arg) -> bool:
    """The exponent holds labels (`y * (X @ w)`, also through a name: `margins = y * (X @ w)`):
    a logistic-loss derivative, which is sigmoid(-margin) on purpose."""
    value = mod.resolve(arg) if isinstance(arg, (ast.Name, ast.Attribute)) else arg
    return any(_LABEL.match(n) for n in names_in(arg) | names_in(value))


def check(mod):
    for node in mod.of_type(ast.BinOp):
        if not (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div) and _is_one(node.left)):
            continue
        exp_call = _exp_of_sum(mod, node.right)
        if exp_call is None:
            continue
        arg = exp_call.args[0]
        if not is_plain_logit(mod, arg) or _negated(mod, arg) or _mentions_labels(mod, arg):
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
