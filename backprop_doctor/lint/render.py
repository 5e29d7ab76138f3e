"""Lint findings as rich renderables: where, what, the lines themselves, and the fix.

Returns renderables and never prints (the command prints them).  Each finding highlights only the
few lines it shows, and each file is read and split once, so the report is linear in the number of
findings (highlighting the whole file per finding made 1000 findings in one file take minutes).
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.syntax import Syntax
from rich.text import Text

from ..findings import Finding

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
CONTEXT = 2
MAX_SHOWN_LINE = 300  # a generated file's 100 kB line is cut, not wrapped over pages


def _read(path: str, cache: Dict[str, Optional[List[str]]]) -> Optional[List[str]]:
    if path not in cache:
        try:
            cache[path] = Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            cache[path] = None
    return cache[path]


def _excerpt(lines: Sequence[str], first: int, last: int) -> str:
    shown = lines[first - 1:last]
    return "\n".join(line if len(line) <= MAX_SHOWN_LINE else line[:MAX_SHOWN_LINE] + " ..." for line in shown)


def render_finding(finding: Finding, source: Optional[str] = None,
                   lines: Optional[Sequence[str]] = None) -> RenderableType:
    """file:line  id  severity, the message, the lines around it (highlighted), the fix."""
    head = Text()
    head.append(f"{finding.file}:{finding.line}", style="bold")
    head.append("  ")
    head.append(finding.id, style=SEVERITY_STYLE.get(finding.severity, ""))
    head.append(f"  {finding.severity}", style="dim")
    parts: List[RenderableType] = [head, Padding(Text(finding.message), (0, 0, 0, 2))]
    if lines is None and source:
        lines = source.splitlines()
    if lines and finding.line:
        end = min(int(finding.evidence.get("end_line") or finding.line), finding.line + 20)
        first, last = max(1, finding.line - CONTEXT), min(len(lines), end + CONTEXT)
        if first <= last:
            parts.append(Padding(Syntax(_excerpt(lines, first, last), "python", line_numbers=True,
                                        start_line=first, highlight_lines=set(range(finding.line, end + 1)),
                                        theme="ansi_dark", word_wrap=True), (0, 0, 0, 2)))
    fix = Text("fix: ", style="bold")
    fix.append(finding.fix)
    parts.append(Padding(fix, (0, 0, 0, 2)))
    if finding.id != "syntax-error":
        parts.append(Padding(Text(f"silence here: # backprop-doctor: ignore[{finding.id}]", style="dim"),
                             (0, 0, 0, 2)))
    return Group(*parts)


def summary(findings: Sequence[Finding], n_files: int, n_unparsable: int = 0) -> Text:
    counts = Counter(f.severity for f in findings)
    files = f"{n_files} file" + ("s" if n_files != 1 else "")
    if not findings:
        return Text(f"no findings in {files}", style="bold green")
    pieces = [f"{counts[s]} {s}" + ("s" if counts[s] != 1 else "") for s in ("error", "warning", "info") if counts[s]]
    text = Text(f"{len(findings)} finding" + ("s" if len(findings) != 1 else "") + f" in {files}: ",
                style="bold")
    text.append(", ".join(pieces), style="bold red" if counts["error"] else "yellow" if counts["warning"] else "cyan")
    if n_unparsable:
        text.append(f" ({n_unparsable} could not be parsed)", style="bold red")
    return text


def render_findings(findings: Iterable[Finding], n_files: int, n_unparsable: int = 0) -> RenderableType:
    findings = list(findings)
    cache: Dict[str, Optional[List[str]]] = {}
    blocks: List[RenderableType] = []
    for f in findings:
        blocks.append(render_finding(f, lines=_read(f.file, cache) if f.file else None))
        blocks.append(Text(""))
    blocks.append(summary(findings, n_files, n_unparsable))
    return Group(*blocks)
