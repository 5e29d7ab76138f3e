"""Why a step is not -lr * gradient: each explanation is a fit, tried in order, first fit wins.

    state       two calls from the same point move differently (accumulator, momentum, sampling)
    unchanged   the step did not move the parameters at all
    ascent      delta = -lr g fits with lr < 0
    weights     delta = -c * w * g fits (w -= lr * w * grad), or -c * |w| * g
    your grad   the step follows the user's grad, which is not the true gradient
    off-gradient  some blocks move by exactly -lr g with one lr, another block fits no rate: the
                update is right and the gradient it applies to that block is not; tested: was
                that gradient taken after the other blocks were updated in this step?
    per block   each block fits its own rate, but the rates differ (or a block is not updated)
    ignored     the step is nearly orthogonal to the gradient
    per entry   none of the above: the ratio -delta/g varies from entry to entry
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Optional, Tuple

import numpy as np

from ..errors import InputError, UserCodeError
from ..findings import Finding
from ..params import Block, Layout
from .fit import Fit, correlation, cosine, fit_rate
from .gradient import ReferenceGradient
from .rules.misapplied_update import INFO, VAGUE
from .step_report import StepBlock

ORTHOGONAL_COSINE = 0.2
TRACKS_WEIGHTS = 0.8


@dataclass(frozen=True)
class Consensus:
    """The rate the exact blocks share, and the blocks that fit no rate (step_check)."""

    rate: float
    exact: Tuple[str, ...]
    off: Tuple[str, ...]


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
    consensus: Optional[Consensus] = None
    # the reference gradient at another point, for some entries: (x, indices) -> ReferenceGradient
    reference_at: Optional[Callable[[np.ndarray, np.ndarray], ReferenceGradient]] = None

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




def diagnose_step(ev: StepEvidence) -> List[Finding]:
    """One finding for the whole step, or one per failing block when blocks fail differently."""
    if ev.consensus is not None and not ev.stateful:
        return _off_gradient(ev, ev.consensus)
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
    if ev.fit.given:
        free = fit_rate(d, g)
        free_allowed = (ev.rtol * norm_d + abs(free.rate or 0.0) * float(np.linalg.norm(ev.g_error))
                        + float(np.linalg.norm(ev.rounding)))
        if free.rate is not None and free.rate > 0 and free.residual <= free_allowed:
            facts["step_rate"] = free.rate
            return (f"the step moves by exactly -{free.rate:.6g} * gradient (relative residual "
                    f"{free.relative:.2g}), not by the lr {ev.fit.rate:.6g} you gave: "
                    f"{free.rate / ev.fit.rate:.6g} times it (a rate applied twice, a decayed or "
                    "scheduled rate, or another constant in the update).",
                    f"Use the rate you meant: w -= {ev.fit.rate:.6g} * grad; or check --lr.",
                    "other-rate")
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


# -- a block moved along a wrong gradient ---------------------------------------------------------
MIN_VISIBLE = 3     # a hypothesis must predict at least this many entries away from the truth


def _off_gradient(ev: StepEvidence, consensus: Consensus) -> List[Finding]:
    """Some blocks move by exactly -lr g: the update rule and the rate are right.  Each block that
    fits no rate is moved along -lr * (something else); that something is measured as the
    implied gradient -delta / lr and compared with the truth, and one cause is tested: the
    block's gradient was taken after the exact blocks had already been updated in this step
    (a hidden delta computed from the new output weights).  Confirmed, it is named; otherwise
    the finding says what was measured and lists it as a candidate."""
    from ..rules.gradient_mismatch import INFO as MISMATCH

    lr = consensus.rate
    exact_txt = _names(consensus.exact)
    out = []
    for name in consensus.off:
        block = ev.layout.block(name)
        s = block.slice
        implied = -ev.delta[s] / lr
        true = ev.g[s]
        rel = float(np.linalg.norm(implied - true)) / max(float(np.linalg.norm(true)), 1e-300)
        facts: Dict[str, Any] = {
            "cause": "off-gradient", "lr": lr, "exact_blocks": list(consensus.exact),
            "implied_rel_error": rel, "implied_cosine": cosine(implied, true),
            "gradient": ev.source}
        big = np.abs(true) > np.maximum(1e-6 * np.max(np.abs(true)), 10 * ev.g_error[s])
        if np.any(big):
            ratio = implied[big] / true[big]
            facts.update(ratio_median=float(np.median(ratio)),
                         ratio_p5=float(np.percentile(ratio, 5)),
                         ratio_p95=float(np.percentile(ratio, 95)))
        seen = (f"{exact_txt} {'moves' if len(consensus.exact) == 1 else 'move'} by exactly "
                f"-{lr:.6g} * gradient, so the update rule and the rate are right; {name} fits no "
                f"rate: it moves by -{lr:.6g} * g' where g' = -delta/lr differs from the "
                f"{'true' if ev.source == 'numerical' else 'your'} gradient of {name} "
                f"(relative error {rel:.2g}, cosine {facts['implied_cosine']:.3f}")
        if "ratio_median" in facts:
            seen += (f"; g'/gradient from {facts['ratio_p5']:.3g} to {facts['ratio_p95']:.3g}, "
                     f"median {facts['ratio_median']:.3g}")
        seen += ")."
        tested = _updated_first(ev, consensus, block)
        facts["tested"] = tested
        if tested.get("confirmed"):
            facts["cause"] = "updated-first"
            moved = _names(tested["moved"])
            out.append(INFO.finding(
                f"{seen} Tested and confirmed: g' is the gradient of {name} at the parameters "
                f"after {moved} {'was' if len(tested['moved']) == 1 else 'were'} already updated "
                f"by this step (matches on all {tested['entries']} entries, residual "
                f"{tested['residual']:.2g}, allowed {tested['allowed']:.2g}; {tested['visible']} "
                f"of them differ from the gradient at the step's start): the step recomputes the "
                f"gradient after updating {moved}.",
                fix="Compute every gradient once, at the parameters as they were when the step "
                    "began, then update all blocks (grads = grad(params); then w_l -= lr * "
                    "grads[l] for every l).",
                source="step", block=name, evidence=facts))
            continue
        out.append(MISMATCH.finding(
            f"{seen} The step applies a wrong gradient to {name}; no specific cause confirmed. "
            f"{tested['why']} Candidates: a delta for {name} built from weights this step has "
            f"already changed (e.g. the hidden delta computed after the output weights were "
            f"updated, which the cost alone cannot test), or a wrong delta for {name}.",
            fix=f"Check the gradient code for {name} on its own (backprop-doctor check "
                "MODULE:GRAD --cost MODULE:COST), and compute every gradient before updating "
                "any block.",
            source="step", block=name, evidence=facts))
    return out


def _updated_first(ev: StepEvidence, consensus: Consensus, block: Block) -> Dict[str, Any]:
    """Was `block`'s gradient taken after the exact blocks were moved?  Predict it: the reference
    gradient of `block` at x0 with those blocks already updated; confirmed when the implied
    gradient matches it within the errors and the prediction differs from the gradient at x0
    on at least MIN_VISIBLE entries (otherwise it predicts nothing the truth does not)."""
    if ev.reference_at is None:
        return {"confirmed": False, "why": "Not tested whether it is the gradient after the other "
                "blocks were updated (nothing to evaluate it with)."}
    order = [b.name for b in ev.layout.blocks]
    later = tuple(n for n in consensus.exact if order.index(n) > order.index(block.name))
    options = [consensus.exact] + ([later] if later and later != consensus.exact else [])
    s = block.slice
    idx = np.arange(block.offset, block.offset + block.size)
    implied = -ev.delta[s] / consensus.rate
    best: Dict[str, Any] = {"confirmed": False}
    for moved in options:
        x = ev.x0.copy()
        for n in moved:
            m = ev.layout.block(n).slice
            x[m] = ev.x0[m] + ev.delta[m]
        try:
            there = ev.reference_at(x, idx)
        except (InputError, UserCodeError) as exc:
            return {"confirmed": False, "why": "Not tested whether it is the gradient after the "
                    f"other blocks were updated: the cost could not be evaluated there ({exc})."}
        residual = float(np.linalg.norm(implied - there.values))
        allowed = (float(np.linalg.norm(there.error))
                   + (ev.rtol * float(np.linalg.norm(ev.delta[s]))
                      + float(np.linalg.norm(ev.rounding[s]))) / abs(consensus.rate))
        visible = int(np.sum(np.abs(there.values - ev.g[s]) > 10 * (there.error + ev.g_error[s])))
        if residual <= allowed and visible >= MIN_VISIBLE:
            return {"confirmed": True, "moved": list(moved), "entries": int(idx.size),
                    "residual": residual, "allowed": allowed, "visible": visible}
        best.setdefault("residuals", []).append(residual)
        best.setdefault("allowed", []).append(allowed)
    moved_txt = " or ".join(_names(m) for m in options)
    best["why"] = (f"Tested and ruled out: g' is not the gradient of {block.name} recomputed after "
                   f"{moved_txt} {'was' if len(options[0]) == 1 and len(options) == 1 else 'were'} "
                   f"updated (residual {min(best['residuals']):.2g}, allowed "
                   f"{min(best['allowed']):.2g}).")
    return best


def _names(names) -> str:
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
