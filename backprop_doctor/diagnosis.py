"""Diagnosis: from a finished check, the evidence each rule reads, then the rules themselves.

The evidence is numbers and structure only — fits of the analytic block against the numeric one
(a = c*n, a = c*n + k*w, a = n^T, ...), where the errors sit (first entry, an edge row/column, a
vector block), which blocks form the output layer, whether the true output gradient has the
softmax invariant (it sums to zero over the classes) — never names or values of our examples.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np

from .findings import Finding, dedupe, sort_findings
from .report import BELOW_NOISE, FAILED, KINK, NOT_CHECKED, PASSED, BlockResult, Report, verdict_ok

FIT_TOL = 1e-3          # a pattern "fits" when it explains the block to 0.1% of its size
FIT_TOL_LOW_PRECISION = 2e-2


@dataclass(frozen=True)
class Fit:
    coef: Tuple[float, ...]
    residual: float      # ||a - model|| / max(||a||, ||n||)

    def fits(self, tol: float) -> bool:
        return self.residual <= tol


@dataclass
class BlockEvidence:
    block: BlockResult
    usable: np.ndarray            # entries whose numeric value can be trusted (not kinks, checked)
    a: np.ndarray                 # analytic over usable entries (flat, block order)
    n: np.ndarray                 # numeric over usable entries
    w: np.ndarray                 # parameter values over usable entries
    bias_sets: Dict[str, np.ndarray]   # description -> boolean mask over the block (full shape)
    role: str = "unknown"         # "output", "hidden", "unknown"
    layer: int = -1

    @property
    def name(self) -> str:
        return self.block.name

    @property
    def failing(self) -> bool:
        return self.block.n_failed > 0

    @property
    def failed_mask(self) -> np.ndarray:
        return self.block.status == FAILED

    def masked(self, mask: np.ndarray) -> np.ndarray:
        """A full-shape boolean mask restricted to the usable entries, as a flat vector."""
        return mask[self.usable]

    def fit_scale(self) -> Fit:
        """a = c * n."""
        nn = float(self.n @ self.n)
        c = float(self.a @ self.n) / nn if nn > 0 else 0.0
        return Fit((c,), _residual(self.a - c * self.n, self.a, self.n))

    def fit_scale_plus_weights(self, mask: Optional[np.ndarray] = None) -> Fit:
        """a = c * n + k * (w on mask): a data term scaled by c with a weight term added."""
        wm = self.w * (self.masked(mask) if mask is not None else 1.0)
        if not np.any(wm):
            return Fit((0.0, 0.0), np.inf)
        M = np.stack([self.n, wm], axis=1)
        coef, *_ = np.linalg.lstsq(M, self.a, rcond=None)
        return Fit(tuple(float(c) for c in coef), _residual(self.a - M @ coef, self.a, self.n))

    def fit_error_weights(self, mask: np.ndarray) -> Fit:
        """a - n = k * (w on mask), and zero elsewhere."""
        e = self.a - self.n
        wm = self.w * self.masked(mask)
        ww = float(wm @ wm)
        if ww == 0:
            return Fit((0.0,), np.inf)
        k = float(e @ wm) / ww
        return Fit((k,), _residual(e - k * wm, self.a, self.n))


def _residual(r: np.ndarray, a: np.ndarray, n: np.ndarray) -> float:
    scale = max(float(np.linalg.norm(a)), float(np.linalg.norm(n)), 1e-300)
    return float(np.linalg.norm(r)) / scale


@dataclass
class DiagnosisContext:
    report: Report
    problem: object
    evidence: Dict[str, BlockEvidence]
    order: List[str]                              # block names in layout order
    layers: List[List[str]]                       # blocks grouped by layer, input to output
    sample_sizes: Tuple[int, ...]                 # candidate batch sizes m (for "missing 1/m")
    classification: bool                          # targets look like labels or one-hot rows
    softmax_axis: Dict[str, int] = field(default_factory=dict)  # output block -> class axis
    tol: float = FIT_TOL
    findings: List[Finding] = field(default_factory=list)

    def failing(self) -> List[BlockEvidence]:
        return [self.evidence[n] for n in self.order if self.evidence[n].failing]

    def explained(self, name: str) -> bool:
        """A block already named by an error-level gradient rule."""
        return any(f.block == name and f.severity == "error" and f.source == "check"
                   for f in self.findings)

    def output_blocks(self) -> List[str]:
        return self.layers[-1] if self.layers else []

    def hidden_blocks(self) -> List[str]:
        return [b for layer in self.layers[:-1] for b in layer]


# -- building the context ---------------------------------------------------------------------

def build_context(problem, report: Report) -> DiagnosisContext:
    evidence: Dict[str, BlockEvidence] = {}
    for b in report.blocks:
        usable = np.isin(b.status, (PASSED, FAILED, BELOW_NOISE))
        evidence[b.name] = BlockEvidence(
            block=b, usable=usable, a=b.analytic[usable].astype(float),
            n=b.numeric[usable].astype(float), w=b.values[usable].astype(float),
            bias_sets=_bias_candidates(b, report))
    order = [b.name for b in report.blocks]
    layers = _group_layers(report)
    for i, layer in enumerate(layers):
        for name in layer:
            evidence[name].layer = i
            evidence[name].role = "output" if i == len(layers) - 1 and len(layers) > 1 else (
                "hidden" if len(layers) > 1 else "unknown")
    args = getattr(problem, "args", ())
    ctx = DiagnosisContext(report=report, problem=problem, evidence=evidence, order=order,
                           layers=layers, sample_sizes=_sample_sizes(args),
                           classification=_looks_like_classification(args),
                           tol=FIT_TOL_LOW_PRECISION if report.settings.low_precision else FIT_TOL)
    for name in ctx.output_blocks():
        axis = _softmax_axis(evidence[name], ctx.tol)
        if axis is not None:
            ctx.softmax_axis[name] = axis
    return ctx


def _is_matrix(shape: Sequence[int]) -> bool:
    return len(shape) >= 2 and sum(d > 1 for d in shape) >= 2


def _group_layers(report: Report) -> List[List[str]]:
    """Matrices in layout order are the layers; each vector joins the layer whose size it matches."""
    blocks = list(report.blocks)
    matrices = [b for b in blocks if _is_matrix(b.shape)]
    if not matrices:
        return [[b.name for b in blocks]] if blocks else []
    layers: List[List[str]] = [[m.name] for m in matrices]
    index = {m.name: i for i, m in enumerate(matrices)}
    for pos, b in enumerate(blocks):
        if b.name in index:
            continue
        size = b.analytic.size
        before = [m for m in matrices if blocks.index(m) < pos]
        # prefer the nearest matrix before it whose dimension the vector matches
        candidates = [m for m in reversed(before) if size in m.shape] or \
                     [m for m in matrices if size in m.shape] or (before[-1:] or matrices[:1])
        chosen = candidates[0]
        if len(candidates) > 1 and size in candidates[0].shape:
            # a vector the size of a matrix's output dim: the output dim is the one the next
            # matrix does not share (W1: D x H, W2: H x K -> b2 has K entries)
            chosen = next((m for m in candidates if _output_dim(m, matrices) == size), candidates[0])
        layers[index[chosen.name]].append(b.name)
    return layers


def _output_dim(m: BlockResult, matrices: List[BlockResult]) -> Optional[int]:
    i = [x.name for x in matrices].index(m.name)
    others = set()
    if i + 1 < len(matrices):
        others |= set(matrices[i + 1].shape)
    if i > 0:
        others |= set(matrices[i - 1].shape)
    own = [d for d in m.shape if d not in others]
    return own[0] if len(own) == 1 else None


def _bias_candidates(b: BlockResult, report: Report) -> Dict[str, np.ndarray]:
    """Entries that may be biases: a whole vector block, or an edge row/column of a matrix."""
    shape = b.shape
    out: Dict[str, np.ndarray] = {}
    has_matrix = any(_is_matrix(x.shape) for x in report.blocks)
    if not _is_matrix(shape):
        if has_matrix:
            out["the whole block (a bias vector)"] = np.ones(shape, dtype=bool)
        elif b.analytic.size >= 3:
            # a lone parameter vector (logistic regression): the bias is its first or last entry
            for label, k in (("entry 0", 0), (f"the last entry ({b.analytic.size - 1})", -1)):
                m = np.zeros(b.analytic.size, dtype=bool)
                m[k] = True
                out[label] = m.reshape(shape)
        return out
    if len(shape) == 2:
        r, c = shape
        for label, idx in (("column 0", (slice(None), 0)), (f"the last column ({c - 1})", (slice(None), c - 1)),
                           ("row 0", (0, slice(None))), (f"the last row ({r - 1})", (r - 1, slice(None)))):
            m = np.zeros(shape, dtype=bool)
            m[idx] = True
            out[label] = m
    return out


def _sample_sizes(args) -> Tuple[int, ...]:
    sizes = set()
    for a in args:
        if isinstance(a, np.ndarray) and a.ndim >= 1:
            sizes.update(int(d) for d in a.shape if d > 1)
        elif isinstance(a, (list, tuple)) and 1 < len(a) < 10 ** 6:
            sizes.add(len(a))
    return tuple(sorted(sizes))


def _looks_like_classification(args) -> bool:
    for a in args:
        try:
            arr = np.asarray(a)
        except Exception:  # noqa: BLE001
            continue
        if arr.dtype == object or arr.size < 2:
            continue
        if np.issubdtype(arr.dtype, np.integer) and arr.min() >= 0 and arr.ndim <= 2:
            return True
        if arr.ndim >= 2 and np.all((arr == 0) | (arr == 1)):
            sums = [arr.sum(axis=ax) for ax in range(arr.ndim)]
            if any(np.all(s == 1) for s in sums):
                return True
    return False


def _softmax_axis(ev: BlockEvidence, tol: float) -> Optional[int]:
    """The class axis of an output block whose true gradient sums to zero over it.

    Softmax + cross-entropy gives dL/dz summing to zero over the classes for every sample, so the
    output weights' true gradient sums to zero along the class axis (up to an L2 term k * w).
    """
    b = ev.block
    if len(b.shape) != 2 or not b.fully_checked or not np.all(ev.usable):
        return None
    N, W = b.numeric, b.values
    best = None
    for axis in (0, 1):
        if b.shape[axis] < 2:
            continue
        s_n = N.sum(axis=axis)
        scale = np.linalg.norm(N) + 1e-300
        residuals = [np.linalg.norm(s_n) / scale]
        for mask in [None] + list(ev.bias_sets.values()):
            wm = W if mask is None else W * ~mask
            s_w = wm.sum(axis=axis)
            if np.any(s_w):
                k = float(s_n @ s_w) / float(s_w @ s_w)
                residuals.append(np.linalg.norm(s_n - k * s_w) / scale)
        r = min(residuals)
        if r < max(tol, 1e-6) * 10 and (best is None or r < best[1]):
            best = (axis, r)
    return best[0] if best else None


# -- running the rules ------------------------------------------------------------------------

def diagnose_report(problem, report: Report, options) -> Report:
    from . import rules
    from .audit import audit_numeric

    extra: List[Finding] = []
    untrustworthy = {"stale-accumulator", "nondeterministic-loss"} & set(report.finding_ids())
    if report.n_failed and not untrustworthy:
        # (with state or randomness between calls, the failing entries are that problem's
        # consequence, and fitting patterns to them would name a second, imaginary bug)
        ctx = build_context(problem, report)
        rules.diagnose(ctx)
        extra += _first_sample_or_batch(problem, report, options, ctx.findings)
    if not any(f.id == "nondeterministic-loss" for f in report.findings):
        extra += _batch_coupling(problem, options)
    if getattr(options, "numeric", None) is not None:
        extra += audit_numeric(problem, report, options.numeric)
    if not extra:   # the probes' evaluations count even when they found nothing
        return replace(report, n_evaluations=problem.evaluations)
    findings = sort_findings(dedupe(list(report.findings) + extra))
    ok = verdict_ok(report.n_failed, findings)
    return replace(report, findings=tuple(findings), ok=ok, n_evaluations=problem.evaluations)


def _batch_only(problem, report: Report, options, findings: List[Finding]) -> List[Finding]:
    """Blocks only the generic rule named: if one sample passes, the bug is in the batching."""
    from .batch import single_sample_failing
    from .rules import batch_mismatch

    generic = [f.block for f in findings if _is_weak(f)]
    if not generic:
        return findings
    still = single_sample_failing(problem, report, options)
    if still is None:
        return findings
    out = []
    for f in findings:
        if _is_weak(f) and f.block not in still:
            out.append(batch_mismatch.INFO.finding(
                f"{f.block} agrees with the numerical gradient on a single sample but not on the "
                f"batch of {report.block(f.block).n_failed} failing entries: the per-sample math "
                "is right, the samples are combined wrongly.", block=f.block))
        else:
            out.append(f)
    return out


def _first_sample_or_batch(problem, report: Report, options, findings: List[Finding]) -> List[Finding]:
    """Blocks named only by a weak rule: try the first-sample and batch-only explanations."""
    from .batch import first_sample_missing
    from .rules import skipped_first_sample

    if not any(_is_weak(f) for f in findings):
        return findings
    if not first_sample_missing(problem, report, options):
        return _batch_only(problem, report, options, findings)
    out = [f for f in findings if not _is_weak(f)]
    for name in report.failing_blocks:
        out.append(skipped_first_sample.INFO.finding(
            f"{name} fails and your gradient does not change at all when the first sample's input "
            "changes (it does for the second sample): the first sample is left out of the "
            "gradient but not of the cost.", block=name))
    return out


def _is_weak(f: Finding) -> bool:
    """Findings that only say *where* (no pattern fitted): a batch-only verdict is more precise."""
    return f.id == "gradient-mismatch" or (f.id == "missing-softmax-backprop" and "reason" in f.evidence)


def _batch_coupling(problem, options) -> List[Finding]:
    from .batch import coupling
    from .rules import batch_coupling

    result = coupling(problem, np.random.default_rng(getattr(options, "seed", 0)))
    if result is None or result["spread"] < 1e-3:
        return []
    ratios = ", ".join(f"{r:.3g}" for r in result["ratios"])
    return [batch_coupling.INFO.finding(
        f"changing one sample's input moved the batch cost by {ratios} times that sample's own "
        f"cost change, for {len(result['ratios'])} different samples of {result['m']}; uncoupled "
        "samples give one constant (1 for a sum, 1/m for a mean).", evidence=result)]


def describe_ratio(c: float, sample_sizes: Sequence[int]) -> Optional[str]:
    """Name the likely cause of a constant factor c between analytic and true gradients."""
    for m in sample_sizes:
        if abs(c - m) <= 1e-3 * m:
            return f"c = m = {m}: the 1/m averaging over the {m} samples is missing in the gradient"
        if abs(c - 1 / m) <= 1e-3 / m:
            return f"c = 1/m (m = {m}): the gradient is divided by m once too often, or the cost is summed while the gradient is averaged"
    for value, text in ((2.0, "c = 2: a factor 2 too many (the derivative of 0.5*err^2 is err, not 2*err; or a cost with 1/2 and a gradient without)"),
                        (0.5, "c = 1/2: a factor 2 missing (the derivative of err^2 is 2*err; or a numerical checker dividing by e instead of 2e)")):
        if abs(c - value) <= 1e-3 * value:
            return text
    return None
