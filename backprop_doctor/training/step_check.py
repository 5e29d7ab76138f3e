"""`check_step`: is one call of the training step `params - lr * gradient` for one lr > 0?

The step runs twice from the same private copy of the parameters.  The change of the first call is
fitted to -lr * g by least squares (fit.py); the second call must give the same change, or the step
keeps state between calls.  When the fit fails, `diagnose_step` tests the usual explanations in
turn (the weights scale the step, the rate is negative, per-block rates, the gradient ignored) and
reports the first that fits as `misapplied-update`, with the numbers as evidence.  When some blocks
move by exactly one rate and another fits none (`consensus_rate`), the update is right and that
block's gradient is not: a `gradient-mismatch` on it, unless a tested cause is confirmed.
"""
from __future__ import annotations

import copy
from dataclasses import replace
from typing import Any, Callable, Iterable, List, Optional, Tuple

import numpy as np

from ..errors import InputError, UserCodeError, call_user, describe
from ..findings import Finding
from ..params import Layout, flat_point
from .fit import cosine, fit_rate, given_rate, rounding_allowance
from .gradient import (ReferenceGradient, make_problem, numerical_gradient, reference_at,
                       user_gradient)
from .step_diagnosis import Consensus, StepEvidence, diagnose_step
from .step_report import StepBlock, StepReport
from .stepping import StepRunner, restore

DEFAULT_RTOL = 1e-6


def check_step(step: Callable, grad: Optional[Callable] = None, params: Any = None, args: Any = (),
               *, cost: Optional[Callable] = None, blocks: Optional[str] = None, order: str = "C",
               seed: Optional[int] = None, rtol: Optional[float] = None,
               get_params: Optional[Callable[[], Any]] = None,
               set_params: Optional[Callable[[Any], Any]] = None,
               command: Optional[str] = None, config: Any = True,
               ignore: Optional[Iterable[str]] = None, lr: Optional[float] = None) -> StepReport:
    """Check that `step` moves the parameters by -lr * gradient for one positive lr.

    `lr`: the learning rate the step should use, when you know it; otherwise it is fitted (and a
    block whose update is a right-looking multiple of its gradient cannot be told from the rate).

    `step(params, *args)` may return the new parameters or update `params` in place and return
    None.  For a step that updates an object (`net.train_step(X, y)`), pass
    `get_params=lambda: net.weights, set_params=lambda w: setattr(net, "weights", w)` and
    `step=net.train_step`: it is then called as `step(*args)`.  The gradient compared with is
    `grad(params, *args)`, or with `cost=` the true gradient by central differences (which also
    catches a step that descends along a wrong gradient).  Nothing you pass is changed.
    `rtol` (the relative residual allowed in the fit of one rate), `seed` and `ignore` not given
    come from `[tool.backprop-doctor]` (tol, seed, ignore) as for every check; config=False: none.
    """
    if not callable(step):
        raise InputError(f"step should be a function step(params, *args), got {describe(step)}.")
    if grad is None and cost is None:
        raise InputError("give grad= (your gradient function) or cost= (to compare the step with the "
                         "true gradient by central differences).")
    for name, fn in (("grad", grad), ("cost", cost)):
        if fn is not None and not callable(fn):
            raise InputError(f"{name} should be a function {name}(params, *args), got {describe(fn)}.")
    if (get_params is None) != (set_params is None):
        raise InputError("give get_params and set_params together: one reads the object's "
                         "parameters, the other puts a copy in before each call of the step.")
    from ..config import ignore_rules, settings_for

    settings = settings_for(config, seed=seed, rtol=rtol, ignore=ignore)
    seed, rtol = settings.seed, settings.rtol
    check_lr(lr)
    if params is None:
        if get_params is None:
            raise InputError("params is needed: the point the step starts from.")
        params = copy.deepcopy(call_user("get_params()", get_params))
    args = tuple(args) if isinstance(args, tuple) else (args,)
    layout, x0 = flat_point(params, blocks, order)
    original = copy.deepcopy(params)
    runner = StepRunner(step, layout, copy.deepcopy(args), get_params, set_params)
    try:
        first = runner(x0)
        second = runner(x0)
    finally:
        restore(runner, original)
    problem = make_problem(layout, x0, args, cost=cost, grad=grad)
    reference = (numerical_gradient(problem, x0, seed) if cost is not None
                 else user_gradient(problem, x0))
    users = user_gradient(problem, x0) if cost is not None and grad is not None else None
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):  # huge steps are findings
        report = analyse_step(layout, x0, first, second, reference, users, rtol=rtol, seed=seed,
                              command=command, lr=lr,
                              reference_at=reference_at(problem, cost is not None, seed))
    if report.ok and report.lr_source == "fitted":
        report = _rate_with_half_the_batch(report, step, layout, x0, args, original, get_params,
                                           set_params, cost, grad, seed, rtol, problem)
    report = replace(report, n_evaluations=problem.evaluations)   # the diagnosis's calls too
    return ignore_rules(report, settings.ignore)


