"""`check_training`: run the step N times on a copy and name what goes wrong.

Order: run the training (from the pristine state of any step that keeps state), look at the
network through `forward` before and after, run every symptom detector, then check the first step
itself (misapplied-update), so the report can say *why* the loss stalls, not only that it does.
"""
from __future__ import annotations

import copy
from typing import Any, Callable, Iterable, List, Optional

import numpy as np

from ..errors import InputError, UserCodeError, describe
from ..findings import Finding, dedupe, sort_findings
from ..params import flat_point
from . import symptoms
from .activations import snapshot
from .gradient import make_problem
from .run import block_rms, loss_of, train
from .step_check import check_lr, check_step
from .stepping import StepRunner
from .training_report import Skipped, TrainingBlock, TrainingReport, losses_tuple

DEFAULT_STEPS = 1000
STEP_CHECK_MAX_PARAMS = 2000   # the numerical gradient costs 4 cost evaluations per parameter
OVERFIT_BATCH = 16


def check_training(step: Callable, cost: Callable, params: Any, args: Any = (), *,
                   forward: Optional[Callable] = None, grad: Optional[Callable] = None,
                   n_steps: int = DEFAULT_STEPS, seed: Optional[int] = None,
                   blocks: Optional[str] = None, order: str = "C", check_first_step: bool = True,
                   command: Optional[str] = None, config: Any = True,
                   ignore: Optional[Iterable[str]] = None,
                   lr: Optional[float] = None) -> TrainingReport:
    """Train for `n_steps` steps on a copy of `params` and report the symptoms of a broken setup.

    `step(params, *args)` returns the new parameters or updates them in place; `cost(params,
    *args)` is the loss watched.  `forward(params, X)` (X = args[0]) returns the output, or a list
    of every layer's activations with the output last: the symptoms about outputs and hidden
    units need it and are listed as skipped without it.  `grad(params, *args)` is optional: with
    it the gradient norms per block are measured directly, without it the step sizes stand in.
    """
    if not callable(step):
        raise InputError(f"step should be a function step(params, *args), got {describe(step)}.")
    if not callable(cost):
        raise InputError(f"cost should be a function cost(params, *args), got {describe(cost)}.")
    if forward is not None and not callable(forward):
        raise InputError(f"forward should be a function forward(params, X), got {describe(forward)}.")
    if n_steps < 1:
        raise InputError(f"the number of steps must be at least 1, got {n_steps}.")
    from ..config import settings_for

    settings = settings_for(config, seed=seed, ignore=ignore)
    check_lr(lr)
    seed = settings.seed
    args = tuple(args) if isinstance(args, tuple) else (args,)
    layout, x0 = flat_point(params, blocks, order)
    private_args = copy.deepcopy(args)
    runner = StepRunner(step, layout, private_args, copy_args=False)
    J = loss_of(layout, cost, private_args)
    gradient = None
    if grad is not None:
        problem = make_problem(layout, x0, args, cost=cost, grad=grad)
        gradient = problem.gradient
    trajectory = train(runner, J, x0, n_steps, gradient)

    start = end = None
    if forward is not None:
        start = snapshot(forward, layout.unflatten(x0), private_args)
        end = snapshot(forward, layout.unflatten(trajectory.x_final), private_args)
    facts = symptoms.RunFacts(layout=layout, trajectory=trajectory, start=start, end=end,
                              n_samples=_n_samples(start, private_args),
                              gradient_name="gradient" if trajectory.grad_rms_start is not None else "update")
    findings: List[Finding] = []
    skipped: List[Skipped] = []

    def collect(rule: str, result) -> None:
        found, reason = result
        findings.extend(found)
        if reason:
            skipped.append(Skipped(rule, reason))

    collect("loss-diverged", symptoms.diverged(facts))
    collect("loss-not-falling", symptoms.not_falling(facts))
    collect("initial-loss-off", symptoms.initial_loss(facts))
    collect("outputs-stuck", symptoms.outputs_stuck(facts))
    collect("symmetric-units", symptoms.symmetric_units(facts))
    collect("all-positive-init", symptoms.all_positive(facts))
    sat, dead = symptoms.saturation_and_dead(facts)
    collect("saturated-units", sat)
    collect("dead-relu", dead)
    exploding, vanishing = symptoms.gradient_norms(facts)
    collect("exploding-gradients", exploding)
    collect("vanishing-gradients", vanishing)
    collect("cannot-overfit", _overfit(facts, findings, runner, cost, private_args, n_steps))

    step_report = None
    if check_first_step:
        step_report, reason = _check_first_step(step, grad, cost, params, args, blocks, order, seed,
                                                settings.rtol, layout.size, lr)
        if step_report is not None:
            findings = list(step_report.findings) + findings
        elif reason:
            skipped.append(Skipped("misapplied-update", reason))
    findings = sort_findings(dedupe(findings))
    ok = not any(f.severity == "error" for f in findings)
    upd = trajectory.update_rms
    w0, w1 = block_rms(layout, x0), block_rms(layout, trajectory.x_final)
    rows = tuple(TrainingBlock(
        name=b.name, shape=b.shape, weight_rms_start=float(w0[i]), weight_rms_end=float(w1[i]),
        update_rms_first=float(upd[0, i]) if upd.shape[0] else None,
        update_rms_last=float(upd[-1, i]) if upd.shape[0] else None,
        grad_rms_start=_item(trajectory.grad_rms_start, i), grad_rms_end=_item(trajectory.grad_rms_end, i))
        for i, b in enumerate(layout.blocks))
    report = TrainingReport(ok=ok, n_steps=trajectory.n_steps, losses=losses_tuple(trajectory.losses),
                          blocks=rows, findings=tuple(findings), skipped=tuple(skipped),
                          accuracy_start=start.accuracy() if start is not None else None,
                          accuracy_end=end.accuracy() if end is not None else None,
                          step=step_report, seed=seed, command=command,
                          update_rms=trajectory.update_rms)
    from ..config import ignore_rules

    return ignore_rules(report, settings.ignore)


