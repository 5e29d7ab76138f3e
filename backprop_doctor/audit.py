"""Auditing the user's own numerical-gradient function against the tool's differences.

`numgrad(J, theta)` gets J (flat float64 vector -> cost) and a flat copy of the parameters.  Its
answer is compared with our numerical gradient entry by entry, so a broken checker is reported as
the checker's fault and the user learns whether their *gradient* is wrong too.
"""
from __future__ import annotations

from typing import Callable, List

import numpy as np

from . import fd
from .errors import InputError, call_user
from .findings import Finding, RuleInfo, register
from .report import FAILED, KINK, PASSED, BELOW_NOISE, Report

NUMGRAD = register(RuleInfo(
    id="numgrad-mismatch", title="your own numerical-gradient function is wrong",
    severity="error", kind="audit",
    explanation=(
        "What it means: the numerical gradient your checker computes disagrees with careful "
        "central differences of the same cost. The message names the pattern: a factor 2 (dividing "
        "by e instead of 2e), one-sided differences (error about e*f''/2), a perturbation that is "
        "not reset between entries, or the checker changing theta in place.\n"
        "Why it matters: you may be hunting a bug in a correct gradient, or trusting a wrong one."),
    fix="numgrad[i] = (J(theta + e_i) - J(theta - e_i)) / (2 * e) with e_i a vector that is zero "
        "except e at i, rebuilt (or reset) for every i, looping over every index from 0.",
    bad="for p in range(1, n):\n    perturb[p] = e\n    numgrad[p] = (J(theta + perturb) - J(theta)) / e",
    good="for p in range(n):\n    perturb[p] = e\n    numgrad[p] = (J(theta + perturb) - J(theta - perturb)) / (2 * e)\n    perturb[p] = 0",
))


def audit_numeric(problem, report: Report, numgrad: Callable) -> List[Finding]:
    from .rules import params_mutated, skipped_first_parameter

    layout = problem.layout
    x0 = layout.representable(problem.x0)
    theta = x0.copy()

    def J(vector):
        v = np.asarray(vector, dtype=np.float64).ravel()
        if v.size != x0.size:
            raise InputError(f"your numerical checker called J with {v.size} entries; the "
                             f"parameters have {x0.size}.")
        return problem.cost(v)

    result = call_user("numgrad(J, theta)", numgrad, J, theta)
    try:
        user = np.asarray(result, dtype=np.float64).ravel()
    except (TypeError, ValueError):
        raise InputError("your numerical checker should return an array of the parameters' size.") from None
    if user.size != x0.size:
        raise InputError(f"your numerical checker returned {user.size} entries; the parameters "
                         f"have {x0.size}.")
    ours = np.concatenate([np.ravel(b.numeric, order=b.order) for b in report.blocks])
    status = np.concatenate([np.ravel(b.status, order=b.order) for b in report.blocks])
    analytic = np.concatenate([np.ravel(b.analytic, order=b.order) for b in report.blocks])
    usable = np.isin(status, (PASSED, FAILED, BELOW_NOISE))
    findings: List[Finding] = []
    verdict = _gradient_verdict(report)
    if not np.array_equal(theta, x0):
        findings.append(params_mutated.INFO.finding(
            "your numerical checker changed theta in place (a perturbation added and not removed); "
            f"{int(np.sum(theta != x0))} entries differ afterwards. " + verdict,
            source="audit"))

    # the checker's own error, with a tolerance from its step: one-sided or e=1e-4 central
    # differences are ~1e-8..1e-4 accurate, so compare loosely and name the pattern.
    tol = 1e-4 * np.maximum(np.abs(ours), np.max(np.abs(ours[usable])) * 1e-3 if np.any(usable) else 0) + 1e-9
    bad = usable & (np.abs(user - ours) > tol)
    if not np.any(bad):
        return findings
    first_only = bad[0] and bad.sum() == 1
    if first_only:
        findings.append(skipped_first_parameter.INFO.finding(
            f"your numerical checker skips the first parameter: it returns {user[0]:.6g} at "
            f"{layout.label(0)} where the numerical gradient is {ours[0]:.6g}; every other entry agrees "
            f"(a loop starting at 1). " + verdict, source="audit", block=None))
        return findings
    pattern = _pattern(user[usable], ours[usable], bad[usable])
    findings.append(NUMGRAD.finding(
        f"your numerical checker disagrees with careful central differences at {int(bad.sum())} of "
        f"{int(usable.sum())} entries ({pattern}). " + verdict, source="audit"))
    return findings


def _pattern(user: np.ndarray, ours: np.ndarray, bad: np.ndarray) -> str:
    nn = float(ours @ ours)
    c = float(user @ ours) / nn if nn > 0 else 0.0
    resid = float(np.linalg.norm(user - c * ours)) / max(float(np.linalg.norm(ours)), 1e-300)
    if resid < 1e-3 and abs(c - 0.5) < 1e-3:
        return "it is half the true value: divide by 2*e, not e"
    if resid < 1e-3 and abs(c - 2) < 2e-3:
        return "it is twice the true value: divide by 2*e once, not by e twice"
    if resid < 1e-3 and abs(c + 1) < 1e-3:
        return "it has the opposite sign: (J(theta + e) - J(theta - e)), not the reverse"
    if resid < 1e-3 and c > 0 and abs(c - 1) > 1e-2:
        return f"it is {c:.4g} times the true value"
    rel = np.abs(user - ours) / np.maximum(np.abs(ours), 1e-12)
    if np.median(rel[bad]) < 0.05:
        return (f"small errors, median {np.median(rel[bad]):.1e} relative: one-sided differences "
                "(J(theta + e) - J(theta)) / e, or too large a step")
    return "large errors: is the perturbation reset (perturb[p] = 0) after each entry?"


def _gradient_verdict(report: Report) -> str:
    if report.n_failed == 0:
        return "Your gradient itself agrees with our numerical gradient: the checker is at fault, not the gradient."
    return (f"Your gradient itself is also wrong in {', '.join(report.failing_blocks)} (see the other "
            "findings): both need fixing.")
