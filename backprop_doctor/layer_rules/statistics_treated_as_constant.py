"""statistics-treated-as-constant: a norm backward drops how the mean or variance depends on x.

Confirmed from the numbers (see `_norm`): the layer normalises over a grouping found from the true
gradient, and your gradient's error is exactly the frozen-statistics gradient's component along
the mean direction, the x_hat direction, or both — the terms that carry the statistics' dependence
on the input.
"""
from ..findings import RuleInfo, register
from . import _norm

INFO = register(RuleInfo(
    id="statistics-treated-as-constant",
    title="a normalisation's backward treats the mean or variance as constants",
    severity="error", kind="layer",
    explanation=(
        "What it means: batch norm, layer norm and group norm compute x_hat = (x - mu) / sigma with "
        "mu and sigma computed FROM x, so dx has three parts: the direct one dxhat / sigma, one "
        "through the mean and one through the variance. Your dx leaves out one or both (dx = dout "
        "* gamma / sigma is the usual shortcut). The check found the grouping the layer normalises "
        "over and showed your error is exactly the missing term(s).\n"
        "Why it matters: the gradient pushes every sample's normalised value in directions the "
        "normalisation then removes; training is slow or unstable."),
    fix="Use the full formula over the normalised axes (N = number of values per group):\n"
        "dx = (1 / N) / sigma * (N * dxhat - dxhat.sum(axes) - xhat * (dxhat * xhat).sum(axes)),\n"
        "with dxhat = dout * gamma and sums with keepdims over the same axes as the forward's mean.",
    bad="dxhat = dout * gamma\ndx = dxhat / np.sqrt(var + eps)          # mu and var treated as constants",
    good="dx = (dxhat - dxhat.mean(0) - xhat * (dxhat * xhat).mean(0)) / np.sqrt(var + eps)",
))

TEST = "the error is exactly the frozen-statistics gradient's part along the mean and/or x_hat directions of the groups the layer normalises"


def detect(probe, name):
    s = _norm.structure(probe, name)
    if s is None:
        return None
    kappa, lam, resid = _norm.fit_error(probe, s, probe.analytic(name))
    if resid > 1e-3:
        return None
    near = lambda v, t: abs(v - t) < 1e-3  # noqa: E731
    what = None
    if near(kappa, 1) and near(lam, 1):
        what = "both the mean's and the variance's dependence on the input are dropped"
    elif near(kappa, 0) and near(lam, 1):
        what = "the mean's dependence on the input is dropped (the dmu term)"
    elif near(kappa, 1) and near(lam, 0):
        what = "the variance's dependence on the input is dropped (the dvar term)"
    if what is None:
        return None
    g = s["grouping"]
    return INFO.finding(
        f"{name} is normalised over {g.label} (groups of {g.size()} values: the true gradient is "
        f"orthogonal to the mean and x_hat directions in each); your error is exactly the frozen-"
        f"statistics gradient's part along {'them' if near(lam, 1) and near(kappa, 1) else 'one of them'} "
        f"(coefficients {kappa:.3g} on x_hat, {lam:.3g} on the mean; residual {resid:.1e}): {what}.",
        block=name, evidence={"grouping": g.label, "kappa": kappa, "lambda": lam})
