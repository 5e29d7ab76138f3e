"""scale-mismatch: analytic = c * true for one constant c > 0, c != 1."""
from ..diagnosis import describe_ratio
from ..findings import RuleInfo, register
from ._util import weight_masks

INFO = register(RuleInfo(
    id="scale-mismatch", title="the gradient is the true one times a constant",
    severity="error", kind="gradient",
    explanation=(
        "What it means: in this block your gradient equals c times the true gradient for one "
        "constant c (printed). c = m, the number of samples, means the 1/m of the averaged cost is "
        "missing in the gradient; c = 2 or 1/2 is the factor 2 of a squared error (d/dx of "
        "0.5*e^2 is e, of e^2 is 2e).\n"
        "Why it matters: the direction is right but the step size is off by c; large c diverges, "
        "small c crawls, and a check compares numbers, so it fails."),
    fix="Make the gradient's constants match the cost: divide by m where the cost averages, and "
        "keep the 1/2 of 0.5*sum(err**2) consistent between cost and gradient.",
    bad="cost = np.mean((X @ w - y) ** 2)\ngrad = X.T @ (X @ w - y)          # missing 2/m",
    good="cost = np.mean((X @ w - y) ** 2)\ngrad = 2 * X.T @ (X @ w - y) / len(y)",
))


def detect(ctx):
    for ev in ctx.failing():
        if ev.a.size < 1 or ctx.explained(ev.name):
            continue
        fit = ev.fit_scale()
        c = fit.coef[0]
        if c > 0 and abs(c - 1) > 10 * ctx.tol and fit.fits(ctx.tol):
            cause = describe_ratio(c, ctx.sample_sizes)
            yield INFO.finding(
                f"in {ev.name}, your gradient = {c:.6g} x the numerical one over all {ev.a.size} "
                f"checked entries (fit residual {fit.residual:.1e})"
                + (f"; {cause}." if cause else "."),
                block=ev.name, evidence={"c": c, "residual": fit.residual})
            continue
        for desc, mask in weight_masks(ev):
            fit2 = ev.fit_scale_plus_weights(mask)
            c, k = fit2.coef
            if c > 0 and abs(c - 1) > 10 * ctx.tol and fit2.fits(ctx.tol) and \
                    fit2.residual < fit.residual / 10:
                cause = describe_ratio(c, ctx.sample_sizes)
                yield INFO.finding(
                    f"in {ev.name}, the data term of your gradient is {c:.6g} x the true one while the "
                    f"part proportional to the weights differs by {k:.4g}*w ({desc}; fit residual "
                    f"{fit2.residual:.1e})" + (f"; {cause}." if cause else "."),
                    block=ev.name, evidence={"c": c, "k": k, "residual": fit2.residual})
                break
