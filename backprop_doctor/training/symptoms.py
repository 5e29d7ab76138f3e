"""The symptoms of a training run, one detector per rule: each returns findings or a skip reason.

Thresholds (named below) are deliberately loose: a warning must mean something is off, and a
correct network trained with a sensible rate shows none of them.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import List, Optional, Tuple

import numpy as np

from ..findings import Finding
from ..params import Layout
from .activations import Snapshot
from .rules import gradients, loss, units
from .run import Trajectory

NOT_FALLING = 1e-3        # relative fall of the loss below which it "did not fall"
DIVERGED_GROWTH = 10.0    # final loss above this many times the initial: blew up
PLATEAU_WINDOW = 0.2      # the last fifth of the run...
PLATEAU_FLAT = 1e-4       # ...falling less than this relative is flat,
PLATEAU_SHARE = 0.05      # ...or less than this share of the whole run's fall is a plateau
STUCK_DISTANCE = 0.05     # mean |p - 1/K| below this: outputs stuck at the uniform guess
OVERFIT_FALL = 0.5        # on a small batch the loss should at least halve
SMALL_BATCH = 32
SATURATED_AT = 0.02       # within 2% of the range's end
SATURATED_SAMPLES = 0.95
SATURATED_UNITS = 0.5
DEAD_UNITS = 0.5
EXPLODING_GROWTH = 1e3
VANISHING_RATIO = 1e-4


@dataclass(frozen=True)
class RunFacts:
    layout: Layout
    trajectory: Trajectory
    start: Optional[Snapshot]
    end: Optional[Snapshot]
    n_samples: Optional[int]
    gradient_name: str            # "gradient" (from grad) or "update" (per-step change)


Result = Tuple[List[Finding], Optional[str]]   # findings, or the reason the detector was skipped


def _f(x: float, d: int = 4) -> str:
    return f"{x:.{d}g}"


def plateaued(losses: np.ndarray) -> bool:
    """The last fifth of the run fell by almost nothing, absolutely or against the whole run's fall
    (a slow steady decline is not a plateau: it needs more steps, not a fix)."""
    n = len(losses) - 1
    if n < 10 or not np.all(np.isfinite(losses)):
        return False
    tail = losses[-max(2, int(round(n * PLATEAU_WINDOW))) - 1:]
    tail_fall = float(tail[0]) - float(tail[-1])
    total_fall = float(losses[0]) - float(losses[-1])
    scale = max(abs(float(tail[0])), 1e-12)
    return tail_fall / scale < PLATEAU_FLAT or tail_fall < PLATEAU_SHARE * max(total_fall, 0.0)


def diverged(facts: RunFacts) -> Result:
    tr = facts.trajectory
    L = tr.losses
    if tr.diverged_at is not None:
        return [loss.LOSS_DIVERGED.finding(
            f"the loss (or the parameters) became non-finite after step {tr.diverged_at} of the "
            f"run (it started at {_f(L[0])}).", source="training",
            evidence={"step": tr.diverged_at, "initial": float(L[0])})], None
    if L[-1] > DIVERGED_GROWTH * max(L[0], 1e-12) and L[0] > 0:
        return [loss.LOSS_DIVERGED.finding(
            f"the loss grew from {_f(L[0])} to {_f(L[-1])} in {tr.n_steps} steps.", source="training",
            evidence={"initial": float(L[0]), "final": float(L[-1])})], None
    return [], None


def not_falling(facts: RunFacts) -> Result:
    L = facts.trajectory.losses
    if facts.trajectory.diverged_at is not None or len(L) < 2:
        return [], None
    start, end = float(L[0]), float(L[-1])
    fall = (start - end) / max(abs(start), 1e-12)
    if abs(start) < 1e-10 or fall >= NOT_FALLING:
        return [], None
    rose = end > start
    how = "rose" if rose else "did not fall"
    hint = (" A rising loss under a small rate means the step climbs it (check the step's sign)."
            if rose else " Nothing moved it: a zero gradient (symmetric or zero initialisation), "
            "a step that ignores the gradient, or a zero learning rate.")
    return [loss.LOSS_NOT_FALLING.finding(
        f"the loss {how} in {len(L) - 1} steps: from {_f(start, 6)} to {_f(end, 6)} "
        f"(relative change {-fall:+.2g}).{hint}", source="training",
        evidence={"initial": start, "final": end, "relative_fall": fall})], None


def initial_loss(facts: RunFacts) -> Result:
    snap = facts.start
    if snap is None:
        return [], "needs --forward (the network's output)"
    if snap.probabilities is None:
        return [], "the output is not class probabilities"
    if snap.labels is None:
        return [], "the targets (args[1]) are not class labels or one-hot rows"
    p = snap.probabilities.p[np.arange(snap.labels.size), snap.labels]
    ce0 = float(-np.mean(np.log(np.clip(p, 1e-12, 1.0))))
    k = snap.probabilities.k
    expected = math.log(k)
    if ce0 <= expected + max(1.0, expected):
        return [], None
    return [loss.INITIAL_LOSS_OFF.finding(
        f"at initialisation the cross-entropy of the outputs is {_f(ce0)}, far above log({k}) = "
        f"{_f(expected)} that small random weights give (the user's cost is "
        f"{_f(float(facts.trajectory.losses[0]))}): the initial outputs are confidently wrong.",
        source="training", evidence={"cross_entropy": ce0, "log_k": expected, "k": k})], None


def outputs_stuck(facts: RunFacts) -> Result:
    snap = facts.end
    if snap is None:
        return [], "needs --forward (the network's output)"
    if snap.probabilities is None:
        return [], "the output is not class probabilities"
    L = facts.trajectory.losses
    if not plateaued(L):
        return [], None
    k = snap.probabilities.k
    distance = float(np.mean(np.abs(snap.probabilities.p - 1.0 / k)))
    acc, majority = snap.accuracy(), snap.majority()
    at_chance = acc is not None and majority is not None and acc <= majority + 1e-12
    barely = float(L[-1]) > OVERFIT_FALL * float(L[0])
    if distance >= STUCK_DISTANCE and not (at_chance and barely):
        return [], None
    parts = []
    if distance < STUCK_DISTANCE:
        parts.append(f"every output is within {_f(distance, 2)} of 1/{k} = {_f(1 / k, 3)} on average "
                     f"(range {_f(float(snap.probabilities.p.min()), 3)} to "
                     f"{_f(float(snap.probabilities.p.max()), 3)})")
    if acc is not None:
        parts.append(f"the accuracy is {acc:.0%} (always answering the most frequent class gives "
                     f"{majority:.0%})")
    return [units.OUTPUTS_STUCK.finding(
        f"after {len(L) - 1} steps the loss has stopped at {_f(float(L[-1]))} and "
        + "; ".join(parts) + ": the network predicts the class frequencies and nothing else.",
        source="training",
        evidence={"mean_distance_from_uniform": distance, "accuracy": acc, "majority": majority,
                  "final_loss": float(L[-1])})], None


def _duplicate_lines(w: np.ndarray, axes: Tuple[int, ...] = (0, 1)) -> Optional[Tuple[str, int, int]]:
    """Two identical rows (units in W @ x) or columns (units in x @ W): (axis name, i, j)."""
    for axis, name in ((0, "rows"), (1, "columns")):
        if axis not in axes:
            continue
        lines = w if axis == 0 else w.T
        scale = max(float(np.max(np.abs(w))), 1e-300)
        for i in range(lines.shape[0]):
            same = np.flatnonzero(np.all(np.abs(lines[i + 1:] - lines[i]) <= 1e-12 * scale, axis=1))
            if same.size:
                return name, i, i + 1 + int(same[0])
    return None


def symmetric_units(facts: RunFacts) -> Result:
    out: List[Finding] = []
    tr = facts.trajectory
    for b in facts.layout.blocks:
        if len(b.shape) != 2 or min(b.shape) < 2:
            continue
        w0, w1 = b.view(tr.x0), b.view(tr.x_final)
        first = _duplicate_lines(w0)
        if first is None or _duplicate_lines(w1) is None:
            continue
        name, i, j = first
        constant = float(np.ptp(w0)) == 0.0
        start = f"all {b.size} entries start at {_f(float(w0.flat[0]))}" if constant else \
            f"its {name} {i} and {j} start identical"
        out.append(units.SYMMETRIC_UNITS.finding(
            f"{b.name}: {start}, and after {tr.n_steps} steps it still has identical {name}: "
            "units that start alike get the same gradient and never differ.", block=b.name,
            source="training", evidence={"axis": name, "pair": [i, j], "constant": constant}))
    if not out and facts.end is not None:
        for h in facts.end.hidden:
            varying = h.values[:, np.ptp(h.values, axis=0) > 0]  # constant units: saturated or dead
            pair = _duplicate_lines(varying.T, axes=(0,)) if varying.shape[1] >= 2 else None
            if pair is not None:
                _, i, j = pair
                out.append(units.SYMMETRIC_UNITS.finding(
                    f"hidden layer {h.index}: units {i} and {j} have identical activations on every "
                    f"sample after {tr.n_steps} steps: they compute the same feature.",
                    source="training", evidence={"layer": h.index, "pair": [i, j]}))
                break
    return out, None


def all_positive(facts: RunFacts) -> Result:
    out = []
    for b in facts.layout.blocks:
        if len(b.shape) != 2 or min(b.shape) < 2:
            continue
        w0 = b.view(facts.trajectory.x0)
        if np.all(w0 >= 0) and np.ptp(w0) > 0:
            out.append(units.ALL_POSITIVE_INIT.finding(
                f"{b.name}: every initial entry is positive (from {_f(float(w0.min()), 3)} to "
                f"{_f(float(w0.max()), 3)}), as np.random.rand draws them.", block=b.name,
                source="training", evidence={"min": float(w0.min()), "max": float(w0.max())}))
    return out, None


def saturation_and_dead(facts: RunFacts) -> Tuple[Result, Result]:
    if facts.end is None:
        reason = "needs --forward returning every layer's activations"
        return ([], reason), ([], reason)
    layers = [(when, h) for when, snap in (("at initialisation", facts.start), ("at the end", facts.end))
              if snap is not None for h in snap.hidden]
    if not layers:
        reason = "--forward returned no hidden layer activations (return a list, the output last)"
        return ([], reason), ([], reason)
    saturated: List[Finding] = []
    dead: List[Finding] = []
    seen_sat, seen_dead = set(), set()
    for when, h in layers:
        a = h.values
        if h.kind in ("sigmoid", "tanh") and h.index not in seen_sat:
            lo, hi = (0.0, 1.0) if h.kind == "sigmoid" else (-1.0, 1.0)
            margin = SATURATED_AT * (hi - lo)
            low = np.mean(a <= lo + margin, axis=0) >= SATURATED_SAMPLES
            high = np.mean(a >= hi - margin, axis=0) >= SATURATED_SAMPLES
            frac = float(np.mean(low | high))
            if frac >= SATURATED_UNITS:
                seen_sat.add(h.index)
                saturated.append(units.SATURATED_UNITS.finding(
                    f"hidden layer {h.index} ({h.kind}) {when}: {int(np.sum(low | high))} of "
                    f"{a.shape[1]} units sit at the end of their range on at least "
                    f"{SATURATED_SAMPLES:.0%} of the samples, where the derivative is almost zero.",
                    source="training", evidence={"layer": h.index, "fraction": frac, "when": when}))
        if h.kind == "relu" and h.index not in seen_dead:
            is_dead = np.all(a == 0, axis=0)
            frac = float(np.mean(is_dead))
            if frac >= DEAD_UNITS:
                seen_dead.add(h.index)
                dead.append(units.DEAD_RELU.finding(
                    f"hidden layer {h.index} {when}: {int(is_dead.sum())} of {a.shape[1]} ReLU units "
                    "output zero for every sample (dead: no gradient flows through them).",
                    source="training", evidence={"layer": h.index, "fraction": frac, "when": when}))
    return (saturated, None), (dead, None)


def gradient_norms(facts: RunFacts) -> Tuple[Result, Result]:
    tr = facts.trajectory
    names = [b.name for b in facts.layout.blocks]
    exploding: List[Finding] = []
    vanishing: List[Finding] = []
    upd = tr.update_rms
    what = facts.gradient_name
    if upd.shape[0] >= 2:
        first = upd[0]
        peak = np.nanmax(np.where(np.isfinite(upd), upd, np.inf), axis=0)
        for i, name in enumerate(names):
            if first[i] > 0 and peak[i] > EXPLODING_GROWTH * first[i]:
                exploding.append(gradients.EXPLODING.finding(
                    f"{name}: the step size per entry grew from {_f(first[i], 3)} to "
                    f"{_f(peak[i], 3)} during the run.", block=name, source="training",
                    evidence={"first": float(first[i]), "peak": float(peak[i])}))
    if tr.grad_rms_start is not None and tr.grad_rms_end is not None:
        for i, name in enumerate(names):
            g0, g1 = tr.grad_rms_start[i], tr.grad_rms_end[i]
            if g0 > 0 and (not np.isfinite(g1) or g1 > EXPLODING_GROWTH * g0) and \
                    not any(f.block == name for f in exploding):
                exploding.append(gradients.EXPLODING.finding(
                    f"{name}: the gradient RMS grew from {_f(g0, 3)} to {_f(g1, 3)} during the run.",
                    block=name, source="training", evidence={"start": float(g0), "end": float(g1)}))
    if len(names) >= 2:
        per_block = None
        if tr.grad_rms_start is not None:
            per_block = tr.grad_rms_start
        elif upd.shape[0] >= 1:
            per_block = np.median(upd, axis=0)
        if per_block is not None and np.all(np.isfinite(per_block)) and np.max(per_block) > 0:
            top = float(np.max(per_block))
            for i, name in enumerate(names):
                if 0 < per_block[i] < VANISHING_RATIO * top:
                    vanishing.append(gradients.VANISHING.finding(
                        f"{name}: its {what} RMS per entry is {_f(per_block[i], 3)}, "
                        f"{_f(per_block[i] / top, 2)} of the largest block's ({_f(top, 3)}): this "
                        "layer barely learns.", block=name, source="training",
                        evidence={"rms": float(per_block[i]), "largest": top}))
    return (exploding, None), (vanishing, None)


def cannot_overfit(losses: np.ndarray, n_samples: int, whole_data: bool) -> Result:
    """The loss on a small batch (the whole data when it is small) should at least halve."""
    L = losses
    if not np.all(np.isfinite(L)) or float(L[-1]) <= OVERFIT_FALL * float(L[0]) or float(L[0]) <= 0:
        return [], None
    which = f"these {n_samples} samples" if whole_data else f"a batch of the first {n_samples} samples"
    return [loss.CANNOT_OVERFIT.finding(
        f"on {which} the loss only went from {_f(float(L[0]))} to {_f(float(L[-1]))} in "
        f"{len(L) - 1} steps; a working network memorises so few samples.",
        source="training", evidence={"samples": n_samples, "initial": float(L[0]),
                                     "final": float(L[-1]), "whole_data": whole_data})], None
