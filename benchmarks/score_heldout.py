"""Score backprop-doctor on the held-out sets of public programs (run by hand, not by pytest).

Each program in benchmarks/heldout/manifest.json carries the first command a new user would
type. This script runs that command with ``--json`` in the program's own directory, reads the
report, and compares it with what the manifest documents: the verdict, the failing blocks, the
cause (a rule id from CONTRACT.md) and the line of the bug. The sets measure the tool; rules
are never tuned on them (see benchmarks/heldout/README.md).

    python benchmarks/score_heldout.py                  # every set, a table per set and totals
    python benchmarks/score_heldout.py --only ID        # one program (repeatable)
    python benchmarks/score_heldout.py --json-out results.json
    python benchmarks/score_heldout.py --list            # the programs, their convention and bug
    python benchmarks/score_heldout.py --root benchmarks/heldout2   # another set directory

Standard library and the tool only.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
HELDOUT = HERE / "heldout"
MANIFEST = HELDOUT / "manifest.json"
GENERIC = "gradient-mismatch"
COLUMNS = ("ran", "detected", "blocks right", "cause right", "misled", "false alarms", "line right")


def tool_argv(command: str) -> list[str]:
    """The manifest's command as argv, running the tool of this checkout with this Python."""
    argv = shlex.split(command)
    if argv and argv[0] == "backprop-doctor":
        argv = [sys.executable, "-m", "backprop_doctor", *argv[1:]]
    if "--json" not in argv:
        argv.append("--json")
    return argv


