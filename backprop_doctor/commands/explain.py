"""`backprop-doctor explain RULE-ID`: what a rule means, a wrong and a right snippet, the fix."""
from __future__ import annotations

import difflib

from rich.console import Group
from rich.syntax import Syntax
from rich.text import Text

from ..findings import catalogue, get_rule
from . import _common

HELP = "explain one rule: what it means, why it matters, a wrong and a right snippet"


def add_arguments(p) -> None:
    p.add_argument("rule", metavar="RULE-ID", help="e.g. sign-flip (see `backprop-doctor rules`)")


def run(ns, io) -> int:
    try:
        rule = get_rule(ns.rule)
    except KeyError:
        ids = [r.id for r in catalogue()]
        close = difflib.get_close_matches(ns.rule, ids, n=3)
        hint = f" Did you mean {', '.join(close)}?" if close else " `backprop-doctor rules` lists them."
        io.err.print(f"unknown rule {ns.rule!r}.{hint}")
        return _common.EXIT_INPUT_ERROR
    parts = [Text.assemble((rule.id, "bold"), f"  ({rule.severity}, {rule.kind})"),
             Text(rule.title, style="italic"), Text(""), Text(rule.explanation), Text("")]
    if rule.bad:
        parts += [Text("Wrong:", style="bold red"), Syntax(rule.bad, "python", theme="ansi_dark",
                                                           background_color="default"), Text("")]
    if rule.good:
        parts += [Text("Right:", style="bold green"), Syntax(rule.good, "python", theme="ansi_dark",
                                                             background_color="default"), Text("")]
    parts += [Text.assemble(("Fix: ", "bold"), rule.fix)]
    io.out.print(Group(*parts))
    return _common.EXIT_OK
