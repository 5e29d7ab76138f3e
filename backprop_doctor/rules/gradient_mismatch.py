"""gradient-mismatch: a block disagrees and no more specific rule fits (where, and how)."""
import numpy as np

from ..findings import RuleInfo, register

INFO = register(RuleInfo(
    id="gradient-mismatch", title="this block disagrees with the numerical gradient (no known pattern)",
    severity="error", kind="gradient",
    explanation=(
        "What it means: the block's analytic and numerical gradients disagree, and none of the "
        "specific patterns (sign, scale, transpose, regularization, bias, first entry, output "
        "delta, hidden delta) explains it. The message says where the disagreement sits.\n"
        "Why it matters: the block is trained along a wrong direction."),
    fix="Derive this block's gradient again by the chain rule, and compare its entries one by one "
        "(the worst entries table) with the numerical ones; fix upstream layers first, since an "
        "error in a later layer's delta spreads to every earlier layer.",
))


def detect(ctx):
    output_failing = [n for n in ctx.output_blocks() if ctx.evidence[n].failing]
    for ev in ctx.failing():
        if any(f.block == ev.name and f.severity == "error" for f in ctx.findings):
            continue
        b = ev.block
        where = _where(b)
        upstream = ""
        if output_failing and ev.name not in output_failing:
            upstream = (f" It sits before the failing output layer ({', '.join(output_failing)}), "
                        "so it may only inherit that error: fix the output layer first.")
        yield INFO.finding(
            f"{b.n_failed} of {b.n_checked} entries of {ev.name} disagree (max rel error "
            f"{b.max_rel_error:.2g}){where}.{upstream}", block=ev.name,
            evidence={"n_failed": b.n_failed})


def _where(b) -> str:
    failed = b.status == 2
    if len(b.shape) != 2 or failed.all():
        return ""
    rows = np.flatnonzero(failed.any(axis=1))
    cols = np.flatnonzero(failed.any(axis=0))
    if len(rows) == 1:
        return f", all in row {rows[0]}"
    if len(cols) == 1:
        return f", all in column {cols[0]}"
    return ""
