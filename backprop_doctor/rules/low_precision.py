"""low-precision: float32 arithmetic limits how closely a gradient can be checked."""
from __future__ import annotations

from typing import List

from ..findings import Finding, RuleInfo, register

INFO = register(RuleInfo(
    id="low-precision", title="float32 arithmetic limits the check",
    severity="warning", kind="check",
    explanation=(
        "What it means: the cost is computed (or returned) with about 7 significant digits "
        "(float32) instead of about 16 (float64). The checker measured the cost's rounding noise "
        "and used larger steps and looser tolerances, so the check still works, but it cannot see "
        "errors smaller than about 1e-4 relative.\n"
        "Why it matters: float32 is fine for training; for checking gradients it hides small bugs."),
    fix="For the check, build the parameters and data as float64 (X.astype(np.float64)) and "
        "remove .astype(np.float32) / dtype=np.float32 inside the cost; train in float32 afterwards.",
    bad="X = X.astype(np.float32)\nloss = cost(W, X, y)",
    good="loss = cost(W.astype(np.float64), X.astype(np.float64), y)",
))


def from_noise(noise, float32_inputs: List[str]) -> Finding:
    """The finding for a check whose measured noise (fd.Noise) or inputs are float32."""
    parts = []
    if float32_inputs:
        parts.append(f"float32 inputs ({', '.join(float32_inputs[:4])})")
    if noise.float32_valued:
        parts.append("the cost's values are exactly float32 numbers (computed or returned in float32)")
    if noise.relative > 1e-10:
        parts.append(f"the cost is noisy at about {noise.relative:.1e} relative (float64 code is "
                     "about 1e-16)")
    return INFO.finding(
        "; ".join(parts).capitalize() + ". Steps and tolerances were widened to match, so errors "
        "below about 1e-4 relative cannot be seen.",
        evidence={"noise_relative": noise.relative, "float32_inputs": float32_inputs})
