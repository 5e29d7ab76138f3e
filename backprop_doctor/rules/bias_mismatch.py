"""bias-mismatch: only the bias entries are wrong, not in proportion to the parameters."""
import numpy as np

from ..findings import RuleInfo, register

INFO = register(RuleInfo(
    id="bias-mismatch", title="only the bias entries are wrong",
    severity="error", kind="gradient",
    explanation=(
        "What it means: the weights' gradient is right, and only the bias entries (a bias vector, "
        "or the bias column/row of a matrix with the bias built in) disagree. Usual causes: the "
        "bias gradient not summed over the batch (db = delta[0], or a mean where the weights use a "
        "sum), overwritten instead of accumulated in a per-sample loop, or the bias row of the "
        "delta not dropped before going to the previous layer.\n"
        "Why it matters: the biases train at the wrong speed or not at all."),
    fix="The bias gradient is the delta summed over the samples, with the same 1/m as the weights: "
        "db = delta.sum(axis=0) / m for row-major batches (axis=1 for features x samples).",
    bad="db = delta[0]                 # one sample only\ndb = delta.mean(axis=0)       # while dW = X.T @ delta",
    good="db = delta.sum(axis=0)        # same scaling as dW = X.T @ delta",
))


def detect(ctx):
    """Every failing entry of the whole check sits on an observed bias, and the weights pass.

    The prediction of the usual causes (a sum over the batch missing, a mean against a sum, one
    sample's delta) is that most of a bias's entries are wrong while every weight is right; a
    single wrong bias entry is left to gradient-mismatch, as a candidate.
    """
    failing = ctx.failing()
    if not failing or any(ctx.explained(ev.name) for ev in failing):
        return      # another cause is already named: a second, different fix would contradict it
    hits = []
    for ev in failing:
        best = None
        for label, bias in ev.bias_sets.items():
            if np.all(bias[ev.failed_mask]):
                best = (label, bias)
                break
        if best is None:
            return  # a failure outside every observed bias: not a bias-only mistake
        hits.append((ev, *best))
    bias_of = {ev.name: bias for ev, _, bias in hits}
    n_weights, weight_blocks = 0, []
    for name in ctx.order:
        b = ctx.evidence[name].block
        rest = ~bias_of[name] if name in bias_of else np.ones(b.shape, dtype=bool)
        checked = int(((b.status != 0) & rest).sum())
        if checked:
            n_weights += checked
            weight_blocks.append(name)
    if n_weights < 2:
        return      # too few weights checked to show that the weights are right
    for ev, label, bias in hits:
        e = (ev.block.analytic - ev.block.numeric)[bias & ev.failed_mask]
        w = ev.block.values[bias & ev.failed_mask]
        if float(w @ w) > 0:
            k = float(e @ w) / float(w @ w)
            if np.all(np.abs(e - k * w) <= 1e-3 * np.abs(e) + 2 * ev.block.tolerance[bias & ev.failed_mask]):
                return  # the errors are k x the bias values: a regularization candidate, not this
    parts = []
    weak = []
    for ev, label, bias in hits:
        n_bias, n_fail = int(bias.sum()), int((ev.failed_mask & bias).sum())
        where = (f"the vector input {ev.name}" if ctx.subject == "layer" else
                 f"the bias block {ev.name}" if bias.all() else f"{label} of {ev.name}")
        parts.append(f"{n_fail} of {n_bias} entries of {where} fail{_ratio_note(ev, bias)}")
        if n_fail < 2 or n_fail < 0.5 * n_bias:
            weak.append(ev.name)
    names = [ev.name for ev, _, _ in hits]
    others = "entries of the other inputs" if ctx.subject == "layer" else "weight entries"
    test = (f"{'; '.join(parts)}, while all {n_weights} checked {others} "
            f"({', '.join(weight_blocks)}) agree")
    if weak:
        ctx.candidate(INFO, f"only bias entries fail, but too few of them to point at how the bias "
                      f"is summed: {test}.", names)
        return
    yield INFO.finding(f"only the bias entries are wrong: {test}.", blocks=names,
                       evidence={"entries": [label for _, label, _ in hits], "test": test})


def _ratio_note(ev, bias) -> str:
    a = ev.block.analytic[bias]
    n = ev.block.numeric[bias]
    ok = np.abs(n) > 0
    if not np.any(ok):
        return ""
    r = a[ok] / n[ok]
    return f" (yours / numerical there from {np.min(r):.3g} to {np.max(r):.3g})"
