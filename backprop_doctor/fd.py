"""Finite-difference engine: noise estimate, steps, central differences and their refinement.

No I/O and no policy about what "fails": the functions here return numbers and error estimates,
the check runner (`gradcheck.py`) decides.

Theory (for a cost f with absolute noise sigma and a step h):
  central difference  D(h) = (f(x+h) - f(x-h)) / 2h = f' + h^2 f'''/6 + O(h^4) + noise,
  noise std of D(h)   = sigma * sqrt(2) / 2h,
so the total error h^2|f'''|/6 + sigma/h is smallest near h = (3 sigma / |f'''|)^(1/3).  With
sigma = eps_f |f| and |f'''| ~ |f| this is the classic h = eps_f^(1/3) * max(1, |x|) (scipy's
`EPS**(1/3)` rule), where eps_f is the *measured* relative noise of the cost, not the dtype's
epsilon: code that computes in float32 from float64 inputs is ~1e-7 noisy and needs ~100x larger
steps than float64 code.

Two step sizes h and 2h give Richardson's estimate R = (4 D(h) - D(2h)) / 3 (error O(h^4)) and an
estimate of D(h)'s truncation error |D(h) - D(2h)| / 3.  The same four evaluations give the
one-sided slopes on each side; at a kink (ReLU at 0, max, abs) the left and right slopes differ by
a jump that does not shrink with h, which smooth functions never show.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Optional, Sequence

import numpy as np

EPS64 = float(np.finfo(np.float64).eps)
EPS32 = float(np.finfo(np.float32).eps)
_TINY = 1e-300

# gamma_k = (k!)^2 / (2k)!  scales the mean square of k-th differences of pure noise to sigma^2
# (More & Wild, "Estimating computational noise", 2011).
_GAMMA = {k: math.factorial(k) ** 2 / math.factorial(2 * k) for k in range(1, 7)}


@dataclass(frozen=True)
class Noise:
    """How noisy the cost is near x: absolute sigma and relative to |f(x)|."""

    f0: float
    sigma: float
    relative: float
    float32_valued: bool      # every value seen is exactly a float32: computed or returned in float32
    n_evaluations: int

    @property
    def low_precision(self) -> bool:
        return self.float32_valued or self.relative > 1e-10


def estimate_noise(J: Callable[[np.ndarray], float], x: np.ndarray, f0: float,
                   rng: np.random.Generator, representable: Callable[[np.ndarray], np.ndarray],
                   n_lines: int = 3, n_points: int = 9, delta: float = 1e-6) -> Noise:
    """Measure the cost's rounding noise from high-order differences along random lines.

    Lines start at small random offsets from x so that a kink exactly at x (ReLU at 0) does not
    pass for noise; the smallest estimate over the lines is kept for the same reason.
    """
    scale = np.maximum(np.abs(x), 1.0)
    values_seen = [f0]
    estimates = []
    evaluations = 0
    for _ in range(n_lines):
        direction = rng.choice([-1.0, 1.0], size=x.size) * scale
        start = x + 1e-4 * rng.standard_normal(x.size) * scale
        ts = (np.arange(n_points) - n_points // 2) * delta
        fs = np.empty(n_points)
        for j, t in enumerate(ts):
            fs[j] = J(representable(start + t * direction))
        evaluations += n_points
        values_seen.extend(fs.tolist())
        estimates.append(_noise_from_table(fs))
    sigma = float(min(estimates)) if estimates else 0.0
    float32_valued = all(float(np.float32(v)) == v for v in values_seen)
    magnitude = max(abs(f0), _TINY)
    floor = (EPS32 if float32_valued else EPS64) * magnitude
    sigma = max(sigma, floor)
    return Noise(f0=f0, sigma=sigma, relative=sigma / magnitude if abs(f0) > 0 else EPS64,
                 float32_valued=float32_valued, n_evaluations=evaluations)


def _noise_from_table(fs: np.ndarray) -> float:
    """Median of the sigma estimates from 3rd- to 6th-order differences (they agree for noise)."""
    ests = []
    d = fs.copy()
    for k in range(1, 7):
        d = np.diff(d)
        if k >= 3:
            ests.append(np.sqrt(_GAMMA[k] * np.mean(d * d)))
    return float(np.median(ests))


def choose_steps(x: np.ndarray, noise_relative: float) -> np.ndarray:
    """h_i = eps_f^(1/3) * max(1, |x_i|), eps_f the measured relative noise (kept in a sane range)."""
    factor = float(np.clip(max(noise_relative, EPS64) ** (1.0 / 3.0), EPS64 ** (1 / 3), 1e-2))
    return factor * np.maximum(np.abs(x), 1.0)


@dataclass(frozen=True)
class Differences:
    """Central differences for a set of entries, with what is needed to refine them."""

    indices: np.ndarray
    numeric: np.ndarray      # D(h)
    f_plus: np.ndarray
    f_minus: np.ndarray
    h_plus: np.ndarray       # actual steps after rounding to the user's dtype
    h_minus: np.ndarray
    noise_error: np.ndarray  # one standard deviation of D(h) from the cost's noise

    def subset(self, positions: np.ndarray) -> "Differences":
        """The same differences for some of the entries (positions into `indices`)."""
        return Differences(*(getattr(self, f)[positions] for f in (
            "indices", "numeric", "f_plus", "f_minus", "h_plus", "h_minus", "noise_error")))


def central(J: Callable[[np.ndarray], float], x: np.ndarray, indices: np.ndarray,
            steps: np.ndarray, sigma: float, representable: Callable[[np.ndarray], np.ndarray],
            evaluate_many: Optional[Callable[[Sequence[np.ndarray]], np.ndarray]] = None,
            scale: float = 1.0) -> Differences:
    """D = (f(x + h e_i) - f(x - h e_i)) / (h+ + h-) for each i, with steps rounded to the dtype."""
    idx = np.asarray(indices, dtype=np.int64)
    h = steps[idx] * scale
    xp = representable(with_values(x, idx, x[idx] + h))[idx]
    xm = representable(with_values(x, idx, x[idx] - h))[idx]
    hp, hm = xp - x[idx], x[idx] - xm
    bad = (hp <= 0) | (hm <= 0)
    if np.any(bad):  # a step too small for the dtype: use the next representable value
        hp = np.where(hp <= 0, np.abs(x[idx]) * 1e-3 + 1e-3, hp)
        hm = np.where(hm <= 0, np.abs(x[idx]) * 1e-3 + 1e-3, hm)
        xp, xm = x[idx] + hp, x[idx] - hm
    from .parallel import PerturbedPoints  # points built on demand: O(P) memory, not O(P^2)

    points = PerturbedPoints(x, np.repeat(idx, 2), np.column_stack([xp, xm]).ravel())
    values = evaluate_many(points) if evaluate_many else np.array([J(p) for p in points])
    fp, fm = values[0::2], values[1::2]
    numeric = (fp - fm) / (hp + hm)
    noise_error = sigma * np.sqrt(2.0) / (hp + hm)
    return Differences(idx, numeric, fp, fm, hp, hm, noise_error)


def with_values(x: np.ndarray, idx: np.ndarray, values: np.ndarray) -> np.ndarray:
    """A copy of x with x[idx] = values."""
    out = x.copy()
    out[idx] = values
    return out


@dataclass(frozen=True)
class Refined:
    """Richardson estimate and kink evidence for entries that looked suspicious."""

    numeric: np.ndarray          # Richardson-extrapolated derivative
    truncation: np.ndarray       # estimated truncation error of D(h)
    noise_error: np.ndarray      # noise std of the Richardson estimate
    right: np.ndarray            # one-sided slope estimates (extrapolated)
    left: np.ndarray
    jump: np.ndarray             # right - left slope that does not shrink with h (kink size)
    jump_noise: np.ndarray


def refine(first: Differences, second: Differences, f0: float, sigma: float) -> Refined:
    """Combine D(h) and D(2h) (same entries) into Richardson and one-sided estimates."""
    h1 = (first.h_plus + first.h_minus) / 2
    h2 = (second.h_plus + second.h_minus) / 2
    r2 = (h2 / h1) ** 2
    rich = (r2 * first.numeric - second.numeric) / (r2 - 1)
    trunc = np.abs(first.numeric - second.numeric) / np.maximum(r2 - 1, _TINY)
    rich_noise = np.sqrt(r2 ** 2 * first.noise_error ** 2 + second.noise_error ** 2) / (r2 - 1)
    fwd1 = (first.f_plus - f0) / first.h_plus
    bwd1 = (f0 - first.f_minus) / first.h_minus
    fwd2 = (second.f_plus - f0) / second.h_plus
    bwd2 = (f0 - second.f_minus) / second.h_minus
    right = 2 * fwd1 - fwd2        # one-sided Richardson: slope just right of x
    left = 2 * bwd1 - bwd2
    # smooth: (fwd - bwd) grows like h f''; a kink adds a jump J that does not shrink:
    # 2 (fwd1 - bwd1) - (fwd2 - bwd2) = J + O(h^2) for a kink at x, O(h^2) if smooth.
    jump = 2 * (fwd1 - bwd1) - (fwd2 - bwd2)
    jump_noise = sigma * (4 / first.h_plus + 4 / first.h_minus + 1 / second.h_plus + 1 / second.h_minus + 2 / h1)
    return Refined(rich, trunc, rich_noise, right, left, jump, jump_noise)


def directional(J: Callable[[np.ndarray], float], x: np.ndarray, direction: np.ndarray,
                h: float) -> float:
    """grad f . d by Richardson on central differences at h and 2h (error O(h^4)): one number
    for a whole direction, what a probe compares an exact directional derivative with."""
    d1 = (J(x + h * direction) - J(x - h * direction)) / (2 * h)
    d2 = (J(x + 2 * h * direction) - J(x - 2 * h * direction)) / (4 * h)
    return (4 * d1 - d2) / 3


def rel_error(a: np.ndarray, n: np.ndarray) -> np.ndarray:
    """|a - n| / max(|a|, |n|, tiny): 1e-3 means the two agree to about three digits."""
    return np.abs(a - n) / np.maximum(np.maximum(np.abs(a), np.abs(n)), _TINY)
