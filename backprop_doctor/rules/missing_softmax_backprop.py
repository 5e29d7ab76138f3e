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


def _zero_sum_residual(M: np.ndarray, W: np.ndarray, axis: int, bias_sets) -> float:
    """How far M is from summing to zero over `axis`, allowing L2 terms k1 * w on the weights
    and k2 * w on an observed bias (regularised in one of cost and gradient only)."""
    s = M.sum(axis=axis)
    scale = float(np.linalg.norm(M)) + 1e-300
    best = float(np.linalg.norm(s)) / scale
    for mask in [None] + list(bias_sets.values()):
        terms = [W] if mask is None else [W * ~mask, W * mask]
        cols = np.stack([t.sum(axis=axis) for t in terms], axis=1)
        if not np.any(cols) or cols.shape[0] <= cols.shape[1]:
            continue    # as many terms as sums: a fit would explain anything
        coef, *_ = np.linalg.lstsq(cols, s, rcond=None)
        best = min(best, float(np.linalg.norm(s - cols @ coef)) / scale)
    return best


def detect_invariant(ctx):
    """With a softmax observed, the zero-sum invariant of its output layer, measured both ways.

    Softmax + cross-entropy makes dLoss/dlogits = p - y sum to zero over the classes, so the
    true output-weight gradient sums to zero over the class axis.  If the true one does and
    yours does not, your delta at the logits is not p - y.  If yours does and the true one does
    not, the cost puts something between the weights and the softmax that your delta skips.
    """
    if ctx.softmax is None:
        return
    if ctx.subject == "layer":
        yield from _layer_logits(ctx)
        return
    for name in ctx.output_blocks():
        ev = ctx.evidence[name]
        b = ev.block
        if not ev.failing or ctx.explained(name) or len(b.shape) != 2 or not b.fully_checked:
            continue
        axes = [ax for ax in (0, 1) if b.shape[ax] == ctx.softmax.classes and b.shape[1 - ax] >= 2]
        for axis in axes:
            r_true = _zero_sum_residual(b.numeric, b.values, axis, ev.bias_sets)
            r_yours = _zero_sum_residual(b.analytic, b.values, axis, ev.bias_sets)
            k = b.shape[axis]
            lines = b.shape[1 - axis]
            seen = f"a softmax was observed ({ctx.softmax.where})"
            if r_true <= 10 * ctx.tol and r_yours > max(100 * r_true, 10 * ctx.tol):
                test = (f"summed over the {k} classes (axis {axis}), the true gradient of {name} is "
                        f"0 on all {lines} lines (residual {r_true:.1e}, after any L2 term), yours "
                        f"is not (residual {r_yours:.2g})")
                yield _invariant_finding(
                    ctx, name, axis, r_true, r_yours, test,
                    f"{seen} and {test}; {b.n_failed} of {b.n_checked} entries disagree: the delta "
                    "at the logits is not p - y (an extra p*(1-p) or activation derivative, or a "
                    "softmax over the wrong axis in the gradient).")
                break
            if r_yours <= 10 * ctx.tol and r_true > max(100 * r_yours, 10 * ctx.tol):
                test = (f"summed over the {k} classes (axis {axis}), your gradient of {name} is 0 "
                        f"on all {lines} lines (residual {r_yours:.1e}) as p - y gives, but the true "
                        f"one is not (residual {r_true:.2g})")
                yield _invariant_finding(
                    ctx, name, axis, r_true, r_yours, test,
                    f"{seen} and {test}: the cost passes the outputs through something before or "
                    "after the softmax (an activation, a scaling) that your delta p - y does not "
                    "backpropagate.")
                break


def _invariant_finding(ctx, name, axis, r_true, r_yours, test, message):
    """One finding for the output block and the blocks that inherit its delta."""
    return INFO.finding(
        message + _inherited(ctx, name), blocks=[name] + _inheriting(ctx, name),
        evidence={"axis": axis, "residual_true": r_true, "residual_yours": r_yours, "test": test})


def _layer_logits(ctx):
    """A layer holding a softmax: the gradient of its logits input must sum to zero per row."""
    for name in ctx.order:
        ev = ctx.evidence[name]
        b = ev.block
        if not ev.failing or ctx.explained(name) or len(b.shape) != 2 or not b.fully_checked:
            continue
        for axis in (1, 0):
            if b.shape[axis] != ctx.softmax.classes or b.shape[1 - axis] < 2:
                continue
            r_true = float(np.linalg.norm(b.numeric.sum(axis=axis))) / (np.linalg.norm(b.numeric) + 1e-300)
            r_yours = float(np.linalg.norm(b.analytic.sum(axis=axis))) / (np.linalg.norm(b.analytic) + 1e-300)
            if r_true <= 10 * ctx.tol and r_yours > max(100 * r_true, 10 * ctx.tol):
                test = (f"summed over the {b.shape[axis]} classes (axis {axis}), the true gradient "
                        f"of {name} is 0 for each of its {b.shape[1 - axis]} rows (residual "
                        f"{r_true:.1e}), yours is not (residual {r_yours:.2g})")
                yield INFO.finding(
                    f"the layer computes a softmax ({ctx.softmax.where}) and {test}: d{name} is "
                    "not (p - y) scaled (an elementwise p*(1-p) factor, or the softmax normalised "
                    "over the wrong axis in backward).", block=name,
                    evidence={"axis": axis, "test": test})
                return


def _inheriting(ctx, name):
    """Failing blocks that receive the output delta: the output layer's others and earlier layers."""
    return [n for n in ctx.order if n != name and ctx.evidence[n].failing and not ctx.explained(n)
            and ctx.evidence[n].layer >= 0]


def _inherited(ctx, name) -> str:
    others = _inheriting(ctx, name)
    if not others:
        return ""
    return (f" {', '.join(others)} fail{'s' if len(others) == 1 else ''} too: "
            f"{'it receives' if len(others) == 1 else 'they receive'} this delta, so fix it first "
            "and check again")


def detect(ctx):
    """A failing output layer with a softmax observed but no invariant broken: a candidate only."""
    if ctx.softmax is None:
        return
    if ctx.subject == "layer":
        yield from _layer_logits(ctx)
        return
    for name in ctx.output_blocks():
        ev = ctx.evidence[name]
        if ev.failing and not ctx.explained(name) and len(ev.block.shape) == 2:
            ctx.candidate(INFO, f"a softmax was observed ({ctx.softmax.where}) and the output "
                          f"layer {name} fails, but its class sums do not show where the delta "
                          "goes wrong.", [name])
