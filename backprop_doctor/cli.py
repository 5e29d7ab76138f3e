"""The `backprop-doctor` command: parse, hand over to one command module, return its exit status.

Each subcommand lives in `backprop_doctor/commands/<name>.py` and defines `HELP` (one line),
`add_arguments(parser)` and `run(ns, io) -> int`.  This file knows nothing else about them.
"""
from __future__ import annotations

import argparse
import importlib
import sys
from typing import List, Optional

from .console import ConsoleIO
from .errors import ExitCode
from .version import version

COMMANDS = ("check", "layer", "step", "train", "lint", "rules", "explain", "demo")

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


def build_parser(json_errors: bool = False) -> argparse.ArgumentParser:
    _Parser.json_errors = json_errors
    parser = _Parser(
        prog="backprop-doctor",
        description="Check hand-written gradients entry by entry and name the mistake.",
        epilog="Run `backprop-doctor demo` to see a diagnosis on a bundled buggy network.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        module = _command_module(name)
        if module is None:
            continue
        p = sub.add_parser(name, help=module.HELP, description=getattr(module, "DESCRIPTION", module.HELP),
                           formatter_class=argparse.RawDescriptionHelpFormatter)
        module.add_arguments(p)
        p.set_defaults(_module=module)
    return parser


def main(argv: Optional[List[str]] = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(json_errors="--json" in argv)
    ns = parser.parse_args(argv)
    if not getattr(ns, "_module", None):
        parser.print_help()
        return EXIT_INPUT_ERROR
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
