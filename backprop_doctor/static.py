"""Static findings beside a dynamic check: lint the user's source files, link what explains what.

Static findings are advice in a check report: they never change `ok` or the exit status.  When a
lint line explains a dynamic finding (a `sigmoid-sign` line and a `sign-flip` block), the dynamic
finding's message says so, pointing at the line.
"""
from __future__ import annotations

import ast
import functools
import inspect
import os
from dataclasses import replace
from typing import Callable, Dict, List, Set, Tuple

from .findings import Finding, dedupe, sort_findings
from .report import Report

# dynamic rule -> lint rules whose line is a likely cause
EXPLAINS: Dict[str, Tuple[str, ...]] = {
    "sign-flip": ("sigmoid-sign",),
    "skipped-first-parameter": ("loop-skips-first",),
    "missing-softmax-backprop": ("activation-before-softmax", "softmax-axis"),
    "batch-coupling": ("softmax-axis",),
    "stale-accumulator": ("accumulator-not-reset",),
    "hidden-layer-mismatch": ("derivative-on-wrong-input",),
    "misapplied-update": ("update-times-weights",),
    "numgrad-mismatch": ("loss-args-swapped",),
}


def with_static_findings(report: Report, files: Dict[str, List[Callable]]) -> Report:
    """Lint each file, keeping findings inside the checked functions and what they call."""
    try:
        from .lint import lint_file
    except ImportError:  # the lint package is optional inside the tool
        return report
    static: List[Finding] = []
    for path, functions in files.items():
        if not os.path.isfile(path):
            continue
        try:
            spans = used_spans(path, functions)
            static.extend(f for f in _lint_cached(path, *_stamp(path)) if f.id != "syntax-error"
                          and f.line is not None and any(a <= f.line <= b for a, b in spans))
        except Exception:  # noqa: BLE001 - advice must never break a check
            continue
    if not static:
        return report
    linked = [_link(f, static) for f in report.findings]
    findings = sort_findings(dedupe(linked + static))
    return replace(report, findings=tuple(findings))


def _stamp(path: str) -> Tuple[float, int]:
    st = os.stat(path)
    return st.st_mtime, st.st_size


@functools.lru_cache(maxsize=64)
def _lint_cached(path: str, mtime: float, size: int) -> Tuple[Finding, ...]:
    """Lint results per file version: a test suite checks many functions of one big file."""
    from .lint import lint_file

    return tuple(lint_file(path))


def used_spans(path: str, functions: List[Callable]) -> List[Tuple[int, int]]:
    """Line spans of the given functions and of every function of the file they call, transitively.

    A file often holds more than the code being checked (a buggy draft beside the fixed one, a
    training loop); only the code the check ran is relevant to its verdict.
    """
    with open(path, encoding="utf-8") as fh:
        tree = ast.parse(fh.read(), filename=path)
    defs: Dict[str, List[ast.AST]] = {}
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            defs.setdefault(node.name, []).append(node)
    todo: List[ast.AST] = []
    spans: List[Tuple[int, int]] = []
    for fn in functions:
        try:
            line = inspect.getsourcelines(inspect.unwrap(fn))[1]
        except (OSError, TypeError):
            continue
        node = next((n for ns in defs.values() for n in ns
                     if n.lineno == line or any(d.lineno == line for d in n.decorator_list)), None)
        if node is None:
            spans.append((line, line))
        else:
            todo.append(node)
    seen: Set[int] = set()
    while todo:
        node = todo.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        spans.append((min([node.lineno] + [d.lineno for d in node.decorator_list]), node.end_lineno))
        for sub in ast.walk(node):
            if isinstance(sub, ast.Call):
                name = sub.func.id if isinstance(sub.func, ast.Name) else (
                    sub.func.attr if isinstance(sub.func, ast.Attribute) else None)
                todo.extend(defs.get(name, []))
    return spans


def _link(finding: Finding, static: List[Finding]) -> Finding:
    causes = [s for s in static if s.id in EXPLAINS.get(finding.id, ())]
    if not causes:
        return finding
    where = ", ".join(f"{os.path.basename(s.file or '')}:{s.line} ({s.id})" for s in causes[:3])
    return replace(finding, message=f"{finding.message} This matches the line{'s' if len(causes) > 1 else ''} "
                                    f"the static check found: {where}.")
