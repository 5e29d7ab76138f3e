"""skipped-first-parameter: only the first entry is wrong or zero (a loop starting at 1)."""
import numpy as np

from ..findings import RuleInfo, register

INFO = register(RuleInfo(
    id="skipped-first-parameter", title="only the first entry is wrong: a loop starts at 1",
    severity="error", kind="gradient",
    explanation=(
        "What it means: every entry agrees except the very first one, which is zero or wrong. That "
        "is the signature of `for i in range(1, n)` (a MATLAB habit: arrays start at 1 there, at 0 "
        "in Python), in the gradient or in a numerical checker.\n"
        "Why it matters: one parameter, often a bias, is never trained; in a checker it makes a "
        "correct gradient look wrong."),
    fix="Loop over range(n) (or range(0, n)); in Python the first index is 0.",
    bad="for p in range(1, np.size(theta)):\n    ...",
    good="for p in range(np.size(theta)):\n    ...",
))


def detect(ctx):
    for ev in ctx.failing():
        b = ev.block
        if ctx.explained(ev.name) or b.n_failed != 1 or b.n_checked < 3:
            continue
        flat_status = np.ravel(b.status, order=b.order)
        if flat_status[0] != 2:  # FAILED
            continue
        a0 = float(np.ravel(b.analytic, order=b.order)[0])
        n0 = float(np.ravel(b.numeric, order=b.order)[0])
        first = "the first parameter" if ev.name == ctx.order[0] else f"the first entry of {ev.name}"
        zero = " and is exactly 0" if a0 == 0.0 else ""
        yield INFO.finding(
            f"only {first} ({ev.name}[{','.join(['0'] * len(b.shape))}]) disagrees: yours "
            f"{a0:.6g}{zero}, numerical {n0:.6g}; the other {b.n_checked - 1} entries agree.",
            block=ev.name, evidence={"analytic": a0, "numeric": n0})
