"""Project settings from `[tool.backprop-doctor]` in pyproject.toml, and ignoring rules.

    [tool.backprop-doctor]
    tol = 1e-5              # --tol
    seed = 3                # --seed
    max-checks = 2000       # --max-checks
    ignore = ["kink", "positive-init"]   # --ignore, repeatable

The file is the nearest pyproject.toml, walking up from the current directory, that has the table
(as pytest and ruff find theirs).  Values given explicitly (command-line flags, keyword arguments)
beat the file.  Ignoring a rule removes its findings and their weight in the verdict; it does not
un-fail entries whose analytic and numerical values disagree, because those are measurements, not
an interpretation a rule made (see `ignore_rules`).
"""
from __future__ import annotations

import difflib
import os
import sys
from dataclasses import dataclass, field, replace
from typing import Any, Dict, Iterable, Mapping, Optional, Sequence, Tuple, Union

import numpy as np

from .errors import InputError

TABLE = "backprop-doctor"
PYPROJECT = "pyproject.toml"
KEYS = ("tol", "seed", "max-checks", "ignore")


@dataclass(frozen=True)
class Config:
    """Settings read from a file; None where the file says nothing."""

    tol: Optional[float] = None
    seed: Optional[int] = None
    max_checks: Optional[int] = None
    ignore: Tuple[str, ...] = ()
    path: Optional[str] = None          # the file they came from, None when built in code

    def describe(self) -> Dict[str, Any]:
        """The settings the file gave, as `Settings.config` carries them (only what was set)."""
        out: Dict[str, Any] = {}
        if self.path is not None:
            out["file"] = self.path
        for key, value in (("tol", self.tol), ("seed", self.seed), ("max-checks", self.max_checks)):
            if value is not None:
                out[key] = value
        if self.ignore:
            out["ignore"] = list(self.ignore)
        return out


@dataclass(frozen=True)
class Resolved:
    """What a run uses after explicit values, the file and the built-in defaults are merged."""

    seed: int
    rtol: float
    max_checks: int
    ignore: Tuple[str, ...]
    config: Config = field(default_factory=Config)


ConfigSource = Union[bool, str, "os.PathLike[str]", Config, Mapping[str, Any], None]


def find_pyproject(start: Optional[str] = None) -> Optional[str]:
    """The nearest pyproject.toml from `start` upwards that has a [tool.backprop-doctor] table."""
    directory = os.path.abspath(start or os.getcwd())
    while True:
        candidate = os.path.join(directory, PYPROJECT)
        if os.path.isfile(candidate) and _mentions_table(candidate):
            return candidate
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        directory = parent


def load_config(source: ConfigSource = True, start: Optional[str] = None) -> Config:
    """A Config from: True (search from `start`/cwd), False/None (none), a path, a mapping."""
    if source is None or source is False:
        return Config()
    if isinstance(source, Config):
        return source
    if isinstance(source, Mapping):
        return parse_table(source, where="config")
    if source is True:
        path = find_pyproject(start)
        if path is None:
            return Config()
    else:
        path = os.fspath(source)
        if not os.path.isfile(path):
            raise InputError(f"config file {path} does not exist.")
    tool = _read_toml(path).get("tool", {})
    if not isinstance(tool, Mapping):
        raise InputError(f"{path}: `tool` must be a table ([tool.{TABLE}]), got {tool!r:.60}.")
    table = tool.get(TABLE, {})
    if not isinstance(table, Mapping):
        raise InputError(f"{path}: [tool.{TABLE}] must be a table, e.g. `tol = 1e-5`.")
    return parse_table(table, where=f"{_short(path)} [tool.{TABLE}]", path=path)


def parse_table(table: Mapping[str, Any], where: str, path: Optional[str] = None) -> Config:
    """Validate the table's keys and values; a wrong one is an InputError naming the file."""
    values: Dict[str, Any] = {}
    for raw_key, value in table.items():
        key = str(raw_key).replace("_", "-")
        if key not in KEYS:
            raise InputError(f"{where}: unknown setting {raw_key!r}{_did_you_mean(key, KEYS)}; "
                             f"known settings: {', '.join(KEYS)}.")
        values[key] = value
    tol = check_tol(values.get("tol"), f"{where}: tol")
    seed = check_seed(values.get("seed"), f"{where}: seed")
    max_checks = check_max_checks(values.get("max-checks"), f"{where}: max-checks")
    ignore = values.get("ignore", [])
    if isinstance(ignore, str) or not isinstance(ignore, (list, tuple)) or not all(
            isinstance(i, str) for i in ignore):
        raise InputError(f"{where}: ignore must be a list of rule ids, e.g. ignore = [\"kink\"], "
                         f"got {ignore!r}.")
    validate_rule_ids(ignore, where=f"{where}: ignore")
    return Config(tol=float(tol) if tol is not None else None, seed=seed, max_checks=max_checks,
                  ignore=tuple(dict.fromkeys(ignore)), path=path)


def resolve(config: Config, *, seed: Optional[int] = None, rtol: Optional[float] = None,
            max_checks: Optional[int] = None, ignore: Optional[Iterable[str]] = None,
            default_seed: int = 0, default_rtol: float = 1e-6,
            default_max_checks: int = 5000, ignore_label: str = "--ignore") -> Resolved:
    """Explicit values beat the file, the file beats the defaults.  Ignored rules add up: a
    rule ignored in the file stays ignored when the command line ignores another one."""
    extra = tuple(ignore or ())
    validate_rule_ids(extra, where=ignore_label)
    label = "--" if ignore_label.startswith("--") else ""
    check_seed(seed, "--seed" if label else "seed")
    check_tol(rtol, "--tol" if label else "rtol")
    check_max_checks(max_checks, "--max-checks" if label else "max_checks")
    return Resolved(
        seed=_first(seed, config.seed, default_seed),
        rtol=_first(rtol, config.tol, default_rtol),
        max_checks=_first(max_checks, config.max_checks, default_max_checks),
        ignore=tuple(dict.fromkeys(config.ignore + extra)),
        config=config)