def analyse_step(layout: Layout, x0: np.ndarray, first: np.ndarray, second: np.ndarray,
                 reference: ReferenceGradient, users: Optional[ReferenceGradient] = None, *,
                 rtol: float = DEFAULT_RTOL, seed: int = 0,
                 command: Optional[str] = None,
                 reference_at: Optional[Callable] = None,
                 lr: Optional[float] = None) -> StepReport:
    """The verdict from the two calls' results and the gradient (no user code is called here)."""
    g = reference.values
    if not np.any(g):
        raise InputError("the gradient is zero at these parameters, so no learning rate can be "
                         "fitted; check the step from another point (e.g. random parameters).")
    eps = np.concatenate([np.full(b.size, np.finfo(b.dtype).eps) for b in layout.blocks])
    delta, delta2 = first - x0, second - x0
    rounding = rounding_allowance(x0, first, eps)
    fit = fit_rate(delta, g) if lr is None else given_rate(delta, g, float(lr))
    lr = fit.rate
    norm_delta = float(np.linalg.norm(delta))
    allowed = _allowed(delta, lr, reference.error, rounding, rtol)
    fits = lr is not None and fit.residual <= allowed
    consensus = None if fits else consensus_rate(layout, delta, g, reference.error, rounding,
                                                  rtol, lr if fit.given else None)
    if consensus is not None:
        lr = consensus.rate     # the rate the exact blocks share; the others are judged by it
    state_gap = float(np.linalg.norm(delta2 - delta))
    stateful = state_gap > (float(np.linalg.norm(rounding_allowance(x0, second, eps)))
                            + float(np.linalg.norm(rounding)) + rtol * norm_delta)
    blocks: List[StepBlock] = []
    for b in layout.blocks:
        s = b.slice
        own = fit_rate(delta[s], g[s])
        gap = float(np.linalg.norm(delta[s] + (lr or 0.0) * g[s]))
        allowed_b = _allowed(delta[s], lr, reference.error[s], rounding[s], rtol) \
            + rtol * abs(lr or 0.0) * float(np.linalg.norm(g[s]))
        ok_b = lr is not None and lr > 0 and gap <= allowed_b and not stateful
        blocks.append(StepBlock(b.name, b.shape, own.rate, own.relative, ok_b))
    ok = bool(fits and lr is not None and lr > 0 and not stateful and all(b.ok for b in blocks))
    findings: Tuple[Finding, ...] = ()
    if not ok:
        evidence = StepEvidence(layout=layout, x0=x0, delta=delta, delta2=delta2, g=g,
                                g_error=reference.error, rounding=rounding, rtol=rtol, fit=fit,
                                fits=fits, stateful=stateful, blocks=tuple(blocks),
                                users=users, source=reference.source, consensus=consensus,
                                reference_at=reference_at)
        findings = tuple(diagnose_step(evidence))
    tolerance = allowed / norm_delta if norm_delta > 0 else float("inf")
    return StepReport(ok=ok, lr=lr, rel_residual=fit.relative, tolerance=tolerance,
                      cosine=cosine(delta, -g), blocks=tuple(blocks), findings=findings,
                      gradient_source=reference.source, n_params=int(x0.size),
                      n_evaluations=reference.evaluations, seed=seed, delta=delta, gradient=g,
                      lr_source="given" if fit.given else
                      "exact blocks" if consensus is not None else "fitted",
                      command=command)


def check_lr(lr: Any) -> None:
    """A learning rate given by the user: a positive finite number, or None (fitted)."""
    if lr is not None and (isinstance(lr, bool) or not isinstance(lr, (int, float, np.floating))
                           or not np.isfinite(lr) or lr <= 0):
        raise InputError(f"lr must be a positive number (the step's learning rate), got {lr!r}.")


MIN_EXACT_ENTRIES = 3   # a rate shared by fewer moving entries than this proves nothing


