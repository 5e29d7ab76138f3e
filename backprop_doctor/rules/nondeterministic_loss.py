"""nondeterministic-loss: the cost differs between two calls at the same point."""
from ..findings import RuleInfo, register

INFO = register(RuleInfo(
    id="nondeterministic-loss", title="the cost differs at the same point: the check cannot be trusted",
    severity="error", kind="probe",
    explanation=(
        "What it means: calling the cost twice with exactly the same parameters and data gave two "
        "different values. Dropout, noise injection or sampling a mini-batch inside the cost are "
        "the usual causes.\n"
        "Why it matters: a numerical gradient divides a difference of two costs by a tiny step; any "
        "randomness in the cost is multiplied by about 1/step and drowns the real gradient."),
    fix="Turn randomness off for the check: dropout off (or a fixed mask), a fixed mini-batch, and "
        "np.random.default_rng(seed) created inside the cost so each call draws the same numbers.",
    bad="mask = np.random.rand(*h.shape) > p   # a new mask on every call\nh = h * mask / (1 - p)",
    good="def cost(W, X, y, train=False):\n    if train: ...   # dropout only when training",
))
