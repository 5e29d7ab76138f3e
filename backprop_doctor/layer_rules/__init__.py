"""Layer rules: causes of a wrong layer backward, each confirmed from the numbers before it is named.

Each module registers its `RuleInfo` and defines `detect(probe, name) -> Finding | None` for one
failing input of the layer.  An error-level finding means the rule's prediction was confirmed (the
analytic gradient equals what the hypothesised mistake would give); an info-level one is a
candidate whose structure fits but whose numbers were not confirmed.  The first confirmed rule
names the block; the network rules of the diagnosis are then kept only where they speak of a
block's numbers alone (sign, scale, transpose), since a single layer has no output or hidden layers.
"""
from __future__ import annotations

import importlib
from dataclasses import replace
from typing import List, Tuple

import numpy as np

from ..errors import UserCodeError
from ..findings import Finding, dedupe, sort_findings
from ..report import verdict_ok

# Most specific first: a rule that reproduces the analytic gradient from the user's own forward
# before one that reads a structure of the numbers.
RULE_MODULES = (
    "indexed_add_drops_duplicates",
    "recurrent_gradient_not_accumulated",
    "one_sample_gradient",
    "kernel_flipped",
    "stride_ignored",
    "padding_misaligned",
    "pool_routing",
    "svm_margin_count",
    "statistics_treated_as_constant",
    "normalizer_mismatch",
    "mask_mismatch",
    "wrong_activation_derivative",
    "reshape_instead_of_transpose",
    "wrong_axis",
    "wrong_cache_variable",
)

_modules = [importlib.import_module(f"{__name__}.{m}") for m in RULE_MODULES]

# Network rules whose evidence is the block's own numbers, meaningful for one layer's input.
_BLOCK_RULES = {"sign-flip", "scale-mismatch", "transposed-gradient", "skipped-first-parameter",
                "regularization-mismatch", "bias-mismatch", "batch-mismatch",
                "skipped-first-sample"}
_UNTRUSTWORTHY = {"stale-accumulator", "nondeterministic-loss"}


_LINE_RULES = ("wrong-line", "no-line-found")   # where, not why: kept beside a layer cause


def diagnose_layer(probe) -> "Report":  # noqa: F821
    """The report with layer causes named and network wording (output/hidden layers) removed."""
    from ..rules import gradient_mismatch

    report = probe.report
    failing = report.failing_blocks
    if not failing or _UNTRUSTWORTHY & set(report.finding_ids()):
        return report
    causes = {name: _layer_cause(probe, name) for name in failing}
    own = _own_lines(probe) if any(c is not None for c, _ in causes.values()) else None
    confirmed_blocks = {name for name, (c, _) in causes.items() if c is not None}
    kept: List[Finding] = [f for f in report.findings
                           if f.source != "check" or not (set(f.all_blocks) & set(failing))
                           or f.id in _LINE_RULES
                           or (f.severity != "error" and not set(f.all_blocks) <= confirmed_blocks)]
    added: List[Finding] = []
    layer_causes: List[Finding] = []
    for name in failing:
        confirmed, candidates = causes[name]
        if confirmed is not None:
            cause, apart = _with_line(confirmed, report.findings, name, own)
            layer_causes.append(cause)
            added += apart
            continue
        network = [_layer_words(f, report, probe) for f in report.findings
                   if name in f.all_blocks and f.source == "check" and f.severity == "error"
                   and (f.id in _BLOCK_RULES or _softmax_confirmed(f, probe))
                   and not _vanishing_scale(f)]
        if network:
            added += network
            continue
        b = report.block(name)
        a = probe.analytic(name)
        zero = ""
        if np.max(np.abs(a)) <= 1e-12 * max(float(np.nanmax(np.abs(b.numeric))), 1e-300):
            zero = f" Your gradient of {name} is zero everywhere (to rounding)."
        cand = ""
        if candidates:
            cand = (" Candidates whose structure fits but whose prediction did not match: "
                    + ", ".join(c.id for c in candidates) + ".")
        added.append(gradient_mismatch.INFO.finding(
            f"{b.n_failed} of {b.n_checked} entries of the layer input {name} disagree with the "
            f"numerical gradient (max rel error {_fmt(b.max_rel_error)}); no specific cause was "
            f"confirmed by the numbers.{zero}{cand}", block=name,
            fix=f"Derive d(loss)/d{name} again by the chain rule through this layer's forward, and "
                "compare your entries with the numerical ones in the worst-entries table.",
            evidence={"n_failed": b.n_failed}))
        added += candidates
    findings = sort_findings(dedupe(_one_per_cause(layer_causes) + added + kept))
    return replace(report, findings=tuple(findings), ok=verdict_ok(report.n_failed, findings))


