"""derivative-on-wrong-input: an activation's derivative fed the wrong quantity.

`sigmoid(n, deriv=True)` written as n*(1-n) expects the ACTIVATION a = sigmoid(z); called with
the pre-activation z it computes z*(1-z).  A derivative written sigmoid(z)*(1-sigmoid(z)) expects
z; called with the activation it applies the sigmoid twice.
"""
from __future__ import annotations

import ast
import re

from ...findings import RuleInfo, register
from .._module import base_name, last_ident, matmul_operands, span, unparse, walk_scope

INFO = register(RuleInfo(
    id="derivative-on-wrong-input", title="an activation's derivative is applied to the wrong quantity",
    severity="error", kind="lint",
    explanation=(
        "What it does: reads how the file's own activation derivative is written and checks what "
        "it is given. `n * (1 - n)` (or `1 - n**2` for tanh) expects the activation a = f(z); "
        "`sigmoid(z) * (1 - sigmoid(z))` expects the pre-activation z. A call passing a `z` (a name "
        "like z0/zs[i], or a value computed as W @ x) to the first kind, or an activation (a1, or a "
        "value computed by the sigmoid) to the second, is flagged.\n"
        "Why it is bad: the hidden deltas are then multiplied by the wrong slope, so earlier layers "
        "get a wrong gradient while the last layer is right (`hidden-layer-mismatch` in a check)."),
    fix="Pass the activation to a derivative written from the activation (a * (1 - a)), or the "
        "pre-activation to one written from z (sigmoid(z) * (1 - sigmoid(z))).",
    bad="def sigmoid(n, deriv=False):\n    if deriv:\n        return n * (1 - n)\n    return 1 / (1 + np.exp(-n))\n\n"
        "z0 = W0 @ x\na1 = sigmoid(z0)\ndelta0 = (W1.T @ delta1) * sigmoid(z0, True)",
    good="def sigmoid(n, deriv=False):\n    if deriv:\n        return n * (1 - n)\n    return 1 / (1 + np.exp(-n))\n\n"
         "z0 = W0 @ x\na1 = sigmoid(z0)\ndelta0 = (W1.T @ delta1) * sigmoid(a1, True)",
))

_FLAG = re.compile(r"^(deriv\w*|der|derivative|prime|grad|gradient|backward|d)$")
_PRIME_NAME = re.compile(r"(grad|gradient|prime|deriv\w*|_d$|^d_?)", re.IGNORECASE)
_ACTIVATION = re.compile(r"sigmoid|sigm|logistic|tanh|activation|expit", re.IGNORECASE)
_Z_NAME = re.compile(r"^(z|Z)(\d+|_\w+|s)?$|pre_?act|logits?$|net_?in")
_A_NAME = re.compile(r"^(a|A)(\d+|_\d+)$|^activations?$|^hidden_?out\w*|^outputs?$|^y_?hat$")


def _is_act_form(expr, x: str) -> bool:
    """x*(1-x), (1-x)*x, np.multiply(x, np.subtract(1, x)), 1 - x**2, 1 - x*x, 1 - np.square(x)."""
    def is_x(n):
        return isinstance(n, ast.Name) and n.id == x

    def one_minus_x(n):
        if isinstance(n, ast.BinOp) and isinstance(n.op, ast.Sub):
            return isinstance(n.left, ast.Constant) and n.left.value == 1 and is_x(n.right)
        if isinstance(n, ast.Call) and isinstance(n.func, (ast.Attribute, ast.Name)) and \
                last_ident(n.func) == "subtract" and len(n.args) == 2:
            return isinstance(n.args[0], ast.Constant) and n.args[0].value == 1 and is_x(n.args[1])
        return False

    def x_squared(n):
        if isinstance(n, ast.BinOp) and isinstance(n.op, ast.Pow):
            return is_x(n.left) and isinstance(n.right, ast.Constant) and n.right.value == 2
        if isinstance(n, ast.BinOp) and isinstance(n.op, ast.Mult):
            return is_x(n.left) and is_x(n.right)
        return isinstance(n, ast.Call) and last_ident(n.func) == "square" and n.args and is_x(n.args[0])

    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Mult):
        return (is_x(expr.left) and one_minus_x(expr.right)) or (is_x(expr.right) and one_minus_x(expr.left))
    if isinstance(expr, ast.Call) and last_ident(expr.func) == "multiply" and len(expr.args) == 2:
        a, b = expr.args
        return (is_x(a) and one_minus_x(b)) or (is_x(b) and one_minus_x(a))
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Sub):
        return isinstance(expr.left, ast.Constant) and expr.left.value == 1 and x_squared(expr.right)
    return False


def _applies_activation_to(mod, fdef, expr, x: str) -> bool:
    """The returned value applies an activation to x: sigmoid(x)*(1-sigmoid(x)), or s*(1-s) with
    s computed from x inside the function."""
    for n in ast.walk(expr):
        if isinstance(n, ast.Call) and _ACTIVATION.search(last_ident(n.func) or "") and \
                n.args and isinstance(n.args[0], ast.Name) and n.args[0].id == x:
            return True
        if isinstance(n, ast.Name) and n.id != x:
            value = mod.scope(n).last_value(n.id, n.lineno)
            if value is not None and _computes_activation_of(mod, value, x):
                return True
    return False


