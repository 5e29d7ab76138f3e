"""Small helpers shared by the pattern rules."""
from __future__ import annotations


def weight_masks(ev):
    """(description, mask) pairs for 'the weights': every entry, or everything but a bias set."""
    out = [("every entry", None)]
    for label, bias in ev.bias_sets.items():
        if not bias.all():
            out.append((f"every entry but the bias ({label})", ~bias))
    return out
