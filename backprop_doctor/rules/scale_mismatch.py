"""scale-mismatch: analytic = c * true for one constant c > 0, c != 1."""
from dataclasses import replace

from ..findings import RuleInfo, register
from ._util import confirmed_factors, factor_finding, group_by, joins, same_factor

INFO = register(RuleInfo(
    id="scale-mismatch", title="the gradient is the true one times a constant",
    severity="error", kind="gradient",
    explanation=(
        "What it means: in this block your gradient equals c times the true gradient for one "
        "constant c (printed). c = m, the number of samples, means the 1/m of the averaged cost is "
        "missing in the gradient; c = 2 or 1/2 is the factor 2 of a squared error (d/dx of "
        "0.5*e^2 is e, of e^2 is 2e).\n"
        "How it is confirmed: c x (the numerical gradient), with c fitted, must match your gradient "
        "at every checked entry and predict at least three entries that differ from the true one; "
        "a factor fitted to one or two numbers proves nothing and is only listed as a candidate.\n"
        "Why it matters: the direction is right but the step size is off by c; large c diverges, "
        "small c crawls, and a check compares numbers, so it fails."),
    fix="Make the gradient's constants match the cost: divide by m where the cost averages, and "
        "keep the 1/2 of 0.5*sum(err**2) consistent between cost and gradient.",
    bad="cost = np.mean((X @ w - y) ** 2)\ngrad = X.T @ (X @ w - y)          # missing 2/m",
    good="cost = np.mean((X @ w - y) ** 2)\ngrad = 2 * X.T @ (X @ w - y) / len(y)",
))


def detect(ctx):
    from ..diagnosis import describe_ratio

    def accept(c: float) -> bool:
        return c > 0 and abs(c - 1) > 10 * ctx.tol

    confirmed = confirmed_factors(INFO, ctx, accept, "a scale")
    done = {r.ev.name for r in confirmed}
    for ev in ctx.unexplained_failing():
        if ev.name in done:
            continue
        for r0 in confirmed:
            r = joins(ev, ctx, r0.c)
            if r is not None:
                confirmed.append(r)
                done.add(ev.name)
                break
    confirmed.sort(key=lambda r: ctx.order.index(r.ev.name))
    for group in group_by(confirmed, lambda r: ()):
        while group:
            c = group[0].c
            same = [r for r in group if same_factor(c, r.c)]
            group = [r for r in group if not same_factor(c, r.c)]
            finding = factor_finding(INFO, same, f"your gradient is {c:.6g} times the true one",
                                     _how, {"c": c})
            cause = describe_ratio(c, ctx.sample_sizes)
            yield replace(finding, message=finding.message + f" {cause[0].upper()}{cause[1:]}.") \
                if cause else finding


def _how(r) -> str:
    return " (its data term; the regularization term differs by k x w)" if r.with_weights else ""
