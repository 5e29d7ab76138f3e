"""`backprop-doctor check MODULE:GRAD`: check a gradient against central differences."""
from __future__ import annotations

from ..console import ConsoleIO
from ..errors import InputError
from .. import targets
from . import _common

HELP = "check a gradient function entry by entry and diagnose mistakes"
DESCRIPTION = """Check MODULE:GRAD against central differences of the cost, entry by entry.

MODULE is an importable name (the current directory is importable) or a path to a .py file.
GRAD may also be a function returning (cost, gradient) together (nnCostFunction, scipy's
jac=True, softmax_loss_naive), a model object with a params dict and loss(X, y) -> (loss, grads),
or left out (check mynet.py): the module is then searched for one of these, and the choice is
said on stderr.  Without --cost/--params/--args the module is searched for the usual names
(cost, computeCost, compute_cost, loss, J, nnCostFunction, costFunction; theta0, initial_theta,
nn_params, params, theta, initial_nn_params; args, ARGS), then for variables named like the
function's own parameters (X, y, lambda_, as a script calls it).

Defaults for --tol, --seed, --max-checks and --ignore come from [tool.backprop-doctor] in the
nearest pyproject.toml (flags beat it), e.g.
    [tool.backprop-doctor]
    tol = 1e-5
    ignore = ["kink"]

exit status: 0 the gradient is right, 1 it is not, 2 it could not be checked.
example:  backprop-doctor check mynet.py:gradient --blocks theta1=5x4,theta2=3x6 --plot check.png"""


def add_arguments(p) -> None:
    p.add_argument("grad", metavar="MODULE:GRAD",
                   help="the gradient function grad(params, *args); or a function returning "
                        "(cost, gradient); or a model object with params and loss(X, y); or "
                        "MODULE alone, searched for one of these")
    src = p.add_argument_group("the cost (one of)")
    src.add_argument("--cost", metavar="MODULE:COST", help="cost(params, *args) -> float")
    src.add_argument("--forward", metavar="MODULE:FWD", help="forward(params, X) -> output (with --loss)")
    src.add_argument("--loss", metavar="MODULE:LOSS", help="loss(output, y) -> float (with --forward)")
    _common.add_point_arguments(p, "the point to check at (value or zero-argument function)")
    p.add_argument("--numeric", metavar="MODULE:NUMGRAD", help="your own numgrad(J, theta), audited against ours")
    p.add_argument("--tol", type=float, default=None, metavar="RTOL",
                   help="relative tolerance; an entry fails only above both it and its noise-based tolerance (default 1e-6)")
    size = p.add_mutually_exclusive_group()
    size.add_argument("--max-checks", type=int, default=None, metavar="N",
                      help="check entry by entry up to N parameters, screen bigger models (default 5000)")
    size.add_argument("--full", action="store_true", help="check every entry, however many")
    size.add_argument("--screen", action="store_true",
                      help="screen with directional derivatives whatever the size, and accept the "
                           "floor the report states (without it, a screen that cannot see what "
                           "--full would fail is not a pass)")
    p.add_argument("--workers", type=int, default=1, metavar="N", help="evaluate the cost in N processes")
    p.add_argument("--complex-step", action="store_true",
                   help="exact complex-step derivatives, for code that accepts complex parameters")
    p.add_argument("--no-trace", dest="trace", action="store_false",
                   help="after a failed check, do not trace your code line by line to the line "
                   "where the gradient goes wrong (tracing is on for models up to 5000 parameters)")
    _common.add_seed_and_json(p)
    p.set_defaults(seed=None)  # None: from pyproject.toml, else 0
    p.add_argument("--ignore", action="append", default=[], metavar="RULE",
                   help="drop this rule's findings (repeatable); entries that disagree still fail")
    out = p.add_argument_group("pictures and exports")
    out.add_argument("--plot", metavar="FILE.png", help="save a heat map and a scatter per block (needs the [plot] extra)")
    out.add_argument("--html", metavar="FILE", help="save the report as HTML, as it looks in the terminal")
    out.add_argument("--svg", metavar="FILE", help="save the report as SVG, as it looks in the terminal")


def run(ns, io: ConsoleIO) -> int:
    return _common.run_guarded(io, lambda: _run(ns, io))


