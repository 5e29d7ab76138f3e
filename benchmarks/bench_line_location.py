"""How often the line tracer points at the bug, and what tracing costs, on the reference suite.

For every known-bug reference case (gradient and layer kinds) the check runs twice, with tracing
(`trace=True`, the default) and without, in the same process. A report "points at the bug" when
its `wrong-line` finding is within one line of a line marked `# BUG` inside the variant's own
functions (a comment-only BUG line marks the statement under it). Reported per case: the
finding's severity and line, hit or miss; at the end the hit counts (error-level and any level),
wrong error-level lines (the figure that must stay 0), and evaluations and time against the
plain check.

    python benchmarks/bench_line_location.py [NAME-SUBSTRING ...] [--json]
"""
from __future__ import annotations

import inspect
import json
import os
import sys
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

import backprop_doctor as bd  # noqa: E402
from reference_models import all_cases  # noqa: E402


def _functions(value, depth=0):
    """The user functions a case's build dict holds (partials and bound methods unwrapped)."""
    import functools

    if depth > 3:
        return
    if isinstance(value, functools.partial):
        yield from _functions(value.func, depth + 1)
        for v in list(value.args) + list(value.keywords.values()):
            yield from _functions(v, depth + 1)
    elif inspect.ismethod(value):
        yield value.__func__
    elif inspect.isfunction(value):
        yield value
        for cell in value.__closure__ or ():
            try:
                yield from _functions(cell.cell_contents, depth + 1)
            except ValueError:
                pass
    elif isinstance(value, dict):
        for v in value.values():
            yield from _functions(v, depth + 1)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _functions(v, depth + 1)


def bug_lines(case, built) -> set:
    """(file, line) of every `# BUG` line inside the functions this case's program uses."""
    out = set()
    for fn in set(_functions(built)) | set(_functions(case.build)):
        try:
            path = inspect.getsourcefile(fn)
            lines, start = inspect.getsourcelines(fn)
        except (OSError, TypeError):
            continue
        for i, text in enumerate(lines):
            if "# BUG" in text:
                out.add((path, start + i))
                if text.strip().startswith("#"):
                    out.add((path, start + i + 1))
    return out


def run_case(case):
    built = case.build(0)
    if case.kind == "layer":
        run = lambda trace: _layer(built, trace)  # noqa: E731
    else:
        kw = {k: built.get(k) for k in ("cost", "grad", "params", "blocks", "forward", "loss")}
        kw["args"] = built.get("args") or ()
        kw["order"] = built.get("order") or "C"
        run = lambda trace: bd.check(**kw, lint=False, trace=trace)  # noqa: E731
    t = time.perf_counter()
    plain = run(False)
    t_plain = time.perf_counter() - t
    t = time.perf_counter()
    traced = run(True)
    t_traced = time.perf_counter() - t
    found = [f for f in traced.findings if "trace" in f.evidence]
    bugs = bug_lines(case, built)
    f = found[0] if found else None
    hit = bool(f and f.line and any(os.path.samefile(f.file, p) and abs(f.line - l) <= 1
                                    for p, l in bugs))
    reached = (f.evidence.get("trace", {}).get("reached_from") if f else None)
    via_call = bool(not hit and reached and any(os.path.samefile(reached[0], p)
                                                and abs(reached[1] - l) <= 1 for p, l in bugs))
    return {
        "case": case.name, "via_call": via_call, "kind": case.kind, "failed": not plain.ok and plain.n_failed > 0,
        "finding": f.id if f else None, "severity": f.severity if f else None,
        "file": os.path.basename(f.file) if f and f.file else None, "line": f.line if f else None,
        "hit": hit, "bug_lines": sorted(l for _, l in bugs),
        "reason": (f.evidence.get("trace", {}).get("reason") if f else None),
        "evals_plain": plain.n_evaluations, "evals_traced": traced.n_evaluations,
        "time_plain": t_plain, "time_traced": t_traced,
        "same_verdict": (plain.ok, plain.n_failed) == (traced.ok, traced.n_failed),
    }


def _layer(built, trace):
    from backprop_doctor import localize
    from backprop_doctor.layer import check_layer

    policy = localize.should_trace
    if not trace:   # the layer check has no switch of its own: turn the policy off
        localize.should_trace = lambda report, options: False
    try:
        return check_layer(built["forward"], built["backward"], built["inputs"])
    finally:
        localize.should_trace = policy


def main(argv):
    as_json = "--json" in argv
    names = [a for a in argv if not a.startswith("--")]
    rows = []
    for name, case in all_cases().items():
        if case.correct or case.kind not in ("gradient", "layer"):
            continue
        if names and not any(n in name for n in names):
            continue
        row = run_case(case)
        if not row["failed"]:
            continue          # no failing entries: nothing to trace (probes, mutation, noise)
        rows.append(row)
        if not as_json:
            mark = "HIT " if row["hit"] else ("CALL" if row["via_call"] else "    ")
            where = f"{row['file']}:{row['line']}" if row["line"] else (row["reason"] or "-")
            print(f"{mark}{row['case']:58s} {row['finding'] or '-':14s} {row['severity'] or '-':6s} "
                  f"{where:28s} bug {row['bug_lines']}  evals {row['evals_plain']}->"
                  f"{row['evals_traced']}  {row['time_plain']:.2f}s->{row['time_traced']:.2f}s")
    n = len(rows)
    errors = [r for r in rows if r["severity"] == "error" and r["line"]]
    summary = {
        "cases": n,
        "hit_any_level": sum(r["hit"] for r in rows),
        "hit_error_level": sum(r["hit"] for r in errors),
        "error_in_helper_called_from_bug_line": sum(r["via_call"] for r in errors),
        "error_level_lines": len(errors),
        "wrong_error_lines": [r["case"] for r in errors if not r["hit"] and not r["via_call"]],
        "verdict_changed": [r["case"] for r in rows if not r["same_verdict"]],
        "evaluations_ratio": (sum(r["evals_traced"] for r in rows) /
                              max(1, sum(r["evals_plain"] for r in rows))),
        "time_ratio": (sum(r["time_traced"] for r in rows) /
                       max(1e-9, sum(r["time_plain"] for r in rows))),
        "time_ratio_median": float(np.median([r["time_traced"] / max(r["time_plain"], 1e-9)
                                              for r in rows])) if rows else None,
    }
    if as_json:
        print(json.dumps({"rows": rows, "summary": summary}, indent=2))
    else:
        print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main(sys.argv[1:])
