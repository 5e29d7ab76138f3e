"""activation-before-softmax: a sigmoid/tanh/relu applied to the logits right before the softmax."""
from __future__ import annotations

import ast
import re

from ...findings import RuleInfo, register
from .._module import last_ident, span, unparse
from .._softmax import softmax_sites

INFO = register(RuleInfo(
    id="activation-before-softmax", title="an activation is applied to the logits before the softmax",
    severity="warning", kind="lint",
    explanation=(
        "What it does: finds a softmax (a hand-written `exp(z) / sum(exp(z))` or a call to a function "
        "named softmax) whose input is the output of an activation such as sigmoid, tanh or relu.\n"
        "Why it is bad: the softmax is the output layer's activation. Squashing the logits first "
        "limits them to (0, 1) (or (-1, 1)), so the probabilities can never get close to 0 or 1: the "
        "network cannot become confident and learns slowly or not at all. A gradient check stays "
        "green when the extra activation is backpropagated, so only the source shows it."),
    fix="Feed the raw logits (W @ h + b) to the softmax; drop the activation on the output layer.",
    bad="final_outputs = sigmoid(np.dot(W2, hidden))\nexps = np.exp(final_outputs)\n"
        "probs = exps / np.sum(exps, axis=0, keepdims=True)",
    good="logits = np.dot(W2, hidden)\nexps = np.exp(logits - logits.max(axis=0, keepdims=True))\n"
         "probs = exps / np.sum(exps, axis=0, keepdims=True)",
))

ACTIVATION = re.compile(r"sigmoid|sigm$|logistic|expit|tanh|relu|activation|activate", re.IGNORECASE)
_SOFTMAX = re.compile(r"softmax", re.IGNORECASE)


def activation_call(mod, node):
    """The activation call `node` is, or a name last assigned one (not a derivative call)."""
    value = mod.resolve(node) if isinstance(node, (ast.Name, ast.Attribute)) else node
    if not isinstance(value, ast.Call):
        return None
    name = last_ident(value.func) or ""
    is_act = bool(ACTIVATION.search(name)) and not _SOFTMAX.search(name)
    qual = mod.call_name(value) or ""
    if qual in ("numpy.maximum", "numpy.fmax") and any(
            isinstance(a, ast.Constant) and a.value == 0 for a in value.args):
        is_act = True
    if not is_act or any(isinstance(a, ast.Constant) and a.value is True for a in value.args[1:]) or \
            any(isinstance(k.value, ast.Constant) and k.value.value is True for k in value.keywords):
        return None
    return value


def check(mod):
    seen = set()
    for site in softmax_sites(mod):
        act = activation_call(mod, site.logits)
        if act is not None and id(site.exp_call) not in seen:
            seen.add(id(site.exp_call))
            yield INFO.finding(
                f"the softmax `exp({unparse(site.exp_call.args[0])})` gets `{unparse(act)}`: the "
                f"output of an activation, not raw logits, so the class probabilities cannot get near "
                "0 or 1.", file=mod.filename, line=site.exp_call.lineno,
                evidence=span(site.exp_call))
    for call in mod.of_type(ast.Call):
        if isinstance(call, ast.Call) and call.args and _SOFTMAX.search(last_ident(call.func) or ""):
            act = activation_call(mod, call.args[0])
            if act is not None:
                yield INFO.finding(
                    f"`{unparse(call)}` gets `{unparse(act)}`: the output of an activation, not raw "
                    "logits, so the class probabilities cannot get near 0 or 1.",
                    file=mod.filename, line=call.lineno, evidence=span(call))
