"""Static lint: backprop mistakes found in the source with `ast`, before anything runs.

The code is parsed, never executed.  Each rule lives in `backprop_doctor/lint/rules/<id>.py`,
registers its `RuleInfo` in the one catalogue and exposes `check(module) -> findings`.
"""
from __future__ import annotations

import ast
import tokenize
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable, List, Tuple, Union

from ..findings import Finding, dedupe
from . import chunks, syntax
from ._module import LintModule
from .rules import RULES
from .suppress import from_comments, is_suppressed, suppressions

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
    """Every lint finding in one source text, by line; a parse failure is one `syntax-error`.
    A very large source is read in pieces of whole top-level statements (bounded memory)."""
    if len(source) <= chunks.CHUNK_CHARS:
        return _lint_piece(source, filename, suppressions(source), {})[0]
    starts, comments = chunks.scan(source)
    if starts is None:  # does not tokenize: the parser says where
        return _lint_piece(source, filename, suppressions(source), {})[0]
    silenced = from_comments(comments)
    found: List[Finding] = []
    aliases: dict = {}
    for first_line, text in chunks.pieces(source, starts):
        # leading newlines keep every line number (and column) that of the whole file
        piece_findings, aliases = _lint_piece("\n" * (first_line - 1) + text, filename, silenced, aliases)
        found.extend(piece_findings)
        if any(f.id == syntax.INFO.id for f in piece_findings):
            break  # one syntax error is the file's report, as for a file read whole
    found.sort(key=lambda f: (f.line or 0, f.id))
    return dedupe(found)


def _lint_piece(source: str, filename: str, silenced, aliases) -> Tuple[List[Finding], dict]:
    try:
        tree = ast.parse(source, filename=filename)
    except (SyntaxError, ValueError) as exc:  # ValueError: null bytes in the source (3.11)
        return [syntax.syntax_finding(exc, filename)], aliases
    except (RecursionError, MemoryError):
        return [syntax.too_deep_finding(filename)], aliases
    module = LintModule(source, filename, tree, aliases)
    found: List[Finding] = []
    for rule in RULES:
        try:
            findings = list(rule.check(module))
        except RecursionError:  # a generated file with one enormous expression: skip that rule
            continue
        for finding in findings:
            end = finding.evidence.get("end_line", finding.line)
            if not is_suppressed(silenced, finding.id, finding.line or 0, end or 0):
                found.append(_with_column(finding, module.lines))
    found.sort(key=lambda f: (f.line or 0, f.id))
    return dedupe(found), module.aliases


def _with_column(finding: Finding, lines: List[str]) -> Finding:
    """A finding without a column gets the first non-blank character of its line."""
    if finding.evidence.get("col") or not finding.line or finding.line > len(lines):
        return finding
    text = lines[finding.line - 1]
    col = len(text) - len(text.lstrip()) + 1
    return replace(finding, evidence={**finding.evidence, "col": col})


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
