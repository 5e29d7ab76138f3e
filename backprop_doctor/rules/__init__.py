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
    # pattern rules, most specific first
    "sign_flip",
    "scale_mismatch",
    "transposed_gradient",
    "skipped_first_parameter",
    "regularization_mismatch",
    "missing_softmax_backprop:detect_invariant",
    "bias_mismatch",
    "missing_softmax_backprop",
    "hidden_layer_mismatch",
    "gradient_mismatch",
    "batch_coupling",
    "batch_mismatch",
    "skipped_first_sample",
)

def _detector(entry: str):
    module_name, _, function = entry.partition(":")
    module = importlib.import_module(f"{__name__}.{module_name}")
    return getattr(module, function or "detect", None)


_detectors = [_detector(m) for m in RULE_MODULES]


def diagnose(ctx) -> List[Finding]:
    """Every pattern rule's findings for a finished check, most specific first."""
    for detect in _detectors:
        if detect is not None:
            # appended one rule at a time: later (less specific) rules see what is explained
            for finding in detect(ctx) or ():
                ctx.findings.append(finding)
    return ctx.findings