def _with_line(cause: Finding, findings, name: str, own) -> Tuple[Finding, List[Finding]]:
    """The line the tracer confirmed for this block travels with the layer cause that replaces
    the check's finding it was attached to (localize._placed) -- when it lies in the layer's own
    function.  A line inside a helper it calls may only carry a wrong argument from the caller
    (an axis passed in), so there it is shown apart, at info level, as where the gradient is
    formed."""
    placed = next((f for f in findings if f.line is not None and f.file is not None
                   and f.source == "check" and name in f.all_blocks and f.severity == "error"
                   and "trace" in f.evidence), None)
    if placed is None or cause.line is not None:
        return cause, []
    where = placed.message.split("\nWhere: ", 1)
    text = where[1] if len(where) == 2 else ""
    if own is not None and (placed.file != own[0] or not own[1] <= placed.line <= own[2]):
        from ..localize import WRONG_LINE

        return cause, [WRONG_LINE.finding(
            f"{text}\nThis line is in a function your layer calls: the value it combines wrongly "
            "may come from the call (an argument such as an axis).", severity="info",
            block=name, file=placed.file, line=placed.line,
            evidence={"trace": placed.evidence["trace"]})]
    return replace(cause, file=placed.file, line=placed.line,
                   message=cause.message.rstrip() + ("\nWhere: " + text if text else ""),
                   evidence={**cause.evidence, "trace": placed.evidence["trace"]}), []


def _own_lines(probe):
    """(file, first line, last line) of the user's backward (or loss layer), or None."""
    import inspect

    fn = probe.layer.backward or probe.layer.forward
    try:
        fn = inspect.unwrap(fn)
        lines, start = inspect.getsourcelines(fn)
        return inspect.getsourcefile(fn), start, start + len(lines) - 1
    except (TypeError, OSError):
        return None


def _one_per_cause(found: List[Finding]) -> List[Finding]:
    """One finding per rule: the blocks one cause explains are listed together, the first block's
    evidence is the message."""
    out: List[Finding] = []
    by_id = {}
    for f in found:
        by_id.setdefault(f.id, []).append(f)
    for rule_id, group in by_id.items():
        first = group[0]
        if len(group) == 1:
            out.append(first)
            continue
        others = ", ".join(f.block for f in group[1:])
        out.append(replace(first, blocks=tuple(f.block for f in group),
                           message=f"{first.message} The same cause explains {others}."))
    return out


def _layer_cause(probe, name):
    candidates = []
    for module in _modules:
        try:
            finding = module.detect(probe, name)
        except (ArithmeticError, ValueError, IndexError, TypeError, KeyError, UserCodeError):
            # an experiment the layer cannot run (a shape or setting it refuses) confirms nothing
            finding = None
        if finding is None:
            continue
        if finding.severity == "error":
            if "test" not in finding.evidence and hasattr(module, "TEST"):
                finding = replace(finding, evidence={**finding.evidence, "test": module.TEST})
            return finding, []
        candidates.append(finding)
    return None, candidates


def _softmax_invariant(f: Finding) -> bool:
    """missing-softmax-backprop confirmed by the softmax invariant (not the weak guess)."""
    return f.id == "missing-softmax-backprop" and "axis" in f.evidence


def _vanishing_scale(f: Finding) -> bool:
    """A gradient of zeros fits `a = c * n` with c ~ 0: that is no scale, it is a zero gradient."""
    return f.id == "scale-mismatch" and abs(float(f.evidence.get("c", 1.0))) < 1e-6


