"""Point at the line: follow the gradient through the user's own code to where it goes wrong.

After a failed check, the cost and the gradient are run once each under a line tracer
(`observe.record_lines`). Every float array the backward pass binds is matched, by shape (or its
transpose), with the forward intermediates of the cost; the true derivative of the cost with
respect to each matched intermediate is measured by perturbing it where it is bound
(`adjoints.py`). Walking the backward pass in execution order, the first array that disagrees
with the true derivative while the arrays it is computed from agree is where the error enters.

A wrong line is a wrong cause, so it is named at error level only when a counterfactual confirms
it: the backward pass is run again with that one array replaced by the measured derivative, and
the gradient blocks that failed become right (and none that passed goes wrong). Otherwise the
finding is info ("first disagreement seen at line N"), or says why no line could be found.
Tracing never changes the verdict, and it only re-runs the user's functions on the check's own
private copies.
"""
from __future__ import annotations

import ast
import linecache
import os
from dataclasses import dataclass, field, replace
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np

from .adjoints import CostOfIntermediate, Derivative, _NotReplayed, compare, measure, oriented
from .findings import Finding, RuleInfo, register, sort_findings
from .observe import Binding, LineRecording, RecordingTooLong, record_lines
from .report import FAILED, KINK, NOT_CHECKED, PASSED, Report

FULL_MAX_ENTRIES = 128        # intermediates this small get dJ/du entry by entry
MAX_TRACE_PARAMS = 5000       # bigger models are not traced by default
MAX_PINS_TRIED = 4            # counterfactuals tried before giving up
EVALUATION_BUDGET = 2000      # cost evaluations the localisation may spend

WRONG_LINE = register(RuleInfo(
    id="wrong-line", title="the line where the gradient first goes wrong", severity="error",
    kind="check",
    explanation="After a failed check the cost and the gradient are traced line by line. Each "
    "array the backward pass binds is compared with the true derivative of the cost with respect "
    "to the forward intermediate of the same shape, measured by perturbing that intermediate "
    "where it is computed. The first array that disagrees while its inputs agree is where the "
    "mistake enters. It is an error only when replacing that one array by the measured derivative "
    "makes the failing gradient blocks right; otherwise it is reported as info.",
    fix="Look at the line shown: the value it computes is not the derivative of the cost with "
    "respect to the matching forward intermediate. Derive that one step again.",
    bad="delta2 = (delta3 @ theta2[:, 1:]) * sigmoid_gradient(a2[:, 1:])  # a2 is sigmoid(z2)",
    good="delta2 = (delta3 @ theta2[:, 1:]) * sigmoid_gradient(z2)"))

NO_LINE = register(RuleInfo(
    id="no-line-found", title="the failing gradient could not be traced to a line", severity="info",
    kind="check",
    explanation="The line tracer could not follow the gradient through the code, for the reason "
    "given (no intermediate arrays bound to names, compiled code, a model too big to trace, or "
    "every named intermediate agreeing with the true derivative). The block-level diagnosis stands.",
    fix="Bind intermediate results to names (z2 = ..., delta2 = ...) so the tracer can compare "
    "them, or check smaller pieces (a layer at a time with `backprop-doctor layer`)."))


@dataclass
class _Status:
    kind: str                             # "forward" | "agree" | "disagree" | "unclear" | "unmatched"
    against: Optional[Binding] = None     # the forward intermediate it was compared with
    factor: float = 1.0
    transposed: bool = False
    worst: float = float("nan")
    alias: bool = False                   # the same value as an earlier binding (never a pin)
    tainted: bool = False                 # computed from an array that matched an adjoint


@dataclass
class _Trace:
    problem: object
    report: Report
    x0: np.ndarray
    rng: np.random.Generator
    forward: List[Binding] = field(default_factory=list)       # intermediates with a derivative
    forward_all: List[Binding] = field(default_factory=list)   # every float array of the cost
    measured: Dict[Tuple, Derivative] = field(default_factory=dict)
    evaluations: int = 0
    factors: Tuple[float, ...] = (1.0,)


def should_trace(report: Report, options) -> bool:
    """Default policy: the check failed (entries disagree) on a model small enough to trace, and
    nothing makes the numbers meaningless (a random cost, state kept between calls)."""
    if not getattr(options, "trace", True) or report.ok or not report.n_failed:
        return False
    if report.n_params > max(MAX_TRACE_PARAMS, options.max_checks if not options.full else 0):
        return False
    blocked = {"nondeterministic-loss", "stale-accumulator"}
    return not any(f.id in blocked for f in report.findings)


