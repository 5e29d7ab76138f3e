"""Small helpers shared by the pattern rules: candidates built from the numbers, and the joining
of blocks that one cause explains into one finding."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, List, Optional, Sequence, Tuple

import numpy as np


def weight_masks(ev):
    """(description, mask) pairs for 'the weights': every entry, or everything but an observed bias."""
    out = [("every entry", None)]
    for label, bias in ev.bias_sets.items():
        if not bias.all():
            out.append((f"every entry but the bias ({label})", ~bias))
    return out


@dataclass
class FactorResult:
    """The best constant-factor candidate for a block: a = c * n, or a = c * n + k * w."""

    ev: object
    test: object              # diagnosis.Test
    c: float
    k: float = 0.0
    desc: str = ""            # where the k * w term sits, when there is one
    joint: bool = False       # c was fitted once over several blocks and confirmed together

    @property
    def with_weights(self) -> bool:
        return self.desc != ""

    def formula(self) -> str:
        if not self.with_weights:
            return f"your gradient = {self.c:.4g} x the numerical one"
        return (f"your gradient = {self.c:.4g} x the numerical one {'+' if self.k >= 0 else '-'} "
                f"{abs(self.k):.4g} x the parameters on {self.desc}")


def best_factor(ev, ctx, accept: Callable[[float], bool]) -> Optional[FactorResult]:
    """The constant-factor candidate that the numbers confirm, if any, for factors `accept`s."""
    fit = ev.fit_scale()
    c = fit.coef[0]
    if accept(c):
        res = FactorResult(ev, ev.test(c * ev.n, 1, (c,), gain=c, fit_tol=ctx.tol), c)
        if res.test.confirmed(ctx.tol):
            return res
    for desc, mask in weight_masks(ev)[1:] + weight_masks(ev)[:1]:
        fit2 = ev.fit_scale_plus_weights(mask)
        c2, k = fit2.coef
        if not accept(c2) or k == 0 or not fit2.residual < fit.residual / 10:
            continue
        wm = ev.w * (ev.masked(mask) if mask is not None else 1.0)
        res = FactorResult(ev, ev.test(c2 * ev.n + k * wm, 2, (c2, k), gain=c2, fit_tol=ctx.tol),
                           c2, k, desc)
        if res.test.confirmed(ctx.tol):
            return res
    return None


def near_factor(ev, ctx, accept: Callable[[float], bool]) -> Optional[FactorResult]:
    """An unconfirmed factor fit worth listing as a candidate (too few entries, or rough)."""
    fit = ev.fit_scale()
    c = fit.coef[0]
    if accept(c) and fit.residual < 0.1:
        res = FactorResult(ev, ev.test(c * ev.n, 1, (c,), gain=c, fit_tol=ctx.tol), c)
        if res.test.n_explained >= 0.5 * res.test.n_entries:
            return res
    return None


def confirmed_factors(info, ctx, accept: Callable[[float], bool], what: str
                      ) -> List[FactorResult]:
    """Per unexplained failing block: the factor fit that the tested-hypothesis check confirms;
    a block whose fit is only near (too few entries, too rough) becomes a candidate of the rule
    `info` that says so, naming `what` ("a scale", "the sign") it could not name."""
    confirmed, nears = [], []
    for ev in ctx.unexplained_failing():
        r = best_factor(ev, ctx, accept)
        if r is not None:
            confirmed.append(r)
            continue
        near = near_factor(ev, ctx, accept)
        if near is not None:
            nears.append(near)
    if not confirmed:
        joint = joint_factor(ctx, accept)
        if joint:
            return joint
    for near in nears:
        ctx.candidate(info, f"in {near.ev.name}, {near.formula()} ({near.test.describe()}): too "
                      f"few entries or too rough a fit to name {what}.", [near.ev.name], c=near.c)
    return confirmed


def joint_factor(ctx, accept: Callable[[float], bool]) -> List[FactorResult]:
    """One constant for every unexplained failing block together, when no block has entries
    enough to confirm one alone (a neuron's two weights and its bias): fitted once over all of
    them, and confirmed as one hypothesis -- every entry of every block explained, >= MIN_SUPPORT
    visible differences in all, more than the one fitted constant can account for."""
    from ..diagnosis import MIN_SUPPORT, _residual

    evs = ctx.unexplained_failing()
    if len(evs) < 2:
        return []
    a = np.concatenate([ev.a for ev in evs])
    n = np.concatenate([ev.n for ev in evs])
    nn = float(n @ n)
    c = float(a @ n) / nn if nn > 0 else 0.0
    if not accept(c):
        return []
    tests = [ev.test(c * ev.n, 0, (c,), gain=c, fit_tol=ctx.tol) for ev in evs]
    support = sum(t.support for t in tests)
    if all(t.all_explained for t in tests) and _residual(a - c * n, a, n) <= ctx.tol \
            and support >= max(MIN_SUPPORT, 1 + 2) and np.ptp((c - 1) * n) > 0:
        return [FactorResult(ev, t, c, joint=True) for ev, t in zip(evs, tests)]
    return []


def joins(ev, ctx, c: float) -> Optional[FactorResult]:
    """A block following an already confirmed factor c (no refit, so one entry is enough):
    c * n exactly, or c * n plus a fitted k * w (a regularization term with its own sign)."""
    t = ev.test(c * ev.n, 0, (c,), gain=c, fit_tol=ctx.tol)
    if t.confirmed(ctx.tol, min_support=1):
        return FactorResult(ev, t, c)
    e = ev.a - c * ev.n
    for desc, mask in weight_masks(ev):
        wm = ev.w * (ev.masked(mask) if mask is not None else 1.0)
        ww = float(wm @ wm)
        if ww == 0:
            continue
        k = float(e @ wm) / ww
        t = ev.test(c * ev.n + k * wm, 1, (c, k), gain=c, fit_tol=ctx.tol)
        if t.confirmed(ctx.tol, min_support=2):
            return FactorResult(ev, t, c, k, desc)
    return None


def factor_finding(info, results: List[FactorResult], headline: str, how: Callable[[FactorResult], str],
                   evidence: dict):
    """One finding for one factor cause across the blocks it explains, each with its test."""
    names = [r.ev.name for r in results]
    parts = []
    for r in results:
        parts.append(f"{r.ev.name}: {r.formula()}{how(r)}; {r.test.describe()}")
    joint = [r for r in results if r.joint]
    if joint:
        n = sum(r.test.n_entries for r in joint)
        support = sum(r.test.support for r in joint)
        parts.append(f"one constant fitted once over {and_list([r.ev.name for r in joint])} "
                     f"together ({n} entries, too few in each alone) matches all {n}, and "
                     f"{support} differ from the true gradient as predicted")
    test = " | ".join(parts)
    return info.finding(f"{headline} in {and_list(names)}. " + ". ".join(parts) + ".",
                        blocks=names, evidence=dict(evidence, test=test))


def and_list(names: Sequence[str]) -> str:
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def group_by(results: List[FactorResult], key: Callable[[FactorResult], Tuple]) -> List[List[FactorResult]]:
    groups: List[List[FactorResult]] = []
    for r in results:
        for g in groups:
            if key(g[0]) == key(r):
                g.append(r)
                break
        else:
            groups.append([r])
    return groups


def same_factor(c1: float, c2: float) -> bool:
    return abs(c1 - c2) <= 1e-3 * max(abs(c1), abs(c2))


def failing_fraction(ev, mask: np.ndarray) -> float:
    return float((ev.failed_mask & mask).sum()) / max(int(mask.sum()), 1)