def _run(ns, io: ConsoleIO) -> int:
    if ns.workers < 1:
        raise InputError("--workers must be at least 1.")
    if ns.plot:
        from ..render_plot import require_matplotlib

        try:
            require_matplotlib()
        except InputError as exc:  # one line, before spending time on the check
            if io.json:
                raise              # the JSON error document as well
            io.err.print(str(exc), markup=False, highlight=False)
            return _common.EXIT_INPUT_ERROR
    _check_output_paths(ns)
    from ..config import load_config, resolve
    from ..gradcheck import DEFAULT_MAX_CHECKS, DEFAULT_RTOL

    config = load_config(True)
    settings = resolve(config, seed=ns.seed, rtol=ns.tol, max_checks=ns.max_checks,
                       ignore=ns.ignore, default_rtol=DEFAULT_RTOL,
                       default_max_checks=DEFAULT_MAX_CHECKS)
    # Resolved values go into the reproduce line, so it also works away from this pyproject.
    ns.seed, ns.tol, ns.max_checks = settings.seed, settings.rtol, settings.max_checks
    ns.ignore = list(settings.ignore)
    _common.seed_user_randomness(ns.seed)
    with targets.user_stdout_to_stderr(ns.json):
        problem_kwargs = load_problem(ns)
        _say_what_was_found(ns, io)
        progress = _common.LazyProgress(io, "checking", enabled=not ns.json or True)
        from ..api import check

        try:
            report = check(**problem_kwargs, seed=ns.seed, rtol=ns.tol, max_checks=ns.max_checks,
                           full=ns.full, screen=ns.screen, progress=progress,
                           command=_common.reproduce_command(_argv_for_reproduce(ns)),
                           ignore=ns.ignore, config=config, **_extra_options(ns))
        finally:
            progress.close()
    _save_outputs(ns, io, report)   # first: a file that cannot be written is exit 2, one document
    return _common.finish(io, report, ns.json)


def _check_output_paths(ns) -> None:
    """Validate --plot/--html/--svg before the check (ns holds the files that will be written)."""
    from ..output_paths import plot_path, text_path

    if ns.plot:
        ns.plot = plot_path(ns.plot)
    if ns.html:
        ns.html = text_path(ns.html, "html")
    if ns.svg:
        ns.svg = text_path(ns.svg, "svg")


def _say_what_was_found(ns, io: ConsoleIO) -> None:
    """On stderr (stdout may be JSON): what discovery picked, so the user can name another."""
    lines = []
    picked = getattr(ns, "picked", None)
    if picked is not None:
        lines.append(picked.describe(ns.grad))
    if getattr(ns, "found", None):
        lines.append("found in the module: " + "; ".join(ns.found))
    for line in lines:
        io.err.print(line, style="dim", markup=False, highlight=False, soft_wrap=True)


def _save_outputs(ns, io: ConsoleIO, report) -> None:
    """--plot/--html/--svg files; where they went is said on stderr (stdout may be JSON)."""
    from ..output_paths import describe_saved

    saved = []
    try:
        if ns.plot:
            from ..render_plot import plot_report

            saved.append((plot_report(report, ns.plot), "plot"))
        if ns.html or ns.svg:
            from .. import export
            from ..render_rich import render_report

            if ns.html:
                saved.append((export.save_html(render_report(report), ns.html), "html"))
            if ns.svg:
                saved.append((export.save_svg(render_report(report), ns.svg), "svg"))
    except OSError as exc:
        raise _common.OutputError(f"cannot write {exc.filename}: {exc.strerror}.") from None
    for path, kind in saved:
        io.err.print(describe_saved(path, kind), style="dim", markup=False, highlight=False)


def _extra_options(ns) -> dict:
    extra = {}
    if ns.workers and ns.workers > 1:
        extra["workers"] = ns.workers
    if getattr(ns, "complex_step", False):
        extra["complex_step"] = True
    if not getattr(ns, "trace", True):
        extra["trace"] = False
    return extra