def locate(problem, report: Report, options) -> Report:
    """The report with a `wrong-line` or `no-line-found` finding added (verdict unchanged)."""
    import warnings

    before = problem.evaluations
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")   # perturbed runs may overflow; the check already ran
            finding = _locate(problem, report, options)
    except Exception as exc:  # noqa: BLE001 - tracing must never change the verdict
        finding = NO_LINE.finding(f"the line tracer stopped ({type(exc).__name__}: {exc}); the "
                                  "block-level diagnosis above stands.",
                                  evidence={"trace": {"reason": "tracer-error"}})
    spent = problem.evaluations - before
    finding = replace(finding, evidence={**finding.evidence,
                                         "trace_evaluations": spent})
    findings = _placed(list(report.findings), finding)
    return replace(report, findings=tuple(sort_findings(findings)),
                   n_evaluations=report.n_evaluations + spent)


def _placed(findings: List[Finding], located: Finding) -> List[Finding]:
    """A confirmed line belongs to the cause it locates (one cause, one finding): the error
    finding of the check about the same blocks gets its file, line and the tracer's message.
    Unconfirmed lines and reasons stay apart, at info level; with no such cause finding, the
    confirmed line stands alone as `wrong-line` (error)."""
    if located.severity != "error":
        return findings + [located]
    blocks = set(located.all_blocks)
    causes = [i for i, f in enumerate(findings) if f.severity == "error" and f.source in
              ("check", "probe") and f.file is None and (blocks & set(f.all_blocks))]
    if not causes:
        return findings + [located]
    specific = [i for i in causes if findings[i].id != "gradient-mismatch"]
    i = (specific or causes)[0]
    cause = findings[i]
    evidence = {**cause.evidence, "trace": located.evidence["trace"],
                "trace_evaluations": located.evidence.get("trace_evaluations")}
    findings[i] = replace(cause, file=located.file, line=located.line, evidence=evidence,
                          message=cause.message.rstrip() + "\nWhere: " + located.message)
    return findings


def _locate(problem, report: Report, options) -> Finding:
    x0 = problem.layout.representable(problem.x0)
    try:
        cost_value, f_rec = record_lines(problem.cost, x0)
        _, g_rec = record_lines(problem.gradient, x0)
    except RecordingTooLong:
        return _no_line("the cost or the gradient binds too many arrays to follow line by line (a "
                        "loop over many samples, or a numerical gradient used as the gradient)",
                        "too-long")
    if g_rec.n_user_frames > 20 * max(f_rec.n_user_frames, 1):
        return _no_line(f"the gradient runs {g_rec.n_user_frames} calls of your functions, more "
                        f"than 20 times the cost's {f_rec.n_user_frames} (does it evaluate the cost "
                        "many times, like a numerical gradient?)", "gradient-calls-cost")
    if not f_rec.n_user_frames or not g_rec.n_user_frames:
        return _no_line("the tracer saw none of your own Python code run (compiled code, or "
                        "functions from installed packages)", "no-user-code")
    tr = _Trace(problem, report, x0, np.random.default_rng(getattr(options, "seed", 0)))
    tr.factors = _batch_factors(problem)
    _collect_forward(tr, f_rec)
    statuses = _walk(tr, g_rec)
    disagreeing = [b for b in g_rec.bindings if statuses.get(b.seq) and
                   statuses[b.seq].kind == "disagree"]
    adjoints = [b for b in g_rec.bindings if statuses.get(b.seq) and
                statuses[b.seq].kind in ("agree", "disagree")]
    if not adjoints:
        judge = _Adjointness(tr, g_rec, statuses)
        formed = _formation(tr, g_rec, statuses, judge)
        if formed is not None:   # nothing to compare: where the block is formed, as info
            return _formed(tr, formed, _evidence(g_rec, statuses))
        if not tr.forward:
            return _no_line("the cost binds no intermediate arrays to names", "no-forward-names")
        return _no_line("no array of the backward pass matched a forward intermediate by shape "
                        "(the deltas are never bound to names, or are shaped differently from "
                        "anything the cost computes)", "no-match")
    evidence = _evidence(g_rec, statuses)
    judge = _Adjointness(tr, g_rec, statuses)
    pins = [b for b in disagreeing if not statuses[b.seq].alias and judge.is_adjoint(b)
            and judge.inputs_agree(b)]
    # a root (computed from no adjoint) that points the way of a derivative is tried too: only a
    # replacement that fixes every failing block can confirm it
    roots = [b for b in disagreeing if not statuses[b.seq].alias and b not in pins
             and not statuses[b.seq].tainted and _related(tr, b) is not None][:MAX_PINS_TRIED]
    # Candidates, each confirmed by replacing one array in a re-run of the backward pass:
    # 1. a wrong adjoint whose inputs agree, replaced by the measured derivative;
    # 2. an adjoint carrying a factor (the batch size) never divided out, divided by it;
    # 3. an adjoint that agrees with the derivative of another intermediate of its shape (the
    #    step between the two not backpropagated), replaced by the derivative it should be.
    # The earliest array whose replacement makes every failing block right is the mistake.
    trials = [(b, {}) for b in pins[:MAX_PINS_TRIED] + roots]
    trials += [(b, {"scale_only": True}) for b in _factor_entries(g_rec, statuses, judge)]
    trials += [(b, {"other_counterpart": True}) for b in adjoints
               if not statuses[b.seq].alias and statuses[b.seq].kind == "agree"][:MAX_PINS_TRIED]
    partial = None
    for b, how in sorted(trials, key=lambda t: t[0].seq):
        fixed = _counterfactual(tr, b, statuses[b.seq], **how)
        if fixed is None:
            continue
        if not fixed.still_failing:
            return _pinned(tr, b, statuses[b.seq], fixed, evidence)
        partial = partial or (b, fixed)
    if partial is not None:   # right for some blocks only: seen, not confirmed
        return _pinned(tr, partial[0], statuses[partial[0].seq], partial[1], evidence)
    for b in pins:
        related = _related(tr, b)
        if related is not None:
            return _first_disagreement(tr, b, related, evidence)
    if not pins:
        # 4. a failing block formed from arrays that all agree: the forming line is wrong
        formed = _formation(tr, g_rec, statuses, judge)
        if formed is not None:
            return _formed(tr, formed, evidence)
    if disagreeing:
        return _no_line(f"{len(disagreeing)} backward arrays differ from every forward "
                        "intermediate of their shape, but none is recognisably a wrong version "
                        "of one (they may be adjoints of expressions the cost never names)",
                        "unrelated", evidence)
    return _no_line("every intermediate your backward pass names agrees with the true derivative "
                    f"({len(adjoints)} compared); the mistake is in an expression never bound to a "
                    "name, such as the one that forms the gradient blocks", "all-agree",
                    evidence)


