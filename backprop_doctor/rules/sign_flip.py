"""sign-flip: the analytic gradient is the negative of the true one, at least in its data term."""
from ..findings import RuleInfo, register
from ._util import weight_masks

INFO = register(RuleInfo(
    id="sign-flip", title="the gradient points the wrong way (its sign is flipped)",
    severity="error", kind="gradient",
    explanation=(
        "What it means: in this block your gradient equals minus the true gradient (analytic / "
        "numeric = -1), possibly only in its data term while the regularization term has the right "
        "sign. Two classic causes: the sigmoid written 1/(1+exp(z)) instead of 1/(1+exp(-z)), and "
        "the output error taken as y - p instead of p - y.\n"
        "Why it matters: gradient descent then climbs the loss; with a flipped sigmoid used in both "
        "cost and gradient the hidden layer's two sign errors cancel, so only the output layer shows it."),
    fix="Write sigmoid(z) = 1 / (1 + np.exp(-z)) and take the output error as prediction minus "
        "target (p - y) for cross-entropy and squared error.",
    bad="def sigmoid(z):\n    return 1 / (1 + np.exp(z))\ndelta3 = y - a3",
    good="def sigmoid(z):\n    return 1 / (1 + np.exp(-z))\ndelta3 = a3 - y",
))


def detect(ctx):
    for ev in ctx.failing():
        if ev.a.size < 1 or ctx.explained(ev.name):
            continue
        fit = ev.fit_scale()
        c = fit.coef[0]
        if c < 0 and fit.fits(ctx.tol):
            size = "" if abs(c + 1) < 0.01 else f" (and {abs(c):.4g} times as large)"
            yield INFO.finding(
                f"in {ev.name}, your gradient = {c:.4g} x the numerical one over all "
                f"{ev.a.size} checked entries (fit residual {fit.residual:.1e}): the sign is flipped{size}.",
                block=ev.name, evidence={"c": c, "residual": fit.residual})
            continue
        for desc, mask in weight_masks(ev)[1:] + weight_masks(ev)[:1]:
            fit2 = ev.fit_scale_plus_weights(mask)
            c, k = fit2.coef
            if c < 0 and abs(k) > 0 and fit2.fits(ctx.tol) and fit2.residual < fit.residual / 10:
                yield INFO.finding(
                    f"in {ev.name}, your gradient = {c:.4g} x the true data term + the "
                    f"regularization term with the right sign (fit: analytic = {c:.4g}*numeric + "
                    f"{k:.4g}*w on {desc}, residual {fit2.residual:.1e}): the data term's sign is "
                    "flipped, the regularization's is not.",
                    block=ev.name, evidence={"c": c, "k": k, "residual": fit2.residual})
                break
