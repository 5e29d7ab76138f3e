"""Where output goes: rich consoles for stdout and stderr, plain when not a terminal."""
from __future__ import annotations

import io as _io
from dataclasses import dataclass

from rich.console import Console


@dataclass
class ConsoleIO:
    out: Console
    err: Console
    json: bool = False      # --json: stdout carries exactly one JSON document, errors included

    @classmethod
    def for_terminal(cls) -> "ConsoleIO":
        # rich turns colour off by itself when the stream is not a terminal (piped, CI).
        return cls(out=Console(highlight=False), err=Console(stderr=True, highlight=False))

    @classmethod
    def captured(cls, width: int = 100) -> "ConsoleIO":
        """Consoles that record to strings (tests, exports): no colour, fixed width."""
        return cls(out=Console(file=_io.StringIO(), width=width, color_system=None, highlight=False),
                   err=Console(file=_io.StringIO(), width=width, color_system=None, highlight=False))
