"""Big models: which entries to check when there are more than --max-checks.

A sample of entries per block, allocated so that every block gets a fair share (small blocks,
like a bias vector, are checked whole).  The big-model issue replaces this with directional
screening and group testing.
"""
from __future__ import annotations

import numpy as np


def select_entries(problem, x0, analytic, steps, noise, options, rng, evaluate_many) -> np.ndarray:
    """Flat indices to check entry by entry in screen mode (evaluations go through evaluate_many)."""
    return sample_per_block(problem.layout, options.max_checks, rng)


def sample_per_block(layout, max_checks: int, rng: np.random.Generator) -> np.ndarray:
    blocks = layout.blocks
    budget = max(max_checks, len(blocks))
    share = {b.name: 0 for b in blocks}
    remaining = budget
    pending = sorted(blocks, key=lambda b: b.size)
    while pending:
        each = remaining // len(pending)
        b = pending.pop(0)
        take = min(b.size, max(each, 1))
        share[b.name] = take
        remaining -= take
    picked = []
    for b in blocks:
        k = share[b.name]
        picked.append(b.offset + (np.arange(b.size) if k >= b.size
                                  else np.sort(rng.choice(b.size, size=k, replace=False))))
    return np.concatenate(picked).astype(np.int64)
