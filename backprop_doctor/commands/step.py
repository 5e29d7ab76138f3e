"""`backprop-doctor step MODULE:STEP`: is the training step params - lr * gradient?"""
from __future__ import annotations

from .. import targets
from ..console import ConsoleIO
from ..errors import InputError
from . import _common

HELP = "check that a training step is params - lr * gradient for one lr > 0"
DESCRIPTION = """Call MODULE:STEP once (twice, on copies) and fit one learning rate to
new - old = -lr * gradient.  The step may return the new parameters or update them in place.

With --cost the step is compared with the true gradient (central differences of the cost), which
also catches a step that descends along a wrong gradient; with --grad, with your gradient.
Without --cost/--grad/--params/--args the module is searched for the usual names
(cost, computeCost, compute_cost, loss, J; grad, gradient; theta0, initial_theta, nn_params,
params, theta; args, ARGS).

exit status: 0 the step is right, 1 it is not, 2 it could not be checked.
example:  backprop-doctor step mynet.py:step --grad mynet.py:grad --json"""

GRAD_NAMES = ("grad", "gradient", "compute_gradient", "computeGradient")


def add_arguments(p) -> None:
    p.add_argument("step", metavar="MODULE:STEP", help="the step: step(params, *args) -> new params or None")
    p.add_argument("--grad", metavar="MODULE:GRAD", help="compare with your gradient grad(params, *args)")
    p.add_argument("--cost", metavar="MODULE:COST",
                   help="compare with the true gradient of cost(params, *args) (central differences)")
    _common.add_point_arguments(p, "the point the step starts from")
    p.add_argument("--lr", type=float, default=None, metavar="RATE",
                   help="the learning rate the step should use (default: fitted; give it when you "
                   "know it, so a block moved by a wrong multiple of its gradient is caught)")
    p.add_argument("--tol", type=float, default=None, metavar="RTOL",
                   help="relative residual allowed in the fit of one learning rate (default: `tol` "
                   "in [tool.backprop-doctor], else 1e-6)")
    _common.add_seed_and_json(p)
    _common.add_ignore(p)
    p.set_defaults(seed=None)  # None: from pyproject.toml, else 0


def run(ns, io: ConsoleIO) -> int:
    return _common.run_guarded(io, lambda: _run(ns, io))


def _run(ns, io: ConsoleIO) -> int:
    _common.seed_from_config(ns)
    _common.seed_user_randomness(ns.seed)
    with targets.user_stdout_to_stderr(ns.json):
        loaded = load_step_problem(ns)
        from ..training import check_step

        report = check_step(**loaded, seed=ns.seed, rtol=ns.tol, ignore=ns.ignore, config=ns.config,
                            lr=ns.lr,
                            command=_common.reproduce_command(_argv(ns)))
    return _common.finish(io, report, ns.json)


def load_step_problem(ns) -> dict:
    """The step, the gradient or cost, the parameters and the arguments, discovered when not given."""
    step, module = targets.resolve_function(ns.step, "step", "MODULE:STEP")
    grad = cost = None
    if ns.grad:
        grad, _ = targets.resolve_function(ns.grad, "gradient", "--grad")
    if ns.cost:
        cost, _ = targets.resolve_function(ns.cost, "cost", "--cost")
    if grad is None and cost is None:
        found = targets.discover(module, targets.COST_NAMES)
        if found is not None and callable(found[1]):
            cost = found[1]
        else:
            found = targets.discover(module, GRAD_NAMES)
            if found is None or not callable(found[1]):
                raise InputError(f"no cost or gradient found in {module.__name__} (looked for "
                                 f"{', '.join(targets.COST_NAMES + GRAD_NAMES)}); give one with "
                                 "--cost MODULE:COST or --grad MODULE:GRAD.")
            grad = found[1]
    params, args, blocks = load_point(ns, module)
    return dict(step=step, grad=grad, cost=cost, params=params, args=args, blocks=blocks,
                order=ns.order)


def load_point(ns, module) -> tuple:
    """--params, --args and --blocks, or the usual names in the step's module."""
    return targets.load_point(ns, module, "the starting point")


def _argv(ns) -> list:
    extra = ["--lr", repr(ns.lr)] if ns.lr is not None else []
    return _common.reproduce_argv(ns, "step", ns.step, ("grad", "cost", "params", "args", "blocks"),
                                  extra)