class _Adjointness:
    """Which backward arrays are adjoints: those that agree with a measured derivative, those
    computed from one, and roots that are exactly a constant times one (a sign or factor wrong)."""

    def __init__(self, tr: _Trace, rec: LineRecording, statuses: Dict[int, _Status]):
        self.tr, self.rec, self.statuses = tr, rec, statuses
        self._exact: Dict[int, bool] = {}

    def is_adjoint(self, b: Binding) -> bool:
        s = self.statuses.get(b.seq)
        if s is None or s.kind in ("forward", "unmatched"):
            return False
        if s.kind == "agree" or s.tainted:
            return True
        if s.kind == "disagree":
            if b.seq not in self._exact:
                self._exact[b.seq] = _exact_multiple(self.tr, b)
            return self._exact[b.seq]
        return False

    def inputs(self, b: Binding) -> List[Binding]:
        out = []
        for name in names_read(b.filename, b.line):
            o = _latest(b, self.rec, name)
            if o is not None:
                out.append(o)
        return out

    def inputs_agree(self, b: Binding) -> bool:
        """Every adjoint the binding's statement reads agrees (or the line reads none)."""
        return all(self.statuses[o.seq].kind == "agree" for o in self.inputs(b)
                   if o.seq in self.statuses and self.is_adjoint(o))


def _factor_entries(rec: LineRecording, statuses: Dict[int, _Status], judge: _Adjointness):
    """Adjoints where a factor c != 1 first appears (their adjoint inputs carry 1 or none)."""
    out = []
    for b in rec.bindings:
        s = statuses.get(b.seq)
        if s is None or s.alias or s.kind != "agree" or s.factor == 1:
            continue
        ins = [statuses[o.seq] for o in judge.inputs(b) if o.seq in statuses
               and statuses[o.seq].kind == "agree"]
        if all(i.factor != s.factor for i in ins):
            out.append(b)
    return out[:MAX_PINS_TRIED]


# -- the forward side --------------------------------------------------------------------------

def _batch_factors(problem) -> Tuple[float, ...]:
    """1, and the sizes of the data's axes: a backward array may carry the batch size that the
    user divides by only when forming the parameter gradients (delta3 = h - y, grad = ... / m)."""
    shared, every = None, set()
    for a in problem.args:
        if isinstance(a, np.ndarray) and a.ndim >= 1:
            dims = {int(d) for d in a.shape if d > 1}
            every |= dims
            shared = dims if shared is None else shared & dims
    dims = shared or every     # the sample count is the axis length the data arrays share
    return (1.0,) + tuple(float(d) for d in sorted(dims))


