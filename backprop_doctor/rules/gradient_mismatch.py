"""gradient-mismatch: a block disagrees and no more specific rule fits (where, and how)."""
import numpy as np

from ..findings import RuleInfo, register

INFO = register(RuleInfo(
    id="gradient-mismatch", title="this block disagrees with the numerical gradient (no known pattern)",
    severity="error", kind="gradient",
    explanation=(
        "What it means: the block's analytic and numerical gradients disagree, and none of the "
        "specific patterns (sign, scale, transpose, regularization, bias, first entry, output "
        "delta, hidden delta) was confirmed by the numbers. The message says what was measured: "
        "where the disagreement sits, the ratio of yours to the numerical values, what the error "
        "follows; unconfirmed candidates are listed beside it at info level.\n"
        "Why it matters: the block is trained along a wrong direction."),
    fix="Derive this block's gradient again by the chain rule, and compare its entries one by one "
        "(the worst entries table) with the numerical ones; fix upstream layers first, since an "
        "error in a later layer's delta spreads to every earlier layer.",
))


def detect(ctx):
    """One finding for every failing block that no confirmed cause explains: what was seen."""
    left = [ev for ev in ctx.failing()
            if not any(ev.name in f.all_blocks and f.severity == "error" for f in ctx.findings)]
    if not left:
        return
    output_failing = [n for n in ctx.output_blocks() if ctx.evidence[n].failing]
    parts = []
    for ev in left:
        b = ev.block
        text = (f"{ev.name}: {b.n_failed} of {b.n_checked} entries disagree (max rel error "
                f"{b.max_rel_error:.2g}){_where(b)}{_ratios(b)}{_follows(ev)}")
        if output_failing and ev.name not in output_failing and ctx.subject == "network":
            text += (f"; it sits before the failing output layer ({', '.join(output_failing)}), so "
                     "it may only inherit that error: fix the output layer first")
        parts.append(text)
    message = "no specific cause was confirmed. " + ". ".join(parts) + "."
    if ctx.flat_unlabelled:
        _flat_candidates(ctx, left[0])
        message += (f" {left[0].name} is one flat vector with no layout, so the diagnosis cannot "
                    "test causes per weight matrix: give --blocks NAME=RxC,... "
                    "(the pieces in the order your cost cuts theta) to sharpen it.")
    yield INFO.finding(message, blocks=[ev.name for ev in left],
                       evidence={"n_failed": sum(ev.block.n_failed for ev in left),
                                 "test": " | ".join(parts)})


def _where(b) -> str:
    failed = b.status == 2
    idx = np.argwhere(failed)
    if len(idx) <= 3:
        shown = ", ".join(f"{b.name}{'[' + ','.join(map(str, i)) + ']' if len(i) else ''} (yours {b.analytic[tuple(i)]:.4g}, "
                          f"numerical {b.numeric[tuple(i)]:.4g})" for i in idx)
        return f"; only {shown}"
    if failed.all():
        return "; every entry"
    if len(b.shape) == 1:
        pos = np.flatnonzero(failed)
        if pos[-1] - pos[0] + 1 == len(pos):
            return f"; exactly the contiguous entries {pos[0]} to {pos[-1]}, the others agree"
        return f"; entries {pos[0]} to {pos[-1]}, {len(pos)} of them"
    if len(b.shape) != 2:
        return ""
    rows = np.flatnonzero(failed.any(axis=1))
    cols = np.flatnonzero(failed.any(axis=0))
    if len(rows) <= 2:
        return f"; all in row{'s' if len(rows) > 1 else ''} {', '.join(map(str, rows))}"
    if len(cols) <= 2:
        return f"; all in column{'s' if len(cols) > 1 else ''} {', '.join(map(str, cols))}"
    return f"; spread over {len(rows)} rows and {len(cols)} columns"


def _ratios(b) -> str:
    failed = b.status == 2
    a, n = b.analytic[failed], b.numeric[failed]
    if a.size and np.all(a == 0):
        return "; your gradient is exactly 0 at every failing entry (never computed, or zeroed)"
    ok = np.abs(n) > 1e-12 * max(float(np.max(np.abs(n))), 1e-300)
    if ok.sum() < 2:
        return ""
    r = a[ok] / n[ok]
    return (f"; yours / numerical there: median {np.median(r):.3g}, from {np.min(r):.3g} to "
            f"{np.max(r):.3g}")


def _follows(ev) -> str:
    """What the error e = yours - numerical correlates with, over the checked entries."""
    e = ev.a - ev.n
    out = []
    for label, v in (("the numerical gradient", ev.n), ("the parameter values", ev.w)):
        if e.size >= 4 and np.std(v) > 0 and np.std(e) > 0:
            r = float(np.corrcoef(e, v)[0, 1])
            if abs(r) >= 0.9:
                out.append(f"{label} (correlation {r:.2f})")
    return f"; the error follows {' and '.join(out)}" if out else ""


def _flat_candidates(ctx, ev) -> None:
    """A flat theta whose failures fill one contiguous range: test a factor on that range."""
    from ..diagnosis import BlockEvidence
    from . import scale_mismatch, sign_flip
    from ._util import best_factor

    b = ev.block
    pos = np.flatnonzero(b.status == 2)
    if len(pos) < 3 or pos[-1] - pos[0] + 1 != len(pos) or not np.all(ev.usable):
        return
    lo, hi = int(pos[0]), int(pos[-1]) + 1
    sub = BlockEvidence(block=b, usable=ev.usable, a=ev.a[lo:hi], n=ev.n[lo:hi], w=ev.w[lo:hi],
                        t=ev.t[lo:hi], bias_sets={})
    for rule, accept in ((sign_flip, lambda c: c < 0),
                         (scale_mismatch, lambda c: c > 0 and abs(c - 1) > 10 * ctx.tol)):
        r = best_factor(sub, ctx, accept)
        if r is not None:
            ctx.candidate(rule.INFO, f"on the failing entries {b.name}[{lo}:{hi}] alone, {r.formula()} "
                          f"({r.test.describe()}). With --blocks naming the piece of theta that "
                          f"{b.name}[{lo}:{hi}] is, this would be tested as a cause.", [b.name])
            return
