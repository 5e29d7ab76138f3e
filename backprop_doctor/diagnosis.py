"""Diagnosis: from a finished check, the evidence each rule reads, then the rules themselves.

A rule names a cause only after testing it: it builds the gradient the user would have got with
that mistake (a candidate: c * true, the transpose, the true gradient plus k * w, ...) and
compares it with the user's numbers entry by entry (:meth:`BlockEvidence.test`).  Structure is
used only where it was observed: layers from block shapes that chain into each other and into the
data, a bias where a block or an extra input column has the shape of one, a softmax where an
output sums to one over an axis.  Nothing is read from names or from the values of our examples.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np

from .findings import CANDIDATE_PREFIX, Finding, dedupe, sort_findings
from .report import BELOW_NOISE, FAILED, PASSED, BlockResult, Report, verdict_ok

FIT_TOL = 1e-5          # a mistake reproduces the numbers exactly: a candidate must fit to 1e-5
FIT_TOL_LOW_PRECISION = 2e-2
MIN_SUPPORT = 3         # a candidate must predict at least this many visible differences


@dataclass(frozen=True)
class Fit:
    coef: Tuple[float, ...]
    residual: float      # ||a - model|| / max(||a||, ||n||)

    def fits(self, tol: float) -> bool:
        return self.residual <= tol


@dataclass(frozen=True)
class Test:
    """A candidate gradient compared with the user's, entry by entry.

    `support` counts the entries where the candidate differs visibly from the true gradient: the
    places where the hypothesis makes a prediction the numbers can contradict.  A candidate that
    matches everywhere but predicts nothing (one entry, a scale fitted to one number) proves
    nothing; one that predicts many differences and matches them all is a confirmed cause.
    """

    residual: float
    n_entries: int
    n_explained: int
    support: int
    n_params: int
    coef: Tuple[float, ...] = ()
    distinct: bool = True   # the predicted differences are not one constant (an offset looks so)

    @property
    def all_explained(self) -> bool:
        return self.n_entries > 0 and self.n_explained == self.n_entries

    def confirmed(self, tol: float, min_support: Optional[int] = None) -> bool:
        """Confirmed alone, or (with `min_support`) as one more block of a confirmed cause."""
        if min_support is not None:
            return self.all_explained and self.residual <= tol and self.support >= min_support
        need = max(MIN_SUPPORT, self.n_params + 2)
        return self.all_explained and self.residual <= tol and self.support >= need and self.distinct

    def describe(self) -> str:
        n = f"{self.n_entries} entr{'y' if self.n_entries == 1 else 'ies'}"
        if self.all_explained and self.n_entries == 1:
            return (f"checked on 1 entry: matches it (residual {self.residual:.1e})"
                    + (", which differs from the true gradient as predicted" if self.support else ""))
        if self.all_explained:
            return (f"checked on {n}: matches all of them (residual {self.residual:.1e}), and "
                    f"{self.support} of them differ from the true gradient as predicted")
        return (f"checked on {n}: matches {self.n_explained} (residual {self.residual:.1e}), "
                f"{self.support} predicted to differ from the true gradient")


@dataclass
class BlockEvidence:
    block: BlockResult
    usable: np.ndarray            # entries whose numeric value can be trusted (not kinks, checked)
    a: np.ndarray                 # analytic over usable entries (flat, block order)
    n: np.ndarray                 # numeric over usable entries
    w: np.ndarray                 # parameter values over usable entries
    t: np.ndarray                 # the check's absolute tolerance over usable entries
    bias_sets: Dict[str, np.ndarray]   # observed bias entries: description -> mask (full shape)
    role: str = "unknown"         # "output", "hidden", "unknown" (only when the chain was observed)
    layer: int = -1
    unit_axis: Optional[int] = None    # the axis of a weight matrix that runs over its units

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
        if np.linalg.matrix_rank(M) < 2:
            return Fit((0.0, 0.0), np.inf)
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

    def test(self, candidate: np.ndarray, n_params: int, coef: Tuple[float, ...] = (),
             gain: float = 1.0, fit_tol: float = FIT_TOL) -> Test:
        """Compare a candidate gradient (over the usable entries) with the user's.

        `gain` is how much of the numeric noise the candidate carries (|c| for c * n).
        """
        a, n, cand = self.a, self.n, np.asarray(candidate, dtype=float)
        allow = 2.0 * (1.0 + abs(gain)) * self.t
        explained = np.abs(a - cand) <= allow + fit_tol * np.maximum(np.abs(a), np.abs(cand))
        # a prediction counts where the candidate differs visibly from the truth and from zero:
        # a candidate near 0 cannot be told from "your gradient is zero there"
        differs = (np.abs(cand - n) > allow + fit_tol * np.maximum(np.abs(cand), np.abs(n))) \
            & (np.abs(cand) > allow)
        dev = (cand - n)[differs]
        distinct = dev.size < 2 or float(np.ptp(dev)) > 1e-6 * float(np.max(np.abs(dev)))
        return Test(residual=_residual(a - cand, a, n), n_entries=int(a.size),
                    n_explained=int(explained.sum()), support=int(differs.sum()),
                    n_params=n_params, coef=tuple(float(c) for c in coef), distinct=distinct)


def _residual(r: np.ndarray, a: np.ndarray, n: np.ndarray) -> float:
    scale = max(float(np.linalg.norm(a)), float(np.linalg.norm(n)), 1e-300)
    return float(np.linalg.norm(r)) / scale


@dataclass
class Softmax:
    """A softmax seen in the program: an output that sums to one over an axis of `classes`."""

    classes: int
    where: str                     # what was observed, for the message


@dataclass
class DiagnosisContext:
    report: Report
    problem: object
    evidence: Dict[str, BlockEvidence]
    order: List[str]                              # block names in layout order
    layers: List[List[str]]                       # observed layers, input to output ([] if not)
    sample_sizes: Tuple[int, ...]                 # candidate batch sizes m (for "missing 1/m")
    subject: str = "network"                      # "network" | "layer" (a single layer's inputs)
    flat_unlabelled: bool = False                 # one flat theta, no layout: blocks unknown
    softmax: Optional[Softmax] = None             # a softmax observed in the program
    tol: float = FIT_TOL
    findings: List[Finding] = field(default_factory=list)
    candidates: List[Finding] = field(default_factory=list)     # unconfirmed, info level

    def failing(self) -> List[BlockEvidence]:
        return [self.evidence[n] for n in self.order if self.evidence[n].failing]

    def explained(self, name: str) -> bool:
        """A block already named by an error-level gradient rule."""
        return any(name in f.all_blocks and f.severity == "error" and f.source == "check"
                   for f in self.findings)

    def unexplained_failing(self) -> List[BlockEvidence]:
        return [ev for ev in self.failing() if not self.explained(ev.name)]

    def output_blocks(self) -> List[str]:
        return self.layers[-1] if self.layers else []

    def hidden_blocks(self) -> List[str]:
        return [b for layer in self.layers[:-1] for b in layer]

    def candidate(self, info, message: str, blocks: Sequence[str], **evidence) -> None:
        """An unconfirmed cause, kept at info level and worded as a candidate."""
        blocks = tuple(blocks)
        self.candidates.append(info.finding(
            f"{CANDIDATE_PREFIX}{message}", block=blocks[0] if blocks else None,
            blocks=blocks, severity="info", evidence=evidence))


# -- building the context ---------------------------------------------------------------------

def build_context(problem, report: Report, subject: str = "network") -> DiagnosisContext:
    args = tuple(getattr(problem, "args", ()) or ())
    layers = _observed_layers(report, args) if subject == "network" else []
    evidence: Dict[str, BlockEvidence] = {}
    for b in report.blocks:
        usable = np.isin(b.status, (PASSED, FAILED, BELOW_NOISE)) & np.isfinite(b.numeric)
        evidence[b.name] = BlockEvidence(
            block=b, usable=usable, a=b.analytic[usable].astype(float),
            n=b.numeric[usable].astype(float), w=b.values[usable].astype(float),
            t=np.nan_to_num(b.tolerance[usable].astype(float)), bias_sets={})
    for i, layer in enumerate(layers):
        for name in layer:
            evidence[name].layer = i
            evidence[name].role = "output" if i == len(layers) - 1 else "hidden"
    if subject == "network":
        _observe_biases(report, evidence, layers, args)
    elif any(len(b.shape) >= 2 for b in report.blocks):
        # a layer's vector input beside its matrices (b of x @ w + b) is added per output unit
        for b in report.blocks:
            if sum(d > 1 for d in b.shape) == 1 and len(b.shape) == 1:
                evidence[b.name].bias_sets["the vector input (a bias)"] = np.ones(b.shape, bool)
    layout = getattr(problem, "layout", None)
    flat = (len(report.blocks) == 1 and len(report.blocks[0].shape) == 1
            and not getattr(layout, "is_flat", False) and report.blocks[0].analytic.size > 1)
    ctx = DiagnosisContext(report=report, problem=problem, evidence=evidence,
                           order=[b.name for b in report.blocks], layers=layers,
                           sample_sizes=_sample_sizes(args), subject=subject,
                           flat_unlabelled=flat and subject == "network",
                           tol=FIT_TOL_LOW_PRECISION if report.settings.low_precision else FIT_TOL)
    ctx.softmax = observe_softmax(problem)
    return ctx


def _matrices(report: Report) -> List[BlockResult]:
    return [b for b in report.blocks if _is_matrix(b.shape)]


def _is_matrix(shape: Sequence[int]) -> bool:
    return len(shape) == 2 and sum(d > 1 for d in shape) >= 2


def _links(p: Sequence[int], q: Sequence[int]) -> List[Tuple[int, int, bool]]:
    """(axis of p, axis of q, with a bias unit) where p's units feed q: equal, or q has one more."""
    out = []
    for i, dp in enumerate(p):
        for j, dq in enumerate(q):
            if dq == dp:
                out.append((i, j, False))
            elif dq == dp + 1:
                out.append((i, j, True))
    exact = [link for link in out if not link[2]]
    return exact or out      # a shared size explains the link better than a bias unit


