"""stale-accumulator: the gradient differs between two calls at the same point."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numpy as np

from ..findings import Finding, RuleInfo, register
from .nondeterministic_loss import REPEAT_EPS

INFO = register(RuleInfo(
    id="stale-accumulator", title="the gradient keeps state between calls",
    severity="error", kind="probe",
    explanation=(
        "What it means: calling your gradient twice at exactly the same point gave different "
        "answers. Something outside the function (a global, a class attribute, a default argument "
        "like grads=[]) is added to on every call and never reset.\n"
        "Why it matters: every training step then adds the previous steps' gradients, the updates "
        "grow and the network never settles."),
    fix="Create the accumulator inside the function (grad = np.zeros_like(W)) or reset it at the "
        "start of every call/epoch (self.grad_w = [np.zeros_like(w) for w in self.weights]).",
    bad="grad_w = [np.zeros_like(w) for w in weights]\nfor epoch in range(E):\n    for x, y in data:\n        grad_w = [g + d for g, d in zip(grad_w, backprop(x, y))]",
    good="for epoch in range(E):\n    grad_w = [np.zeros_like(w) for w in weights]\n    for x, y in data:\n        ...",
))


@dataclass(frozen=True)
class Repeat:
    """Where two calls of the gradient at the same point differed most."""

    label: str
    first: float
    second: float
    ratio: Optional[float]      # the second call / the first, fitted over all entries


def probe(problem, x0, g0: np.ndarray) -> Optional[Repeat]:
    """Call the gradient again at x0; a different answer means state kept between calls."""
    g1 = problem.gradient(x0)
    diff = np.abs(g1 - g0)
    if not np.any(diff > REPEAT_EPS * np.maximum(np.abs(g0), np.abs(g1)) + 1e-300):
        return None
    i = int(np.argmax(diff))
    denom = float(g0 @ g0)
    ratio = float(g0 @ g1 / denom) if denom > 0 else None
    return Repeat(problem.layout.label(i), float(g0[i]), float(g1[i]), ratio)


def finding(repeat: Repeat) -> Finding:
    doubled = repeat.ratio is not None and abs(repeat.ratio - 2) < 0.05
    more = (f" The second call is about {repeat.ratio:.3g} times the first, as if the previous "
            "call's gradient were added again." if doubled else "")
    return INFO.finding(
        f"two calls of the gradient at the same point differ (at {repeat.label}: "
        f"{repeat.first:.6g} then {repeat.second:.6g}).{more} The check uses the first call's "
        "answer; entries that fail may only carry state from earlier calls, so no other diagnosis "
        "is made until this is fixed.",
        evidence={"first": repeat.first, "second": repeat.second, "ratio": repeat.ratio})
