"""`backprop-doctor rules`: the rule catalogue, one line each."""
from __future__ import annotations

import json

from rich.table import Table

from ..findings import catalogue
from . import _common

HELP = "list every rule: id, severity, what it means"


def add_arguments(p) -> None:
    p.add_argument("--json", action="store_true", help="the catalogue as JSON")


def run(ns, io) -> int:
    rules = catalogue()
    if ns.json:
        _common.print_json(io, json.dumps({"rules": [
            {"id": r.id, "severity": r.severity, "kind": r.kind, "title": r.title} for r in rules]},
            indent=2))
        return _common.EXIT_OK
    table = Table(title="backprop-doctor rules (details: backprop-doctor explain RULE-ID)",
                  title_justify="left")
    table.add_column("id", no_wrap=True)
    table.add_column("severity")
    table.add_column("kind")
    table.add_column("what it means")
    for r in rules:
        table.add_row(r.id, r.severity, r.kind, r.title)
    io.out.print(table)
    return _common.EXIT_OK
