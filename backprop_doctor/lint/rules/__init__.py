"""The lint rules, one module per rule id; each registers its RuleInfo and defines `check(module)`."""
from __future__ import annotations

import importlib

RULE_MODULES = (
    "sigmoid_sign",
    "loop_skips_first",
    "update_times_weights",
    "loss_args_swapped",
    "derivative_on_wrong_input",
    "softmax_axis",
    "positive_init",
    "accumulator_not_reset",
    "activation_before_softmax",
    "softmax_no_max_shift",
)

RULES = tuple(importlib.import_module(f"{__name__}.{m}") for m in RULE_MODULES)
