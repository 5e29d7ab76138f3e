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
    reg_bias = {f.block for f in ctx.findings
                if f.id == "regularization-mismatch" and "bias" in f.message.split(":")[0]}
    for ev in ctx.failing():
        if ctx.explained(ev.name) and ev.name not in reg_bias:
            continue
        failed = ev.failed_mask
        for label, bias in ev.bias_sets.items():
            if not np.all(bias[failed]):
                continue
            n_bias = int(bias.sum())
            rest = ev.block.n_checked - n_bias
            if bias.all():
                # a vector block: its sibling weights must be right for the blame to be on the bias
                layer = next((l for l in ctx.layers if ev.name in l), [])
                weights = [n for n in layer if n != ev.name
                           and len(ctx.evidence[n].block.shape) >= 2]
                if any(ctx.evidence[w].failing for w in weights):
                    continue
                where = f"the bias block {ev.name}"
                context = (f"while its layer's weights ({', '.join(weights)}) pass" if weights
                           else "while the weights pass")
            else:
                where = f"{label} of {ev.name}"
                context = f"while the other {rest} entries pass"
            ratio = _ratio_note(ev, bias)
            yield INFO.finding(
                f"only the bias entries are wrong: {int(failed.sum())} of {n_bias} entries in {where} "
                f"fail, {context}{ratio}.",
                block=ev.name, evidence={"entries": label, "n_failed": int(failed.sum())})
            break


def _ratio_note(ev, bias) -> str:
    a = ev.block.analytic[bias]
    n = ev.block.numeric[bias]
    ok = np.abs(n) > 0
    if not np.any(ok):
        return ""
    r = a[ok] / n[ok]
    return f" (analytic / numeric there ranges from {np.min(r):.3g} to {np.max(r):.3g})"
