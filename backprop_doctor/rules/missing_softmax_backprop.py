"""missing-softmax-backprop: the output layer's gradient is wrong at a softmax + cross-entropy."""
import numpy as np

from ..findings import RuleInfo, register

INFO = register(RuleInfo(
    id="missing-softmax-backprop", title="the output layer's error term does not match its softmax/loss",
    severity="error", kind="gradient",
    explanation=(
        "What it means: the output layer's gradient is wrong in a way that points at the delta "
        "(dLoss/dz) of the output: for softmax followed by cross-entropy it is simply p - y, summed "
        "over nothing else. Common mistakes: multiplying it again by an elementwise softmax "
        "derivative p*(1-p), using an MSE-style delta (p - y) * f'(z), applying an activation before "
        "the softmax and not backpropagating through it, normalising over the wrong axis, or "
        "using p - y with an output that is not a softmax (a sigmoid with a multi-class loss).\n"
        "Why it matters: a softmax couples the classes; its true gradient sums to zero over them. "
        "Elementwise shortcuts break that and the network stalls (outputs near 0.5, accuracy at chance)."),
    fix="For z -> softmax -> cross-entropy use delta = (p - y) / m at the logits and nothing else; "
        "make the forward output really be a softmax over the class axis (axis=1 for samples x "
        "classes, axis=0 for classes x samples), and backpropagate through any activation you "
        "put before it, or remove it.",
    bad="p = softmax(z)\ndelta = (p - y) * p * (1 - p)      # elementwise derivative again",
    good="p = softmax(z)\ndelta = (p - y) / m",
))


def detect_invariant(ctx):
    """Strong evidence first: the true gradient has the softmax invariant and yours breaks it."""
    for name in ctx.output_blocks():
        ev = ctx.evidence[name]
        axis = ctx.softmax_axis.get(name)
        if axis is None or not ev.failing or ctx.explained(name):
            continue
        s_true = float(np.linalg.norm(ev.block.numeric.sum(axis=axis)))
        s_yours = float(np.linalg.norm(ev.block.analytic.sum(axis=axis)))
        if s_yours > max(10 * s_true, 1e-3 * float(np.linalg.norm(ev.block.analytic))):
            yield INFO.finding(
                f"{name} is the output layer of a softmax: its true gradient sums to zero over the "
                f"{ev.block.shape[axis]} classes (|sum| = {s_true:.1e}, up to the L2 term), yours "
                f"sums to {s_yours:.3g}, and {ev.block.n_failed} of {ev.block.n_checked} entries "
                "disagree: the delta at the logits is not p - y.",
                block=name, evidence={"axis": axis, "sum_true": s_true, "sum_yours": s_yours})


def detect(ctx):
    """Weaker evidence: an unexplained failing output layer of a classifier."""
    output = ctx.output_blocks()
    failing = [n for n in output if ctx.evidence[n].failing and not ctx.explained(n)]
    if not failing:
        return
    softmax_note = _forward_is_softmax(ctx)
    for name in failing:
        ev = ctx.evidence[name]
        if softmax_note or ctx.classification:
            why = softmax_note or "the targets are class labels/one-hot rows"
            hidden_failing = [h for h in ctx.hidden_blocks() if ctx.evidence[h].failing]
            tail = (f"; the earlier layers ({', '.join(hidden_failing)}) fail too, as they inherit "
                    "the output delta") if hidden_failing else ""
            yield INFO.finding(
                f"the output layer {name} fails ({ev.block.n_failed} of {ev.block.n_checked} "
                f"entries) with no simple pattern (not a sign, a scale or a transpose) while {why}: "
                "the error term at the output does not match the output activation and loss"
                f"{tail}.", block=name, evidence={"reason": why})


def _forward_is_softmax(ctx) -> str:
    problem = ctx.problem
    forward = getattr(problem, "forward", None)
    if forward is None:
        return ""
    try:
        out = np.asarray(forward(problem.layout.unflatten(problem.x0), problem.args[0]), dtype=float)
    except Exception:  # noqa: BLE001 - the check already called it; a failure here is not news
        return ""
    if out.ndim != 2 or np.any(out < 0):
        return ""
    for axis in (1, 0):
        if out.shape[axis] > 1 and np.allclose(out.sum(axis=axis), 1.0, atol=1e-6):
            return f"the forward output is a softmax over axis {axis} (it sums to 1 there)"
    return ""