def _collect_forward(tr: _Trace, rec: LineRecording) -> None:
    known = [b.view(tr.x0) for b in tr.problem.layout.blocks] + [tr.x0]
    data = [a for a in tr.problem.args if isinstance(a, np.ndarray)]
    for b in rec.bindings:
        if b.value is None or b.value.size < 2:
            continue
        tr.forward_all.append(b)
        if any(_same(b.value, k) for k in known + data):
            continue                       # a parameter block or the data: checked elsewhere
        if any(_same(b.value, f.value) for f in tr.forward):
            continue                       # the same value again (an argument, an alias)
        tr.forward.append(b)


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    a = np.asarray(a)
    b = np.asarray(b)
    if a.size != b.size:
        return False
    sa, sb = _abs_sum(a), _abs_sum(b)   # a cheap test first: equal arrays have equal |sums|
    if abs(sa - sb) > 1e-9 * max(sa, sb) + 1e-300:
        return False
    if a.shape != b.shape:
        if a.ndim == 2 and a.T.shape == b.shape:
            a = a.T
        elif b.size and a.reshape(-1).shape == b.reshape(-1).shape and a.ndim != b.ndim:
            a, b = a.reshape(-1), b.reshape(-1)
        else:
            return False
    scale = max(float(np.max(np.abs(b))) if b.size else 0.0, 1e-300)
    return bool(np.allclose(a, b, rtol=1e-12, atol=1e-13 * scale, equal_nan=True))


def _abs_sum(a: np.ndarray) -> float:
    with np.errstate(all="ignore"):
        return float(np.sum(np.abs(a), dtype=np.float64))


def _derivative(tr: _Trace, u: Binding, full: bool) -> Optional[Derivative]:
    key = (u.key, full)
    if key in tr.measured:
        return tr.measured[key]
    if not full and (u.key, True) in tr.measured:
        return tr.measured[(u.key, True)]
    cost_size = 2 * (3 + (u.value.size if full else 0))
    if tr.evaluations + cost_size > EVALUATION_BUDGET:
        return None

    def count():
        tr.evaluations += 1

    J = CostOfIntermediate(lambda: tr.problem.cost(tr.x0), u.key, count)
    settings = tr.report.settings
    try:
        d = measure(J, u, settings.noise_sigma, settings.noise_relative, tr.rng, full)
    except _NotReplayed:
        d = None
    tr.measured[key] = d
    return d


# -- the backward side -------------------------------------------------------------------------

def _walk(tr: _Trace, rec: LineRecording) -> Dict[int, _Status]:
    statuses: Dict[int, _Status] = {}
    seen: List[Tuple[Binding, _Status]] = []
    forward_lines = {_code_line(f) for f in tr.forward_all}
    backward_lines = {_code_line(b) for b in rec.bindings if not b.is_argument}
    # Lines the cost also ran are forward code (unless cost and gradient are one function)
    separate = len(backward_lines - forward_lines) > 0.1 * max(len(backward_lines), 1)
    for b in rec.bindings:
        if b.value is None or b.value.size < 2:
            continue
        alias = next((s for o, s in seen if _same(b.value, o.value)), None)
        if alias is not None:
            statuses[b.seq] = replace(alias, alias=True)
            continue
        # the outermost function's own arguments are what the check hands in (the parameters,
        # the data, a layer's upstream gradient and cache): one may agree with a derivative (the
        # upstream is dJ/dout), but none is a mistake of your code, so none "disagrees"
        given = b.is_argument and not b.stack
        if (separate and _code_line(b) in forward_lines) or any(
                _same(b.value, f.value) for f in tr.forward_all) or any(
                _same(b.value, k.view(tr.x0)) for k in tr.problem.layout.blocks) or _same(
                b.value, tr.x0):
            status = _Status("forward")
        else:
            status = _test(tr, b)
            if given and status.kind != "agree":
                status = _Status("forward")
            status.tainted = _reads_adjoint(b, rec, statuses)
        statuses[b.seq] = status
        seen.append((b, status))
    return statuses


def _code_line(b: Binding) -> Tuple[str, int, int, str]:
    return (b.key.filename, b.key.firstlineno, b.key.line, b.key.name)


def _test(tr: _Trace, b: Binding) -> _Status:
    matches = [u for u in tr.forward if oriented(b.value, u.shape) is not None]
    if not matches:
        return _Status("unmatched")
    verdicts = []
    for u in matches:
        d = _derivative(tr, u, full=False)
        if d is None:
            continue
        c = compare(b.value, d, tr.factors)
        if c.verdict == "agree":
            return _Status("agree", u, c.factor, c.transposed, c.worst_relative)
        verdicts.append((u, c))
    if verdicts and all(c.verdict == "disagree" for _, c in verdicts):
        u, c = verdicts[0]
        return _Status("disagree", u, c.factor, c.transposed, c.worst_relative)
    return _Status("unclear")


def _latest(b: Binding, rec: LineRecording, name: str) -> Optional[Binding]:
    prior = [o for o in rec.bindings if o.seq < b.seq and o.name == name
             and o.key.filename == b.key.filename and o.key.firstlineno == b.key.firstlineno
             and o.frame_serial == b.frame_serial]
    return prior[-1] if prior else None


