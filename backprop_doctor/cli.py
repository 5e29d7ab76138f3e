"""The `backprop-doctor` command: parse, hand over to one command module, return its exit status.

Each subcommand lives in `backprop_doctor/commands/<name>.py` and defines `HELP` (one line),
`add_arguments(parser)` and `run(ns, io) -> int`.  This file knows nothing else about them,
except their one-line help (SUMMARIES, kept equal to each module's HELP by a test): only the
command being run is imported, so `--help` and `lint` do not pay for numpy and every parser.
"""
from __future__ import annotations

import argparse
import importlib
import sys
from typing import List, Optional

from .errors import ExitCode
from .version import version

COMMANDS = ("check", "layer", "step", "train", "lint", "rules", "explain", "demo")
SUMMARIES = {
    "check": "check a gradient function entry by entry and diagnose mistakes",
    "layer": "check one layer's backward against its forward (CS231n style), or a loss layer",
    "step": "check that a training step is params - lr * gradient for one lr > 0",
    "train": "run the training step N times on a copy and name why the loss does not fall",
    "lint": "find backprop mistakes in source files without running them",
    "rules": "list every rule: id, severity, what it means",
    "explain": "explain one rule: what it means, why it matters, a wrong and a right snippet",
    "demo": "list the bundled reference cases, or check one and show its report",
}
ALL = "*"

EXIT_OK, EXIT_FAILED, EXIT_INPUT_ERROR = ExitCode.OK, ExitCode.FAILED, ExitCode.INPUT_ERROR


class _Parser(argparse.ArgumentParser):
    """argparse, except that a usage error under --json is also one JSON document on stdout."""

    json_errors = False

    def error(self, message: str):  # type: ignore[override]
        if self.json_errors:
            import json

            from .errors import error_document

            doc = error_document("input", f"{self.prog}: {message}")
            try:
                sys.stdout.write(json.dumps(doc, indent=2) + "\n")
                sys.stdout.flush()
            except OSError:
                pass
        super().error(message)


def build_parser(json_errors: bool = False, command: Optional[str] = ALL) -> argparse.ArgumentParser:
    """The parser; `command` names the one subcommand whose module is imported and whose
    arguments are added (ALL: every one; None: none, for the top-level help)."""
    _Parser.json_errors = json_errors
    parser = _Parser(
        prog="backprop-doctor",
        description="Check hand-written gradients entry by entry and name the mistake.",
        epilog="Run `backprop-doctor demo` to see a diagnosis on a bundled buggy network.",
    )
    parser.add_argument("--version", action=_Version, nargs=0, help="show the version and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        if command != ALL and name != command:
            sub.add_parser(name, help=SUMMARIES[name])     # listed, not loaded
            continue
        module = _command_module(name)
        p = sub.add_parser(name, help=module.HELP, description=getattr(module, "DESCRIPTION", module.HELP),
                           formatter_class=argparse.RawDescriptionHelpFormatter)
        module.add_arguments(p)
        p.set_defaults(_module=module)
    return parser


class _Version(argparse.Action):
    """--version, reading the installed metadata only when asked (importlib.metadata is slow)."""

    def __call__(self, parser, namespace, values, option_string=None):
        sys.stdout.write(f"{parser.prog} {version()}\n")
        parser.exit()


def _command_in(argv: List[str]) -> Optional[str]:
    """The subcommand named on the command line (the first word that is not an option)."""
    for word in argv:
        if not word.startswith("-"):
            return word if word in COMMANDS else None
    return None


def main(argv: Optional[List[str]] = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(json_errors="--json" in argv, command=_command_in(argv))
    ns = parser.parse_args(argv)
    if not getattr(ns, "_module", None):
        parser.print_help()
        return EXIT_INPUT_ERROR
    from .console import ConsoleIO

    io = ConsoleIO.for_terminal()
    io.json = bool(getattr(ns, "json", False))
    from .commands._failures import run_guarded

    try:
        # Commands guard themselves; this catches what escapes any of them (exit 2, never 1).
        return run_guarded(io, lambda: ns._module.run(ns, io))
    except KeyboardInterrupt:
        io.err.print("interrupted: nothing of yours was changed (the check works on copies).")
        return ExitCode.INTERRUPTED


def _command_module(name: str):
    # Every name in COMMANDS has its module: a missing one is a bug to see, not to skip.
    return importlib.import_module(f"backprop_doctor.commands.{name}")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