def _rate_with_half_the_batch(report: StepReport, step, layout, x0, args, original, get_params,
                              set_params, cost, grad, seed, rtol, problem) -> StepReport:
    """A step that fits one rate may still sum its per-sample gradients where the cost
    averages them: then its rate is the learning rate times the number of samples, which a
    fit cannot tell from a larger learning rate.  Tested: the same step on the first half of
    the samples must fit the same rate; a rate that shrinks with the batch, in proportion to
    its size, is the sum (prediction confirmed to 1e-6), and the step is not -lr * gradient
    for one lr.  Anything else (no sample axis, another ratio) leaves the report as it was."""
    from ..batch import find_sample_axis, slice_args

    found = find_sample_axis(args)
    if found is None:
        return report
    m, axes = found
    half = np.arange(m // 2)
    small = slice_args(args, axes, half)
    runner = StepRunner(step, layout, copy.deepcopy(small), get_params, set_params)
    sub = make_problem(layout, x0, small, cost=cost, grad=grad)
    try:
        moved = runner(x0)
        reference = (numerical_gradient(sub, x0, seed) if cost is not None
                     else user_gradient(sub, x0))
    except (InputError, UserCodeError):
        return report       # code written for this batch size only: the probe says nothing
    finally:
        restore(runner, original)
        problem.add_evaluations(sub.evaluations)
    fit = fit_rate(moved - x0, reference.values)
    if fit.rate is None or report.lr is None or fit.relative > 1e-3:
        return report
    expected = half.size / m
    ratio = fit.rate / report.lr
    if abs(ratio - 1) <= 1e-3 or abs(ratio - expected) > 1e-6 * max(1.0, expected) + rtol:
        return report
    from .rules.misapplied_update import INFO

    finding = INFO.finding(
        f"the step moves by exactly -{report.lr:.6g} * gradient with {m} samples but by "
        f"-{fit.rate:.6g} * gradient with {half.size} of them: its rate is proportional to the "
        f"number of samples ({ratio:.6g} = {half.size}/{m}), so it sums the per-sample "
        f"gradients where the cost averages them; the learning rate it uses is "
        f"{report.lr / m:.6g} per sample, multiplied by the batch size.",
        fix="Average the gradient over the batch (divide by the number of samples, as the cost "
            "does), or make the cost a sum too.",
        source="step", evidence={"cause": "summed-over-batch", "samples": m,
                                 "half": int(half.size), "rate": report.lr,
                                 "rate_half": fit.rate})
    blocks = tuple(replace(b, ok=False) for b in report.blocks)
    return replace(report, ok=False, findings=(finding,), blocks=blocks)


def consensus_rate(layout: Layout, delta: np.ndarray, g: np.ndarray, g_error: np.ndarray,
                   rounding: np.ndarray, rtol: float, given: Optional[float] = None
                   ) -> Optional[Consensus]:
    """The one rate some blocks move by exactly, when the others fit none.

    A least-squares rate over all blocks is pulled off by a block updated along a wrong
    direction, and then every block looks wrong.  When the blocks that each fit their own rate
    also fit one rate together (at least MIN_EXACT_ENTRIES moving entries), that is the step's
    learning rate: those blocks are right, and a block that fits no rate at all is where the
    step goes wrong.  None when no block is exact, when all are, or when some failing block
    fits a rate of its own (a per-block rate, a block not updated: the diagnosis names those).
    With the user's rate `given`, exact means moved by exactly that rate.
    """
    exact, off = [], []
    for b in layout.blocks:
        s = b.slice
        moved = float(np.linalg.norm(delta[s])) > float(np.linalg.norm(rounding[s]))
        own = fit_rate(delta[s], g[s]) if given is None else given_rate(delta[s], g[s], given)
        if own.rate is None or not moved:
            return None
        if own.residual <= _allowed(delta[s], own.rate, g_error[s], rounding[s], rtol) \
                and own.rate > 0:
            exact.append(b)
        elif given is not None:
            free = fit_rate(delta[s], g[s])
            if free.rate is not None and free.residual <= _allowed(
                    delta[s], free.rate, g_error[s], rounding[s], rtol):
                return None     # a rate of its own: a per-block rate, not a wrong gradient
            off.append(b)
        elif own.relative > 100 * rtol:
            off.append(b)
        else:
            return None
    if not exact or not off:
        return None
    idx = np.concatenate([np.arange(b.offset, b.offset + b.size) for b in exact])
    moving = int(np.sum(np.abs(delta[idx]) > np.abs(rounding[idx])))
    together = fit_rate(delta[idx], g[idx]) if given is None else given_rate(delta[idx], g[idx],
                                                                             given)
    if moving < MIN_EXACT_ENTRIES or together.rate is None or together.rate <= 0 \
            or together.residual > _allowed(delta[idx], together.rate, g_error[idx],
                                            rounding[idx], rtol):
        return None
    return Consensus(together.rate, tuple(b.name for b in exact), tuple(b.name for b in off))


def _allowed(delta: np.ndarray, lr: Optional[float], g_error: np.ndarray, rounding: np.ndarray,
             rtol: float) -> float:
    """Residual norm explained by rtol, the gradient's own error and the dtype's rounding."""
    return (rtol * float(np.linalg.norm(delta)) + abs(lr or 0.0) * float(np.linalg.norm(g_error))
            + float(np.linalg.norm(rounding)))
