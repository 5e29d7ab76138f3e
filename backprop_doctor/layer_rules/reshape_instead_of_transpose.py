"""reshape-instead-of-transpose: an axis swap written as a reshape.

Confirmed from the numbers: your gradient, read in memory order, is the true one with two or more
of its axes swapped — `g.reshape(N, T, D)` where `g.transpose(1, 0, 2)` was meant.
"""
from itertools import permutations

import numpy as np

from ..findings import RuleInfo, register

INFO = register(RuleInfo(
    id="reshape-instead-of-transpose", title="an axis swap is written as a reshape",
    severity="error", kind="layer",
    explanation=(
        "What it means: the backward computed the gradient in another axis order (time-major "
        "(T, N, D) in a loop over time steps, heads split as (N, H, T, d)) and then gave it the "
        "input's shape with reshape, which keeps the memory order, instead of moving the axes back "
        "with transpose. Your gradient holds exactly the true numbers with the axes swapped.\n"
        "Why it matters: the shape fits, so nothing fails loudly, but each entry's gradient belongs "
        "to another entry."),
    fix="Move axes with transpose (or np.moveaxis/swapaxes), then reshape: dx = dx_tnd.transpose(1, "
        "0, 2) for (T, N, D) -> (N, T, D).",
    bad="dx = dx_time_major.reshape(N, T, D)",
    good="dx = dx_time_major.transpose(1, 0, 2)",
))

TEST = "your gradient holds the true numbers with axes permuted and reshaped"


def detect(probe, name):
    a = probe.analytic(name)
    if a.ndim < 3 or a.ndim > 5:
        return None
    n = probe.true(name)
    if n is None:
        return None
    ident = tuple(range(a.ndim))
    for perm in permutations(ident):
        if perm == ident:
            continue
        moved = np.transpose(n, perm)
        if probe.matches(a.ravel(), moved.ravel()):
            return INFO.finding(
                f"your gradient of {name} holds the true numbers in the order of the true gradient "
                f"transposed to axes {perm} (shape {moved.shape}) and reshaped to {a.shape} "
                f"(residual {probe.residual(a.ravel(), moved.ravel()):.1e}).", block=name,
                evidence={"permutation": list(perm)})
    return None