def _feature_sizes(args) -> List[int]:
    """Sizes a first layer could read: the feature size of the data (X's axis that is not the
    sample axis X shares with the targets), or both sizes of X when no sample axis is found."""
    from .batch import find_sample_axis

    X = next((a for a in args if isinstance(a, np.ndarray) and a.ndim == 2 and a.dtype.kind == "f"
              and not _one_hot(a)), None)
    if X is None:
        return []
    try:
        found = find_sample_axis(tuple(args))
    except Exception:  # noqa: BLE001 - unusual data: fall back on both sizes
        found = None
    if found is not None:
        m, axes = found
        axis = next((ax for a, ax in zip(args, axes) if a is X), -1)
        other = 1 - axis if axis in (0, 1) else -1
        partners_both = other >= 0 and any(
            isinstance(a, np.ndarray) and a is not X and a.ndim >= 1 and X.shape[other] in a.shape
            for a in args)
        if axis in (0, 1) and not partners_both:
            return [int(X.shape[1 - axis])]
    return [int(d) for d in X.shape]


def _one_hot(a: np.ndarray) -> bool:
    """Targets written as one-hot rows or columns (not data a layer reads)."""
    if a.size < 2 or not np.all((a == 0) | (a == 1)):
        return False
    return bool(np.all(a.sum(axis=1) == 1) or np.all(a.sum(axis=0) == 1))