# A relative error |a - n| / max(|a|, |n|) is at most 2, so a tolerance of 2 or more (or inf, or
# nan, which compares false with everything) would pass every entry: the check switched off.
MAX_RTOL = 2.0


def check_tol(value: Any, where: str) -> Optional[float]:
    """A relative tolerance that still checks something: a number in (0, 2), or None."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating, np.integer)):
        raise InputError(f"{where} must be a number such as 1e-6, got {value!r}.")
    value = float(value)
    if not (0 < value < MAX_RTOL):
        why = ("" if value == value and value <= 0 else
               ": nan compares false with every error, so it would pass every entry"
               if value != value else
               f": a relative error is at most {MAX_RTOL:g}, so {value!r} would pass every entry")
        raise InputError(f"{where} must be positive and below {MAX_RTOL:g}, e.g. 1e-6; got "
                         f"{value!r}{why}.")
    return value


def check_seed(value: Any, where: str) -> Optional[int]:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
        raise InputError(f"{where} must be a non-negative integer, got {value!r}.")
    return int(value)


def check_max_checks(value: Any, where: str) -> Optional[int]:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value <= 0:
        raise InputError(f"{where} must be a positive integer, got {value!r}.")
    return int(value)


def settings_for(source: ConfigSource = True, *, seed: Optional[int] = None,
                 rtol: Optional[float] = None, max_checks: Optional[int] = None,
                 ignore: Optional[Iterable[str]] = None) -> Resolved:
    """What every API entry (check, check_layer, check_step, check_training) does first: the
    file's settings under the explicit ones, validated the same way."""
    return resolve(load_config(source), seed=seed, rtol=rtol, max_checks=max_checks,
                   ignore=ignore, ignore_label="ignore=")


def known_rule_ids() -> Tuple[str, ...]:
    from .findings import catalogue

    return tuple(r.id for r in catalogue())


def validate_rule_ids(ids: Iterable[str], where: str = "ignore") -> None:
    """Unknown ids are an error (a typo would otherwise silently ignore nothing)."""
    ids = list(ids)
    if not ids:
        return
    known = known_rule_ids()
    for rule_id in ids:
        if rule_id not in known:
            raise InputError(f"{where}: unknown rule id {rule_id!r}{_did_you_mean(rule_id, known)}. "
                             "`backprop-doctor rules` lists them all.")


def ignore_rules(report, ignore: Sequence[str]):
    """The report without the ignored rules' findings, its `ok` recomputed.

    Failed entries stay failed: an entry fails because its analytic and numerical values
    disagree, which no rule decides (nor does a step that does not move by -lr * g; a training
    run's symptoms are all findings, so ignoring them can turn it green: `verdict_with`).  So ignoring `sign-flip` removes the diagnosis but the
    check still fails; ignoring `nondeterministic-loss` or `params-mutated` (findings with no
    failed entry behind them) can turn the verdict green.
    """
    if not ignore:
        return report
    ignored = set(ignore)
    findings = tuple(f for f in report.findings if f.id not in ignored)
    if len(findings) == len(report.findings):
        return report
    return replace(report, findings=findings, ok=report.verdict_with(findings))


def with_config_shown(report, resolved: Resolved):
    """Record the file's settings and the ignored rules in the report's settings."""
    shown = resolved.config.describe()
    if resolved.ignore:
        shown["ignore"] = list(resolved.ignore)
    if not shown:
        return report
    return replace(report, settings=replace(report.settings, config=shown))


def config_line(config: Mapping[str, Any]) -> Optional[str]:
    """`config: pyproject.toml [tool.backprop-doctor] tol=1e-05, ignore=[kink]` for the report."""
    if not config:
        return None
    parts = [f"{k}={config[k]:g}" if isinstance(config[k], float) else f"{k}={config[k]}"
             for k in ("tol", "seed", "max-checks") if k in config]
    if config.get("ignore"):
        parts.append(f"ignore=[{', '.join(config['ignore'])}]")
    if config.get("file"):
        return f"config: {_short(config['file'])} [tool.{TABLE}] " + ", ".join(parts)
    return "config: " + ", ".join(parts)


# -- helpers ---------------------------------------------------------------------------------
def _first(*values):
    return next(v for v in values if v is not None)


def _did_you_mean(word: str, choices: Sequence[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=3, cutoff=0.5)
    return f" (did you mean {', '.join(close)}?)" if close else ""


def _mentions_table(path: str) -> bool:
    """A cheap text test first, so a pyproject without our table needs no TOML parser."""
    try:
        with open(path, "rb") as fh:      # bytes: a file in another encoding is not ours to read
            text = fh.read()
    except OSError:
        return False
    return f"tool.{TABLE}".encode() in text or f'tool."{TABLE}"'.encode() in text


def _read_toml(path: str) -> Dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.9/3.10 only
        try:
            import tomli as tomllib
        except ImportError:
            raise InputError(f"reading {path} needs a TOML parser on Python "
                             f"{sys.version_info[0]}.{sys.version_info[1]}: pip install tomli "
                             "(Python 3.11+ has one built in).") from None
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path} is not valid TOML: {exc}.") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{path} is not valid TOML: it is not UTF-8 ({exc.reason} at byte "
                         f"{exc.start}).") from None
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}.") from None


def _short(path: str) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path
    return rel if not rel.startswith("..") else path