def _overfit(facts, findings, runner, cost, args, n_steps):
    """On small data the run itself is the test; on larger data, a run on its first samples."""
    m = facts.n_samples
    hidden = facts.end is not None and bool(facts.end.hidden)
    if len(facts.layout.blocks) < 2 and not hidden:
        return [], "a model with one parameter block (no hidden layer) need not memorise its data"
    if facts.end is not None and facts.end.accuracy() == 1.0:
        return [], None  # it classifies every training sample right: it did overfit
    if m is None:
        return [], "the number of samples could not be read from args (X, y)"
    if m <= symptoms.SMALL_BATCH:
        if any(f.id in ("loss-not-falling", "loss-diverged") for f in findings):
            return [], None
        return symptoms.cannot_overfit(facts.trajectory.losses, m, whole_data=True)
    batch = small_batch_args(args, m, OVERFIT_BATCH)
    if batch is None:
        return [], (f"could not cut a batch of {OVERFIT_BATCH} samples out of args (no single axis "
                    f"of length {m} in every array)")
    layout = runner.layout
    try:
        small = train(StepRunner(runner.step, layout, batch, copy_args=False),
                      loss_of(layout, cost, batch), facts.trajectory.x0, n_steps)
    except (InputError, UserCodeError) as exc:
        return [], f"the step or the cost failed on a batch of {OVERFIT_BATCH} samples: {exc}"
    if small.diverged_at is not None:
        return [], None  # the full run reports the blow-up
    return symptoms.cannot_overfit(small.losses, OVERFIT_BATCH, whole_data=False)


def small_batch_args(args, m: int, size: int):
    """args with every array (or list) cut to its first `size` samples along its axis of length m;
    None when some array has no such axis or more than one."""
    out, cut = [], False
    for a in args:
        if isinstance(a, np.ndarray) and a.ndim >= 1:
            axes = [i for i, n in enumerate(a.shape) if n == m]
            if len(axes) != 1:
                if a.size > 1 and a.ndim >= 1 and len(axes) > 1:
                    return None
                out.append(a)
                continue
            out.append(np.take(a, np.arange(size), axis=axes[0]))
            cut = True
        elif isinstance(a, list) and len(a) == m:
            out.append(a[:size])
            cut = True
        else:
            out.append(a)
    return tuple(out) if cut else None


def _item(values: Optional[np.ndarray], i: int) -> Optional[float]:
    return None if values is None else float(values[i])


def _n_samples(start, args) -> Optional[int]:
    if start is not None and start.probabilities is not None:
        return start.m
    if len(args) >= 2:
        y = np.asarray(args[1]) if not isinstance(args[1], (dict, str)) else None
        if y is not None and y.ndim == 1:
            return int(y.size)
        if y is not None and y.ndim == 2 and min(y.shape) < max(y.shape):
            return int(max(y.shape)) if min(y.shape) > 1 else int(max(y.shape))
    return None


def _check_first_step(step, grad, cost, params, args, blocks, order, seed, rtol, size, lr=None):
    use_cost = cost if size <= STEP_CHECK_MAX_PARAMS else None
    if grad is None and use_cost is None:
        return None, (f"the step check needs grad= for models over {STEP_CHECK_MAX_PARAMS} "
                      "parameters")
    try:
        return check_step(step, grad, params, args, cost=use_cost, blocks=blocks, order=order,
                          seed=seed, rtol=rtol, config=False, lr=lr), None
    except InputError as exc:
        return None, f"the step could not be checked at the initial parameters: {exc}"