def _observed_layers(report: Report, args) -> List[List[str]]:
    """Layers, when the weight matrices chain: each one's units are the next one's inputs.

    Two or more matrices in layout order must link pairwise (a shared size, or one more for a
    bias unit).  A single matrix is a one-layer model when the data's feature size matches it.
    Vectors join the layer whose unit count they match.  Anything else: no structure observed.
    """
    mats = _matrices(report)
    if not mats or any(len(b.shape) > 2 for b in report.blocks):
        return []
    if len(mats) == 1:
        feats = _feature_sizes(args)
        if not any(d in feats or d - 1 in feats for d in mats[0].shape):
            return []
    else:
        # the direction in which every matrix reads what the previous one (or the data) gives
        forward, backward = _bias_reads(mats, args), _bias_reads(mats[::-1], args)
        if forward is None and backward is None:
            return []            # no chain from the data through the matrices: not observed
        if forward is None or (backward is not None and backward < forward):
            mats = mats[::-1]    # the chain that needs fewer guessed bias units wins
    single = _single_unit_output(report, mats, args)
    if single is not None:
        mats = mats + [single]
    layers: List[List[str]] = [[m.name] for m in mats]
    axes = _unit_axes(mats, args) or [None] * len(mats)
    units = [m.shape[ax] if ax is not None else None for m, ax in zip(mats, axes)]
    for b in report.blocks:
        if b in mats:
            continue
        size = b.analytic.size
        match = [i for i, u in enumerate(units) if u == size]
        if len(match) != 1:
            return []        # a vector that belongs to no layer, or to several: not observed
        layers[match[0]].append(b.name)
    return layers


