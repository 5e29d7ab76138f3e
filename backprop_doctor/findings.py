"""Findings and the rule catalogue they come from.

Every detector (dynamic rule, behavioural probe, lint rule, step check) describes itself with a
:class:`RuleInfo` registered in one catalogue, so `backprop-doctor rules` and `explain` list them all
and no id is ever used twice.  A detector reports a :class:`Finding`: plain data a renderer shows.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

SEVERITIES = ("error", "warning", "info")
SOURCES = ("check", "lint", "probe", "audit", "step", "training")
_SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class Finding:
    """One named problem: which rule, where, the numbers seen, and what to do about it."""

    id: str
    severity: str
    message: str
    fix: str
    block: Optional[str] = None
    source: str = "check"
    file: Optional[str] = None
    line: Optional[int] = None
    title: str = ""
    evidence: Mapping[str, Any] = field(default_factory=dict)
    blocks: Tuple[str, ...] = ()    # every block this one cause explains; `block` is the first

    @property
    def all_blocks(self) -> Tuple[str, ...]:
        return self.blocks or ((self.block,) if self.block is not None else ())

    def to_dict(self) -> Dict[str, Any]:
        test = self.evidence.get("test") if isinstance(self.evidence, Mapping) else None
        out = {
            "id": self.id,
            "severity": self.severity,
            "block": self.block,
            "blocks": list(self.all_blocks),
            "message": self.message,
            "fix": self.fix,
            "evidence": test if isinstance(test, str) else None,
            "source": self.source,
            "file": self.file,
            "line": self.line,
        }
        if "trace" in self.evidence:  # the line tracer's agreeing and disagreeing intermediates
            out["trace"] = self.evidence["trace"]
        return out


@dataclass(frozen=True)
class RuleInfo:
    """What a rule is, for the catalogue (`rules`, `explain`) and for the findings it makes."""

    id: str
    title: str
    severity: str
    kind: str  # "gradient", "probe", "audit", "layer", "step", "training", "lint", "check"
    explanation: str
    fix: str
    bad: str = ""
    good: str = ""

    def finding(self, message: str, *, block: Optional[str] = None, source: Optional[str] = None,
                fix: Optional[str] = None, severity: Optional[str] = None,
                file: Optional[str] = None, line: Optional[int] = None,
                evidence: Optional[Mapping[str, Any]] = None,
                blocks: Sequence[str] = ()) -> Finding:
        """A finding of this rule, with the catalogue's fix unless a more specific one is given."""
        default_source = {"lint": "lint", "probe": "probe", "audit": "audit"}.get(self.kind, "check")
        blocks = tuple(blocks)
        if block is None and blocks:
            block = blocks[0]
        return Finding(id=self.id, severity=severity or self.severity, message=message,
                       fix=fix or self.fix, block=block, source=source or default_source,
                       file=file, line=line, title=self.title, evidence=dict(evidence or {}),
                       blocks=blocks if len(blocks) > 1 else ())


_CATALOGUE: Dict[str, RuleInfo] = {}


def register(info: RuleInfo) -> RuleInfo:
    """Add a rule to the catalogue; an id can be registered once only (ids are never reused)."""
    if info.severity not in SEVERITIES:
        raise ValueError(f"rule {info.id}: unknown severity {info.severity!r}")
    existing = _CATALOGUE.get(info.id)
    if existing is not None and existing != info:
        raise ValueError(f"rule id {info.id!r} is registered twice")
    _CATALOGUE[info.id] = info
    return info


def catalogue() -> List[RuleInfo]:
    """Every registered rule, sorted by kind then id (imports every rule module first)."""
    _load_all_rules()
    return sorted(_CATALOGUE.values(), key=lambda r: (r.kind, r.id))


def get_rule(rule_id: str) -> RuleInfo:
    _load_all_rules()
    try:
        return _CATALOGUE[rule_id]
    except KeyError:
        raise KeyError(rule_id) from None


# Every package or module that registers rules, imported by `catalogue()` -- explicitly and loudly:
# a module missing from here, or failing to import, is an error, never a rule silently absent
# (tests/test_rule_registry.py checks that every RuleInfo in the package is in the catalogue).
RULE_SOURCES = (
    "backprop_doctor.rules",        # the gradient check's diagnosis and probes
    "backprop_doctor.layer_rules",  # one layer's backward (CS231n style)
    "backprop_doctor.audit",        # numgrad-mismatch: the user's own checker
    "backprop_doctor.localize",     # wrong-line / no-line-found: the line a failure traces to
    "backprop_doctor.lint",         # static rules
    "backprop_doctor.training",     # step and training-run rules
)


def _load_all_rules() -> None:
    # Rule modules register themselves on import; importing the sources pulls them all in.
    import importlib

    for mod in RULE_SOURCES:
        importlib.import_module(mod)


def verdict_ok(n_failed: int, findings: Iterable[Finding]) -> bool:
    """The contract's `ok`: no failed entry and no error-level finding.  Static (lint) findings
    shown beside a check are advice and do not count."""
    return n_failed == 0 and not any(f.severity == "error" and f.source != "lint" for f in findings)


def sort_findings(findings: Iterable[Finding]) -> List[Finding]:
    """Errors first, then warnings, then infos; stable otherwise (rules list the specific first)."""
    return sorted(findings, key=lambda f: _SEVERITY_RANK.get(f.severity, 3))


def dedupe(findings: Iterable[Finding]) -> List[Finding]:
    """At most one finding per rule and block (the contract), keeping the first."""
    seen = set()
    out = []
    for f in findings:
        key = (f.id, f.block, f.file, f.line if f.source == "lint" else None)
        if key in seen:
            continue
        seen.add(key)
        out.append(f)
    return out


# -- how renderers tell a confirmed cause from a candidate (kept beside Finding so renderers need
# not import the diagnosis, which builds reports) --------------------------------------------

CANDIDATE_PREFIX = "candidate, not confirmed: "


def is_candidate(f: Finding) -> bool:
    """An unconfirmed cause listed beside gradient-mismatch: an info-level finding of a rule
    whose error-level findings name causes (a gradient or layer rule)."""
    if f.severity != "info" or f.source != "check":
        return False
    if f.message.startswith(CANDIDATE_PREFIX):
        return True
    try:
        return get_rule(f.id).kind in ("gradient", "layer") and f.id != "gradient-mismatch"
    except KeyError:
        return False


def is_confirmed_cause(f: Finding) -> bool:
    """An error-level finding of the check that names a specific cause (not just "wrong here")."""
    return f.severity == "error" and f.source != "lint" and f.id != "gradient-mismatch"
