"""params-mutated: a user function changed its parameters or data in place."""
from __future__ import annotations

from typing import Dict, Iterable, List, Tuple

from ..findings import Finding, RuleInfo, register

INFO = register(RuleInfo(
    id="params-mutated", title="a function changed the parameters or the data in place",
    severity="error", kind="probe",
    explanation=(
        "What it means: after calling your function, the arrays it was given had different values. "
        "Typical lines: theta[0] = 0 to skip the bias in the regularisation, X /= 255 inside the "
        "cost, W += eps in a hand-written checker without putting it back.\n"
        "Why it matters: an optimizer (fmin_cg, your training loop) keeps using the arrays it "
        "passed; changing them silently moves the parameters or corrupts the data. The check itself "
        "gave your code copies, so its numbers are still right."),
    fix="Work on a copy: reg = theta.copy(); reg[0] = 0, or Xs = X / 255 instead of X /= 255.",
    bad="def cost(theta, X, y, lam):\n    theta[0] = 0          # changes the caller's theta\n    ...",
    good="def cost(theta, X, y, lam):\n    t = theta.copy(); t[0] = 0\n    ...",
))


def findings(events: Iterable[Tuple[str, str]]) -> List[Finding]:
    """One finding per changed input, from the (function, what) events a Problem recorded."""
    out = []
    by_what: Dict[str, List[str]] = {}
    for function, what in events:
        by_what.setdefault(what, []).append(function)
    for what, functions in by_what.items():
        names = " and ".join(dict.fromkeys(functions))
        out.append(INFO.finding(
            f"{names} changed {what} in place during the check. The check gave your code copies, so "
            "its numbers are right, but an optimizer or training loop that passes its own arrays "
            "will see them change behind its back.", evidence={"functions": functions, "what": what}))
    return out
