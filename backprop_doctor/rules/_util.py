"""Small helpers shared by the pattern rules."""
from __future__ import annotations

from typing import Optional

import numpy as np


def weight_masks(ev):
    """(description, mask) pairs for 'the weights': every entry, or everything but a bias set."""
    out = [("every entry", None)]
    for label, bias in ev.bias_sets.items():
        if not bias.all():
            out.append((f"every entry but the bias ({label})", ~bias))
    return out


def entries_word(n: int) -> str:
    return f"{n} entr{'y' if n == 1 else 'ies'}"


def fmt(x: Optional[float]) -> str:
    return "nan" if x is None else f"{x:.4g}"


def first_failing(ev):
    idx = np.argwhere(ev.failed_mask)
    return tuple(int(i) for i in idx[0]) if len(idx) else None


def label(ev, index) -> str:
    return f"{ev.name}[{','.join(map(str, index))}]" if index else ev.name
