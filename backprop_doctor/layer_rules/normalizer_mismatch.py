"""normalizer-mismatch: forward and backward normalise differently (1/N against 1/(N-1), ...).

Confirmed from the numbers (see `_norm`): your error is the variance term scaled by a factor that
is the difference between 1/N and 1/(N-1) for the group size N found, and nothing else.
"""
from ..findings import RuleInfo, register
from . import _norm

INFO = register(RuleInfo(
    id="normalizer-mismatch",
    title="forward and backward normalise with different constants (1/N against 1/(N-1))",
    severity="error", kind="layer",
    explanation=(
        "What it means: the variance in the forward was computed with one normaliser (np.var: "
        "1/N) and the backward's variance term with another (1/(N-1), as np.std(ddof=1) or a "
        "hand-written sum / (N - 1)). The check found your error lies exactly along the variance "
        "direction with the size of that difference.\n"
        "Why it matters: a small but systematic error that a loose check may miss and that grows "
        "for small groups."),
    fix="Use the same normaliser in both passes: if the forward uses np.var(x, axis) (1/N), the "
        "backward's 2 * (x - mu) / N term must use N too.",
    bad="var = x.var(axis=0)                        # 1/N\ndx = ... + dvar * 2 * (x - mu) / (N - 1)",
    good="dx = ... + dvar * 2 * (x - mu) / N",
))

TEST = "the error lies along x_hat with the coefficient 1/N - 1/(N-1) of the group size found"


def detect(probe, name):
    s = _norm.structure(probe, name)
    if s is None:
        return None
    kappa, lam, resid = _norm.fit_error(probe, s, probe.analytic(name))
    if resid > 1e-3 or abs(lam) > 1e-3:
        return None
    m = s["grouping"].size()
    for label, value in ((f"-1/(N-1) with N = {m}", -1 / (m - 1)), (f"1/(N-1) with N = {m}", 1 / (m - 1)),
                         (f"-1/N with N = {m}", -1 / m), (f"1/N with N = {m}", 1 / m)):
        if abs(kappa - value) < 1e-3 * abs(value):
            return INFO.finding(
                f"{name}'s error lies exactly along the variance direction (x_hat) with coefficient "
                f"{kappa:.4g} = {label}: the backward's variance term uses another normaliser "
                "than the forward (1/N against 1/(N-1)).", block=name,
                evidence={"kappa": kappa, "group_size": m})
    return None
