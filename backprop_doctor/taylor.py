"""Taylor-remainder test: is a mismatch a real bug or finite-difference noise?

Along a direction d, with the analytic gradient g,

    r(h) = |f(x + h d) - f(x) - h g.d| = |h (grad f - g).d + h^2/2 d'Hd + O(h^3)|.

A right gradient leaves r(h) ~ h^2: halving h divides r by 4, a slope of 2 on a log-log plot.  A
wrong one leaves a first-order term that wins as h shrinks: slope 1.  No step has to be chosen by
the user: the test walks h down a geometric ladder and fits the slope on the smallest steps whose
remainder still stands clear of the cost's rounding noise.  Memory O(P): one point at a time.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional, Sequence, Tuple

import numpy as np

EPS = float(np.finfo(np.float64).eps)
NOISE_MARGIN = 100.0         # a remainder must exceed this many noise levels to be used
FIT_POINTS = 4               # smallest usable steps the slope is fitted on
SECOND_ORDER = 1.7           # slope at least this: the gradient is right along d
FIRST_ORDER = 1.3            # slope at most this: the gradient is wrong along d
POWER = 4.0                  # a predicted error must be this many uncertainties to be ruled out
RULED_OUT = 0.25             # ... and the measured one at most this fraction of it


@dataclass(frozen=True)
class TaylorTest:
    """Remainders along one direction, the fitted slope and what it says."""

    steps: np.ndarray            # h, largest first
    remainders: np.ndarray       # |f(x + h d) - f(x) - h g.d|
    noise: float                 # the level under which a remainder is rounding
    used: np.ndarray             # which steps the slope was fitted on
    slope: Optional[float]       # None when no remainder stood above the noise
    verdict: str                 # "right" | "wrong" | "unclear" | "flat"
    error_along_d: Optional[float]  # (grad f - g).d estimated from the first-order term
    n_evaluations: int
    signed: Optional[np.ndarray] = None      # f(x + h d) - f(x) - h g.d, per step
    noise_per_step: Optional[np.ndarray] = None
    direction: Optional[np.ndarray] = None   # the unit direction d

    def first_order(self) -> Tuple[float, float]:
        """(grad f - g).d estimated free of the h^2 term, and its uncertainty.

        Two steps h and h/q cancel the second-order term: c1 = (q^2 s(h/q) - s(h)) / (h (q - 1)).
        Over the ladder, the pair with the smallest noise + truncation (read from the change
        between neighbouring pairs) is kept.  A slope of 2 alone cannot clear a mismatch the
        ladder had no power to see; this estimate says how small an error it could have seen.
        """
        hs, s, noise = self.steps, self.signed, self.noise_per_step
        if s is None or hs.size < 3:
            return float("nan"), float("inf")
        q = hs[:-1] / hs[1:]
        c1 = (q ** 2 * s[1:] - s[:-1]) / (hs[:-1] * (q - 1))
        noise_c1 = (q ** 2 * noise[1:] + noise[:-1]) / (hs[:-1] * (q - 1))
        trunc = np.abs(np.diff(c1, prepend=np.nan))
        trunc[0] = np.inf
        total = noise_c1 + trunc
        k = int(np.nanargmin(total))
        return float(c1[k]), float(total[k])

    def rules_out(self, predicted: float) -> bool:
        """True when the ladder could have seen a first-order term of size `predicted` along d
        and saw none: the remainder is second order and the estimate of (grad f - g).d is well
        below the predicted one, with an uncertainty small enough to tell them apart."""
        if self.verdict != "right" or not np.isfinite(predicted) or predicted == 0:
            return False
        estimate, uncertainty = self.first_order()
        return (abs(predicted) >= POWER * uncertainty
                and abs(estimate) <= RULED_OUT * abs(predicted))

    @property
    def wrong(self) -> bool:
        return self.verdict == "wrong"


def taylor_test(cost: Callable[[np.ndarray], float], x: np.ndarray, gradient: np.ndarray,
                direction: Optional[np.ndarray] = None, *, rng: Optional[np.random.Generator] = None,
                steps: Optional[Sequence[float]] = None, noise_sigma: Optional[float] = None,
                evaluate_many: Optional[Callable[[Sequence[np.ndarray]], np.ndarray]] = None,
                representable: Optional[Callable[[np.ndarray], np.ndarray]] = None
                ) -> TaylorTest:
    """Run the remainder test along `direction` (a random one, scaled like x, by default).

    `noise_sigma` is the cost's absolute rounding noise if known (fd.Noise.sigma); otherwise
    eps |f(x)| is assumed, which suits float64 code.  `representable` rounds a point to what the
    user's dtypes hold (Layout.representable): the linear term then uses the step actually taken.
    """
    x = np.asarray(x, dtype=np.float64)
    g = np.asarray(gradient, dtype=np.float64)
    if direction is None:
        rng = rng or np.random.default_rng(0)
        direction = rng.choice([-1.0, 1.0], size=x.size) * rng.uniform(0.5, 1.5, x.size)
        direction *= np.maximum(np.abs(x), 1.0)
    d = np.asarray(direction, dtype=np.float64)
    d = d / max(float(np.linalg.norm(d)), 1e-300)
    evaluate = evaluate_many or (lambda pts: np.array([cost(p) for p in pts]))
    f0 = float(evaluate([x.copy()])[0])
    sigma = noise_sigma if noise_sigma is not None else EPS * abs(f0)
    hs = np.sort(np.asarray(steps if steps is not None else default_steps(sigma, f0),
                            dtype=np.float64))[::-1]
    points = _Line(x, d, hs, representable)
    fh = evaluate(points[1:])
    slope_g = float(g @ d)
    linear = hs * slope_g if representable is None else np.array(
        [float(g @ (points[k + 1] - x)) for k in range(hs.size)])
    remainders = np.abs(fh - f0 - linear)
    # rounding in f(x+hd) - f(x) (two values) and in h g.d
    noise = 2 * sigma + 4 * EPS * (abs(f0) + np.abs(hs * slope_g))
    clear = remainders > NOISE_MARGIN * noise
    used = np.zeros(hs.size, dtype=bool)
    slope = None
    if clear.any():
        # the smallest steps that are still clear of the noise, consecutive from the top
        last = int(np.flatnonzero(clear)[-1])
        first = last
        while first > 0 and clear[first - 1] and last - first + 1 < FIT_POINTS:
            first -= 1
        used[first:last + 1] = True
        if last > first:
            slope = float(np.polyfit(np.log(hs[used]), np.log(remainders[used]), 1)[0])
    verdict, error = _verdict(slope, clear, hs, fh - f0 - linear, used)
    return TaylorTest(hs, remainders, float(np.max(noise)), used, slope, verdict, error,
                      int(hs.size + 1), fh - f0 - linear, noise, d)


def default_steps(sigma: float, f0: float) -> np.ndarray:
    """2^-4 down to 2^-30 for float64 noise; noisier costs (float32) need the remainder to
    stand out of a higher floor, so their ladder starts up to 2^0."""
    relative = sigma / max(abs(f0), 1e-300)
    start = min(1.0, 2.0 ** -4 * max(1.0, relative / EPS) ** 0.125)
    return start * 2.0 ** -np.arange(0, 27)


def _verdict(slope, clear, hs, signed, used):
    if not clear.any():
        return "flat", None        # f is linear along d to rounding: nothing contradicts g
    if slope is None:
        return "unclear", None
    if slope >= SECOND_ORDER:
        return "right", None
    if slope <= FIRST_ORDER:
        error = float(np.median(signed[used] / hs[used]))
        return "wrong", error
    return "unclear", None


class _Line(Sequence):
    """x, then x + h d for each h: built on demand so memory stays O(P)."""

    def __init__(self, x, d, hs, representable=None):
        self.x, self.d, self.hs, self.representable = x, d, hs, representable

    def __len__(self):
        return self.hs.size + 1

    def __getitem__(self, k):
        if isinstance(k, slice):
            return [self[i] for i in range(*k.indices(len(self)))]
        if k < 0:
            k += len(self)
        if k == 0:
            return self.x.copy()
        point = self.x + self.hs[k - 1] * self.d
        return point if self.representable is None else self.representable(point)


def taylor_test_entries(problem, x: np.ndarray, gradient: np.ndarray, indices: np.ndarray, *,
                        rng: Optional[np.random.Generator] = None,
                        noise_sigma: Optional[float] = None,
                        evaluate_many=None) -> TaylorTest:
    """The remainder test along a random direction that moves only `indices` (e.g. the entries a
    gradient check found suspicious): slope 1 confirms a bug there, slope 2 calls it noise."""
    rng = rng or np.random.default_rng(0)
    idx = np.asarray(indices, dtype=np.int64)
    d = np.zeros(x.size)
    d[idx] = (rng.choice([-1.0, 1.0], size=idx.size) * rng.uniform(0.5, 1.5, idx.size)
              * np.maximum(np.abs(x[idx]), 1.0))
    return taylor_test(problem.cost, x, gradient, d, noise_sigma=noise_sigma,
                       evaluate_many=evaluate_many, representable=problem.layout.representable)
