"""The rule registry: one module per rule, each registering its `RuleInfo` on import.

Pattern rules (the diagnosis) also define `detect(ctx) -> iterable of Finding`; `diagnose` runs
them in registry order, which is most specific first.
"""
from __future__ import annotations

import importlib
from typing import List

from ..findings import Finding

# Order matters for `diagnose`: the more specific rule first (contract: "a regularised bias is
# regularization-mismatch, saying bias; bias-mismatch may accompany it").
RULE_MODULES = (
    "kink",
    "low_precision",
    "nondeterministic_loss",
    "stale_accumulator",
    "params_mutated",
)

_modules = [importlib.import_module(f"{__name__}.{m}") for m in RULE_MODULES]


def diagnose(ctx) -> List[Finding]:
    """Every pattern rule's findings for a finished check, most specific first."""
    findings: List[Finding] = []
    for module in _modules:
        detect = getattr(module, "detect", None)
        if detect is not None:
            findings.extend(detect(ctx))
    return findings
