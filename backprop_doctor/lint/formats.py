"""Lint findings in the plain formats editors and CI read: concise lines, GitHub workflow
annotations and SARIF 2.1.0.  Each function returns text; the command writes it.  All three are
linear in the number of findings (nothing is re-read or re-rendered per finding).
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence

from ..findings import Finding, RuleInfo

FORMATS = ("rich", "concise", "github", "sarif", "json")
TOOL_NAME = "backprop-doctor"
INFORMATION_URI = "https://pypi.org/project/backprop-doctor/"
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

_GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}
_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def column(finding: Finding) -> int:
    """1-based column of the finding (rules record it; 1 when they did not)."""
    return int(finding.evidence.get("col") or 1)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def concise(findings: Iterable[Finding]) -> str:
    """`path:line:col: id message`, one line each: the form editors' problem matchers read."""
    return "".join(f"{f.file}:{f.line or 1}:{column(f)}: {f.id} {_one_line(f.message)}\n" for f in findings)


def _escape_data(text: str) -> str:
    # GitHub's workflow-command escaping (actions/toolkit, command.ts: escapeData / escapeProperty)
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github(findings: Iterable[Finding]) -> str:
    """`::error file=F,line=L,col=C,title=ID::message` per finding (warning / notice by severity)."""
    lines = []
    for f in findings:
        props = (f"file={_escape_property(f.file or '')},line={f.line or 1},col={column(f)},"
                 f"title={_escape_property(f.id)}")
        lines.append(f"::{_GITHUB_LEVEL.get(f.severity, 'warning')} {props}::{_escape_data(f.message)}\n")
    return "".join(lines)


def _uri(path: Optional[str]) -> str:
    """A relative path (from the working directory) with forward slashes, as code scanning wants;
    an absolute file URI when the file is outside the working directory."""
    if not path:
        return ""
    p = Path(path)
    try:
        rel = os.path.relpath(p.resolve(), Path.cwd().resolve())
    except ValueError:  # another drive on Windows
        return p.resolve().as_uri()
    if rel.startswith(".."):
        return p.resolve().as_uri()
    return Path(rel).as_posix()


def _rule_entry(rule: RuleInfo) -> Dict[str, object]:
    help_text = f"{rule.explanation}\n\nFix: {rule.fix}"
    markdown = f"{rule.explanation}\n\n**Fix:** {rule.fix}"
    if rule.bad and rule.good:
        markdown += f"\n\nWrong:\n```python\n{rule.bad}\n```\nRight:\n```python\n{rule.good}\n```"
    return {
        "id": rule.id,
        "name": "".join(part.capitalize() for part in rule.id.split("-")),
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.explanation},
        "help": {"text": help_text, "markdown": markdown},
        "defaultConfiguration": {"level": _SARIF_LEVEL.get(rule.severity, "warning")},
        "properties": {"tags": ["backprop", rule.kind]},
    }


def sarif(findings: Sequence[Finding], rules: Sequence[RuleInfo], version: str) -> str:
    """One SARIF 2.1.0 log: the tool with one rule entry per lint rule id, and one result per
    finding located at file:line:column."""
    index = {rule.id: i for i, rule in enumerate(rules)}
    results: List[Dict[str, object]] = []
    for f in findings:
        result: Dict[str, object] = {
            "ruleId": f.id,
            "level": _SARIF_LEVEL.get(f.severity, "warning"),
            "message": {"text": f.message},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": _uri(f.file)},
                "region": {"startLine": f.line or 1, "startColumn": column(f)},
            }}],
        }
        if f.id in index:
            result["ruleIndex"] = index[f.id]
        end = f.evidence.get("end_line")
        if end and f.line and int(end) > f.line:
            result["locations"][0]["physicalLocation"]["region"]["endLine"] = int(end)
        results.append(result)
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": TOOL_NAME,
                "version": version,
                "informationUri": INFORMATION_URI,
                "rules": [_rule_entry(rule) for rule in rules],
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    return json.dumps(log, indent=2) + "\n"
