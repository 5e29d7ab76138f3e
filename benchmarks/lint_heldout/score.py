"""Score `backprop-doctor lint` on the held-out files: caught, missed, false alarms, per rule.

    python benchmarks/lint_heldout/fetch.py    # once: the files at their pinned commits
    python benchmarks/lint_heldout/score.py [--json]

A finding counts as caught when its rule id and line match an expected entry.  A false alarm is a
warning or error that is not expected (the contract: correct code gets no warning or error); an
unexpected info is listed apart.
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from backprop_doctor.lint import lint_file  # noqa: E402
from fetch import local_name  # noqa: E402


def score():
    manifest = json.loads((HERE / "manifest.json").read_text())
    rows, per_rule = [], {}
    for entry in manifest["files"]:
        path = HERE / "files" / local_name(entry)
        if not path.exists():
            raise SystemExit(f"{path.name} missing: run fetch.py first")
        found = lint_file(path)
        expected = {(rule, line) for rule, line in entry["expected"]}
        got = {(f.id, f.line): f for f in found}
        caught = sorted(expected & set(got))
        missed = sorted(expected - set(got))
        alarms = sorted(k for k, f in got.items() if k not in expected and f.severity in ("error", "warning"))
        extra_info = sorted(k for k, f in got.items() if k not in expected and f.severity == "info")
        for rule, _ in caught:
            per_rule.setdefault(rule, Counter())["caught"] += 1
        for rule, _ in missed:
            per_rule.setdefault(rule, Counter())["missed"] += 1
        for rule, _ in alarms:
            per_rule.setdefault(rule, Counter())["false_alarm"] += 1
        rows.append({"file": entry["url"], "caught": caught, "missed": missed,
                     "false_alarms": alarms, "unexpected_info": extra_info})
    totals = {"files": len(rows), "expected": sum(len(e["expected"]) for e in manifest["files"]),
              "caught": sum(len(r["caught"]) for r in rows), "missed": sum(len(r["missed"]) for r in rows),
              "false_alarms": sum(len(r["false_alarms"]) for r in rows),
              "files_with_false_alarms": sum(bool(r["false_alarms"]) for r in rows),
              "unexpected_info": sum(len(r["unexpected_info"]) for r in rows)}
    return totals, {k: dict(v) for k, v in sorted(per_rule.items())}, rows


def main() -> None:
    totals, per_rule, rows = score()
    if "--json" in sys.argv:
        print(json.dumps({"totals": totals, "per_rule": per_rule, "files": rows}, indent=1))
        return
    for r in rows:
        flags = [f"caught {r['caught']}" if r["caught"] else "", f"MISSED {r['missed']}" if r["missed"] else "",
                 f"FALSE ALARM {r['false_alarms']}" if r["false_alarms"] else "",
                 f"info {r['unexpected_info']}" if r["unexpected_info"] else ""]
        print(r["file"], " ".join(f for f in flags if f) or "clean, as expected")
    print(json.dumps(totals))
    print(json.dumps(per_rule))


if __name__ == "__main__":
    main()
