"""Static findings beside a dynamic check: lint the user's source files, link what explains what.

Static findings are advice in a check report: they never change `ok` or the exit status.  When a
lint line explains a dynamic finding (a `sigmoid-sign` line and a `sign-flip` block), the dynamic
finding's message says so, pointing at the line.
"""
from __future__ import annotations

import os
from dataclasses import replace
from typing import Dict, List, Tuple

from .findings import Finding, dedupe, sort_findings
from .report import Report

# dynamic rule -> lint rules whose line is a likely cause
EXPLAINS: Dict[str, Tuple[str, ...]] = {
    "sign-flip": ("sigmoid-sign",),
    "skipped-first-parameter": ("loop-skips-first",),
    "missing-softmax-backprop": ("activation-before-softmax", "softmax-axis"),
    "batch-coupling": ("softmax-axis",),
    "stale-accumulator": ("accumulator-not-reset",),
}


def with_static_findings(report: Report, files: List[str]) -> Report:
    try:
        from .lint import lint_file
    except ImportError:  # the lint package is optional inside the tool
        return report
    static: List[Finding] = []
    for path in files:
        if os.path.isfile(path):
            try:
                static.extend(f for f in lint_file(path) if f.id != "syntax-error")
            except Exception:  # noqa: BLE001 - advice must never break a check
                continue
    if not static:
        return report
    linked = [_link(f, static) for f in report.findings]
    findings = sort_findings(dedupe(linked + static))
    return replace(report, findings=tuple(findings))


def _link(finding: Finding, static: List[Finding]) -> Finding:
    causes = [s for s in static if s.id in EXPLAINS.get(finding.id, ())]
    if not causes:
        return finding
    where = ", ".join(f"{os.path.basename(s.file or '')}:{s.line} ({s.id})" for s in causes[:3])
    return replace(finding, message=f"{finding.message} This matches the line{'s' if len(causes) > 1 else ''} "
                                    f"the static check found: {where}.")
