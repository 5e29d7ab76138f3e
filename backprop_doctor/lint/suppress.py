"""`# backprop-doctor: ignore[rule-id]` comments: which rule ids are silenced on which line."""
from __future__ import annotations

import io
import re
import tokenize
from typing import Dict, Iterable, Set, Tuple

ALL = "*"
_PATTERN = re.compile(r"#\s*backprop-doctor\s*:\s*ignore(?:\[([^\]]*)\])?", re.IGNORECASE)


def suppressions(source: str) -> Dict[int, Set[str]]:
    """line -> ids silenced there (`*` for a bare `ignore`); read from real comments only, so the
    text inside a string is never mistaken for one."""
    try:
        comments = [(tok.start[0], tok.string) for tok in tokenize.generate_tokens(io.StringIO(source).readline)
                    if tok.type == tokenize.COMMENT]
    except (tokenize.TokenError, SyntaxError):
        comments = [(i, line) for i, line in enumerate(source.splitlines(), 1) if "#" in line]
    return from_comments(comments)


def from_comments(comments: Iterable[Tuple[int, str]]) -> Dict[int, Set[str]]:
    """line -> silenced ids, from (line, comment text) pairs."""
    out: Dict[int, Set[str]] = {}
    for line, text in comments:
        for match in _PATTERN.finditer(text):
            ids = match.group(1)
            names = {s.strip() for s in ids.split(",") if s.strip()} if ids is not None else {ALL}
            out.setdefault(line, set()).update(names)
    return out


def is_suppressed(table: Dict[int, Set[str]], rule_id: str, *lines: int) -> bool:
    for line in lines:
        ids = table.get(line, ())
        if rule_id in ids or ALL in ids:
            return True
    return False