def load_problem(ns) -> dict:
    """Resolve every function and value the check needs, discovering what was not given.

    MODULE:GRAD may also name a function returning (cost, gradient) together, a model object
    with `params` and `loss(X, y) -> (loss, grads)` (or its bound `loss`), or just a module,
    searched for one of these (see `discovery.py`)."""
    from .. import conventions, discovery

    ns.found = []
    if not targets.names_attribute(ns.grad):
        if ns.cost or ns.forward or ns.loss:
            raise InputError(f"name the gradient function: {ns.grad}:GRAD (with --cost or "
                             "--forward/--loss, MODULE alone is not enough).")
        try:
            module = targets.load_module(ns.grad)
        except InputError as exc:
            raise InputError(f"{exc} To name a function in a module, write MODULE:GRAD "
                             "(e.g. mynet.py:gradient).") from None
        choice = discovery.choose(module, ns)
        target, attr = choice.value, choice.name
        ns.picked = choice
    else:
        target, module, attr = targets.resolve_target(ns.grad, "gradient", "MODULE:GRAD")
        target = discovery.instantiate_model_class(target, f"{ns.grad}")
    numeric = None
    if getattr(ns, "numeric", None):
        numeric, _ = targets.resolve_function(ns.numeric, "numerical gradient", "--numeric")
    common = dict(order=ns.order, numeric=numeric)

    model = conventions.model_of(target)
    if model is not None:
        if ns.cost or ns.forward or ns.loss:
            raise InputError(f"{attr} is a model object (params and loss): it gives the cost and "
                             "the gradient itself; leave out --cost, --forward and --loss.")
        call = attr if attr.endswith(".loss") else f"{attr}.loss"
        params, args, blocks = targets.load_point(ns, module, fn=model.loss, need_params=False,
                                                  call_name=call)
        return dict(cost=model, grad=None, params=params, args=args, blocks=blocks, **common)
    if not callable(target):
        raise InputError(f"{ns.grad} should be a gradient function, a function returning (cost, "
                         f"gradient), or a model object with params and loss; got "
                         f"{type(target).__name__}.")
    cost = forward = loss = None
    if ns.forward or ns.loss:
        if not (ns.forward and ns.loss):
            raise InputError("--forward and --loss go together: the cost checked is "
                             "loss(forward(params, X), y).")
        if ns.cost:
            raise InputError("give either --cost or --forward with --loss, not both.")
        forward, _ = targets.resolve_function(ns.forward, "forward", "--forward")
        loss, _ = targets.resolve_function(ns.loss, "loss", "--loss")
        params, args, blocks = targets.load_point(ns, module, fn=target, call_name=attr)
        return dict(cost=None, grad=target, params=params, args=args, blocks=blocks,
                    forward=forward, loss=loss, **common)
    if ns.cost:
        cost, _ = targets.resolve_function(ns.cost, "cost", "--cost")
        params, args, blocks = targets.load_point(ns, module, fn=target, call_name=attr)
        return dict(cost=cost, grad=target, params=params, args=args, blocks=blocks, **common)
    params, args, blocks = targets.load_point(ns, module, fn=target, call_name=attr)
    found = targets.discover_function(module, targets.COST_NAMES, exclude=target)
    kind = discovery.classify(target, params, args, blocks, ns.order,
                              prefer_gradient=found is not None)
    if kind == "combined":
        return dict(cost=target, grad=None, params=params, args=args, blocks=blocks, **common)
    if kind == "cost":      # the cost was named (or found): its gradient may sit beside it
        grad = discovery.gradient_beside(module, target, params, args, blocks, ns.order)
        if grad is None:
            raise InputError(f"{attr} returns one number, a cost, not (cost, gradient), and no "
                             f"function in {module.__name__} returns a gradient for it; give the "
                             f"gradient function: check MODULE:GRAD --cost MODULE:{attr}.")
        ns.found.append(f"gradient {grad[0]} (it returns one value per parameter at the same "
                        "arguments)")
        return dict(cost=target, grad=grad[1], params=params, args=args, blocks=blocks, **common)
    if found is None:
        raise InputError(f"no cost function found in {module.__name__} (looked for "
                         f"{', '.join(targets.COST_NAMES)}), and {attr} does not return (cost, "
                         "gradient) together; give the cost with --cost MODULE:COST, or --forward "
                         "and --loss.")
    ns.found.append(f"cost {found[0]}")
    return dict(cost=found[1], grad=target, params=params, args=args, blocks=blocks, **common)


def _argv_for_reproduce(ns) -> list:
    extra = ["--complex-step"] if getattr(ns, "complex_step", False) else []
    if ns.full:
        extra.append("--full")
    elif getattr(ns, "screen", False):
        extra.append("--screen")
    elif ns.max_checks != 5000:
        extra += ["--max-checks", str(ns.max_checks)]
    return _common.reproduce_argv(ns, "check", ns.grad, ("cost", "forward", "loss", "params",
                                                          "args", "blocks", "numeric"), extra)