def _single_unit_output(report: Report, mats: List[BlockResult], args) -> Optional[BlockResult]:
    """A (k, 1) or (1, k) block that is the weights of a one-unit output layer (XOR, binary
    classifiers), not a vector: it reads the last layer's k units (or k + 1, a bias unit) along
    the axis the matrices read their inputs, comes after them in the layout, and it is the only
    such block.  A bias of the last layer holds its k along the unit axis instead (b1 of shape
    (k, 1) beside W1 (k, n) in W @ x code; (1, k) beside W1 (n, k) in x @ W code), so the
    orientation tells the two apart, never the name or the position alone."""
    axes = _unit_axes(mats, args)
    if not mats or axes is None or axes[-1] is None:
        return None
    last, unit = mats[-1], axes[-1]
    k = last.shape[unit]
    position = {b.name: i for i, b in enumerate(report.blocks)}
    thin = [b for b in report.blocks
            if len(b.shape) == 2 and sorted(b.shape)[0] == 1 and max(b.shape) > 1
            and b.shape[unit] == 1 and b.shape[1 - unit] in (k, k + 1)
            and position[b.name] > position[last.name]]
    return thin[0] if len(thin) == 1 else None


def _bias_reads(mats: List[BlockResult], args) -> Optional[int]:
    """How many matrices of this chain read one more than they are given (None: no chain)."""
    fed: List[int] = _feature_sizes(args)
    plus = 0
    for m in mats:
        exact = [ax for ax, d in enumerate(m.shape) if d in fed]
        reads = exact or [ax for ax, d in enumerate(m.shape) if d - 1 in fed]
        if not reads:
            return None
        plus += not exact
        fed = [m.shape[1 - reads[0]]] if len(reads) == 1 else list(m.shape)
    return plus


def _unit_axes(mats: List[BlockResult], args) -> Optional[List[Optional[int]]]:
    """For each weight matrix in this order, the axis that runs over its units; None when the
    order is not a chain (some matrix reads neither the data nor the previous matrix's units).

    The first matrix reads the data's features; each later one reads the previous one's units,
    or one more (a bias unit).  An exact size match is preferred to one more.
    """
    fed: List[int] = _feature_sizes(args)
    out: List[Optional[int]] = []
    for m in mats:
        reads = [ax for ax, d in enumerate(m.shape) if d in fed] or \
                [ax for ax, d in enumerate(m.shape) if d - 1 in fed]
        if not reads:
            return None
        axis: Optional[int] = 1 - reads[0] if len(reads) == 1 else None
        out.append(axis)
        fed = [m.shape[axis]] if axis is not None else list(m.shape)
    known = {ax for ax in out if ax is not None}
    if len(known) == 1:
        # layers built by one piece of code share their orientation (W @ x or x @ W throughout):
        # a square matrix takes the axis its neighbours showed
        out = [known.pop() if ax is None else ax for ax in out]
    return out


