"""loss-args-swapped: a loss called with prediction and target in the opposite order to its own
signature (`def cross_entropy(y, p)` called as `cross_entropy(output, y)`)."""
from __future__ import annotations

import ast
import re

from ...findings import RuleInfo, register
from .._module import last_ident, span, unparse

INFO = register(RuleInfo(
    id="loss-args-swapped", title="a loss is called with prediction and target swapped",
    severity="error", kind="lint",
    explanation=(
        "What it does: for a loss function defined in the file (its name says loss, cost, entropy, "
        "error, mse, nll or likelihood) whose parameters name a target and a prediction "
        "(`def cross_entropy(y, p)`), finds calls that pass a prediction where the target goes and "
        "the target where the prediction goes (`cross_entropy(self.ff(x), y)`).\n"
        "Why it is bad: cross-entropy is not symmetric. Swapped, it takes the log of the labels "
        "(0 -> -inf, or whatever the clip makes of it), so a numerical gradient check built on it "
        "disagrees with a correct gradient, and training on it goes nowhere."),
    fix="Pass the arguments in the order of the function's signature, or call it with keywords "
        "(`cross_entropy(y=y, p=output)`).",
    bad="def cross_entropy(y, p):\n    return -np.sum(y * np.log(p))\n\nloss = cross_entropy(forward(x), y)",
    good="def cross_entropy(y, p):\n    return -np.sum(y * np.log(p))\n\nloss = cross_entropy(y, forward(x))",
))

_LOSS = re.compile(r"loss|cost|entropy|error|mse|nll|likelihood|criterion", re.IGNORECASE)
_TARGET = re.compile(r"^(y|Y|t|T|targets?|labels?|y_true|y_bin|vec_y|y_onehot|Y_onehot|onehot|truth|"
                     r"gold|expected|desired|y_train|y_batch|label_batch)$")
_PRED = re.compile(r"^(p|P|preds?|predictions?|predicted|probs?|probabilities|y_hat|yhat|Yhat|y_pred|"
                   r"h|out|outputs?|output_\w*|final_outputs?|a\d+|A\d+|a_\d+|activations?|scores|"
                   r"logits|y_prob|q)$")
_FORWARD = re.compile(r"^(ff|forward\w*|feed_?forward\w*|predict\w*|model|net|query|output)$", re.IGNORECASE)


def _role(mod, node):
    if isinstance(node, ast.Call):
        name = last_ident(node.func)
        return "pred" if name and _FORWARD.match(name) else None
    name = last_ident(node)
    if name is None:
        return None
    if _TARGET.match(name):
        return "target"
    if _PRED.match(name):
        return "pred"
    return None


def check(mod):
    for call in mod.of_type(ast.Call):
        if not isinstance(call, ast.Call):
            continue
        fdef = mod.func_def(call)
        if fdef is None or not _LOSS.search(fdef.name):
            continue
        params = [a.arg for a in fdef.args.posonlyargs + fdef.args.args]
        if params and params[0] in ("self", "cls") and isinstance(call.func, ast.Attribute):
            params = params[1:]
        roles = [("target" if _TARGET.match(p) else "pred" if _PRED.match(p) else None) for p in params]
        if "target" not in roles or "pred" not in roles:
            continue
        swapped = []
        for i, arg in enumerate(call.args[:len(params)]):
            if isinstance(arg, ast.Starred):
                break
            got = _role(mod, arg)
            if roles[i] and got and got != roles[i]:
                swapped.append((params[i], arg))
        if len(swapped) >= 2:
            detail = ", ".join(f"`{unparse(a)}` as `{p}`" for p, a in swapped)
            yield INFO.finding(
                f"`{unparse(call.func)}` is defined as `{fdef.name}({', '.join(params)})` but called "
                f"with {detail}: the prediction and the target are swapped.",
                file=mod.filename, line=call.lineno, evidence=span(call))
