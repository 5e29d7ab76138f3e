"""`backprop-doctor train MODULE:STEP --cost MODULE:COST`: a short training run and its symptoms."""
from __future__ import annotations

from rich.text import Text

from .. import targets
from ..console import ConsoleIO
from ..errors import InputError
from . import _common
from .step import GRAD_NAMES, load_point

HELP = "run the training step N times on a copy and name why the loss does not fall"
DESCRIPTION = """Run MODULE:STEP for --steps steps on a copy of the parameters, watching the loss
(--cost) and, with --forward, the network's outputs and hidden units.  Each symptom is a rule:
loss-not-falling, loss-diverged, initial-loss-off, outputs-stuck, symmetric-units,
all-positive-init, saturated-units, dead-relu, exploding-gradients, vanishing-gradients,
cannot-overfit; the first step is also checked (misapplied-update).

--forward returns the output, or a list of every layer's activations with the output last;
symptoms that need it are listed as not checked without it.  --plot FILE.png draws the loss curve
(needs the plot extra: pip install 'backprop-doctor[plot]').

exit status: 0 no error-level symptom, 1 at least one, 2 the run could not be made.
example:  backprop-doctor train xor.py:step --cost xor.py:cost --forward xor.py:forward --steps 2000"""

DEFAULT_STEPS = 1000


def add_arguments(p) -> None:
    p.add_argument("step", metavar="MODULE:STEP", help="the step: step(params, *args) -> new params or None")
    p.add_argument("--cost", metavar="MODULE:COST", help="cost(params, *args) -> float, the loss watched")
    p.add_argument("--forward", metavar="MODULE:FWD",
                   help="forward(params, X) -> output, or every layer's activations with the output last")
    p.add_argument("--grad", metavar="MODULE:GRAD", help="grad(params, *args), to measure gradient norms per block")
    _common.add_point_arguments(p, "the initial parameters")
    p.add_argument("--steps", type=int, default=DEFAULT_STEPS, metavar="N",
                   help=f"number of training steps (default {DEFAULT_STEPS})")
    p.add_argument("--lr", type=float, default=None, metavar="RATE",
                   help="the learning rate the step should use, for the check of the first step "
                   "(default: fitted)")
    p.add_argument("--plot", metavar="FILE.png", help="save the loss curve as a picture (needs matplotlib)")
    _common.add_seed_and_json(p)
    _common.add_ignore(p)
    p.set_defaults(seed=None)  # None: from pyproject.toml, else 0


def run(ns, io: ConsoleIO) -> int:
    return _common.run_guarded(io, lambda: _run(ns, io))


def _run(ns, io: ConsoleIO) -> int:
    if ns.steps < 1:
        raise InputError("--steps must be at least 1.")
    if ns.plot and _has_matplotlib():
        from ..output_paths import plot_path

        ns.plot = plot_path(ns.plot)    # before the run, not after it
    _common.seed_from_config(ns)
    _common.seed_user_randomness(ns.seed)
    with targets.user_stdout_to_stderr(ns.json):
        step, module = targets.resolve_function(ns.step, "step", "MODULE:STEP")
        if ns.cost:
            cost, _ = targets.resolve_function(ns.cost, "cost", "--cost")
        else:
            found = targets.discover(module, targets.COST_NAMES)
            if found is None or not callable(found[1]):
                raise InputError(f"no cost function found in {module.__name__} (looked for "
                                 f"{', '.join(targets.COST_NAMES)}); give it with --cost MODULE:COST.")
            cost = found[1]
        forward = targets.resolve_function(ns.forward, "forward", "--forward")[0] if ns.forward else None
        grad = targets.resolve_function(ns.grad, "gradient", "--grad")[0] if ns.grad else None
        if grad is None:
            found = targets.discover(module, GRAD_NAMES)
            grad = found[1] if found is not None and callable(found[1]) else None
        params, args, blocks = load_point(ns, module)
        from ..training import check_training

        report = check_training(step, cost, params, args, forward=forward, grad=grad,
                                n_steps=ns.steps, seed=ns.seed, blocks=blocks, order=ns.order,
                                ignore=ns.ignore, config=ns.config, lr=ns.lr,
                                command=_common.reproduce_command(_argv(ns)))
    if ns.plot:
        from ..training.plot import save_training_plot

        try:
            save_training_plot(report, ns.plot)
            io.err.print(Text(f"loss curve saved to {ns.plot}"))
        except InputError as exc:   # matplotlib missing: one line, the report still comes
            io.err.print(Text(str(exc)))
        except OSError as exc:
            raise _common.OutputError(f"cannot write {exc.filename}: {exc.strerror}.") from None
    return _common.finish(io, report, ns.json)


def _has_matplotlib() -> bool:
    import importlib.util

    try:
        return importlib.util.find_spec("matplotlib") is not None
    except (ImportError, ValueError):   # sys.modules["matplotlib"] is None: blocked
        return False


def _argv(ns) -> list:
    steps = ["--steps", str(ns.steps)] if ns.steps != DEFAULT_STEPS else []
    if ns.lr is not None:
        steps += ["--lr", repr(ns.lr)]
    return _common.reproduce_argv(ns, "train", ns.step,
                                  ("cost", "forward", "grad", "params", "args", "blocks"), steps)