def _softmax_confirmed(f: Finding, probe) -> bool:
    """The softmax invariant (rows of the true gradient sum to zero) holds for any loss that ignores
    a constant added to every logit, the SVM's too; with labels at hand, softmax + cross-entropy is
    told apart by its off-label gradient p / N, which is never zero (the SVM's is, off the margins)."""
    if not _softmax_invariant(f):
        return False
    n = probe.true(f.block)
    if n is None or n.ndim != 2:
        return False
    for label_name in probe.index_inputs():
        y = np.asarray(probe.value(label_name)).ravel()
        if y.size == n.shape[0] and y.min() >= 0 and y.max() < n.shape[1]:
            off = np.ones(n.shape, dtype=bool)
            off[np.arange(n.shape[0]), y] = False
            return bool(np.all(n[off] > 0))
    return True


def _layer_words(f: Finding, report, probe=None) -> Finding:
    """A network rule's finding reworded for one layer's input (no output or hidden layers)."""
    if f.id == "scale-mismatch" and probe is not None and "c" in f.evidence:
        note = _scale_note(float(f.evidence["c"]), probe)
        return replace(f, message=f"{f.message.rstrip('.')}; {note}.") if note else f
    if not _softmax_invariant(f):
        return f
    b = report.block(f.block)
    axis = f.evidence["axis"]
    return replace(f, message=(
        f"the true gradient of the layer input {f.block} sums to zero over its "
        f"{b.shape[axis]} classes (axis {axis}), as a softmax followed by cross-entropy gives; yours "
        f"sums to {f.evidence.get('sum_yours', float('nan')):.3g}, and {b.n_failed} of {b.n_checked} "
        "entries disagree: the gradient at the logits is not (p - y) / N."))


def _scale_note(c: float, probe) -> str:
    """What a constant factor corresponds to in this layer: a size of its inputs, its square root
    (attention's 1/sqrt(d)), or a product of its integer settings (a pooling window's area)."""
    sizes = {}
    for name in probe.layer.names:
        for axis, d in enumerate(np.shape(probe.value(name))):
            if d > 1:
                sizes.setdefault(int(d), f"axis {axis} of {name}")
    settings = []
    for name in probe.layer.names:
        v = probe.value(name)
        items = v.items() if isinstance(v, dict) else [(None, v)]
        for key, val in items:
            if isinstance(val, (int, np.integer)) and not isinstance(val, bool) and val > 1:
                settings.append((f"{name}[{key!r}]" if key is not None else name, int(val)))

    def near(a, b):
        return abs(a - b) <= 1e-6 * max(abs(a), abs(b))

    found = []
    for d, where in sorted(sizes.items()):
        if near(c, d):
            found.append(f"{d} is the size of {where}: a division by it (a mean over those "
                         "values) missing in backward")
        if near(c, 1 / d):
            found.append(f"1/{d}, with {d} the size of {where}: a division by it once too often")
        if near(c, np.sqrt(d)):
            found.append(f"sqrt({d}), with {d} the size of {where}: a 1/sqrt(d) scale (as "
                         "attention's scores have) missing in backward")
        if near(c, 1 / np.sqrt(d)):
            found.append(f"1/sqrt({d}), with {d} the size of {where}: a 1/sqrt(d) scale applied "
                         "once too often")
    pairs = [(la, a, lb, b) for i, (la, a) in enumerate(settings) for lb, b in settings[i + 1:]]
    area = next((p for p in pairs if near(c, p[1] * p[3])), None)
    if area is not None:
        la, a, lb, b = area
        found.append(f"{a} x {b} = {la} x {lb}: the division by a window's area missing in backward")
    if not found:
        return ""
    if len(found) == 1:
        return f"c = {found[0]}"
    return f"c = {c:.6g} fits several readings, the numbers cannot tell which: " + "; or ".join(found)


def _fmt(x) -> str:
    return "n/a" if x is None else f"{x:.2g}"
