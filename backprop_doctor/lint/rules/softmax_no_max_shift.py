"""softmax-no-max-shift: exp(z) / sum(exp(z)) without subtracting the max first (overflow)."""
from __future__ import annotations

import ast

from ...findings import RuleInfo, register
from .._module import is_plain_logit, span, unparse
from .._softmax import softmax_sites
from .activation_before_softmax import activation_call

INFO = register(RuleInfo(
    id="softmax-no-max-shift", title="the softmax does not subtract the max before exp",
    severity="info", kind="lint",
    explanation=(
        "What it does: finds a hand-written softmax `exp(z) / sum(exp(z))` where z is not shifted by "
        "its max first. (Logits that come out of a bounded activation are left alone: they cannot "
        "overflow; `activation-before-softmax` covers them.)\n"
        "Why it matters: exp overflows to inf for z above ~709 (float64) or ~88 (float32), and "
        "inf/inf is nan: one large logit turns the loss and every gradient into nan. Subtracting the "
        "max changes nothing mathematically."),
    fix="Shift first: `e = np.exp(z - np.max(z, axis=AXIS, keepdims=True))`.",
    bad="e = np.exp(scores)\np = e / np.sum(e, axis=1, keepdims=True)",
    good="e = np.exp(scores - np.max(scores, axis=1, keepdims=True))\np = e / np.sum(e, axis=1, keepdims=True)",
))


def check(mod):
    seen = set()
    for site in softmax_sites(mod):
        if site.shifted or id(site.exp_call) in seen or activation_call(mod, site.logits) is not None:
            continue
        resolved = mod.resolve(site.logits) if isinstance(site.logits, (ast.Name, ast.Attribute)) else site.logits
        if not is_plain_logit(mod, resolved):
            continue  # exp(-x**2 / 2), exp(-d): a kernel or a negative quantity, not logits
        seen.add(id(site.exp_call))
        yield INFO.finding(
            f"`{unparse(site.exp_call)}` is normalised without subtracting the max: a logit above "
            "~709 overflows exp to inf and the probabilities become nan.",
            file=mod.filename, line=site.exp_call.lineno, evidence=span(site.exp_call))
