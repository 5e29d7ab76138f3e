"""nondeterministic-loss: the cost differs between two calls at the same point."""
from __future__ import annotations

from dataclasses import replace
from typing import Optional

from ..findings import Finding, RuleInfo, register

REPEAT_EPS = 64 * 2.220446049250313e-16   # two calls may differ by this much relative (rounding)

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


def probe(problem, x0, f0: float) -> Optional[Finding]:
    """Call the cost again at x0; a different value means randomness inside the cost."""
    f1 = problem.cost(x0)
    if abs(f1 - f0) <= REPEAT_EPS * max(abs(f0), 1e-300):
        return None
    return INFO.finding(
        f"two calls of the cost at the same parameters gave {f0!r} and {f1!r} (difference "
        f"{abs(f1 - f0):.3g}); a numerical gradient divides such differences by a step of about "
        "1e-6, so it is meaningless until the cost is deterministic.",
        evidence={"first": f0, "second": f1})


def also_in_gradient(finding: Finding, repeat) -> Finding:
    """The cost is random and the gradient differs too (a stale_accumulator.Repeat or None)."""
    if repeat is None:
        return finding
    return replace(finding, message=finding.message + " The gradient also differs between two "
                   f"calls (at {repeat.label}: {repeat.first:.6g} then {repeat.second:.6g}).")
