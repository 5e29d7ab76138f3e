"""softmax-axis: a softmax normalised over the wrong axis (or over everything) on batched data.

Decisions, each needing evidence from the code (a layout read off the matrix product the logits
come from, see `_softmax.layout`):
- `np.sum(e)` with no axis sums over the whole batch: flagged only when the data operand is
  visibly a batch.  A softmax of one sample (a column vector, seed 000) is right and left alone.
- builtin `sum(e)` adds the rows up (numpy's axis 0): right for `W @ X` (classes down the rows),
  wrong for a batch `X @ W`.
- `e[i] / sum(e[i])` in a loop normalises one row: right for `X @ W`, wrong for `W @ X`, where a
  row is one class over the batch (seed 003).
- an explicit axis against the layout: axis=0 for `X @ W`, axis=1 for `W @ X`.
- `np.sum(e, axis=1)` without keepdims on `X @ W`: the (N,) sums broadcast along the rows (an
  error when N != C, silently wrong when N == C).  On `W @ X`, axis=0 without keepdims is right.
"""
from __future__ import annotations

import ast

from ...findings import RuleInfo, register
from .._module import const_int, keyword, span, unparse
from .._softmax import layout, softmax_sites

INFO = register(RuleInfo(
    id="softmax-axis", title="the softmax is normalised over the wrong axis",
    severity="warning", kind="lint",
    explanation=(
        "What it does: finds a softmax `exp(z) / sum(exp(z))` whose sum runs over the wrong axis of "
        "batched data: `np.sum` with no axis or the builtin `sum` on a batch `X @ W`, one row at a "
        "time on `W @ X` (a row is then one class across the batch), or an explicit axis that "
        "contradicts the layout, or `np.sum(e, axis=1)` without keepdims on `X @ W` (the row sums "
        "then line up with the columns), or a softmax helper normalised with no axis (or with Python's "
        "`sum`, which adds the rows up) called on a batch `X @ W`. The layout is read from the matrix "
        "product the logits come from; "
        "without that evidence nothing is said.\n"
        "Why it is bad: the probabilities of one sample no longer sum to one; each is divided by a "
        "total over the batch, so the loss and its gradient depend on the batch size and mix samples."),
    fix="Normalise over the class axis of each sample: "
        "`e / np.sum(e, axis=1, keepdims=True)` for X @ W (rows are samples), "
        "`axis=0` for W @ X (columns are samples).",
    bad="scores = X @ W + b\ne = np.exp(scores - scores.max(axis=1, keepdims=True))\np = e / np.sum(e)",
    good="scores = X @ W + b\ne = np.exp(scores - scores.max(axis=1, keepdims=True))\n"
         "p = e / np.sum(e, axis=1, keepdims=True)",
))


def _problem(site, lay):
    axis = const_int(site.axis) if site.axis is not None else None
    if site.row_var is not None:
        if not lay.data_left:
            return (f"each row `{unparse(site.div.left)}` is normalised on its own, but the logits are "
                    f"`{lay.product}` (weights on the left: columns are samples), so a row is one class "
                    "across the batch; the softmax must run down each column (axis 0).")
        return None
    if site.how == "builtin":
        if lay.data_left and lay.batch:
            return (f"Python's `sum` adds the rows of `{lay.product}` (rows are samples), so every "
                    "probability is divided by a total over the batch; sum over axis 1 instead.")
        return None
    if site.axis is None:
        if lay.batch:
            where = "axis=1, keepdims=True" if lay.data_left else "axis=0, keepdims=True"
            return (f"`{unparse(site.sum_call)}` has no axis: it sums over the whole batch "
                    f"`{lay.product}`, so one sample's probabilities do not sum to one; use {where}.")
        return None
    keepdims = keyword(site.sum_call, "keepdims")
    kept = isinstance(keepdims, ast.Constant) and keepdims.value is True
    if lay.data_left and not kept and (axis == 1 or (axis == -1 and lay.batch)):
        return (f"`{unparse(site.sum_call)}` drops the class axis (no keepdims=True), so the (N,) row "
                f"sums of `{lay.product}` line up with the columns: numpy raises when N != C and "
                "silently divides the wrong entries when N == C; add keepdims=True.")
    if lay.data_left and axis in (0, -2):
        return (f"`{unparse(site.sum_call)}` sums over axis {axis}, the samples of `{lay.product}` "
                "(rows are samples); the classes are along axis 1.")
    if not lay.data_left and (axis == 1 or (axis == -1 and lay.batch)):
        return (f"`{unparse(site.sum_call)}` sums over axis {axis}, the samples of `{lay.product}` "
                "(columns are samples); the classes are along axis 0.")
    return None


def _helper_calls(mod, sites):
    """A softmax helper `def softmax(z): e = exp(z); return e / np.sum(e)` called on a batch."""
    for site in sites:
        if site.axis is not None:
            continue
        scope = mod.scope(site.div)
        fdef = scope.node
        if not isinstance(fdef, (ast.FunctionDef, ast.AsyncFunctionDef)) or not scope.params():
            continue
        param = scope.params()[0]
        if not (isinstance(site.logits, ast.Name) and site.logits.id == param):
            continue
        for call in mod.calls_to(fdef):
            if call.args:
                lay = layout(mod, call.args[0])
                if lay is None or not lay.batch:
                    continue
                # Python's sum adds the rows up (numpy's axis 0): wrong only when rows are samples
                if site.how == "numpy" or lay.data_left:
                    yield site, call, lay


def check(mod):
    sites = softmax_sites(mod)
    for site in sites:
        lay = layout(mod, site.logits)
        if lay is None:
            continue
        problem = _problem(site, lay)
        if problem:
            yield INFO.finding(problem, file=mod.filename, line=site.div.lineno,
                               evidence=span(site.div))
    for site, call, lay in _helper_calls(mod, sites):
        name = call.func.id if isinstance(call.func, ast.Name) else unparse(call.func)
        if site.how == "builtin":
            what = (f"Python's `{unparse(site.sum_call)}` (line {site.div.lineno}), which adds the rows up, "
                    f"and is called here on the batch `{lay.product}` (rows are samples): each class is "
                    "normalised over the batch (per column) instead of each sample over its classes.")
        else:
            what = (f"`{unparse(site.sum_call)}` (line {site.div.lineno}, no axis) and is called here on the "
                    f"batch `{lay.product}`: the sum runs over every sample at once.")
        yield INFO.finding(
            f"`{name}` normalises with {what}",
            file=mod.filename, line=call.lineno, evidence=span(call))
