"""kink: a mismatch that sits on a non-differentiable point is not a bug."""
from __future__ import annotations

from typing import Dict, List, Sequence

from ..findings import Finding, RuleInfo, register

INFO = register(RuleInfo(
    id="kink", title="entries sit on a non-differentiable point (ReLU at 0, max, abs)",
    severity="info", kind="check",
    explanation=(
        "What it means: at these entries the slope of the cost to the left and to the right differ "
        "(a ReLU unit whose input is exactly 0, a max or an abs at a tie). There the derivative is "
        "not defined, a central difference averages the two slopes, and your gradient picks one "
        "side. The checker compared your value with the one-sided slopes and it matches one of them.\n"
        "Why it matters: it does not. These entries are not failures; they are left out of "
        "max_rel_error."),
    fix="Nothing to fix. To check those entries too, check at another point (another --seed or "
        "slightly perturbed parameters) where no unit sits exactly at its kink.",
    bad="h = np.maximum(0, X @ W1 + b1)   # with b1 = 0 and a zero row in X: z == 0 exactly",
    good="b1 = 0.01 * np.ones(H)          # or check at random parameters",
))


def findings(kinks: Sequence) -> List[Finding]:
    """One finding per block for the entries (report.Entry) the check classified as kinks."""
    out = []
    by_block: Dict[str, list] = {}
    for e in kinks:
        by_block.setdefault(e.block, []).append(e)
    for name, entries in by_block.items():
        e = entries[0]
        out.append(INFO.finding(
            f"{len(entries)} entr{'y' if len(entries) == 1 else 'ies'} of {name} sit on a kink (e.g. "
            f"{e.label}: your gradient {e.analytic:.6g} matches a one-sided slope; the central "
            f"difference {e.numeric:.6g} averages both sides). Not counted as failures.",
            block=name, evidence={"count": len(entries)}))
    return out
