"""`backprop-doctor lint FILE.py ...`: backprop mistakes found in the source, without running it."""
from __future__ import annotations

import json

from rich.text import Text

from ..console import ConsoleIO
from . import _common

HELP = "find backprop mistakes in source files without running them"
DESCRIPTION = """Read Python files (never run them) and point at backprop mistakes: a flipped sigmoid,
a loop that skips index 0, an update scaled by the weights, a softmax over the wrong axis, ...
`backprop-doctor rules` lists the rules; `backprop-doctor explain RULE-ID` explains one.
Silence a finding on its line with `# backprop-doctor: ignore[RULE-ID]`.

exit status: 0 no error-level finding, 1 an error-level finding, 2 a file could not be parsed or
does not exist (the other files are still linted).
example:  backprop-doctor lint mynet.py train.py"""


def add_arguments(p) -> None:
    p.add_argument("files", nargs="+", metavar="FILE.py", help="Python files (or directories) to read")
    p.add_argument("--json", action="store_true", help='print one JSON document: {"findings": [...]}')


def run(ns, io: ConsoleIO) -> int:
    from ..lint import lint_paths
    from ..lint.render import render_findings

    result = lint_paths(ns.files)
    for path in result.missing:
        io.err.print(Text.assemble(("cannot lint: ", "bold red"), f"{path}: no such file"))
    findings = list(result.findings)
    if ns.json:
        _common.print_json(io, json.dumps({"findings": [f.to_dict() for f in findings]}, indent=2))
        for path in result.unparsable:  # the report is on stdout; say it on stderr too
            line = next(f for f in findings if f.file == path and f.id == "syntax-error")
            io.err.print(Text.assemble(("cannot parse: ", "bold red"), f"{path}: {line.message}"))
    else:
        io.out.print(render_findings(findings, len(result.files), len(result.unparsable)))
    if result.missing or result.unparsable:
        return _common.EXIT_INPUT_ERROR
    return _common.EXIT_FAILED if result.has_errors else _common.EXIT_OK
