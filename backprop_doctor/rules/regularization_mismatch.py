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

def _candidates(ev):
    """Where an L2 term may sit: the observed bias entries, everything else, or every entry."""
    out = []
    for label, bias in ev.bias_sets.items():
        out.append(("bias", label, bias))
        if not bias.all():
            out.append(("weights", f"every entry but the bias ({label})", ~bias))
    if not any(bias.all() for bias in ev.bias_sets.values()):
        out.append(("all", "every entry", np.ones(ev.block.shape, dtype=bool)))
    return out


def detect(ctx):
    confirmed = []
    for ev in ctx.unexplained_failing():
        if ev.a.size < 2:
            continue
        best = None
        for kind, label, mask in _candidates(ev):
            k = ev.fit_error_weights(mask).coef[0]
            if k == 0:
                continue
            wm = ev.w * ev.masked(mask)
            test = ev.test(ev.n + k * wm, 1, (k,), fit_tol=ctx.tol)
            if best is None or test.residual < best[0].residual - 1e-12:
                best = (test, kind, label, k)
        if best is None:
            continue
        test, kind, label, k = best
        if test.confirmed(ctx.tol):
            confirmed.append((ev, test, kind, label, k))
        elif test.all_explained and test.support >= 1:
            ctx.candidate(INFO, f"in {ev.name}, your gradient minus the true one = {k:.4g} x the "
                          f"parameters on {label}, but only {test.support} entr"
                          f"{'y' if test.support == 1 else 'ies'} show it: too few to confirm.",
                          [ev.name], k=k)
    groups = {}
    for item in confirmed:
        groups.setdefault((item[2] == "bias", item[4] > 0), []).append(item)
    for (is_bias, more), items in groups.items():
        names = [ev.name for ev, *_ in items]
        parts = [f"{ev.name}: your gradient - the true one = {k:.4g} x the parameters on "
                 f"{_where(ev, kind, label)}; {test.describe()}" for ev, test, kind, label, k in items]
        if is_bias:
            how = ("the gradient regularizes the bias but the cost does not" if more
                   else "the cost regularizes the bias but the gradient does not")
            head = f"only the bias entries are off, by a multiple of their own values: {how}"
        else:
            how = ("the gradient has more of it than the cost: the term is added twice, or lambda/m "
                   "in the gradient does not match lambda/(2m) in the cost" if more else
                   "the gradient has less of it than the cost: the lambda/m * w term is missing or "
                   "too small")
            head = f"the error is proportional to the parameters: {how}"
        yield INFO.finding(f"{head}. " + ". ".join(parts) + ".", blocks=names,
                           evidence={"k": items[0][4], "entries": items[0][3],
                                     "test": " | ".join(parts)})


def _where(ev, kind: str, label: str) -> str:
    if kind == "bias":
        return f"the bias block {ev.name}" if "whole block" in label else f"the bias entries ({label})"
    if kind == "all" and ev.bias_sets:
        return "every entry, bias included"
    return label
