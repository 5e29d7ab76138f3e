"""The hardening fuzz suite: every adversarial case of tests/hardening_cases.py, plain and under
--json, each in a fresh subprocess in its own folder, checked against the exit-status contract.

    python benchmarks/fuzz_hardening.py            # all runs, a summary and every violation
    python benchmarks/fuzz_hardening.py --only tol # the cases whose name contains "tol"

Figures (each must be 0): leaked tracebacks (a frame of backprop_doctor in the output, or a
Python traceback that is not the user's own), wrong exits (not among the case's allowed
statuses; exit 1 is allowed only where the gradient really is wrong), invalid JSON (under --json
stdout is not exactly one JSON document), hangs (no answer in 120 s), modified data (a
module-level array of the user's changed), orphans (a process of the run still alive after it
ended), missing messages (stderr does not say what the case expects).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import uuid
from typing import Dict, List

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests"))

from hardening_cases import Case, cases, write_files  # noqa: E402

TIMEOUT = 120
PACKAGE_FRAME = re.compile(r'File "[^"]*backprop_doctor[/\\]')


def leaked_traceback(text: str) -> bool:
    """A frame of ours, or a traceback that is not a user's: "Traceback (most recent call last)"
    is never printed by the tool (the user's frames come after "Your code's traceback:")."""
    return bool(PACKAGE_FRAME.search(text)) or "Traceback (most recent call last)" in text


def orphans(tag: str) -> List[int]:
    """Processes still carrying this run's tag in their environment."""
    found = []
    for pid in os.listdir("/proc") if os.path.isdir("/proc") else []:
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/environ", "rb") as fh:
                if f"BD_FUZZ_TAG={tag}".encode() in fh.read():
                    found.append(int(pid))
        except OSError:
            continue
    return found


# What the `backprop-doctor` console script runs (sys.path[0] is the script's folder, not the
# user's).  `python -m backprop_doctor` is also supported, but there Python's own runpy imports
# modules such as `types` from the current folder before any of our code runs, so a user's
# types.py breaks `python -m` for every tool; the shadow cases run both entries where it works.
LAUNCHER = os.path.join(tempfile.mkdtemp(prefix="bd-fuzz-launcher-"), "backprop_doctor_cli.py")
with open(LAUNCHER, "w") as _fh:
    _fh.write("import sys\nfrom backprop_doctor.cli import main\nsys.exit(main())\n")


def run_case(case: Case, as_json: bool, entry: str = "script") -> Dict[str, object]:
    argv = list(case.argv) + (["--json"] if as_json else [])
    tag = uuid.uuid4().hex
    with tempfile.TemporaryDirectory(prefix="bd-fuzz-") as folder:
        write_files(folder, case.files)
        modified = os.path.join(folder, ".modified")
        env = dict(os.environ, BD_FUZZ_TAG=tag, BD_FUZZ_MODIFIED=modified,
                   PYTHONPATH=os.pathsep.join(
                       p for p in (ROOT, os.environ.get("PYTHONPATH")) if p),
                   COLUMNS="200")
        command = ([sys.executable, "-m", "backprop_doctor"] if entry == "module" else
                   [sys.executable, LAUNCHER])
        start = time.monotonic()
        try:
            done = subprocess.run(command + argv, cwd=folder, env=env, capture_output=True,
                                  timeout=TIMEOUT, stdin=subprocess.DEVNULL)
            code, out, err, hang = done.returncode, done.stdout.decode("utf-8", "replace"), \
                done.stderr.decode("utf-8", "replace"), False
        except subprocess.TimeoutExpired as exc:
            code, out, err, hang = None, (exc.stdout or b"").decode(), (exc.stderr or b"").decode(), True
        seconds = time.monotonic() - start
        time.sleep(0.05)
        left = orphans(tag)
        changed = open(modified).read().split() if os.path.exists(modified) else []
    problems = []
    if hang:
        problems.append("hang")
    if code not in case.exits and not hang:
        problems.append(f"wrong exit {code} (allowed {sorted(case.exits)})")
    if leaked_traceback(out + err):
        problems.append("leaked traceback")
    if as_json:
        try:
            doc = json.loads(out)
            if code == 2 and case.kind in ("check", "layer", "step", "train") and not (
                    doc.get("ok", 0) is None and doc.get("error", {}).get("kind")
                    in ("input", "user-code", "internal")):
                problems.append("exit 2 without the JSON error document")
        except ValueError:
            problems.append("invalid JSON")
    if case.stderr and not hang and not re.search(case.stderr, " ".join((err + out).split())):
        problems.append(f"message /{case.stderr}/ missing")
    if changed:
        problems.append(f"modified data {changed}")
    if left:
        problems.append(f"orphans {left}")
        for pid in left:      # ours: started by this run, found by its unique tag
            try:
                os.kill(pid, 9)
            except OSError:
                pass
    return {"case": case.name, "json": as_json, "entry": entry, "exit": code, "seconds": round(seconds, 2),
            "problems": problems, "stderr": err[-600:]}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="run the cases whose name contains this")
    parser.add_argument("--json-out", help="write every run's result to this file")
    ns = parser.parse_args(argv)
    import importlib.util

    selected = [c for c in cases() if ns.only in c.name
                and all(importlib.util.find_spec(m) for m in c.needs)]
    results = []
    for c in selected:
        runs = [(False, "script")] + ([(True, "script")] if c.json_ok else [])
        if c.name.startswith("shadow-") and "types" not in c.name:
            runs.append((False, "module"))
        for as_json, entry in runs:
            results.append(run_case(c, as_json, entry))
            r = results[-1]
            if r["problems"]:
                print(f"FAIL {r['case']}{' --json' if as_json else ''} ({entry}): "
                      f"{'; '.join(r['problems'])}\n"
                      f"     {' '.join(str(r['stderr']).split())[-300:]}", flush=True)
    figures = {
        "runs": len(results), "cases": len(selected),
        "leaked tracebacks": sum("leaked traceback" in r["problems"] for r in results),
        "wrong exits": sum(any(p.startswith("wrong exit") for p in r["problems"]) for r in results),
        "invalid JSON": sum(any("JSON" in p for p in r["problems"]) for r in results),
        "hangs": sum("hang" in r["problems"] for r in results),
        "modified data": sum(any(p.startswith("modified") for p in r["problems"]) for r in results),
        "orphans": sum(any(p.startswith("orphans") for p in r["problems"]) for r in results),
        "missing messages": sum(any(p.startswith("message") for p in r["problems"]) for r in results),
        "slowest run (s)": max((r["seconds"] for r in results), default=0),
    }
    for key, value in figures.items():
        print(f"{key:>20}: {value}")
    if ns.json_out:
        with open(ns.json_out, "w") as fh:
            json.dump({"figures": figures, "runs": results}, fh, indent=1)
    bad = sum(v for k, v in figures.items() if k not in ("runs", "cases", "slowest run (s)"))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
