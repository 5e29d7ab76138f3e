"""`backprop-doctor demo [CASE]`: the bundled reference cases, and a check of one of them."""
from __future__ import annotations

from rich.table import Table

from ..console import ConsoleIO
from . import _common

HELP = "list the bundled reference cases, or check one and show its report"
DEFAULT_CASE = "seed001/original"


def add_arguments(p) -> None:
    p.add_argument("case", nargs="?", metavar="CASE", help="a case name from the list")
    _common.add_seed_and_json(p)


def run(ns, io: ConsoleIO) -> int:
    from reference_models import all_cases

    cases = all_cases()
    if ns.case is None:
        table = Table(title="reference cases (run one: backprop-doctor demo CASE)", title_justify="left")
        table.add_column("case", no_wrap=True)
        table.add_column("kind")
        table.add_column("what it shows")
        for name, case in cases.items():
            table.add_row(name, "correct" if case.correct else "bug", case.description)
        io.out.print(table)
        return _common.EXIT_OK
    case = cases.get(ns.case)
    if case is None:
        import difflib

        prefix = ns.case.split("/")[0]
        close = ([n for n in cases if ns.case in n or n.startswith(prefix + "/")]
                 or difflib.get_close_matches(ns.case, list(cases), n=5))[:8]
        hint = f" Did you mean: {', '.join(close)}?" if close else " Run `backprop-doctor demo` for the list."
        from ..errors import InputError

        return _common.report_input_error(io, InputError(f"unknown case {ns.case!r}.{hint}"))
    return _common.run_guarded(io, lambda: _run_case(case, ns, io))


def _run_case(case, ns, io: ConsoleIO) -> int:
    from .. import runner_cases

    with _common_stdout(ns.json):
        report = runner_cases.run_case(case, seed=ns.seed,
                                       command=f"backprop-doctor demo {case.name} --seed {ns.seed}")
    if ns.json:
        _common.print_json(io, report.to_json())
    else:
        if case.notes:
            io.out.print(f"[bold]{case.name}[/bold]: {case.description}\n[dim]{case.notes}[/dim]\n")
        _common.print_report(io, report)
    if not getattr(report, "ok", True):
        io.err.print(f"demo exits 0: the demo ran as intended. {case.name} is a known-bug case, so "
                     "its report says FAILED; `backprop-doctor check` on your own code exits 1 "
                     "for such a report.", style="dim", markup=False, highlight=False)
    return _common.EXIT_OK


def _common_stdout(enabled: bool):
    from ..targets import user_stdout_to_stderr

    return user_stdout_to_stderr(enabled)
