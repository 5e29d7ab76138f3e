"""Why a step is not -lr * gradient: each explanation is a fit, tried in order, first fit wins.

    state       two calls from the same point move differently (accumulator, momentum, sampling)
    unchanged   the step did not move the parameters at all
    ascent      delta = -lr g fits with lr < 0
    weights     delta = -c * w * g fits (w -= lr * w * grad), or -c * |w| * g
    your grad   the step follows the user's grad, which is not the true gradient
    per block   each block fits its own rate, but the rates differ (or a block is not updated)
    ignored     the step is nearly orthogonal to the gradient
    per entry   none of the above: the ratio -delta/g varies from entry to entry
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Tuple

import numpy as np

from ..findings import Finding
from ..params import Block, Layout
from .fit import Fit, correlation, cosine, fit_rate
from .gradient import ReferenceGradient
from .rules.misapplied_update import INFO
from .step_report import StepBlock

ORTHOGONAL_COSINE = 0.2
TRACKS_WEIGHTS = 0.8


@dataclass(frozen=True, eq=False)
class StepEvidence:
    layout: Layout
    x0: np.ndarray
    delta: np.ndarray
    delta2: np.ndarray
    g: np.ndarray
    g_error: np.ndarray
    rounding: np.ndarray
    rtol: float
    fit: Fit
    fits: bool
    stateful: bool
    blocks: Tuple[StepBlock, ...]
    users: Optional[ReferenceGradient]
    source: str

    def restrict(self, block: Block, result: StepBlock) -> "StepEvidence":
        """The same evidence for one block alone, as if it were the whole step."""
        s = block.slice
        fit = fit_rate(self.delta[s], self.g[s])
        allowed = (self.rtol * float(np.linalg.norm(self.delta[s]))
                   + abs(fit.rate or 0.0) * float(np.linalg.norm(self.g_error[s]))
                   + float(np.linalg.norm(self.rounding[s])))
        own = Block(block.name, block.shape, block.dtype, 0, block.order)
        users = None
        if self.users is not None:
            users = ReferenceGradient(self.users.values[s], self.users.error[s], self.users.source)
        return StepEvidence(layout=Layout((own,), ("leaf", 0, "array")), x0=self.x0[s],
                            delta=self.delta[s], delta2=self.delta2[s], g=self.g[s],
                            g_error=self.g_error[s], rounding=self.rounding[s], rtol=self.rtol,
                            fit=fit, fits=fit.rate is not None and fit.residual <= allowed,
                            stateful=False, blocks=(result,), users=users, source=self.source)

    def fits_direction(self, direction: np.ndarray, error: Optional[np.ndarray] = None) -> Tuple[Fit, bool]:
        f = fit_rate(self.delta, direction)
        err = self.g_error if error is None else error
        allowed = (self.rtol * float(np.linalg.norm(self.delta))
                   + abs(f.rate or 0.0) * float(np.linalg.norm(err))
                   + float(np.linalg.norm(self.rounding)))
        return f, f.rate is not None and f.residual <= allowed


def _g(x: Optional[float]) -> str:
    return "none" if x is None else f"{x:.6g}"


VAGUE = ("per-entry", "ignores-gradient")


def diagnose_step(ev: StepEvidence) -> List[Finding]:
    """One finding for the whole step, or one per failing block when blocks fail differently."""
    facts = _facts(ev)
    message, fix, cause = _explain(ev, facts)
    facts["cause"] = cause
    whole = INFO.finding(message, fix=fix, source="step", evidence=facts)
    if cause not in VAGUE or len(ev.blocks) < 2:
        return [whole]
    per_block = []
    for b, block in zip(ev.blocks, ev.layout.blocks):
        if b.ok:
            continue
        sub = ev.restrict(block, b)
        sub_facts = _facts(sub)
        sub_message, sub_fix, sub_cause = _explain(sub, sub_facts)
        sub_facts["cause"] = sub_cause
        per_block.append(INFO.finding(sub_message, fix=sub_fix, source="step", block=b.name,
                                      evidence=sub_facts))
    if per_block and any(f.evidence["cause"] not in VAGUE for f in per_block):
        return per_block
    return [whole]


def _facts(ev: StepEvidence) -> Dict[str, Any]:
    g, d, w = ev.g, ev.delta, ev.x0
    big = np.abs(g) > np.maximum(1e-6 * np.max(np.abs(g)), 10 * ev.g_error)
    ratio = -d[big] / g[big]
    facts: Dict[str, Any] = {
        "lr": ev.fit.rate, "rel_residual": ev.fit.relative, "cosine": cosine(d, -g),
        "stateful": ev.stateful, "gradient": ev.source,
        "block_lr": {b.name: b.lr for b in ev.blocks},
    }
    if ratio.size:
        facts.update(ratio_median=float(np.median(ratio)), ratio_p5=float(np.percentile(ratio, 5)),
                     ratio_p95=float(np.percentile(ratio, 95)),
                     corr_with_weights=correlation(ratio, w[big]),
                     corr_with_abs_weights=correlation(ratio, np.abs(w[big])))
        nz = big & (w != 0)
        if np.any(nz):
            per_weight = -d[nz] / (g[nz] * w[nz])
            facts["ratio_over_weight_median"] = float(np.median(per_weight))
            spread = float(np.std(per_weight))
            mean = float(np.mean(np.abs(per_weight)))
            facts["ratio_over_weight_spread"] = spread / mean if mean > 0 else None
    return facts


def _explain(ev: StepEvidence, facts: Dict[str, Any]) -> Tuple[str, Optional[str], str]:
    d, g, w = ev.delta, ev.g, ev.x0
    norm_d = float(np.linalg.norm(d))
    if ev.stateful:
        return _stateful(ev, facts)
    if norm_d <= float(np.linalg.norm(ev.rounding)):
        return (f"the step did not change the parameters although the gradient is not zero "
                f"(||grad|| = {np.linalg.norm(g):.3g}): it ignores the gradient, or updates a copy "
                "and returns nothing (inside a function, w = w - lr * g makes a new array; the "
                "caller's w is unchanged).",
                "Return the new parameters from the step, or update in place: w -= lr * g "
                "(or w[...] = w - lr * g).", "unchanged")
    if ev.fits and ev.fit.rate is not None and ev.fit.rate < 0:
        return (f"the step climbs the loss: it moves along +gradient, delta = {-ev.fit.rate:.6g} * "
                f"grad (fitted lr = {ev.fit.rate:.6g}, negative). Typical causes: w += lr * grad, "
                "or the error taken as y - p instead of p - y.",
                "Move against the gradient: w -= lr * grad with lr > 0, and compute the error as "
                "prediction - target.", "ascent")
    for name, direction, err, says in (
            ("weights", w * g, np.abs(w) * ev.g_error, "w * grad"),
            ("abs-weights", np.abs(w) * g, np.abs(w) * ev.g_error, "|w| * grad")):
        f, ok = ev.fits_direction(direction, err)
        if ok and f.rate is not None:
            climbs = " and it climbs the loss (the factor is negative)" if f.rate < 0 else ""
            spread = facts.get("ratio_over_weight_spread")
            spread_txt = f" (spread {spread:.2g})" if spread is not None else ""
            corr = facts.get("corr_with_weights" if name == "weights" else "corr_with_abs_weights")
            corr_txt = f", correlation {corr:.3f}" if corr is not None else ""
            facts[f"{name}_rate"] = f.rate
            return (f"the step is scaled by the weights: delta = -{f.rate:.6g} * {says}{climbs}. "
                    f"The per-entry ratio -delta/grad follows the weights{corr_txt}; divided by "
                    f"the weights it is the constant {f.rate:.6g}{spread_txt}. Entries near zero "
                    "hardly move and a weight's sign decides the direction, so the loss stalls.",
                    f"Use lr * grad, not lr * {says}: w -= {abs(f.rate):.6g} * grad.", name)
    if ev.users is not None:
        f, ok = ev.fits_direction(ev.users.values, ev.users.error)
        if ok and f.rate is not None and f.rate > 0:
            return (f"the step follows your grad() (lr = {f.rate:.6g}), but your grad() is not the "
                    f"true gradient (cosine between the step and the true -gradient: "
                    f"{facts['cosine']:.3f}); the step is right, the gradient is wrong.",
                    "Check the gradient: backprop-doctor check MODULE:GRAD --cost MODULE:COST.",
                    "wrong-gradient")
    per_block = _per_block(ev)
    if per_block is not None:
        return per_block
    if abs(facts["cosine"]) < ORTHOGONAL_COSINE:
        return (f"the step ignores the gradient: the cosine between the step and -grad is "
                f"{facts['cosine']:.3f} (1 for gradient descent)"
                + (", and what little it follows climbs the loss." if facts["cosine"] < 0 else "."),
                "Compute the step from the gradient at the current parameters: w -= lr * grad.",
                "ignores-gradient")
    return _per_entry(ev, facts)


def _stateful(ev: StepEvidence, facts: Dict[str, Any]) -> Tuple[str, Optional[str], str]:
    d, d2, g = ev.delta, ev.delta2, ev.g
    dd = float(d @ d)
    k = float(d2 @ d) / dd if dd > 0 else None
    facts["second_over_first"] = k
    extra_fit = fit_rate(d2 - d, g)
    facts["added_per_call"] = extra_fit.rate
    accumulated = extra_fit.rate is not None and extra_fit.rate > 0 and extra_fit.relative < 1e-3
    first = ""
    if not ev.fits:
        first = f" The first call alone does not fit -lr * grad either (relative residual {ev.fit.relative:.3g})."
    if accumulated:
        return (f"two calls from the same parameters moved them differently: the second step is "
                f"{_g(k)} times the first, and the difference is {extra_fit.rate:.6g} * -grad, as "
                "if the gradient were added again on every call. The step uses a gradient "
                "accumulated across calls (an accumulator never reset; momentum does this on "
                f"purpose), not the gradient at the current parameters.{first}",
                "Reset the accumulator at the start of every step (grad_w = [np.zeros_like(w) for "
                "w in weights]) or compute the gradient afresh in each call.", "accumulated")
    return (f"two calls from the same parameters moved them differently (the second step is "
            f"{_g(k)} times the first, cosine {cosine(d, d2):.3f}): the step keeps state between "
            "calls (an accumulator never reset, momentum) or draws random samples (a minibatch). "
            f"If it is momentum or Adam on purpose, this check does not apply.{first}",
            "Reset state kept between calls, and pass the batch in args so the step is "
            "deterministic.", "stateful")


def _per_block(ev: StepEvidence) -> Optional[Tuple[str, Optional[str], str]]:
    if len(ev.blocks) < 2:
        return None
    parts: List[str] = []
    rates = []
    for b, block in zip(ev.blocks, ev.layout.blocks):
        s = block.slice
        own = fit_rate(ev.delta[s], ev.g[s])
        allowed = (ev.rtol * float(np.linalg.norm(ev.delta[s]))
                   + abs(own.rate or 0.0) * float(np.linalg.norm(ev.g_error[s]))
                   + float(np.linalg.norm(ev.rounding[s])) + 1e-300)
        if own.rate is None:
            continue
        if own.residual > allowed and float(np.linalg.norm(ev.delta[s])) > float(np.linalg.norm(ev.rounding[s])):
            return None  # a block that fits no single rate: not a per-block difference
        rates.append(own.rate)
        if abs(own.rate) * float(np.linalg.norm(ev.g[s])) <= float(np.linalg.norm(ev.rounding[s])):
            parts.append(f"{b.name} is not updated")
        elif own.rate < 0:
            parts.append(f"{b.name} climbs the loss (lr {own.rate:.6g})")
        else:
            parts.append(f"{b.name} lr {own.rate:.6g}")
    if len(rates) < 2:
        return None
    return ("each block moves along its own gradient, but the rates differ per block: "
            + "; ".join(parts) + ". One learning rate for every block is plain gradient descent; "
            "if the per-layer rates are on purpose, this check does not apply.",
            "Update every block with the same rate, and every block in each step "
            "(w_l -= lr * grad_l for all l).", "per-block")


def _per_entry(ev: StepEvidence, facts: Dict[str, Any]) -> Tuple[str, Optional[str], str]:
    lo, hi, med = facts.get("ratio_p5"), facts.get("ratio_p95"), facts.get("ratio_median")
    text = (f"the rate differs per entry: the ratio -delta/grad ranges from {_g(lo)} to {_g(hi)} "
            f"(5th to 95th percentile, median {_g(med)}; the best single lr {_g(ev.fit.rate)} "
            f"leaves a relative residual of {ev.fit.relative:.3g}).")
    cw, ca = facts.get("corr_with_weights"), facts.get("corr_with_abs_weights")
    if (cw is not None and abs(cw) >= TRACKS_WEIGHTS) or (ca is not None and abs(ca) >= TRACKS_WEIGHTS):
        text += (f" The ratio tracks the weights (correlation {_g(cw)} with w, {_g(ca)} with |w|): "
                 "the step is multiplied by something that depends on the weights.")
    if facts["cosine"] < 0:
        text += f" Overall it climbs the loss (cosine with -grad {facts['cosine']:.3f})."
    text += " An adaptive optimiser (Adam, RMSProp) does this on purpose; then this check does not apply."
    return text, None, "per-entry"