def _reads_adjoint(b: Binding, rec: LineRecording, statuses: Dict[int, _Status]) -> bool:
    """Whether the statement that bound b reads an adjoint, or an array computed from one."""
    for name in names_read(b.filename, b.line):
        o = _latest(b, rec, name)
        s = statuses.get(o.seq) if o is not None else None
        if s is not None and (s.kind == "agree" or s.tainted):
            return True
    return False


_AST_CACHE: Dict[str, Optional[ast.AST]] = {}


def names_read(filename: str, line: int) -> List[str]:
    """Names loaded by the statement at `line` of `filename` (empty when it cannot be parsed)."""
    tree = _AST_CACHE.get(filename, ...)
    if tree is ...:
        try:
            source = "".join(linecache.getlines(filename))
            tree = ast.parse(source) if source else None
        except (SyntaxError, ValueError):
            tree = None
        _AST_CACHE[filename] = tree
    if tree is None:
        return []
    best = None
    for node in ast.walk(tree):
        if isinstance(node, ast.stmt) and not isinstance(node, (ast.FunctionDef, ast.ClassDef,
                                                                  ast.AsyncFunctionDef)) \
                and node.lineno <= line <= (node.end_lineno or node.lineno):
            if best is None or (node.end_lineno - node.lineno) < (best.end_lineno - best.lineno):
                best = node
    if best is None:
        return []
    return sorted({n.id for n in ast.walk(best) if isinstance(n, ast.Name)
                   and isinstance(n.ctx, ast.Load)})


# -- confirming a line -------------------------------------------------------------------------

@dataclass
class _Fixed:
    factor: float
    against: Binding
    derivative: Optional[Derivative]
    fixed_blocks: List[str]
    still_failing: List[str]
    kind: str = "wrong"               # "wrong" | "factor" | "counterpart"
    was: Optional[Binding] = None     # for "counterpart": the intermediate it matched instead


def _counterfactual(tr: _Trace, b: Binding, status: _Status, scale_only: bool = False,
                    other_counterpart: bool = False) -> Optional[_Fixed]:
    """Replace b by c * dJ/du (measured entry by entry) in the backward pass: do the failing
    blocks become right, with no passing block going wrong?  `scale_only`: replace it by itself
    divided by the factor it carries; `other_counterpart`: try the intermediates of its shape
    other than the one it agrees with."""
    if scale_only:
        value = (np.asarray(b.value, dtype=np.float64) / status.factor).astype(b.dtype)
        verdict = _run_replaced(tr, b, value)
        if verdict is None:
            return None
        d = _derivative(tr, status.against, full=False)
        return _Fixed(status.factor, status.against, d, verdict[0], verdict[1], kind="factor")
    matches = [u for u in tr.forward if oriented(b.value, u.shape) is not None
               and u.value.size <= FULL_MAX_ENTRIES
               and not (other_counterpart and u is status.against)]
    for u in matches:
        d = _derivative(tr, u, full=True)
        if d is None or d.full is None:
            continue
        for c in tr.factors:
            true = c * d.full
            value = true.T if oriented(b.value, u.shape)[1] else true
            value = np.asarray(value, dtype=np.float64).reshape(b.shape).astype(b.dtype)
            try:
                grad, rec = record_lines(tr.problem.gradient, tr.x0, inject=b.key,
                                         replace=lambda _old, v=value: v.copy())
            except RecordingTooLong:
                return None
            except Exception:  # noqa: BLE001 - the user's code may reject the new value
                continue
            if not rec.injected:
                return None
            verdict = _judge(tr.report, tr.problem.layout, grad)
            if verdict is not None:
                fixed, still = verdict
                return _Fixed(c, u, d, fixed, still,
                              kind="counterpart" if other_counterpart else "wrong",
                              was=status.against if other_counterpart else None)
    return None


def _run_replaced(tr: _Trace, b: Binding, value: np.ndarray):
    try:
        grad, rec = record_lines(tr.problem.gradient, tr.x0, inject=b.key,
                                 replace=lambda _old: value.copy())
    except Exception:  # noqa: BLE001 - the user's code may reject the new value
        return None
    if not rec.injected:
        return None
    return _judge(tr.report, tr.problem.layout, grad)


RELATED_COSINE = 0.5
EXACT_MULTIPLE = 1e-3


def _exact_multiple(tr: _Trace, b: Binding) -> bool:
    """A backward array computed from no adjoint (the output error `h - y`) is only blamed when it
    is exactly a constant times the true derivative of a small intermediate of its shape (a sign
    or a factor wrong): an array that merely shares a shape is never blamed."""
    related = _related(tr, b)
    if related is None:
        return False
    u, d, _ = related
    v = oriented(b.value, u.shape)[0]
    s = _scalar(b, u, d)
    resid = np.linalg.norm(v - s * d.full) / max(np.linalg.norm(v), 1e-300)
    return bool(resid < EXACT_MULTIPLE)


