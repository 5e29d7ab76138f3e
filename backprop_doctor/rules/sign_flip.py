"""sign-flip: the analytic gradient is the negative of the true one, at least in its data term."""
from ..findings import RuleInfo, register
from ._util import confirmed_factors, factor_finding, joins

INFO = register(RuleInfo(
    id="sign-flip", title="the gradient points the wrong way (its sign is flipped)",
    severity="error", kind="gradient",
    explanation=(
        "What it means: in this block your gradient equals minus the true gradient (analytic / "
        "numeric = -1), possibly only in its data term while the regularization term has the right "
        "sign. Two classic causes: the sigmoid written 1/(1+exp(z)) instead of 1/(1+exp(-z)), and "
        "the output error taken as y - p instead of p - y.\n"
        "How it is confirmed: the candidate c x (the numerical gradient), c < 0, plus an optional "
        "k x (the parameters) for the regularization term, must match your gradient at every "
        "checked entry, and predict at least three entries that differ from the true gradient.\n"
        "Why it matters: gradient descent then climbs the loss; with a flipped sigmoid used in both "
        "cost and gradient the hidden layer's two sign errors cancel, so only the output layer shows it."),
    fix="Write sigmoid(z) = 1 / (1 + np.exp(-z)) and take the output error as prediction minus "
        "target (p - y) for cross-entropy and squared error.",
    bad="def sigmoid(z):\n    return 1 / (1 + np.exp(z))\ndelta3 = y - a3",
    good="def sigmoid(z):\n    return 1 / (1 + np.exp(-z))\ndelta3 = a3 - y",
))


def _negative(c: float) -> bool:
    return c < 0


def _how(r) -> str:
    size = "" if abs(r.c + 1) < 0.01 else f" (the sign is flipped and the size is {abs(r.c):.4g} times too large)"
    if r.with_weights and r.k != 0:
        return size + " (the data term is flipped, the regularization term is not)"
    return size


def detect(ctx):
    confirmed = confirmed_factors(INFO, ctx, _negative, "the sign")
    if not confirmed:
        return
    c = confirmed[0].c
    done = {r.ev.name for r in confirmed}
    for ev in ctx.unexplained_failing():
        if ev.name not in done:
            r = joins(ev, ctx, c)
            if r is not None:
                confirmed.append(r)
    confirmed.sort(key=lambda r: ctx.order.index(r.ev.name))
    yield factor_finding(INFO, confirmed, "the sign of your gradient is flipped", _how,
                         {"c": c})
