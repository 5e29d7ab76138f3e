"""Least-squares fits of an update to a multiple of the gradient: pure arithmetic, no policy.

A right step is delta = -lr * g for one lr > 0.  The least-squares rate is
    lr = -<delta, g> / <g, g>,
and the residual r = delta + lr * g satisfies ||r|| / ||delta|| = sin(angle between delta and -g),
so a relative residual of 1e-6 means the step and the gradient agree to six digits in direction.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numpy as np

_TINY = 1e-300


@dataclass(frozen=True)
class Fit:
    rate: Optional[float]        # c in delta = -c * direction (None when the direction is zero)
    residual: float              # ||delta + c * direction||
    relative: float              # residual / ||delta|| (inf when delta is zero and direction is not)
    given: bool = False          # c was the user's rate, not fitted


def fit_rate(delta: np.ndarray, direction: np.ndarray) -> Fit:
    """delta ~ -c * direction by least squares."""
    dd = float(direction @ direction)
    norm_delta = float(np.linalg.norm(delta))
    if dd <= _TINY:
        return Fit(None, norm_delta, 0.0 if norm_delta == 0 else float("inf"))
    c = -float(delta @ direction) / dd
    residual = float(np.linalg.norm(delta + c * direction))
    relative = residual / norm_delta if norm_delta > 0 else float("inf")
    return Fit(c, residual, relative)


def given_rate(delta: np.ndarray, direction: np.ndarray, c: float) -> Fit:
    """delta against -c * direction for the user's own rate c (nothing fitted)."""
    norm_delta = float(np.linalg.norm(delta))
    residual = float(np.linalg.norm(delta + c * direction))
    return Fit(c, residual, residual / norm_delta if norm_delta > 0 else float("inf"), given=True)


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    na, nb = float(np.linalg.norm(a)), float(np.linalg.norm(b))
    if na == 0 or nb == 0:
        return 0.0
    return float(a @ b) / (na * nb)


def correlation(a: np.ndarray, b: np.ndarray) -> Optional[float]:
    """Pearson correlation, None when either side is constant or too short."""
    if a.size < 3:
        return None
    sa, sb = float(np.std(a)), float(np.std(b))
    if sa == 0 or sb == 0:
        return None
    return float(np.mean((a - a.mean()) * (b - b.mean())) / (sa * sb))


def rounding_allowance(old: np.ndarray, new: np.ndarray, eps: np.ndarray) -> np.ndarray:
    """What storing the parameters in their dtype can change per entry (a few ulps of each)."""
    return 4.0 * eps * (np.abs(old) + np.abs(new))