def run_program(entry: dict, timeout: float, root: Path = HELDOUT) -> dict:
    """Run one program's first command; return the exit code, the JSON report and the time."""
    cwd = root / entry["dir"]
    env = dict(os.environ)
    root = str(HERE.parent)
    env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    start = time.perf_counter()
    try:
        proc = subprocess.run(
            tool_argv(entry["command"]), cwd=cwd, env=env, capture_output=True, text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return {"exit": None, "report": None, "seconds": timeout, "problem": "timeout"}
    seconds = time.perf_counter() - start
    report, problem = None, None
    try:
        report = json.loads(proc.stdout)
    except json.JSONDecodeError:
        problem = "stdout is not one JSON document: " + (proc.stdout or proc.stderr)[-300:]
    return {"exit": proc.returncode, "report": report, "seconds": seconds, "problem": problem}


def _error_ids(report: dict) -> list[str]:
    return [f["id"] for f in report.get("findings", []) if f.get("severity") == "error"]


def _block_matches(expected: str, reported: str, aliases: dict) -> bool:
    return reported == expected or reported in aliases.get(expected, [])


def score_program(entry: dict, run: dict) -> dict:
    """What the run got right, by the manifest's documentation of the program."""
    report = run["report"] or {}
    ran = run["exit"] in (0, 1) and isinstance(report.get("ok"), bool)
    buggy = entry["expected"] == "buggy"
    causes = entry.get("cause") or []
    errors = _error_ids(report) if ran else []
    failing = [b["name"] for b in report.get("blocks", []) if not b.get("ok", True)] if ran else []
    row = {"id": entry["id"], "set": entry["set"], "origin": entry.get("origin", "?"),
           "expected": entry["expected"], "ran": ran,
           "exit": run["exit"], "seconds": round(run["seconds"], 2), "problem": run["problem"],
           "ok": report.get("ok"), "error_findings": errors, "failing_blocks": failing}
    if not ran and run["problem"] is None and isinstance(report.get("error"), dict):
        row["problem"] = report["error"].get("message", "")[:300]
    if buggy:
        row["detected"] = ran and report.get("ok") is False
        aliases = entry.get("block_aliases", {})
        want = entry.get("failing_blocks") or []
        row["blocks right"] = bool(  # an empty list documents "no entry is wrong" (a probe bug)
            ran and "failing_blocks" in entry
            and all(any(_block_matches(w, f, aliases) for f in failing) for w in want)
            and all(any(_block_matches(w, f, aliases) for w in want) for f in failing)
        )
        specific = [c for c in causes if c != GENERIC]
        if specific:
            row["cause right"] = any(e in specific for e in errors)
        else:  # no catalogued cause fits: the honest answer is the generic finding
            row["cause right"] = GENERIC in errors and not any(e != GENERIC for e in errors)
        row["misled"] = any(e not in causes and e != GENERIC for e in errors)
        lines = entry.get("bug_line") or []
        lines = [lines] if isinstance(lines, int) else lines
        row["line right"] = bool(ran and any(
            f.get("line") is not None and f.get("file")
            and Path(f["file"]).name == entry.get("bug_file", "user.py")
            and abs(int(f["line"]) - int(line)) <= 1
            for f in report.get("findings", []) for line in lines
        ))
    else:
        row["false alarms"] = ran and (report.get("ok") is False or bool(errors))
    return row


def table(rows: list[dict], title: str) -> str:
    """A plain-text table: one line per program, then the counts."""
    lines = [f"== {title} ==",
             f"{'id':34} {'exp':7} {'exit':>4} {'s':>5}  {'verdict':8} {'error findings'}"]
    for r in rows:
        verdict = {True: "ok", False: "FAIL", None: "-"}[r["ok"] if r["ran"] else None]
        marks = []
        if r["expected"] == "buggy":
            for key in ("detected", "blocks right", "cause right", "line right"):
                marks.append(("+" if r[key] else "-") + key.split()[0])
            if r["misled"]:
                marks.append("MISLED")
        elif r["false alarms"]:
            marks.append("FALSE-ALARM")
        if not r["ran"]:
            marks = ["NOT RUN: " + (r["problem"] or "")[:80]]
        lines.append(f"{r['id'][:34]:34} {r['expected']:7} {str(r['exit']):>4} "
                     f"{r['seconds']:5.1f}  {verdict:8} {','.join(r['error_findings']) or '-'}"
                     f"  [{' '.join(marks)}]")
    lines.append(summary_line(rows))
    return "\n".join(lines)


def counts(rows: list[dict]) -> dict:
    buggy = [r for r in rows if r["expected"] == "buggy"]
    correct = [r for r in rows if r["expected"] == "correct"]
    out = {"programs": len(rows), "buggy": len(buggy), "correct": len(correct),
           "ran": sum(r["ran"] for r in rows)}
    for key in ("detected", "blocks right", "cause right", "misled", "line right"):
        out[key] = sum(bool(r[key]) for r in buggy)
    out["false alarms"] = sum(bool(r["false alarms"]) for r in correct)
    return out


def summary_line(rows: list[dict]) -> str:
    c = counts(rows)
    return (f"ran {c['ran']}/{c['programs']} | buggy {c['buggy']}: detected {c['detected']}, "
            f"blocks right {c['blocks right']}, cause right {c['cause right']}, "
            f"misled {c['misled']}, line right {c['line right']} | "
            f"correct {c['correct']}: false alarms {c['false alarms']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", metavar="ID", help="score only this program")
    parser.add_argument("--set", dest="sets", action="append", help="score only this set")
    parser.add_argument("--json-out", metavar="FILE", help="save every row and the totals")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per program")
    parser.add_argument("--list", action="store_true", help="list the programs, run nothing")
    parser.add_argument("--root", type=Path, default=HELDOUT,
                        help="set directory holding manifest.json (default benchmarks/heldout)")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    entries = json.loads((root / "manifest.json").read_text())["programs"]
    if args.list:
        for e in entries:
            print(f"{e['set']:8} {e['id']:45} {e['origin']:7} {e['expected']:7} "
                  f"{e['convention'][:60]}" + (f"\n{'':62}bug: {e['bug']}" if e.get("bug") else ""))
        return 0
    if args.only:
        unknown = set(args.only) - {e["id"] for e in entries}
        if unknown:
            parser.error("unknown program id(s): " + ", ".join(sorted(unknown)))
        entries = [e for e in entries if e["id"] in args.only]
    if args.sets:
        entries = [e for e in entries if e["set"] in args.sets]
    rows = [score_program(e, run_program(e, args.timeout, root)) for e in entries]
    sets = sorted({r["set"] for r in rows})
    for name in sets:
        print(table([r for r in rows if r["set"] == name], f"set: {name}"))
        print()
    for origin in sorted({r["origin"] for r in rows}):
        print(f"  of which {origin:8}: " + summary_line([r for r in rows if r["origin"] == origin]))
    print("TOTAL: " + summary_line(rows))
    if args.json_out:
        origins = sorted({r["origin"] for r in rows})
        result = {"rows": rows, "totals": counts(rows),
                  "per_set": {s: counts([r for r in rows if r["set"] == s]) for s in sets},
                  "per_origin": {o: counts([r for r in rows if r["origin"] == o]) for o in origins}}
        Path(args.json_out).write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
