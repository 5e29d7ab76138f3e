"""Auditing the user's own numerical-gradient function against the tool's differences.

`numgrad(J, theta)` gets J and a copy of the parameters: the user's own structure (a list/dict
of arrays it may perturb in place) or a flat float64 vector, whichever the checker works on (see
`_run_user_checker`); J takes either.  Its answer is compared with our numerical gradient entry by entry, so a broken checker is reported as
the checker's fault and the user learns whether their *gradient* is wrong too.
"""
from __future__ import annotations

from typing import Callable, List

import numpy as np

from . import fd
from .errors import InputError, UserCodeError, call_user, describe
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
    user, handed, mode = _run_user_checker(problem, numgrad, x0)
    findings: List[Finding] = []
    verdict = _gradient_verdict(report)
    after = _flat_or_none(layout, handed, x0.size)
    # `P[idx] += e; ...; P[idx] -= e` may leave an ulp behind: only more than rounding counts
    rounding = 64 * np.finfo(np.float64).eps * np.maximum(np.abs(x0), 1e-300)
    moved = None if after is None else np.abs(after - x0) > rounding
    if moved is None or np.any(moved):
        changed = "its structure" if moved is None else f"{int(np.sum(moved))} entries"
        findings.append(params_mutated.INFO.finding(
            f"your numerical checker changed {'theta' if mode == 'vector' else 'the parameters'} "
            f"in place (a perturbation added and not removed); {changed} differ afterwards. "
            + verdict, source="audit"))
    ours = np.concatenate([np.ravel(b.numeric, order=b.order) for b in report.blocks])
    status = np.concatenate([np.ravel(b.status, order=b.order) for b in report.blocks])
    analytic = np.concatenate([np.ravel(b.analytic, order=b.order) for b in report.blocks])
    usable = np.isin(status, (PASSED, FAILED, BELOW_NOISE))

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


def _run_user_checker(problem, numgrad: Callable, x0: np.ndarray):
    """(the checker's answer as a flat vector, what it was handed, "structure"|"vector").

    A checker written for the user's structure (`for P in params: for idx in
    np.ndindex(P.shape): P[idx] += e; J(params)`) is handed a fresh copy of that structure; one
    written for a vector gets a flat float64 copy.  Which one is found out by trying: structured
    parameters are handed as the structure first, and as a flat vector when the checker fails on
    that before it ever called J.  J accepts either, whatever it is handed."""
    layout = problem.layout
    calls = [0]

    def J(value):
        v = _flat_or_none(layout, value, x0.size)
        if v is None:
            raise InputError(f"your numerical checker called J with {describe(value)}; J takes the "
                             f"parameters as handed to the checker, or a flat vector of "
                             f"{x0.size} entries.")
        calls[0] += 1
        return problem.cost(v)

    structured = layout.tree[0] in ("seq", "dict")
    tries = ["structure", "vector"] if structured else ["structure"]
    first_error = None
    for mode in tries:
        handed = layout.unflatten(x0) if mode == "structure" else x0.copy()
        calls[0] = 0
        try:
            result = call_user("numgrad(J, theta)", numgrad, J, handed)
        except UserCodeError as exc:
            if calls[0] > 0:
                raise           # it got going in this form: its error is the one to show
            first_error = first_error or exc
            continue
        user = _flat_or_none(layout, result, x0.size)
        if user is None:
            raise InputError(f"your numerical checker should return the gradient as the parameters' "
                             f"structure or a vector of {x0.size} entries, got {describe(result)}.")
        return user, handed, mode
    raise first_error


def _flat_or_none(layout, value, n: int):
    """`value` as a flat float64 vector in block order: the layout's structure, or n numbers."""
    try:
        return layout.flatten(value, what="the value")
    except (InputError, TypeError, ValueError):
        pass
    try:
        v = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        return None
    return v.ravel() if v.size == n else None


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
