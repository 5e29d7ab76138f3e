"""Report data: plain frozen dataclasses the renderers (rich, JSON, plots) consume.

A report carries everything needed to read and to reproduce the run: the numbers per entry and
per block, the findings, and the settings (seed, tolerance, steps, measured noise).
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

import numpy as np

from .findings import Finding, verdict_ok

SCHEMA_VERSION = 1
MAX_FAILURES_IN_JSON = 50

# Entry status codes stored per block (small ints keep the arrays light).
NOT_CHECKED, PASSED, FAILED, KINK, BELOW_NOISE = 0, 1, 2, 3, 4
STATUS_NAMES = {NOT_CHECKED: "not checked", PASSED: "ok", FAILED: "failed", KINK: "kink",
                BELOW_NOISE: "below noise"}


@dataclass(frozen=True)
class Entry:
    """One checked entry of one block."""

    block: str
    index: Tuple[int, ...]
    analytic: float
    numeric: float
    abs_error: float
    rel_error: float
    tolerance: float
    status: str

    @property
    def label(self) -> str:
        return f"{self.block}[{','.join(map(str, self.index))}]" if self.index else self.block

    def to_dict(self) -> Dict[str, Any]:
        return {"block": self.block, "index": list(self.index), "analytic": _num(self.analytic),
                "numeric": _num(self.numeric), "rel_error": _num(self.rel_error)}


@dataclass(frozen=True)
class BlockFloor:
    """What a screen guarantees for one block (errors relative to the block's typical entry)."""

    name: str
    floor: float        # smallest single-entry error the screen would have found
    target: float       # what --full fails for an entry of typical size
    typical: float      # the block's typical |gradient| (median of its nonzero entries)
    n_tests: int = 0

    @property
    def covered(self) -> bool:
        """The screen sees every single-entry error --full would fail (for a typical entry)."""
        return bool(self.floor <= self.target * (1 + 1e-9))


@dataclass(frozen=True, eq=False)
class BlockResult:
    """A block's summary and, for diagnosis and plots, its arrays in the block's own shape."""

    name: str
    shape: Tuple[int, ...]
    n_checked: int
    n_failed: int
    max_rel_error: Optional[float]
    values: np.ndarray          # the parameters at which the check ran
    analytic: np.ndarray        # the user's gradient (every entry)
    numeric: np.ndarray         # our estimate, NaN where not checked
    status: np.ndarray          # status codes, see STATUS_NAMES
    tolerance: np.ndarray       # absolute tolerance per entry, NaN where not checked
    order: str = "C"
    screen: Optional[BlockFloor] = None     # screen mode: what the screen guarantees

    @property
    def ok(self) -> bool:
        return self.n_failed == 0

    @property
    def screened_only(self) -> bool:
        """Passed a screen whose floor is above what --full would fail: not a full pass."""
        return self.ok and self.screen is not None and not self.screen.covered

    @property
    def fully_checked(self) -> bool:
        return bool(np.all(self.status != NOT_CHECKED))

    def to_dict(self) -> Dict[str, Any]:
        out = {"name": self.name, "shape": list(self.shape), "n_checked": self.n_checked,
               "n_failed": self.n_failed, "max_rel_error": _num(self.max_rel_error), "ok": self.ok}
        if self.screen is not None:
            out["screen_floor"] = _num(self.screen.floor)
            out["screen_target"] = _num(self.screen.target)
            out["screen_covered"] = self.screen.covered
        return out


@dataclass(frozen=True)
class Settings:
    """What the run used, so it can be repeated and its numbers understood."""

    seed: int
    rtol: float
    max_checks: int
    step_factor: float          # h_i = step_factor * max(1, |x_i|)
    noise_sigma: float          # measured absolute noise of the cost
    noise_relative: float
    cost_value: float
    low_precision: bool = False
    config: Dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Report:
    ok: bool
    mode: str                    # "full" | "screen"
    n_params: int
    n_checked: int
    n_failed: int
    n_evaluations: int
    max_rel_error: Optional[float]
    relative_difference: Optional[float]
    blocks: Tuple[BlockResult, ...]
    failures: Tuple[Entry, ...]  # worst first (all of them; JSON shows the first 50)
    findings: Tuple[Finding, ...]
    settings: Settings
    kinks: Tuple[Entry, ...] = ()
    command: Optional[str] = None
    title: str = "gradient check"
    screen_explicit: bool = False    # the user asked for the screen (--screen): its floor is accepted

    def verdict_with(self, findings) -> bool:
        """`ok` had the report these findings: failed entries are measurements and stay."""
        return verdict_ok(self.n_failed, findings)

    @property
    def screen_floor(self) -> Optional[float]:
        """Screen mode: the largest block floor (the smallest single-entry error, relative to a
        typical entry, that the screen would have found in every block); None in full mode."""
        floors = [b.screen.floor for b in self.blocks if b.screen is not None]
        return max(floors) if floors else None

    @property
    def screen_covered(self) -> Optional[bool]:
        screened = [b.screen for b in self.blocks if b.screen is not None]
        return all(s.covered for s in screened) if screened else None

    # where the block names came from: {"source": "given"|"inferred"|"none"|"structure",
    # "blocks": "--blocks text" or None, "order": "C"|"F"}; None for reports of other kinds
    layout: Optional[Dict[str, Any]] = None

    def block(self, name: str) -> BlockResult:
        for b in self.blocks:
            if b.name == name:
                return b
        raise KeyError(name)

    @property
    def failing_blocks(self) -> List[str]:
        return [b.name for b in self.blocks if not b.ok]

    def finding_ids(self) -> List[str]:
        return [f.id for f in self.findings]

    # -- serialisation ---------------------------------------------------------------------
    def to_dict(self) -> Dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "ok": self.ok,
            "mode": self.mode,
            "n_params": self.n_params,
            "n_checked": self.n_checked,
            "n_failed": self.n_failed,
            "n_evaluations": self.n_evaluations,
            "max_rel_error": _num(self.max_rel_error),
            "relative_difference": _num(self.relative_difference),
            "blocks": [b.to_dict() for b in self.blocks],
            "failures": [e.to_dict() for e in self.failures[:MAX_FAILURES_IN_JSON]],
            "findings": [f.to_dict() for f in self.findings],
            "seed": self.settings.seed,
            "rtol": self.settings.rtol,
            "noise": {"sigma": _num(self.settings.noise_sigma),
                      "relative": _num(self.settings.noise_relative),
                      "step_factor": _num(self.settings.step_factor)},
            "command": self.command,
            "config": dict(self.settings.config),
            "screen_floor": _num(self.screen_floor),
            "screen": None if self.mode != "screen" else {
                "floor": _num(self.screen_floor), "covered": self.screen_covered,
                "explicit": self.screen_explicit},
            **({"layout": dict(self.layout)} if self.layout is not None else {}),
        }

    def to_json(self, indent: Optional[int] = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, allow_nan=False)

    # -- display ---------------------------------------------------------------------------
    def __rich_console__(self, console, options):
        from .render_rich import render_report

        yield render_report(self)

    def __str__(self) -> str:
        from .render_rich import report_text

        return report_text(self)

    def _repr_html_(self) -> str:
        from .render_rich import report_html

        return report_html(self)


def _num(value: Any) -> Any:
    """Finite floats as floats; NaN/inf as None (JSON has neither)."""
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None
