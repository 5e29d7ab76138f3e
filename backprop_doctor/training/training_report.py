"""Report data of a training run: plain frozen dataclasses, JSON with NaN/inf as null."""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Tuple

import numpy as np

from ..findings import Finding
from .step_report import SCHEMA_VERSION, StepReport, finding_dict, num


@dataclass(frozen=True)
class TrainingBlock:
    name: str
    shape: Tuple[int, ...]
    weight_rms_start: float
    weight_rms_end: float
    update_rms_first: Optional[float]     # RMS per entry of the first step's change
    update_rms_last: Optional[float]
    grad_rms_start: Optional[float]       # with a gradient function
    grad_rms_end: Optional[float]

    def to_dict(self) -> Dict[str, Any]:
        return {"name": self.name, "shape": list(self.shape),
                "weight_rms_start": num(self.weight_rms_start), "weight_rms_end": num(self.weight_rms_end),
                "update_rms_first": num(self.update_rms_first), "update_rms_last": num(self.update_rms_last),
                "grad_rms_start": num(self.grad_rms_start), "grad_rms_end": num(self.grad_rms_end)}


@dataclass(frozen=True)
class Skipped:
    rule: str
    reason: str

    def to_dict(self) -> Dict[str, str]:
        return {"rule": self.rule, "reason": self.reason}


@dataclass(frozen=True, eq=False)
class TrainingReport:
    """What a short training run showed: the loss curve, the symptoms found and those not checked."""

    ok: bool
    n_steps: int                    # steps actually run (fewer when the loss blew up)
    losses: Tuple[float, ...]       # before the first step and after each
    blocks: Tuple[TrainingBlock, ...]
    findings: Tuple[Finding, ...]
    skipped: Tuple[Skipped, ...]
    accuracy_start: Optional[float]
    accuracy_end: Optional[float]
    step: Optional[StepReport]      # the check of the first step, when it could run
    seed: int
    command: Optional[str] = None
    update_rms: Optional[np.ndarray] = None   # (n_steps, n_blocks), for plots

    def verdict_with(self, findings) -> bool:
        """Every symptom is a finding: ok when no error-level one is left."""
        return not any(f.severity == "error" for f in findings)

    @property
    def initial_loss(self) -> float:
        return self.losses[0]

    @property
    def final_loss(self) -> float:
        return self.losses[-1]

    def finding_ids(self) -> List[str]:
        return [f.id for f in self.findings]

    def to_dict(self) -> Dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "ok": self.ok,
            "n_steps": self.n_steps,
            "initial_loss": num(self.initial_loss),
            "final_loss": num(self.final_loss),
            "losses": [num(v) for v in self.losses],
            "accuracy": {"start": num(self.accuracy_start), "end": num(self.accuracy_end)},
            "blocks": [b.to_dict() for b in self.blocks],
            "findings": [finding_dict(f) for f in self.findings],
            "skipped": [s.to_dict() for s in self.skipped],
            "step": self.step.to_dict() if self.step is not None else None,
            "seed": self.seed,
            "command": self.command,
        }

    def to_json(self, indent: Optional[int] = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, allow_nan=False)

    def __rich_console__(self, console, options):
        from .render import render_training_report

        yield render_training_report(self)

    def __str__(self) -> str:
        from .render import as_text, render_training_report

        return as_text(render_training_report(self))


def losses_tuple(losses: np.ndarray) -> Tuple[float, ...]:
    return tuple(float(v) for v in losses)