def _observe_biases(report: Report, evidence: Dict[str, BlockEvidence], layers, args) -> None:
    """Entries that the structure shows to be biases (never guessed from position alone)."""
    names = {b.name: b for b in report.blocks}
    mats = [names[layer[0]] for layer in layers]
    axes = (_unit_axes(mats, args) or [None] * len(mats)) if layers else []
    fed = _feature_sizes(args)
    for i, layer in enumerate(layers):
        m = mats[i]
        ev = evidence[m.name]
        ev.unit_axis = axes[i]
        # the input axis one longer than what feeds it holds a bias column/row at one end
        for axis, size in enumerate(m.shape):
            if axis == ev.unit_axis or ev.unit_axis is None or size - 1 not in fed or size in fed:
                continue
            for label, k in ((f"{_line(axis)} 0", 0), (f"the last {_line(axis)} ({size - 1})", size - 1)):
                mask = np.zeros(m.shape, dtype=bool)
                mask[(slice(None), k) if axis == 1 else (k, slice(None))] = True
                ev.bias_sets[label] = mask
        for name in layer[1:]:
            evidence[name].bias_sets["the whole block (a bias vector)"] = np.ones(names[name].shape, bool)
        fed = [m.shape[ev.unit_axis]] if ev.unit_axis is not None else []
    if not layers and len(report.blocks) == 1 and len(report.blocks[0].shape) == 1:
        # a lone parameter vector read as X @ theta: a constant column of X marks its bias entry
        b = report.blocks[0]
        for a in args:
            if isinstance(a, np.ndarray) and a.ndim == 2 and a.shape[1] == b.analytic.size and a.shape[0] > 1:
                const = np.flatnonzero(np.all(a == a[0], axis=0) & (a[0] != 0))
                if const.size == 1:
                    mask = np.zeros(b.shape, dtype=bool)
                    mask[const[0]] = True
                    evidence[b.name].bias_sets[f"entry {const[0]} (X's constant column)"] = mask
                break


def _line(axis: int) -> str:
    return "column" if axis == 1 else "row"


def _sample_sizes(args) -> Tuple[int, ...]:
    """Candidate batch sizes m for "missing 1/m": the sample axis the data and targets share,
    or every size of the data when no sample axis is found."""
    from .batch import find_sample_axis

    try:
        found = find_sample_axis(tuple(args))
    except Exception:  # noqa: BLE001 - unusual data: fall back on every size
        found = None
    if found is not None:
        return (int(found[0]),)
    sizes = set()
    for a in args:
        if isinstance(a, np.ndarray) and a.ndim >= 1:
            sizes.update(int(d) for d in a.shape if d > 1)
        elif isinstance(a, (list, tuple)) and 1 < len(a) < 10 ** 6:
            sizes.add(len(a))
    return tuple(sorted(sizes))


# -- observing a softmax ----------------------------------------------------------------------

def observe_softmax(problem) -> Optional[Softmax]:
    """A softmax the program really computes: an output summing to one over an axis.

    Only what was seen counts: the output of `forward`, or an array among the cost's own
    intermediate values.  A gradient that sums to zero is not evidence (batch norm, layer norm,
    an SVM loss and mean-centering give those too).
    """
    forward = getattr(problem, "forward", None)
    try:
        params = problem.layout.unflatten(problem.x0)
        args = tuple(problem.args)
    except Exception:  # noqa: BLE001 - not a standard problem: nothing observed
        return None
    if forward is not None and args:
        try:
            out = np.asarray(forward(params, args[0]), dtype=float)
        except Exception:  # noqa: BLE001 - the check already called it; a failure here is not news
            return None
        found = _sums_to_one(out)
        if found is not None:
            return Softmax(found[1], f"the forward output ({'x'.join(map(str, out.shape))}) sums "
                                     f"to 1 over its axis {found[0]}")
    return _softmax_among_intermediates(problem)


