"""The check runner: probes, noise, differences, verdict per entry, then diagnosis.

Policy lives here (what passes, what is suspicious, what counts as a kink); arithmetic lives in
`fd.py`; data in `report.py`.  An entry fails when its error exceeds both its own tolerance (from
the measured noise, the step and the analytic values' own rounding) and `rtol` relative.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, List, Optional, Sequence

import numpy as np

from . import fd
from .findings import Finding, dedupe, sort_findings
from .problem import Problem
from .report import (BELOW_NOISE, FAILED, KINK, NOT_CHECKED, PASSED, BlockResult, Entry, Report,
                     Settings, verdict_ok)
from .tolerances import ANALYTIC_ROUNDING, DEFAULT_RTOL, NOISE_SIGMAS  # noqa: F401 - re-exported
from .tolerances import analytic_allowance as _analytic_allowance

DEFAULT_MAX_CHECKS = 5000

ProgressFn = Callable[[int, int], None]


@dataclass
class CheckOptions:
    seed: int = 0
    rtol: float = DEFAULT_RTOL
    max_checks: int = DEFAULT_MAX_CHECKS
    full: bool = False
    screen: bool = False                    # screen whatever the size, and accept its floor
    progress: Optional[ProgressFn] = None
    evaluate_many: Optional[Callable[[Sequence[np.ndarray]], np.ndarray]] = None
    diagnose: bool = True
    command: Optional[str] = None
    numeric: Optional[Callable] = None      # the user's own numerical checker, audited
    complex_step: bool = False              # Im f(x + ih e_k)/h instead of differences
    trace: bool = True                      # after a failure, trace the code to the wrong line
    subject: Optional[str] = None           # "layer": the blocks are one layer's inputs

    def check_again(self, problem: Problem) -> Report:
        """The same check (seed, tolerance) on another problem, without diagnosis: what a probe
        of the diagnosis runs (one sample of the batch), so it needs no import of this module."""
        return run_check(problem, CheckOptions(seed=self.seed, rtol=self.rtol, diagnose=False))


@dataclass
class _Run:
    """What every stage of one check reads: the problem at its point, the measured noise and
    steps, the options, the entries being checked.  One object instead of a dozen arguments."""

    problem: Problem
    options: CheckOptions
    x0: np.ndarray
    f0: float
    analytic: np.ndarray            # the user's gradient at x0, all P entries
    noise: fd.Noise
    steps: np.ndarray
    rng: np.random.Generator
    evaluate_many: Callable[[Sequence[np.ndarray]], np.ndarray]
    allowance: Optional[np.ndarray] = None   # the analytic side's rounding, all P entries
    indices: Optional[np.ndarray] = None     # the entries checked one by one


def run_check(problem: Problem, options: CheckOptions) -> Report:
    rng = np.random.default_rng(options.seed)
    layout = problem.layout
    findings: List[Finding] = []
    x0 = layout.representable(problem.x0)

    f0 = problem.cost(x0)
    analytic = problem.gradient(x0)
    findings += _repeat_probes(problem, x0, f0, analytic)

    noise = fd.estimate_noise(problem.cost, x0, f0, rng, layout.representable)
    steps = fd.choose_steps(x0, noise.relative)
    float32_inputs = problem.uses_float32()
    nondeterministic = any(f.id == "nondeterministic-loss" for f in findings)
    low_precision = (noise.low_precision and not nondeterministic) or bool(float32_inputs)
    if low_precision:
        from .rules import low_precision

        findings.append(low_precision.from_noise(noise, float32_inputs))

    run = _Run(problem, options, x0, f0, analytic, noise, steps, rng,
               options.evaluate_many or _serial(problem.cost, options.progress))
    run.indices, mode, screened = _select_entries(run)
    run.allowance = _analytic_allowance(layout, analytic, noise.relative)
    indices = run.indices
    a = analytic[indices]
    if options.complex_step:    # exact derivatives: only the analytic side's rounding is allowed
        from .complex_step import assert_complex_safe, complex_step_derivatives

        assert_complex_safe(problem, x0, rng)
        numeric = complex_step_derivatives(problem, x0, indices)
        tol = run.allowance[indices]
    else:
        first = fd.central(problem.cost, x0, indices, steps, noise.sigma, layout.representable,
                           run.evaluate_many)
        numeric = first.numeric.copy()
        tol = NOISE_SIGMAS * first.noise_error + run.allowance[indices]
    err = np.abs(a - numeric)
    passed = (err <= tol) | (fd.rel_error(a, numeric) <= options.rtol)
    status = np.where(passed, PASSED, FAILED).astype(np.int8)

    suspicious = np.flatnonzero(~passed)
    if suspicious.size and not options.complex_step:
        status, numeric, tol = _second_look(run, first.subset(suspicious), suspicious, numeric,
                                            tol, status)
        status = _taylor_clears_borderline(run, numeric, tol, status)
    below = (np.maximum(np.abs(a), np.abs(numeric)) <= tol) & (status == PASSED)
    status[below] = BELOW_NOISE

    report = _build_report(run, mode, numeric, tol, status, findings, screened)
    if options.diagnose:
        report = _with_diagnosis(problem, report, options)
        report = _with_line_location(problem, report, options)
    return report


# -- probes (their text and logic live in the rule modules) -----------------------------------

def _repeat_probes(problem: Problem, x0: np.ndarray, f0: float, g0: np.ndarray) -> List[Finding]:
    """Call cost and gradient again at the same point: any difference is state or randomness."""
    from .rules import nondeterministic_loss, stale_accumulator

    random_cost = nondeterministic_loss.probe(problem, x0, f0)
    repeat = stale_accumulator.probe(problem, x0, g0)
    if random_cost is not None:
        # the cost is random too: randomness, not kept state, is the simpler explanation
        return [nondeterministic_loss.also_in_gradient(random_cost, repeat)]
    return [stale_accumulator.finding(repeat)] if repeat is not None else []


# -- selecting and refining entries -----------------------------------------------------------

def _select_entries(run: _Run):
    """Every entry, or for big models the entries a screen picked (see screen.py)."""
    n = run.problem.layout.size
    options = run.options
    if not options.screen and (options.full or n <= options.max_checks):
        return np.arange(n), "full", None
    from .screen import select_entries

    screened = select_entries(run)
    return screened.indices, "screen", screened


def _serial(J, progress: Optional[ProgressFn]):
    def evaluate_many(points: Sequence[np.ndarray]) -> np.ndarray:
        out = np.empty(len(points))
        for k, p in enumerate(points):
            out[k] = J(p)
            if progress is not None and (k % 16 == 15 or k == len(points) - 1):
                progress(k + 1, len(points))
        return out

    return evaluate_many


def _second_look(run: _Run, first, suspicious, numeric, tol, status):
    """Four more evaluations on each suspicious entry: a step twice as large (Richardson, and
    one-sided slopes that show a kink at x) and one sixteen times smaller (a kink near x that the
    standard step crossed, common with the large steps float32 code needs)."""
    idx = first.indices
    cost, x0, steps, sigma = run.problem.cost, run.x0, run.steps, run.noise.sigma
    rep, evaluate_many = run.problem.layout.representable, run.evaluate_many
    second = fd.central(cost, x0, idx, steps, sigma, rep, evaluate_many, scale=2.0)
    fine = fd.central(cost, x0, idx, steps, sigma, rep, evaluate_many, scale=1 / 16)
    ref = fd.refine(first, second, run.f0, sigma)
    aa = run.analytic[idx]
    allowance = run.allowance[idx]
    base_tol = tol[suspicious]
    tol2 = 2.0 * base_tol + NOISE_SIGMAS * ref.noise_error + 0.2 * ref.truncation
    err = np.abs(aa - ref.numeric)
    passed = (err <= tol2) | (fd.rel_error(aa, ref.numeric) <= run.options.rtol)

    # A slope that jumps at x (several ReLU units at exactly 0 each pick a side) leaves the
    # derivative undefined there: such an entry cannot be checked at this point, so it is a kink,
    # whatever one-sided combination the analytic gradient picked.
    slope = np.maximum(np.abs(ref.left), np.abs(ref.right))
    has_jump = np.abs(ref.jump) > np.maximum.reduce([NOISE_SIGMAS * ref.jump_noise, 4 * tol2,
                                                      1e-3 * slope])
    # A kink a little away from x: the fine step agrees with the analytic value where the
    # standard steps did not (a real bug does not go away with a smaller step), or one fine
    # one-sided slope matches it while the two sides clearly differ.
    tol_fine = NOISE_SIGMAS * fine.noise_error + allowance + 0.01 * ref.truncation
    # ... and only when the difference itself moved between the two steps: for a smooth cost
    # both estimates agree, and a small error that the fine step's larger noise hides is still
    # an error (a 1e-5 mistake in a sigmoid network is not a kink).
    moved = np.abs(fine.numeric - ref.numeric) > tol_fine + tol2
    fine_agrees = (np.abs(aa - fine.numeric) <= tol_fine) & moved
    left = (run.f0 - fine.f_minus) / fine.h_minus
    right = (fine.f_plus - run.f0) / fine.h_plus
    sides = np.abs(left - right)
    one_side = (np.minimum(np.abs(aa - left), np.abs(aa - right)) <= 2 * tol_fine + 0.1 * sides) \
        & (sides > 10 * tol_fine)
    kink = ~passed & (has_jump | fine_agrees | one_side)

    new_status = np.where(passed, PASSED, np.where(kink, KINK, FAILED)).astype(np.int8)
    status = status.copy()
    numeric = numeric.copy()
    tol = tol.copy()
    status[suspicious] = new_status
    numeric[suspicious] = ref.numeric
    tol[suspicious] = tol2
    return status, numeric, tol


def _taylor_clears_borderline(run: _Run, numeric, tol, status):
    """Failures within 10x their tolerance get one joint Taylor-remainder test along them.

    The remainder |f(x + h d) - f(x) - h g.d| shrinks like h^2 when g is right along d and like h
    when it is not: slope 2 says those mismatches were difference noise -- but only when the
    ladder could have seen the error the differences claim (TaylorTest.rules_out).  A small real
    error hides under h^2 at every step the noise allows, and then the failure stands.
    """
    a = run.analytic[run.indices]
    borderline = np.flatnonzero((status == FAILED) & (np.abs(a - numeric) <= 10 * tol))
    if not borderline.size:
        return status
    from .taylor import taylor_test_entries

    where = run.indices[borderline]
    taylor = taylor_test_entries(run.problem, run.x0, run.analytic, where, rng=run.rng,
                                 noise_sigma=run.noise.sigma, evaluate_many=run.evaluate_many)
    # what the differences claim the error along d is; the test must have had the power to see it
    predicted = float((numeric[borderline] - a[borderline]) @ taylor.direction[where])
    if taylor.rules_out(predicted):
        status = status.copy()
        status[borderline] = PASSED
    return status


# -- building the report ----------------------------------------------------------------------

def _build_report(run: _Run, mode, numeric, tol, status, findings, screened=None) -> Report:
    problem, options, indices, analytic = run.problem, run.options, run.indices, run.analytic
    noise, steps = run.noise, run.steps
    layout = problem.layout
    n = layout.size
    # P-sized arrays are built once and the blocks keep read-only views of them: a copy per block
    # doubled the report's memory at a million parameters; relative errors are computed only
    # where an entry was checked (a screen checks a few hundred of a million)
    full_numeric = np.full(n, np.nan)
    full_tol = np.full(n, np.nan)
    full_status = np.zeros(n, dtype=np.int8)
    full_numeric[indices] = numeric
    full_tol[indices] = tol
    full_status[indices] = status
    values = problem.x0.copy()
    for array in (values, analytic, full_numeric, full_tol, full_status):
        array.flags.writeable = False

    def rel_of(where):
        return fd.rel_error(analytic[where], full_numeric[where])

    floors = {f.name: f for f in screened.blocks} if screened is not None else {}
    blocks = []
    counted_rel = []
    for b in layout.blocks:
        st = full_status[b.slice]
        counted = b.offset + np.flatnonzero((st == PASSED) | (st == FAILED))
        rel = rel_of(counted)
        counted_rel.append(rel)
        blocks.append(BlockResult(
            name=b.name, shape=b.shape, n_checked=int(np.sum(st != NOT_CHECKED)),
            n_failed=int(np.sum(st == FAILED)),
            max_rel_error=float(np.max(rel)) if rel.size else None,
            values=b.view(values), analytic=b.view(analytic),
            numeric=b.view(full_numeric), status=b.view(full_status),
            tolerance=b.view(full_tol), order=b.order,
            screen=floors.get(b.name)))

    def entries(code):
        where = np.flatnonzero(full_status == code)
        rel = rel_of(where)
        order = np.argsort(-rel, kind="stable")
        out = []
        for i, r in zip(where[order], rel[order]):
            blk, k = layout.locate(int(i))
            out.append(Entry(blk.name, blk.unravel(k), float(analytic[i]), float(full_numeric[i]),
                             float(abs(analytic[i] - full_numeric[i])), float(r),
                             float(full_tol[i]), "failed" if code == FAILED else "kink"))
        return tuple(out)

    failures, kinks = entries(FAILED), entries(KINK)
    if kinks:
        from .rules import kink

        findings = findings + kink.findings(kinks)
    from .rules import params_mutated, screen_incomplete

    findings = findings + params_mutated.findings(problem.mutations.events)
    if screened is not None and not options.screen:
        findings = findings + screen_incomplete.findings(blocks)

    all_counted = np.concatenate(counted_rel) if counted_rel else np.zeros(0)
    a_chk, n_chk = analytic[indices], full_numeric[indices]
    denom = float(np.linalg.norm(a_chk + n_chk))
    rel_diff = float(np.linalg.norm(a_chk - n_chk)) / denom if denom > 0 else (
        0.0 if float(np.linalg.norm(a_chk - n_chk)) == 0 else None)
    settings = Settings(seed=options.seed, rtol=options.rtol, max_checks=options.max_checks,
                        step_factor=float(steps[0] / max(1.0, abs(problem.x0[0]))),
                        noise_sigma=noise.sigma, noise_relative=noise.relative, cost_value=noise.f0,
                        low_precision=any(f.id == "low-precision" for f in findings))
    n_failed = len(failures)
    findings = sort_findings(dedupe(findings))
    ok = verdict_ok(n_failed, findings)
    return Report(ok=ok, mode=mode, n_params=n, n_checked=int(len(indices)), n_failed=n_failed,
                  n_evaluations=problem.evaluations, 
                  max_rel_error=float(np.max(all_counted)) if all_counted.size else None,
                  relative_difference=rel_diff, blocks=tuple(blocks), failures=failures,
                  findings=tuple(findings), settings=settings, kinks=kinks,
                  command=options.command, screen_explicit=bool(options.screen))



def _with_line_location(problem: Problem, report: Report, options: CheckOptions) -> Report:
    """A failed check follows the gradient through the user's code to the line (localize.py)."""
    from .localize import locate, should_trace

    return locate(problem, report, options) if should_trace(report, options) else report


def _with_diagnosis(problem: Problem, report: Report, options: CheckOptions) -> Report:
    """Run the pattern rules and probes of the diagnosis on a finished check."""
    try:
        from .diagnosis import diagnose_report
    except ModuleNotFoundError as exc:
        if exc.name != "backprop_doctor.diagnosis":
            raise
        return report
    return diagnose_report(problem, report, options)
