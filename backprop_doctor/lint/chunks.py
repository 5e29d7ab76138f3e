"""Very large sources (generated files, data written as code) linted in pieces of whole top-level
statements, so memory stays bounded: the syntax tree of a 10 MB file alone takes gigabytes.

Every rule looks inside one function or one top-level statement, so a cut between top-level
statements loses nothing but module-level names defined in an earlier piece; imports are carried
from piece to piece.
"""
from __future__ import annotations

import io
import tokenize
from typing import List, Optional, Tuple

CHUNK_CHARS = 1_000_000

_SKIP = (tokenize.NL, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT, tokenize.NEWLINE,
         tokenize.ENCODING)


def scan(source: str) -> Tuple[Optional[List[int]], List[Tuple[int, str]]]:
    """(lines where a top-level statement starts, comments as (line, text)), in one pass over the
    tokens.  The starts are None when the source does not tokenize (it is then parsed whole, and
    the parser names the error).  A decorated definition starts at its first decorator."""
    starts: List[int] = []
    comments: List[Tuple[int, str]] = []
    depth, at_start, after_decorator = 0, True, False
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type == tokenize.COMMENT:
                comments.append((tok.start[0], tok.string))
            elif tok.type == tokenize.INDENT:
                depth += 1
            elif tok.type == tokenize.DEDENT:
                depth -= 1
            elif tok.type == tokenize.NEWLINE:
                at_start = True
            if tok.type in _SKIP or not at_start:
                continue
            at_start = False
            if depth == 0:
                if not after_decorator:
                    starts.append(tok.start[0])
                after_decorator = tok.type == tokenize.OP and tok.string == "@"
    except (tokenize.TokenError, SyntaxError):
        return None, comments
    return starts, comments


def pieces(source: str, starts: List[int], size: int = CHUNK_CHARS) -> List[Tuple[int, str]]:
    """(first line, text) of consecutive runs of top-level statements, each about `size`
    characters (one statement longer than that is a piece of its own)."""
    lines = source.splitlines(keepends=True)
    cuts = [1]
    length = 0
    start_set = set(starts)
    for number, line in enumerate(lines, 1):
        if number in start_set and length >= size and number != cuts[-1]:
            cuts.append(number)
            length = 0
        length += len(line)
    bounds = cuts + [len(lines) + 1]
    return [(first, "".join(lines[first - 1:last - 1])) for first, last in zip(bounds, bounds[1:])]