def _sums_to_one(out: np.ndarray) -> Optional[Tuple[int, int]]:
    """(axis, classes) when a 2-D array of probabilities sums to one over that axis."""
    if out.ndim != 2 or out.size < 4 or not np.all(np.isfinite(out)) or np.any(out < 0):
        return None
    for axis in (1, 0):
        k = out.shape[axis]
        if k > 1 and out.shape[1 - axis] > 1 and np.allclose(out.sum(axis=axis), 1.0, atol=1e-8):
            return axis, k
    return None


def _softmax_among_intermediates(problem) -> Optional[Softmax]:
    """Watch one evaluation of the cost: a probability array among the user's own values."""
    from .observe import arrays_in, watch_call

    try:
        _, records = watch_call(problem.cost, problem.x0.copy())
    except Exception:  # noqa: BLE001 - observation is best effort; the check already ran the cost
        return None
    for record, name, value in arrays_in(records):
        if value.dtype.kind != "f" or value.ndim not in (1, 2) or value.size < 2:
            continue
        if np.all((value == 0) | (value == 1)) or not np.all(value > 0):
            continue        # one-hot targets sum to one too; a softmax is strictly positive
        found = _sums_to_one(value) if value.ndim == 2 else (
            (0, value.size) if abs(float(value.sum()) - 1.0) <= 1e-8 else None)
        if found is not None:
            what = f"`{name}`" if name != "return" else "the value returned"
            return Softmax(found[1], f"{what} in {record.function}() is positive and sums "
                                     f"to 1 over an axis of {found[1]}")
    return None


# -- running the rules ------------------------------------------------------------------------

def diagnose_report(problem, report: Report, options) -> Report:
    from . import rules
    from .audit import audit_numeric
    from .rules import batch_coupling, batch_mismatch, skipped_first_sample

    extra: List[Finding] = []
    untrustworthy = {"stale-accumulator", "nondeterministic-loss"} & set(report.finding_ids())
    subject = _subject(problem, options)
    if report.n_failed and not untrustworthy:
        # (with state or randomness between calls, the failing entries are that problem's
        # consequence, and fitting patterns to them would name a second, imaginary bug)
        ctx = build_context(problem, report, subject)
        rules.diagnose(ctx)
        found = list(ctx.findings)
        if subject == "network":
            replaced = skipped_first_sample.probe(problem, report, options, found)
            found = replaced if replaced is not None else \
                batch_mismatch.probe(problem, report, options, found)
        extra += found + _kept_candidates(ctx, found)
    if subject == "network" and not any(f.id == "nondeterministic-loss" for f in report.findings):
        extra += batch_coupling.probe(problem, options)
    if getattr(options, "numeric", None) is not None:
        extra += audit_numeric(problem, report, options.numeric)
    if not extra:   # the probes' evaluations count even when they found nothing
        return replace(report, n_evaluations=problem.evaluations)
    findings = sort_findings(dedupe(list(report.findings) + extra))
    ok = verdict_ok(report.n_failed, findings)
    return replace(report, findings=tuple(findings), ok=ok, n_evaluations=problem.evaluations)


def _subject(problem, options) -> str:
    """"layer" for a single layer's check (its blocks are the layer's inputs), else "network".

    Set by the caller through `options.subject`; a cost built by the layer check itself is
    recognised too, so no layer entry point can forget to say it.
    """
    subject = getattr(options, "subject", None)
    if subject:
        return subject
    module = getattr(getattr(problem, "user_cost", None), "__module__", "") or ""
    return "layer" if module.startswith("backprop_doctor.layer") else "network"


def _kept_candidates(ctx: DiagnosisContext, found: List[Finding]) -> List[Finding]:
    """Candidates for blocks that no confirmed cause explains (one per rule and block set)."""
    confirmed = {b for f in found if f.severity == "error" and f.id != "gradient-mismatch"
                 for b in f.all_blocks}
    out, seen = [], set()
    for c in ctx.candidates:
        if set(c.all_blocks) <= confirmed or (c.id, c.all_blocks) in seen:
            continue
        if any(f.id == c.id and f.severity == "error" for f in found):
            continue
        seen.add((c.id, c.all_blocks))
        out.append(c)
    return out


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
