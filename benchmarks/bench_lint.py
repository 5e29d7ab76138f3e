"""Lint speed and memory, run by hand:  python benchmarks/bench_lint.py [--tree]

1. Output is linear in the number of findings: a file with N flipped sigmoids (N findings) is
   linted and printed in each format; the time per finding should stay flat as N doubles.
2. A generated 10 MB file: seconds and peak memory of `lint` against a bare `ast.parse` of the same
   file measured in the same run (the parse alone is the floor; its tree alone takes gigabytes).
3. --tree: throughput on the installed numpy, scipy and scikit-learn sources (files, lines,
   seconds, lines/s, and the warnings/errors, which must be zero on library code).
Each measurement runs in a fresh process (`/usr/bin/time`-like via resource.getrusage).
"""
from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def _run(args):
    """(seconds, peak RSS in MB) of one child process (the largest child so far, see big_file)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, *args], env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   check=False)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return seconds, max(after.ru_maxrss, before.ru_maxrss) / 1024  # ru_maxrss of the largest child


def _many_findings(n, folder):
    path = Path(folder) / f"many_{n}.py"
    path.write_text("import numpy as np\n" + "".join(
        f"def sigmoid{i}(z{i}):\n    return 1 / (1 + np.exp(z{i}))\n" for i in range(n)))
    return path


def _generated(folder, size=10_000_000):
    """Realistic network code (the repository's lint cases) repeated to `size` characters."""
    cases = ROOT / "tests" / "lint_cases"
    body = "\n".join(p.read_text() for p in sorted(cases.rglob("*.py")))
    parts, n = [], 0
    while n < size:
        parts.append(body.replace("def ", f"def f{n}_"))
        n += len(body)
    path = Path(folder) / "generated_10mb.py"
    path.write_text("\n".join(parts))
    return path


def findings_scaling(folder):
    rows = []
    for n in (250, 500, 1000, 2000):
        path = _many_findings(n, folder)
        row = {"findings": n}
        for fmt in ("rich", "json", "concise", "github", "sarif"):
            seconds, _ = _run(["-m", "backprop_doctor", "lint", "--format", fmt, str(path)])
            row[fmt] = round(seconds, 2)
        rows.append(row)
        print(json.dumps(row), flush=True)
    return rows


def big_file(folder):
    path = _generated(folder)
    # lint first: ru_maxrss of children is the largest so far, and the bare parse is the larger one
    lint_s, lint_mb = _run(["-m", "backprop_doctor", "lint", "--format", "concise", str(path)])
    parse_s, parse_mb = _run(["-c", f"import ast; ast.parse(open({str(path)!r}).read())"])
    row = {"bytes": path.stat().st_size, "ast_parse_s": round(parse_s, 1), "ast_parse_peak_mb": round(parse_mb),
           "lint_s": round(lint_s, 1), "lint_peak_mb": round(lint_mb), "lint_over_parse": round(lint_s / parse_s, 2)}
    print(json.dumps(row), flush=True)
    return row


def tree():
    code = ("import json, time, collections\nfrom pathlib import Path\nimport numpy, scipy, sklearn\n"
            "from backprop_doctor.lint import lint_paths\n"
            "roots = [Path(m.__file__).parent for m in (numpy, scipy, sklearn)]\n"
            "t = time.perf_counter(); res = lint_paths(roots); dt = time.perf_counter() - t\n"
            "lines = sum(len(Path(f).read_bytes().splitlines()) for f in res.files)\n"
            "loud = [(f.id, f.file, f.line) for f in res.findings if f.severity in ('error', 'warning')"
            " and f.id != 'syntax-error']\n"
            "print(json.dumps({'files': len(res.files), 'lines': lines, 'seconds': round(dt, 1),"
            " 'lines_per_s': round(lines / dt), 'warnings_and_errors': loud,"
            " 'unparsable': len(res.unparsable), 'by_rule': collections.Counter(f.id for f in res.findings)}))\n")
    out = subprocess.run([sys.executable, "-c", code], env=ENV, capture_output=True, text=True, check=True).stdout
    print(out, flush=True)
    return json.loads(out)


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as folder:
        findings_scaling(folder)
        big_file(folder)
    if "--tree" in sys.argv:
        tree()
