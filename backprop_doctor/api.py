"""The Python API: `check` and `assert_gradients`."""
from __future__ import annotations

from dataclasses import replace
from typing import Any, Callable, Iterable, Optional

from .config import ConfigSource, ignore_rules, load_config, resolve, with_config_shown
from .gradcheck import DEFAULT_MAX_CHECKS, DEFAULT_RTOL, CheckOptions, run_check
from .problem import from_functions
from .report import Report


def check(cost: Any, grad: Optional[Callable] = None, params: Any = None, args: Any = (), *,
          blocks: Optional[str] = None, order: str = "C", forward: Optional[Callable] = None,
          loss: Optional[Callable] = None, seed: Optional[int] = None,
          rtol: Optional[float] = None, max_checks: Optional[int] = None, full: bool = False,
          numeric: Optional[Callable] = None, diagnose: bool = True, lint: bool = True,
          progress: Optional[Callable[[int, int], None]] = None,
          command: Optional[str] = None, executor: Optional[Any] = None,
          workers: Optional[int] = None, ignore: Optional[Iterable[str]] = None,
          config: ConfigSource = True, complex_step: bool = False,
          infer_layout: bool = True, trace: bool = True) -> Report:
    """Check `grad` against central differences of `cost` at `params` and diagnose mistakes.

    One function returning `(cost, gradient)` together (Octave's `[J grad] = nnCostFunction`,
    scipy's `minimize(jac=True)`, CS231n's `softmax_loss_naive`) goes alone:
    `check(fun, params=theta, args=(X, y))` (or `check(fun, None, theta, (X, y))`).  A model
    object with a `params` dict and `loss(X, y) -> (loss, grads)` goes alone too:
    `check(model, args=(X, y))` or `check(model.loss, args=(X, y))`; the check works on a deep
    copy, perturbs the `params` entries and names blocks by their keys.

    `params` may be a flat theta (name its pieces with `blocks="theta1=5x4,theta2=3x6"`), an
    array, a list/tuple or a dict of arrays; `grad` returns the same structure.  With `forward`
    and `loss` instead of `cost`, the cost is `loss(forward(params, X), y)` and `args=(X, y)`.
    `numeric` is your own numerical-gradient function `numgrad(J, theta)`, audited against ours.
    `lint` reads the source files of your functions and adds static findings as advice (they
    never change `ok`).  The parameters and data you pass are never changed.
    `workers=N` evaluates the cost in N processes (one BLAS thread each); `executor` takes any
    concurrent.futures.Executor, e.g. a Dask client's `client.get_executor()` (see parallel.py).
    `complex_step=True` takes exact derivatives Im f(x + ih e_k)/h (h = 1e-20) for code that
    accepts complex parameters; code that drops the imaginary part is refused with the reason.
    `trace=True` (default): when entries fail on a model of at most max(5000, max_checks)
    parameters, the cost and gradient are traced line by line to the line where the gradient goes
    wrong (finding `wrong-line`, or `no-line-found` with the reason); it never changes `ok`.

    A flat theta with no `blocks` is cut into the blocks the cost itself slices and reshapes
    (`Theta1 = theta[:20].reshape(5, 4)` names a block `Theta1`), learnt from one watched call;
    `report.layout` says whether the layout was given, inferred or none (`infer_layout=False`
    keeps one block `theta`).

    `seed` (default 0), `rtol` (1e-6) and `max_checks` (5000) not given here come from
    `[tool.backprop-doctor]` in the nearest pyproject.toml (`config=True`; or a path, a mapping,
    False for none).  `ignore` lists rule ids whose findings are dropped (added to the file's);
    entries that fail the numerical comparison still fail.
    """
    settings = resolve(load_config(config), seed=seed, rtol=rtol, max_checks=max_checks,
                       ignore=ignore, default_rtol=DEFAULT_RTOL,
                       default_max_checks=DEFAULT_MAX_CHECKS, ignore_label="ignore=")
    from .conventions import adapt

    cost, grad, params, _ = adapt(cost, grad, params, forward, loss)
    blocks, order, layout_info = _layout(cost, forward, params, args, blocks, order, infer_layout)
    problem = from_functions(cost, grad, params, args, blocks=blocks, order=order,
                             forward=forward, loss=loss)
    problem.layout_info = layout_info
    from .parallel import parallel_evaluation

    with parallel_evaluation(problem, executor=executor, workers=workers,
                             progress=progress) as evaluate_many:
        options = CheckOptions(seed=settings.seed, rtol=settings.rtol,
                               max_checks=settings.max_checks, full=full, progress=progress,
                               diagnose=diagnose, command=command, numeric=numeric,
                               evaluate_many=evaluate_many, complex_step=complex_step,
                               trace=trace)
        report = run_check(problem, options)
    if lint:
        from .problem import user_functions_by_file
        from .static import with_static_findings

        report = with_static_findings(report, user_functions_by_file(problem, numeric))
    report = replace(report, layout=layout_info)
    return with_config_shown(ignore_rules(report, settings.ignore), settings)


def _layout(cost: Any, forward: Optional[Callable], params: Any, args: Any, blocks: Optional[str],
            order: str, infer: bool):
    """(blocks, order, layout info for the report): given, inferred from one watched call of
    the cost (or forward) on copies, or none (a flat theta stays one block `theta`)."""
    if blocks:
        return blocks, order, {"source": "given", "blocks": blocks, "order": order}
    from .layout_inference import infer_flat_layout, is_flat_theta

    if not is_flat_theta(params):
        return blocks, order, {"source": "structure", "blocks": None, "order": order}
    inferred = None
    if infer:
        args = args if isinstance(args, tuple) else (args,)
        fn, fn_args = (cost, args) if forward is None else (forward, args[:1])
        if callable(fn):
            inferred = infer_flat_layout(fn, params, fn_args)
    if inferred is None:
        return None, order, {"source": "none", "blocks": None, "order": order}
    return inferred.blocks, inferred.order, {"source": "inferred", "blocks": inferred.blocks,
                                             "order": inferred.order}


def assert_gradients(cost: Any, grad: Optional[Callable] = None, params: Any = None,
                     args: Any = (), **kwargs: Any) -> Report:
    """`check`, raising AssertionError with the readable report when the check is not ok."""
    __tracebackhide__ = True
    report = check(cost, grad, params, args, **kwargs)
    if not report.ok:
        raise AssertionError("\n" + str(report))
    return report
