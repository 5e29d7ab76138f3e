"""Report data of a step check: plain frozen dataclasses, JSON with NaN/inf as null."""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Tuple

import numpy as np

from ..findings import Finding

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class StepBlock:
    name: str
    shape: Tuple[int, ...]
    lr: Optional[float]            # this block's own fitted rate (None: zero gradient)
    rel_residual: float            # of the block's own fit
    ok: bool                       # moved by -lr * g with the step's one lr

    def to_dict(self) -> Dict[str, Any]:
        return {"name": self.name, "shape": list(self.shape), "lr": num(self.lr),
                "rel_residual": num(self.rel_residual), "ok": self.ok}


@dataclass(frozen=True, eq=False)
class StepReport:
    """Whether one call of the step moved the parameters by -lr * gradient, and if not, why."""

    ok: bool
    lr: Optional[float]                 # the fitted rate, None when it could not be fitted
    rel_residual: float                 # ||delta + lr g|| / ||delta||
    tolerance: float                    # the relative residual allowed (rtol plus noise and rounding)
    cosine: float                       # between delta and -g: 1 for descent, -1 for ascent
    blocks: Tuple[StepBlock, ...]
    findings: Tuple[Finding, ...]
    gradient_source: str                # "grad" (yours) | "numerical" (central differences of cost)
    n_params: int
    n_evaluations: int
    seed: int
    delta: np.ndarray                   # the step's change of the flat parameters (first call)
    gradient: np.ndarray                # the gradient compared with
    command: Optional[str] = None
    lr_source: str = "fitted"           # "fitted" | "given" (--lr) | "exact blocks" (consensus)

    def verdict_with(self, findings) -> bool:
        """A step that does not move by -lr * g is a measurement: no ignored rule changes it."""
        return self.ok

    def block(self, name: str) -> StepBlock:
        for b in self.blocks:
            if b.name == name:
                return b
        raise KeyError(name)

    def finding_ids(self) -> List[str]:
        return [f.id for f in self.findings]

    def to_dict(self) -> Dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "ok": self.ok,
            "lr": num(self.lr),
            "lr_source": self.lr_source,
            "rel_residual": num(self.rel_residual),
            "tolerance": num(self.tolerance),
            "cosine": num(self.cosine),
            "gradient": self.gradient_source,
            "n_params": self.n_params,
            "n_evaluations": self.n_evaluations,
            "blocks": [b.to_dict() for b in self.blocks],
            "findings": [finding_dict(f) for f in self.findings],
            "seed": self.seed,
            "command": self.command,
        }

    def to_json(self, indent: Optional[int] = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, allow_nan=False)

    def __rich_console__(self, console, options):
        from .render import render_step_report

        yield render_step_report(self)

    def __str__(self) -> str:
        from .render import as_text, render_step_report

        return as_text(render_step_report(self))


def finding_dict(f: Finding) -> Dict[str, Any]:
    d = f.to_dict()
    d["evidence"] = jsonable(dict(f.evidence))
    return d


def num(value: Any) -> Any:
    """Finite floats as floats; NaN/inf as None (JSON has neither)."""
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return [jsonable(v) for v in value.tolist()]
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return num(value)
    if value is None or isinstance(value, str):
        return value
    return str(value)
