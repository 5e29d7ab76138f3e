"""How much disagreement a check allows, in one place: the noise multiple, the analytic
gradient's own rounding, the default relative tolerance.  The entry-by-entry check (gradcheck),
the screen for big models and the step check all read them from here."""
from __future__ import annotations

import numpy as np

EPS64 = float(np.finfo(np.float64).eps)
NOISE_SIGMAS = 10.0          # tolerance = this many noise standard deviations of the difference
ANALYTIC_ROUNDING = 1e3      # the analytic gradient's own rounding: this many eps of the block max
DEFAULT_RTOL = 1e-6


def analytic_allowance(layout, analytic: np.ndarray, noise_relative: float) -> np.ndarray:
    """Rounding the user's own gradient carries: ~1e3 eps of the block's largest entry."""
    out = np.zeros_like(analytic)
    eps = max(noise_relative, EPS64)
    for b in layout.blocks:
        block = analytic[b.slice]
        out[b.slice] = ANALYTIC_ROUNDING * eps * (np.max(np.abs(block)) if block.size else 0.0)
    return out
