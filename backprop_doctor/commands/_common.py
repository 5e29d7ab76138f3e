"""Pieces every checking command shares: seeding, progress, the reproduce line (and, from
`_failures`, the error paragraphs and the output path)."""
from __future__ import annotations

import shlex
import time
from typing import TYPE_CHECKING, List, Optional

from ..console import ConsoleIO
from ..errors import ExitCode
from ._failures import (OutputError, print_json, print_report, report_input_error,  # noqa: F401
                        report_internal_error, run_guarded)

if TYPE_CHECKING:
    from rich.progress import Progress

EXIT_OK, EXIT_FAILED, EXIT_INPUT_ERROR = ExitCode.OK, ExitCode.FAILED, ExitCode.INPUT_ERROR


def finish(io: ConsoleIO, report, as_json: bool) -> int:
    """Print the report (one JSON document, or the rich report) and return its exit status:
    0 ok, 1 the check found something; every command ends the same way."""
    if as_json:
        print_json(io, report.to_json())
    else:
        print_report(io, report)
    return EXIT_OK if report.ok else EXIT_FAILED


def add_point_arguments(p, params_help: str) -> None:
    """--params, --args, --blocks, --order: where the point comes from, the same for every
    command that takes parameters."""
    p.add_argument("--params", metavar="MODULE:PARAMS", help=params_help)
    p.add_argument("--args", metavar="MODULE:ARGS",
                   help="extra arguments: a tuple is unpacked, anything else is one argument")
    p.add_argument("--blocks", metavar="LAYOUT",
                   help="names for a flat theta, e.g. theta1=5x4,theta2=3x6")
    p.add_argument("--order", choices=("C", "F"), default="C",
                   help="unrolling order of --blocks: C row-major (numpy), F column-major "
                        "(Octave/MATLAB)")


def add_seed_and_json(parser) -> None:
    parser.add_argument("--json", action="store_true",
                        help="print one JSON document on stdout (your code's prints go to stderr)")
    parser.add_argument("--seed", type=seed_value, default=0, metavar="N",
                        help="seed for the check and, before your module is imported, numpy's "
                             "global generator (default 0)")


def seed_value(text: str) -> int:
    """argparse type for --seed: a whole number >= 0 (numpy's generators refuse negatives)."""
    import argparse

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{value} is negative; a seed is a whole number >= 0")
    return value


def seed_from_config(ns) -> None:
    """--seed, --tol and --ignore (where the command has them) over [tool.backprop-doctor]
    over the defaults, as `check` and the API read them; the resolved values go into the
    reproduce line, so it also works away from this pyproject."""
    from ..config import load_config, resolve

    ns.config = load_config(True)       # handed on, so the report can show where values came from
    settings = resolve(ns.config, seed=ns.seed, rtol=getattr(ns, "tol", None),
                       ignore=getattr(ns, "ignore", None))
    ns.seed = settings.seed
    if hasattr(ns, "tol"):
        ns.tol = settings.rtol
    if hasattr(ns, "ignore"):
        ns.ignore = list(settings.ignore)


def add_ignore(p) -> None:
    p.add_argument("--ignore", action="append", default=[], metavar="RULE",
                   help="drop this rule's findings (repeatable; also `ignore` in "
                   "[tool.backprop-doctor])")


def seed_user_randomness(seed: int) -> None:
    """Like pytest-randomly: unseeded np.random draws in user modules become reproducible."""
    import numpy as np   # here, not at import: `lint` and `--help` start without numpy

    np.random.seed(seed % (2 ** 32))


class LazyProgress:
    """A progress bar on stderr that appears only when the work takes more than a second; off a
    terminal (CI logs, a pipe) a plain line every few seconds instead, so a long run is not
    silent."""

    PLAIN_EVERY = 5.0   # seconds between plain progress lines

    def __init__(self, io: ConsoleIO, description: str, enabled: bool = True):
        self.io, self.description, self.enabled = io, description, enabled
        self.start = time.monotonic()
        self._progress: Optional["Progress"] = None
        self._task = None
        self._last_plain = self.start

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        if not self.io.err.is_terminal:
            self._plain(done, total)
            return
        if self._progress is None:
            if time.monotonic() - self.start < 1.0:
                return
            from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

            self._progress = Progress(TextColumn("{task.description}"), BarColumn(),
                                      TextColumn("{task.completed}/{task.total} evaluations"),
                                      TimeRemainingColumn(), console=self.io.err, transient=True)
            self._progress.start()
            self._task = self._progress.add_task(self.description, total=total)
        self._progress.update(self._task, completed=done, total=total)

    def _plain(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self._last_plain < self.PLAIN_EVERY or done >= total:
            return
        self._last_plain = now
        share = f" ({100 * done / total:.0f}%)" if total else ""
        self.io.err.print(f"{self.description}: {done}/{total} evaluations{share}, "
                          f"{now - self.start:.0f} s", markup=False, highlight=False, soft_wrap=True)

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None


def reproduce_command(argv: List[str]) -> str:
    return "backprop-doctor " + " ".join(shlex.quote(a) for a in argv)


def reproduce_argv(ns, command: str, target: str, flags, extra=()) -> List[str]:
    """The command line that repeats this run: the target, the given MODULE:NAME flags, then
    --order, --tol, anything command-specific (`extra`), --ignore and --seed as resolved (so it
    also works away from the pyproject.toml they may have come from)."""
    argv = [command, target]
    for flag in flags:
        value = getattr(ns, flag, None)
        if value:
            argv += [f"--{flag}", value]
    if getattr(ns, "order", "C") != "C":
        argv += ["--order", ns.order]
    tol = getattr(ns, "tol", None)
    if tol is not None and tol != 1e-6:
        argv += ["--tol", repr(tol)]
    argv += list(extra)
    for rule in getattr(ns, "ignore", ()):
        argv += ["--ignore", rule]
    return argv + ["--seed", str(ns.seed)]


