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
    """Only entry 0 fails, and it holds exactly 0: the value a loop from 1 never overwrote.

    The prediction is the exact zero (the array's initial value) where the true gradient is
    visibly non-zero, with every other entry agreeing; a single entry that is merely wrong is
    left to gradient-mismatch with this rule as a candidate.
    """
    first_block = ctx.order[0]
    for ev in ctx.unexplained_failing():
        b = ev.block
        if b.n_failed != 1 or b.n_checked < 3:
            continue
        flat_status = np.ravel(b.status, order=b.order)
        if flat_status[0] != 2:  # FAILED
            continue
        a0 = float(np.ravel(b.analytic, order=b.order)[0])
        n0 = float(np.ravel(b.numeric, order=b.order)[0])
        t0 = float(np.ravel(b.tolerance, order=b.order)[0])
        first = "the first parameter" if ev.name == first_block else f"the first entry of {ev.name}"
        where = f"{ev.name}[{','.join(['0'] * len(b.shape))}]"
        others = b.n_checked - 1
        if a0 == 0.0 and abs(n0) > 10 * t0:
            test = (f"{where} is exactly 0 where the numerical gradient is {n0:.6g}, and the other "
                    f"{others} entries agree")
            yield INFO.finding(
                f"only {first} ({where}) disagrees: yours is exactly 0 (never set), numerical "
                f"{n0:.6g}; the other {others} entries agree. A loop starting at 1 (or an entry "
                "set to 0 on purpose) leaves it so.",
                block=ev.name, evidence={"analytic": a0, "numeric": n0, "test": test})
        else:
            ctx.candidate(INFO, f"only {first} ({where}) disagrees (yours {a0:.6g}, numerical "
                          f"{n0:.6g}) but it is not 0, so it was set by something, not skipped.",
                          [ev.name])
