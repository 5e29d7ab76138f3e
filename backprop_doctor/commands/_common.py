"""Pieces every checking command shares: seeding, error paragraphs, progress, output."""
from __future__ import annotations

import shlex
import sys
import time
from typing import Callable, List, Optional

import numpy as np
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn
from rich.text import Text

from ..console import ConsoleIO
from ..errors import InputError, UserCodeError

EXIT_OK, EXIT_FAILED, EXIT_INPUT_ERROR = 0, 1, 2


def add_seed_and_json(parser) -> None:
    parser.add_argument("--json", action="store_true",
                        help="print one JSON document on stdout (your code's prints go to stderr)")
    parser.add_argument("--seed", type=int, default=0, metavar="N",
                        help="seed for the check and, before your module is imported, numpy's "
                             "global generator (default 0)")


def seed_user_randomness(seed: int) -> None:
    """Like pytest-randomly: unseeded np.random draws in user modules become reproducible."""
    np.random.seed(seed % (2 ** 32))


def report_input_error(io: ConsoleIO, exc: Exception) -> int:
    """One paragraph, never a traceback of ours; the user's own frames when their code raised."""
    if isinstance(exc, UserCodeError):
        io.err.print(Text.assemble(("cannot check: ", "bold red"),
                                   f"{exc.where} raised {type(exc.original).__name__}: {exc.original}. "
                                   "Your code's traceback:"))
        io.err.print(Text(exc.user_traceback), soft_wrap=True)
    else:
        io.err.print(Text.assemble(("cannot check: ", "bold red"), str(exc)))
    return EXIT_INPUT_ERROR


def run_guarded(io: ConsoleIO, body: Callable[[], int]) -> int:
    try:
        return body()
    except (InputError, UserCodeError) as exc:
        return report_input_error(io, exc)


class LazyProgress:
    """A progress bar on stderr that appears only when the work takes more than a second."""

    def __init__(self, io: ConsoleIO, description: str, enabled: bool = True):
        self.io, self.description, self.enabled = io, description, enabled
        self.start = time.monotonic()
        self._progress: Optional[Progress] = None
        self._task = None

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        if self._progress is None:
            if time.monotonic() - self.start < 1.0:
                return
            self._progress = Progress(TextColumn("{task.description}"), BarColumn(),
                                      TextColumn("{task.completed}/{task.total} evaluations"),
                                      TimeRemainingColumn(), console=self.io.err, transient=True)
            self._progress.start()
            self._task = self._progress.add_task(self.description, total=total)
        self._progress.update(self._task, completed=done, total=total)

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None


def reproduce_command(argv: List[str]) -> str:
    return "backprop-doctor " + " ".join(shlex.quote(a) for a in argv)


def print_json(io: ConsoleIO, text: str) -> None:
    # Plain write: rich would wrap or highlight; stdout must carry exactly the JSON document.
    out = io.out.file if io.out.file is not None else sys.stdout
    out.write(text + "\n")
    out.flush()