def _related(tr: _Trace, b: Binding) -> Optional[Tuple[Binding, Derivative, float]]:
    """The forward intermediate a disagreeing array is most plausibly meant to be the adjoint
    of: entry by entry, the two point the same way (|cosine| >= 0.5). None when no small
    intermediate of its shape is related, so unrelated arrays that merely share a shape (an
    initialised accumulator, a forward value of the same size) are never reported."""
    best = None
    for u in tr.forward:
        got = oriented(b.value, u.shape)
        if got is None or u.value.size > FULL_MAX_ENTRIES:
            continue
        d = _derivative(tr, u, full=True)
        if d is None or d.full is None:
            continue
        g = d.full.ravel()
        v = got[0].ravel()
        denom = float(np.linalg.norm(g) * np.linalg.norm(v))
        if denom == 0:
            continue
        cos = float(g @ v) / denom
        if abs(cos) >= RELATED_COSINE and (best is None or abs(cos) > abs(best[2])):
            best = (u, d, cos)
    return best


def _judge(report: Report, layout, grad: np.ndarray):
    """(blocks fixed, blocks still failing) when the new gradient fixes at least one failing block
    and breaks no passing entry; None otherwise."""
    fixed, still = [], []
    for blk, res in zip(layout.blocks, report.blocks):
        new = blk.view(grad)
        checked = (res.status == PASSED) | (res.status == FAILED)
        n = res.numeric[checked]
        a = new[checked]
        slack = np.maximum(4 * res.tolerance[checked], 1e-4 * np.maximum(np.abs(a), np.abs(n)))
        good = np.abs(a - n) <= slack
        was_passing = res.status[checked] == PASSED
        if np.any(was_passing & ~good):
            return None
        if res.n_failed:
            (fixed if np.all(good) else still).append(res.name)
    return (fixed, still) if fixed else None


# -- findings ----------------------------------------------------------------------------------

def source_line(filename: str, line: int) -> str:
    """The code of one line, without its trailing comment (quoted in messages)."""
    import io
    import tokenize

    text = linecache.getline(filename, line).rstrip("\n")
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text.strip() + "\n").readline):
            if tok.type == tokenize.COMMENT:
                return text.strip()[:tok.start[1]].rstrip() or text
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass
    return text


def _where(b: Binding) -> Tuple[str, int]:
    """Where the value was computed: the callee's return line when a user function returned it,
    the call site for an argument, else the binding's own line."""
    if b.from_call is not None:
        return b.from_call[0], b.from_call[1]
    if b.is_argument and b.call_site is not None:
        return b.call_site
    return b.filename, b.line


def _describe(u: Binding) -> str:
    what = f"the argument `{u.name}` of {u.function}()" if u.is_argument else f"`{u.name}`"
    return f"{what} (line {u.line})"


def _explain(b: Binding, fixed: _Fixed) -> str:
    """What the wrong value is, in terms of the true derivative, from the full comparison."""
    got = oriented(b.value, fixed.against.shape)
    value = got[0]
    true = fixed.factor * fixed.derivative.full
    tt = float(np.sum(true * true))
    if tt == 0:
        return ""
    s = float(np.sum(value * true)) / tt
    resid = np.linalg.norm(value - s * true) / max(np.linalg.norm(value), np.linalg.norm(true), 1e-300)
    if resid < 1e-3:
        if abs(s + 1) < 1e-3:
            return " It is exactly the negative of it: a sign is flipped on this line."
        return f" It is {s:.4g} times it: a constant factor on this line is wrong."
    wrong = np.abs(value - true) > 1e-3 * max(float(np.max(np.abs(true))), 1e-300)
    if value.ndim == 2 and wrong.any():
        rows, cols = np.flatnonzero(wrong.any(axis=1)), np.flatnonzero(wrong.any(axis=0))
        if len(cols) < value.shape[1] and len(cols) <= 2:
            return (f" Only column{'s' if len(cols) > 1 else ''} {', '.join(map(str, cols))} of "
                    f"{value.shape[1]} disagree{'' if len(cols) > 1 else 's'}.")
        if len(rows) < value.shape[0] and len(rows) <= 2:
            return (f" Only row{'s' if len(rows) > 1 else ''} {', '.join(map(str, rows))} of "
                    f"{value.shape[0]} disagree{'' if len(rows) > 1 else 's'}.")
    big = np.abs(true) > 1e-6 * max(float(np.max(np.abs(true))), 1e-300)
    if big.sum() >= 4:
        ratio = value[big] / true[big]
        if np.all(ratio > 0):
            return (f" It has the right sign everywhere but the wrong size (ratio {ratio.min():.3g} "
                    f"to {ratio.max():.3g} entry by entry): a factor on this line, such as an "
                    "activation's derivative taken at the wrong quantity, is wrong.")
    return ""


