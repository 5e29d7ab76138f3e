"""`backprop-doctor check MODULE:GRAD`: check a gradient against central differences."""
from __future__ import annotations

from ..console import ConsoleIO
from ..errors import InputError
from .. import targets
from . import _common

HELP = "check a gradient function entry by entry and diagnose mistakes"
DESCRIPTION = """Check MODULE:GRAD against central differences of the cost, entry by entry.

MODULE is an importable name (the current directory is importable) or a path to a .py file.
Without --cost/--params/--args the module is searched for the usual names
(cost, computeCost, compute_cost, loss, J; theta0, initial_theta, nn_params, params, theta;
args, ARGS).

exit status: 0 the gradient is right, 1 it is not, 2 it could not be checked.
example:  backprop-doctor check mynet.py:gradient --blocks theta1=5x4,theta2=3x6"""


def add_arguments(p) -> None:
    p.add_argument("grad", metavar="MODULE:GRAD", help="the gradient function grad(params, *args)")
    src = p.add_argument_group("the cost (one of)")
    src.add_argument("--cost", metavar="MODULE:COST", help="cost(params, *args) -> float")
    src.add_argument("--forward", metavar="MODULE:FWD", help="forward(params, X) -> output (with --loss)")
    src.add_argument("--loss", metavar="MODULE:LOSS", help="loss(output, y) -> float (with --forward)")
    p.add_argument("--params", metavar="MODULE:PARAMS", help="the point to check at (value or zero-argument function)")
    p.add_argument("--args", metavar="MODULE:ARGS", help="extra arguments: a tuple is unpacked, anything else is one argument")
    p.add_argument("--blocks", metavar="LAYOUT", help="names for a flat theta, e.g. theta1=5x4,theta2=3x6")
    p.add_argument("--order", choices=("C", "F"), default="C",
                   help="unrolling order of --blocks: C row-major (numpy), F column-major (Octave/MATLAB)")
    p.add_argument("--numeric", metavar="MODULE:NUMGRAD", help="your own numgrad(J, theta), audited against ours")
    p.add_argument("--tol", type=float, default=1e-6, metavar="RTOL",
                   help="relative tolerance; an entry fails only above both it and its noise-based tolerance (default 1e-6)")
    size = p.add_mutually_exclusive_group()
    size.add_argument("--max-checks", type=int, default=5000, metavar="N",
                      help="check entry by entry up to N parameters, screen bigger models (default 5000)")
    size.add_argument("--full", action="store_true", help="check every entry, however many")
    p.add_argument("--workers", type=int, default=1, metavar="N", help="evaluate the cost in N processes")
    _common.add_seed_and_json(p)


def run(ns, io: ConsoleIO) -> int:
    return _common.run_guarded(io, lambda: _run(ns, io))


def _run(ns, io: ConsoleIO) -> int:
    import sys

    if ns.tol <= 0:
        raise InputError("--tol must be positive, e.g. --tol 1e-6.")
    if ns.max_checks <= 0:
        raise InputError("--max-checks must be a positive number of entries.")
    if ns.workers < 1:
        raise InputError("--workers must be at least 1.")
    _common.seed_user_randomness(ns.seed)
    with targets.user_stdout_to_stderr(ns.json):
        problem_kwargs = load_problem(ns)
        progress = _common.LazyProgress(io, "checking", enabled=not ns.json or True)
        from ..api import check

        try:
            report = check(**problem_kwargs, seed=ns.seed, rtol=ns.tol, max_checks=ns.max_checks,
                           full=ns.full, progress=progress,
                           command=_common.reproduce_command(_argv_for_reproduce(ns)),
                           **_extra_options(ns))
        finally:
            progress.close()
    if ns.json:
        _common.print_json(io, report.to_json())
    else:
        io.out.print(report)
    return _common.EXIT_OK if report.ok else _common.EXIT_FAILED


def _extra_options(ns) -> dict:
    extra = {}
    if ns.workers and ns.workers > 1:
        extra["workers"] = ns.workers
    return extra


def load_problem(ns) -> dict:
    """Resolve every function and value the check needs, discovering what was not given."""
    grad, module = targets.resolve_function(ns.grad, "gradient", "MODULE:GRAD")
    cost = forward = loss = None
    if ns.forward or ns.loss:
        if not (ns.forward and ns.loss):
            raise InputError("--forward and --loss go together: the cost checked is "
                             "loss(forward(params, X), y).")
        if ns.cost:
            raise InputError("give either --cost or --forward with --loss, not both.")
        forward, _ = targets.resolve_function(ns.forward, "forward", "--forward")
        loss, _ = targets.resolve_function(ns.loss, "loss", "--loss")
    elif ns.cost:
        cost, _ = targets.resolve_function(ns.cost, "cost", "--cost")
    else:
        found = targets.discover(module, targets.COST_NAMES)
        if found is None or not callable(found[1]):
            raise InputError(f"no cost function found in {module.__name__} (looked for "
                             f"{', '.join(targets.COST_NAMES)}); give it with --cost MODULE:COST, "
                             "or --forward and --loss.")
        cost = found[1]
    if ns.params:
        params = targets.resolve_value(ns.params, "parameters", "--params", module)
    else:
        found = targets.discover(module, targets.PARAMS_NAMES)
        if found is None:
            raise InputError(f"no parameters found in {module.__name__} (looked for "
                             f"{', '.join(targets.PARAMS_NAMES)}); give the point to check with "
                             "--params MODULE:PARAMS.")
        params = targets.call_if_factory(found[1], f"{module.__name__}:{found[0]}")
    if ns.args:
        args = targets.as_args(targets.resolve_value(ns.args, "arguments", "--args", module))
    else:
        found = targets.discover(module, targets.ARGS_NAMES)
        args = targets.as_args(targets.call_if_factory(found[1], found[0])) if found else ()
    blocks = ns.blocks
    if blocks is None:
        found = targets.discover(module, targets.BLOCKS_NAMES)
        blocks = found[1] if found and isinstance(found[1], str) else None
    numeric = None
    if getattr(ns, "numeric", None):
        numeric, _ = targets.resolve_function(ns.numeric, "numerical gradient", "--numeric")
    return dict(cost=cost, grad=grad, params=params, args=args, blocks=blocks, order=ns.order,
                forward=forward, loss=loss, numeric=numeric)


def _argv_for_reproduce(ns) -> list:
    argv = ["check", ns.grad]
    for flag in ("cost", "forward", "loss", "params", "args", "blocks", "numeric"):
        value = getattr(ns, flag, None)
        if value:
            argv += [f"--{flag}", value]
    if ns.order != "C":
        argv += ["--order", ns.order]
    if ns.tol != 1e-6:
        argv += ["--tol", repr(ns.tol)]
    if ns.full:
        argv.append("--full")
    elif ns.max_checks != 5000:
        argv += ["--max-checks", str(ns.max_checks)]
    argv += ["--seed", str(ns.seed)]
    return argv
