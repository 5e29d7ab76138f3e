"""`backprop-doctor lint FILE.py ...`: backprop mistakes found in the source, without running it."""
from __future__ import annotations

import json

from rich.text import Text

from ..console import ConsoleIO
from ..lint.formats import FORMATS
from . import _common

HELP = "find backprop mistakes in source files without running them"
DESCRIPTION = """Read Python files (never run them) and point at backprop mistakes: a flipped sigmoid,
a loop that skips index 0, an update scaled by the weights, a softmax over the wrong axis, ...
`backprop-doctor rules` lists the rules; `backprop-doctor explain RULE-ID` explains one.
Silence a finding on its line with `# backprop-doctor: ignore[RULE-ID]`.

output: --format rich (default: the lines themselves and the fix), concise (`path:line:col: id
message`, for editors' problem matchers), github (workflow annotations in a GitHub Actions log),
sarif (SARIF 2.1.0 for code-scanning dashboards), json (the same as --json).

exit status: 0 no error-level finding, 1 an error-level finding, 2 a file could not be parsed or
does not exist (the other files are still linted).  The same in every format.
example:  backprop-doctor lint mynet.py train.py
          backprop-doctor lint --format github src/"""


def add_arguments(p) -> None:
    p.add_argument("files", nargs="+", metavar="FILE.py", help="Python files (or directories) to read")
    p.add_argument("--json", action="store_true", help='print one JSON document: {"findings": [...]}')
    p.add_argument("--format", choices=FORMATS, default=None, metavar="FORMAT",
                   help="rich (default), concise, github, sarif or json")


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("backprop-doctor")
    except PackageNotFoundError:
        return "0+unknown"


def _machine_text(fmt: str, findings) -> str:
    from ..findings import catalogue
    from ..lint import formats

    if fmt == "json":
        return json.dumps({"findings": [f.to_dict() for f in findings]}, indent=2)
    if fmt == "sarif":
        rules = [r for r in catalogue() if r.kind == "lint"]
        return formats.sarif(findings, rules, _version()).rstrip("\n")
    return (formats.concise(findings) if fmt == "concise" else formats.github(findings)).rstrip("\n")


def run(ns, io: ConsoleIO) -> int:
    from ..lint import lint_paths

    if ns.json and ns.format not in (None, "json"):
        io.err.print(Text.assemble(("cannot lint: ", "bold red"),
                                   f"--json and --format {ns.format} ask for two formats; give one"))
        return _common.EXIT_INPUT_ERROR
    fmt = "json" if ns.json else (ns.format or "rich")
    result = lint_paths(ns.files)
    for path in result.missing:
        io.err.print(Text.assemble(("cannot lint: ", "bold red"), f"{path}: no such file"))
    findings = list(result.findings)
    if fmt == "rich":
        from ..lint.render import render_findings

        io.out.print(render_findings(findings, len(result.files), len(result.unparsable)))
    else:
        text = _machine_text(fmt, findings)
        if text:
            _common.print_json(io, text)  # a plain write: rich would wrap long lines
        for path in result.unparsable:  # the report is on stdout; say it on stderr too
            line = next(f for f in findings if f.file == path and f.id == "syntax-error")
            io.err.print(Text.assemble(("cannot parse: ", "bold red"), f"{path}: {line.message}"))
    if result.missing or result.unparsable:
        return _common.EXIT_INPUT_ERROR
    return _common.EXIT_FAILED if result.has_errors else _common.EXIT_OK