def _scalar(b: Binding, u: Binding, d: Derivative) -> float:
    v = oriented(b.value, u.shape)[0]
    return float(np.sum(v * d.full) / max(float(np.sum(d.full * d.full)), 1e-300))


def _reached(b: Binding, filename: str) -> str:
    """", reached from line N of f.py" when the line sits in a helper the user's code called."""
    calls = [c for c in (b.stack or ()) if c != (filename, b.line)]
    if not calls:
        return ""
    f, n = calls[-1]
    return f" (reached from line {n} of {os.path.basename(f)})"


def _outer_call(b: Binding, filename: str):
    calls = [c for c in (b.stack or ()) if c != (filename, b.line)]
    return list(calls[-1]) if calls else None


def _factor_words(c: float) -> str:
    return "" if c == 1 else f" times {c:g} (the batch size, divided out later)"


def _pinned(tr: _Trace, b: Binding, status: _Status, fixed: _Fixed, evidence) -> Finding:
    filename, line = _where(b)
    code = source_line(filename, line).strip()
    blocks = fixed.fixed_blocks
    if fixed.kind == "factor":
        what = (f"`{b.name}` is {fixed.factor:g} times the true derivative of the cost with respect "
                f"to {_describe(fixed.against)} (the number of samples), and that factor is never "
                f"divided out. Dividing it by {fixed.factor:g} here (one place to do it; any line "
                "of the chain would do) makes ")
    elif fixed.kind == "counterpart":
        what = (f"`{b.name}` equals the derivative with respect to {_describe(fixed.was)}, but the "
                f"backward pass uses it as the derivative with respect to "
                f"{_describe(fixed.against)}{_factor_words(fixed.factor)}: the step between the two "
                "is not backpropagated. Replacing it by the measured derivative makes ")
    else:
        what = (f"`{b.name}` disagrees with the true derivative of the cost with respect to "
                f"{_describe(fixed.against)}{_factor_words(fixed.factor)}, while the arrays it is "
                f"computed from agree.{_explain(b, fixed)} Replacing it by the measured "
                "derivative makes ")
    message = (f"line {line} of {os.path.basename(filename)}{_reached(b, filename)}: " + what +
               f"{', '.join(blocks)} right"
               + (f", but {', '.join(fixed.still_failing)} stay wrong: not confirmed (the mistake "
                  "may be earlier, or there are several)" if fixed.still_failing else "")
               + f".\n    {line} | {code}")
    # A factor never divided out can be divided out on any line of the chain: the line where it
    # first appears is a good place, not a proven one, so it is reported at info level.
    placed_only = bool(fixed.still_failing) or fixed.kind == "factor"
    if fixed.still_failing:
        message = "first disagreement seen at " + message
    elif fixed.kind == "factor":
        message = "the factor first appears at " + message
    replaced = (f"dividing `{b.name}` by {fixed.factor:g}" if fixed.kind == "factor" else
                f"replacing `{b.name}` by {fixed.factor:g} x the measured dJ/d{fixed.against.name}")
    test = f"{_summary(evidence)}; {replaced} made {', '.join(blocks)} agree with the differences"
    return WRONG_LINE.finding(message, blocks=blocks, file=filename, line=line,
                              severity="info" if placed_only else None,
                              evidence={"trace": {**evidence,
                                                  "confirmed": not placed_only,
                                                  "reached_from": _outer_call(b, filename),
                                                  "fixed_blocks": blocks,
                                                  "source": code}, "test": test})


@dataclass
class _Formed:
    block: str
    filename: str
    line: int
    inputs: List[Tuple[Binding, _Status]]
    confirmed: bool


def _formation(tr: _Trace, rec: LineRecording, statuses: Dict[int, _Status],
               judge: _Adjointness) -> Optional[_Formed]:
    """Where the first failing block's final value was formed (the earliest binding or return
    holding it), and whether every array that line reads agrees or is a forward value."""
    found: List[_Formed] = []
    for res in tr.report.blocks:
        if not res.n_failed:
            continue
        target = np.asarray(res.analytic, dtype=np.float64)
        best = None   # (seq, filename, line, frame key, seq for inputs)
        for b in rec.bindings:
            if b.value is not None and b.value.size == target.size and _same(b.value, target):
                where = _where(b)
                best = (b.seq, where[0], where[1], b)
                break
        for r in rec.returns:
            values = r.value if isinstance(r.value, list) else [r.value]
            if any(v is not None and v.size == target.size and _same(v, target) for v in values):
                if best is None or r.seq <= best[0]:
                    best = (r.seq, r.filename, r.line, r)
                break
        if best is None:
            continue
        inputs = _inputs_at(rec, statuses, best[3])
        known = [(o, s) for o, s in inputs if s.kind in ("forward", "agree")]
        unknown = [(o, s) for o, s in inputs if s.kind not in ("forward", "agree")]
        confirmed = bool(known) and not unknown and any(s.kind == "agree" for _, s in known)
        found.append(_Formed(res.name, best[1], best[2], inputs, confirmed))
    return next((f for f in found if f.confirmed), found[0] if found else None)


