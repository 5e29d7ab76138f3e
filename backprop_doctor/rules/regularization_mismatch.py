"""regularization-mismatch: the error is proportional to the parameters."""
import numpy as np

from ..findings import RuleInfo, register

INFO = register(RuleInfo(
    id="regularization-mismatch", title="the regularization term of the gradient does not match the cost",
    severity="error", kind="gradient",
    explanation=(
        "What it means: your gradient minus the true one equals k * w, the parameters themselves "
        "times a constant: the L2 term lambda/m * w is missing from the gradient, scaled differently "
        "from the cost's lambda/(2m) * sum(w**2), or applied to the bias entries in one and not in "
        "the other (the message says which entries).\n"
        "Why it matters: the gradient then belongs to a different cost; weights shrink too much "
        "or too little, and a bias that is regularized in one place only breaks the check."),
    fix="Use the same regularization in cost and gradient: cost += lam/(2*m) * sum(W**2) over the "
        "weights only, grad_W += lam/m * W on the same entries, and leave the bias (column 0, the "
        "b vectors) out of both.",
    bad="grad1 = delta1 / m + lam / m * theta1          # regularizes the bias column too",
    good="grad1 = delta1 / m\ngrad1[:, 1:] += lam / m * theta1[:, 1:]",
))

FIT_OF_ERROR = 0.02


def _candidates(ev):
    out = []
    for label, bias in ev.bias_sets.items():
        if not bias.all():
            out.append(("bias", label, bias))
            out.append(("weights", f"every entry but the bias ({label})", ~bias))
        else:
            out.append(("bias", label, bias))
    out.append(("all", "every entry", np.ones(ev.block.shape, dtype=bool)))
    return out


def detect(ctx):
    for ev in ctx.failing():
        if ctx.explained(ev.name) or ev.a.size < 2:
            continue
        e = ev.a - ev.n
        norm_e = float(np.linalg.norm(e))
        if norm_e == 0:
            continue
        best = None
        for kind, label, mask in _candidates(ev):
            fit = ev.fit_error_weights(mask)
            k = fit.coef[0]
            resid = float(np.linalg.norm(e - k * ev.w * ev.masked(mask))) / norm_e
            if resid < FIT_OF_ERROR and (best is None or resid < best[0] - 1e-12):
                best = (resid, kind, label, k)
        if best is None:
            continue
        resid, kind, label, k = best
        if kind == "bias":
            where = label if "whole block" not in label else f"the bias block {ev.name}"
            how = ("the gradient regularizes the bias but the cost does not" if k > 0
                   else "the cost regularizes the bias but the gradient does not")
            msg = (f"in {ev.name}, only the bias entries ({where}) are off, by {k:.4g} x their own "
                   f"values (error fit residual {resid:.1e}): {how}.")
        else:
            more = "bias included" if kind == "all" and ev.bias_sets else "weights"
            how = ("the gradient has less of it than the cost: the lambda/m * w term is missing or "
                   "too small" if k < 0 else
                   "the gradient has more of it than the cost: the term is added twice, or lambda/m "
                   "in the gradient does not match lambda/(2m) in the cost")
            msg = (f"in {ev.name}, your gradient minus the true one = {k:.4g} x the parameters on "
                   f"{label} ({more}; error fit residual {resid:.1e}): {how}.")
        yield INFO.finding(msg, block=ev.name, evidence={"k": k, "entries": label, "residual": resid})