def _computes_activation_of(mod, value, x: str) -> bool:
    for n in ast.walk(value):
        if mod.is_exp(n) and any(isinstance(m, ast.Name) and m.id == x for m in ast.walk(n.args[0])):
            return True
        if isinstance(n, ast.Call) and _ACTIVATION.search(last_ident(n.func) or "") and n.args and \
                isinstance(n.args[0], ast.Name) and n.args[0].id == x:
            return True
    return False


def _params(fdef):
    params = [a.arg for a in fdef.args.posonlyargs + fdef.args.args]
    return params[1:] if params and params[0] in ("self", "cls") else params


def _derivative_kind(mod, fdef):
    """(expects, flag parameter or None): expects is 'activation' or 'z', or None when unclear."""
    params = _params(fdef)
    if not params:
        return None, None
    x = params[0]
    flag = next((p for p in params[1:] if _FLAG.match(p)), None)
    returns = []
    if flag is not None:
        for n in walk_scope(fdef):
            if isinstance(n, ast.If) and isinstance(n.test, ast.Name) and n.test.id == flag:
                returns += [r.value for r in n.body if isinstance(r, ast.Return) and r.value is not None]
    elif _PRIME_NAME.search(fdef.name) and _ACTIVATION.search(fdef.name):
        returns = [r.value for r in walk_scope(fdef) if isinstance(r, ast.Return) and r.value is not None]
    if len(returns) != 1:
        return None, flag
    if _is_act_form(returns[0], x):
        return "activation", flag
    if _applies_activation_to(mod, fdef, returns[0], x):
        return "z", flag
    return None, flag


def _asks_derivative(call, fdef, flag) -> bool:
    if flag is None:
        return True  # a *_gradient / *_prime function: every call is a derivative
    params = _params(fdef)
    pos = params.index(flag)
    value = call.args[pos] if len(call.args) > pos else next(
        (k.value for k in call.keywords if k.arg == flag), None)
    return isinstance(value, ast.Constant) and value.value is True


def _role(mod, arg):
    """What the argument holds: read from the value assigned to it when the file shows one (a
    matmul is a pre-activation, an activation call an activation), from its name only when it
    does not -- `self.z1 = sigmoid(...)` holds an activation whatever it is called."""
    value = mod.resolve(arg) if isinstance(arg, (ast.Name, ast.Attribute)) else arg
    values = [value] if value is not arg else _attribute_values(mod, arg)
    roles = {_value_role(mod, v) for v in values}
    if len(roles) == 1 and None not in roles:
        return roles.pop()
    if roles - {None}:
        return None         # assigned both kinds of value: say nothing
    name = last_ident(base_name(arg))
    if name and _Z_NAME.search(name):
        return "z"
    if name and _A_NAME.search(name):
        return "activation"
    return None


def _value_role(mod, value):
    if matmul_operands(mod, value) is not None:
        return "z"
    if isinstance(value, ast.Call) and _ACTIVATION.search(last_ident(value.func) or "") and \
            not any(isinstance(a, ast.Constant) and a.value is True for a in value.args[1:]):
        return "activation"
    return None


def _attribute_values(mod, arg):
    """`self.x` set in another method (forward) and read here (backward): every value the
    class assigns to it."""
    if not (isinstance(arg, ast.Attribute) and isinstance(arg.value, ast.Name)
            and arg.value.id == "self"):
        return []
    cls = next((a for a in mod.ancestors(arg) if isinstance(a, ast.ClassDef)), None)
    if cls is None:
        return []
    out = []
    for node in ast.walk(cls):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) \
                        and target.value.id == "self" and target.attr == arg.attr:
                    out.append(mod.resolve(node.value))
    return out


def check(mod):
    kinds = {}
    for call in mod.of_type(ast.Call):
        if not (isinstance(call, ast.Call) and call.args):
            continue
        fdef = mod.func_def(call)
        if fdef is None:
            continue
        if id(fdef) not in kinds:
            kinds[id(fdef)] = _derivative_kind(mod, fdef)
        expects, flag = kinds[id(fdef)]
        if expects is None or not _asks_derivative(call, fdef, flag):
            continue
        got = _role(mod, call.args[0])
        if got is None or got == expects:
            continue
        arg = unparse(call.args[0])
        if expects == "activation":
            message = (f"`{fdef.name}` computes its derivative as n*(1-n) from the activation, but "
                       f"here it gets `{arg}`, a pre-activation: the slope used is z*(1-z), not a*(1-a).")
        else:
            message = (f"`{fdef.name}` computes its derivative from the pre-activation z (it applies "
                       f"the activation itself), but here it gets `{arg}`, already an activation: the "
                       "activation is applied twice.")
        yield INFO.finding(message, file=mod.filename, line=call.lineno,
                           evidence=span(call))
