"""Static lint: backprop mistakes found in the source with `ast`, before anything runs.

The code is parsed, never executed.  Each rule lives in `backprop_doctor/lint/rules/<id>.py`,
registers its `RuleInfo` in the one catalogue and exposes `check(module) -> findings`.
"""
from __future__ import annotations

import ast
import tokenize
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, List, Tuple, Union

from ..findings import Finding, dedupe
from . import syntax
from ._module import LintModule
from .rules import RULES
from .suppress import is_suppressed, suppressions

__all__ = ["LintResult", "lint_source", "lint_file", "lint_paths", "RULES"]

PathLike = Union[str, Path]


@dataclass(frozen=True)
class LintResult:
    """What `lint_paths` saw: the findings (file order, then line), the files read, and the
    files that could not be parsed or read (they also carry a `syntax-error` finding when parsed)."""

    findings: Tuple[Finding, ...]
    files: Tuple[str, ...]
    unparsable: Tuple[str, ...]
    missing: Tuple[str, ...] = ()

    @property
    def has_errors(self) -> bool:
        return any(f.severity == "error" for f in self.findings)


def lint_source(source: str, filename: str = "<string>") -> List[Finding]:
    """Every lint finding in one source text, by line; a parse failure is one `syntax-error`."""
    try:
        tree = ast.parse(source, filename=filename)
    except (SyntaxError, ValueError) as exc:  # ValueError: null bytes in the source (3.11)
        return [syntax.syntax_finding(exc, filename)]
    except (RecursionError, MemoryError):
        return [syntax.too_deep_finding(filename)]
    module = LintModule(source, filename, tree)
    silenced = suppressions(source)
    found: List[Finding] = []
    for rule in RULES:
        try:
            findings = list(rule.check(module))
        except RecursionError:  # a generated file with one enormous expression: skip that rule
            continue
        for finding in findings:
            end = finding.evidence.get("end_line", finding.line)
            if not is_suppressed(silenced, finding.id, finding.line or 0, end or 0):
                found.append(finding)
    found.sort(key=lambda f: (f.line or 0, f.id))
    return dedupe(found)


def lint_file(path: PathLike) -> List[Finding]:
    """Lint one file (read with its own encoding declaration, as Python would)."""
    path = Path(path)
    try:
        with tokenize.open(path) as fh:
            source = fh.read()
    except (SyntaxError, UnicodeDecodeError):  # a bad coding cookie or undecodable bytes
        source = path.read_text(encoding="utf-8", errors="replace")
    return lint_source(source, str(path))


def _expand(paths: Iterable[PathLike]) -> List[Path]:
    """Directories become the .py files under them; a file named twice is read once."""
    out, seen = [], set()
    for p in map(Path, paths):
        for path in sorted(p.rglob("*.py")) if p.is_dir() else [p]:
            try:
                key = path.resolve()
            except (OSError, RuntimeError):   # a symlink loop: reported as unreadable below
                key = path.absolute()
            if key not in seen:
                seen.add(key)
                out.append(path)
    return out


def lint_paths(paths: Iterable[PathLike]) -> LintResult:
    """Lint files (directories: every .py under them); one unreadable file never stops the rest."""
    findings: List[Finding] = []
    files, unparsable, missing = [], [], []
    for path in _expand(paths):
        if not path.is_file():
            missing.append(str(path))
            continue
        file_findings = lint_file(path)
        files.append(str(path))
        if any(f.id == syntax.INFO.id for f in file_findings):
            unparsable.append(str(path))
        findings.extend(file_findings)
    return LintResult(tuple(findings), tuple(files), tuple(unparsable), tuple(missing))