def _inputs_at(rec: LineRecording, statuses: Dict[int, _Status], where) -> List[Tuple[Binding, _Status]]:
    """The recorded arrays the statement at a binding or return reads (latest versions)."""
    if isinstance(where, Binding):
        filename, line, first, serial, seq = (where.filename, where.line, where.key.firstlineno,
                                              where.frame_serial, where.seq)
    else:
        filename, line, first, serial, seq = (where.filename, where.line, where.firstlineno,
                                              where.frame_serial, where.seq)
    out = []
    for name in names_read(filename, line):
        prior = [o for o in rec.bindings if o.seq < seq and o.name == name
                 and o.key.filename == filename and o.key.firstlineno == first
                 and o.frame_serial == serial]
        if prior and prior[-1].seq in statuses:
            out.append((prior[-1], statuses[prior[-1].seq]))
    return out


def _formed(tr: _Trace, formed: _Formed, evidence) -> Finding:
    code = source_line(formed.filename, formed.line).strip()
    agree = [f"`{o.name}`" for o, s in formed.inputs if s.kind == "agree"]
    where = f"line {formed.line} of {os.path.basename(formed.filename)}"
    if formed.confirmed:
        message = (f"{where}: the gradient of {formed.block} is formed here from "
                   f"{', '.join(agree)}, which agree{'s' if len(agree) == 1 else ''} with the true "
                   f"derivative, yet {formed.block} disagrees with the differences: the mistake is "
                   f"in how this line combines them.\n    {formed.line} | {code}")
        return WRONG_LINE.finding(message, block=formed.block, file=formed.filename,
                                  line=formed.line,
                                  evidence={"trace": {**evidence, "confirmed": True,
                                                      "formed_block": formed.block,
                                                      "source": code},
                                            "test": _summary(evidence) + f"; {formed.block} "
                                            "formed here from agreeing arrays"})
    message = (f"first disagreement seen at {where}: the gradient of {formed.block} takes its "
               "final value here and disagrees with the differences; the arrays this line reads "
               "could not all be compared with a true derivative, so the mistake may be here or "
               f"earlier.\n    {formed.line} | {code}")
    return WRONG_LINE.finding(message, severity="info", file=formed.filename, line=formed.line,
                              evidence={"trace": {**evidence, "confirmed": False,
                                                  "formed_block": formed.block, "source": code},
                                        "test": _summary(evidence) + "; not confirmed"})


def _first_disagreement(tr: _Trace, b: Binding, related, evidence) -> Finding:
    u, d, cos = related
    filename, line = _where(b)
    code = source_line(filename, line).strip()
    fake = _Fixed(1.0, u, d, [], [])
    explained = _explain(b, fake) if abs(abs(cos) - 1) > 1e-6 else (
        f" It is {_scalar(b, u, d):.4g} times it.")
    message = (f"first disagreement seen at line {line} of {os.path.basename(filename)}: `{b.name}` "
               f"differs from the true derivative with respect to {_describe(u)} (cosine "
               f"{cos:.2f} entry by entry).{explained} Not confirmed: replacing it by the measured "
               "derivative did not make the failing blocks right without breaking others, so the "
               "mistake may be here or in what this line reads, or there is more than one."
               f"\n    {line} | {code}")
    return WRONG_LINE.finding(message, severity="info", file=filename, line=line,
                              evidence={"trace": {**evidence, "confirmed": False,
                                                  "source": code},
                                        "test": _summary(evidence) + "; not confirmed"})


def _no_line(reason: str, code: str, evidence=None) -> Finding:
    return NO_LINE.finding(f"No line found: {reason}. The block-level diagnosis stands.",
                           evidence={"trace": {**(evidence or {}), "reason": code},
                                     "test": f"line trace: {code}"})


def _summary(evidence) -> str:
    def names(items):
        return ", ".join(f"{i['name']}~{i['matches']} (line {i['line']})" for i in items[:4]) or "none"

    return (f"line trace: agree with the measured derivative: {names(evidence.get('agree', []))}; "
            f"disagree: {names(evidence.get('disagree', []))}")


def _evidence(rec: LineRecording, statuses: Dict[int, _Status]) -> dict:
    agreeing, disagreeing = [], []
    for b in rec.bindings:
        s = statuses.get(b.seq)
        if s is None or s.kind not in ("agree", "disagree"):
            continue
        item = {"name": b.name, "line": b.line, "file": b.filename, "matches": s.against.name,
                "matches_line": s.against.line, "factor": s.factor}
        (agreeing if s.kind == "agree" else disagreeing).append(item)
    return {"agree": agreeing[:20], "disagree": disagreeing[:20], "truncated": rec.truncated}
