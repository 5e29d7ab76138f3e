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

COMMANDS = ("check", "layer", "step", "train", "lint", "rules", "explain", "demo")

EXIT_OK, EXIT_FAILED, EXIT_INPUT_ERROR = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="backprop-doctor",
        description="Check hand-written gradients entry by entry and name the mistake.",
        epilog="Run `backprop-doctor demo` to see a diagnosis on a bundled buggy network.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
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
    parser = build_parser()
    ns = parser.parse_args(argv)
    if not getattr(ns, "_module", None):
        parser.print_help()
        return EXIT_INPUT_ERROR
    io = ConsoleIO.for_terminal()
    try:
        return ns._module.run(ns, io)
    except KeyboardInterrupt:
        io.err.print("interrupted: nothing of yours was changed (the check works on copies).")
        return 130


def _command_module(name: str):
    try:
        return importlib.import_module(f"backprop_doctor.commands.{name}")
    except ModuleNotFoundError as exc:
        if exc.name == f"backprop_doctor.commands.{name}":
            return None  # not built yet
        raise


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("backprop-doctor")
    except Exception:  # pragma: no cover - running from a source tree without metadata
        return "0+unknown"


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
