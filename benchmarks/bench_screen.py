"""Screen mode against --full on flat-theta sigmoid networks of 10k to 1.8M parameters.

    python benchmarks/bench_screen.py                       # 10k, 80k, 270k (a few minutes)
    python benchmarks/bench_screen.py --sizes 1.8M --reps 1 # the 1.8M rows (slower)
    python benchmarks/bench_screen.py --parts startup,overhead

Parts (each prints a markdown table; every ratio is against a baseline measured in the same run):
- detection: one entry of typical size (|g| within 2x of its block's median) off by a relative
  error of 1e-6 ... 1e-1; how often the default check fails it, how often it says "not a pass"
  (screen-incomplete) instead, how often it passes; evaluations; and --full's verdict on the same
  cases (--full-at, 10k by default: 2P evaluations per case).
- correct: a correct network, several seeds: ok, evaluations (% of 2P), each block's floor.
- blocks: a whole block wrong (missing 1/m in the output block, a hidden block halved, a sign
  flip): evaluations and the rule named.
- overhead: one call of the cost through the check's wrapper against a bare call, and the
  estimated 2P bare loop; peak memory of a screen per parameter (tracemalloc).
- startup: `backprop-doctor --help` and `lint` on one file against `python -c pass`.

BLAS is pinned to one thread (set before numpy loads): on a shared two-core machine OpenBLAS's
spinning threads otherwise make one call of the 270k network 15x slower.  The cost averages over
10 samples, so calls are cheap and the tool's own overhead shows.
"""
from __future__ import annotations

import os

for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import argparse  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import tracemalloc  # noqa: E402

import numpy as np  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))

from mlp import NETWORKS, Net  # noqa: E402

import backprop_doctor as bd  # noqa: E402

RELS = (1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1)


def typical_entries(net: Net, n: int, rng) -> list:
    """n flat indices, spread over the blocks in proportion to size (at least one per block
    when n allows), each with |g| within a factor 2 of its block's median."""
    g = np.abs(net.grad(net.theta0))
    out = []
    blocks = list(range(len(net.shapes)))
    for k in range(n):
        b = blocks[k % len(blocks)]
        lo, hi = net.offsets[b], net.offsets[b + 1]
        med = np.median(g[lo:hi])
        pool = lo + np.flatnonzero((g[lo:hi] > med / 2) & (g[lo:hi] < 2 * med))
        out.append(int(rng.choice(pool)))
    return out


def run(net: Net, grad, **kw):
    t = time.perf_counter()
    report = bd.check(net.cost, grad, net.theta0, blocks=net.layout, lint=False, config=False, **kw)
    return report, time.perf_counter() - t


def verdict(report, k: int, net: Net) -> str:
    """found (the entry fails) | not-a-pass (no failure, but not ok) | PASSED"""
    for e in report.failures:
        b = int(e.block[1:]) - 1
        flat = net.offsets[b] + int(np.ravel_multi_index(e.index, net.shapes[b]))
        if flat == k:
            return "found"
    return "not-a-pass" if not report.ok else "PASSED"


def part_detection(sizes, reps, full_at, seed):
    print("\n## Single-entry errors: default check (screen) against --full\n")
    print("| network | params | rel error | found | not a pass | PASSED | evaluations (mean) "
          "| % of 2P | --full (same cases) |")
    print("|---|---|---|---|---|---|---|---|---|")
    for key in sizes:
        net = Net(NETWORKS[key], samples=10)
        rng = np.random.default_rng(seed)
        entries = typical_entries(net, reps, rng)
        for rel in RELS:
            counts = {"found": 0, "not-a-pass": 0, "PASSED": 0}
            evals = []
            fulls = []
            for i, k in enumerate(entries):
                report, _ = run(net, net.wrong_entry(k, rel), seed=i, diagnose=False)
                counts[verdict(report, k, net)] += 1
                evals.append(report.n_evaluations)
                if key in full_at:
                    full, _ = run(net, net.wrong_entry(k, rel), full=True, diagnose=False)
                    fulls.append(verdict(full, k, net))
            mean = statistics.mean(evals)
            print(f"| {net.label()} | {net.n_params} | {rel:.0e} | {counts['found']}/{reps} "
                  f"| {counts['not-a-pass']}/{reps} | {counts['PASSED']}/{reps} | {mean:.0f} "
                  f"| {100 * mean / (2 * net.n_params):.2f}% | {_tally(fulls, reps)} |")
            sys.stdout.flush()


def _tally(verdicts, reps) -> str:
    if not verdicts:
        return "-"
    return ", ".join(f"{v} {verdicts.count(v)}/{reps}" for v in ("found", "not-a-pass", "PASSED")
                     if v in verdicts)


def part_correct(sizes, reps):
    print("\n## Correct networks\n")
    print("| network | params | seed | ok | evaluations | % of 2P | floor per block (relative; "
          "--full's tolerance) | wall (s) |")
    print("|---|---|---|---|---|---|---|---|")
    for key in sizes:
        net = Net(NETWORKS[key], samples=10)
        for seed in range(reps):
            report, seconds = run(net, net.grad, seed=seed)
            floors = ", ".join(f"{b.name} {b.screen.floor:.1e} ({b.screen.target:.1e})"
                               for b in report.blocks)
            print(f"| {net.label()} | {net.n_params} | {seed} | {report.ok} | {report.n_evaluations} "
                  f"| {100 * report.n_evaluations / (2 * net.n_params):.3f}% | {floors} | {seconds:.1f} |")
            sys.stdout.flush()


def part_blocks(sizes):
    print("\n## A whole block wrong\n")
    print("| network | bug | evaluations | failing blocks | entries checked in it | findings |")
    print("|---|---|---|---|---|---|")
    for key in sizes:
        net = Net(NETWORKS[key], samples=10)
        last = len(net.shapes) - 1
        bugs = [("missing 1/m in the output block", net.scaled_block(last, 10.0)),
                ("first hidden block halved", net.scaled_block(0, 0.5)),
                ("first hidden block sign-flipped", net.scaled_block(0, -1.0))]
        for label, grad in bugs:
            report, _ = run(net, grad)
            fb = report.failing_blocks
            checked = ", ".join(f"{report.block(n).n_failed}/{report.block(n).n_checked}" for n in fb)
            ids = ", ".join(f for f in report.finding_ids() if f not in ("kink",))
            print(f"| {net.label()} | {label} | {report.n_evaluations} | {', '.join(fb)} | {checked} | {ids} |")
            sys.stdout.flush()


def part_overhead(sizes):
    from backprop_doctor.problem import from_functions

    print("\n## Per-call overhead and memory\n")
    print("| network | params | bare call (ms) | through the check (ms) | overhead | "
          "bare 2P loop (s, estimated) | screen wall (s) | screen / 2P loop | "
          "peak memory of a screen / 8P | report kept / 8P |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for key in sizes:
        net = Net(NETWORKS[key], samples=10)
        x = net.theta0.copy()
        problem = from_functions(lambda t: net.cost(t), net.grad, x, ())
        n = 30 if net.n_params < 1e6 else 10
        bare, wrapped = [], []
        for _ in range(n):   # interleaved, best of n: a busy moment hurts both alike
            t = time.perf_counter()
            net.cost(x)
            bare.append(time.perf_counter() - t)
            t = time.perf_counter()
            problem.cost(x)
            wrapped.append(time.perf_counter() - t)
        b, w = min(bare), min(wrapped)
        tracemalloc.start()
        t = time.perf_counter()
        report = bd.check(net.cost, net.grad, net.theta0, blocks=net.layout, lint=False, config=False)
        seconds = time.perf_counter() - t
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        tracemalloc.start()
        kept = bd.check(net.cost, net.grad, net.theta0, blocks=net.layout, lint=False, config=False)
        size, _ = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        del kept
        loop = 2 * net.n_params * b
        print(f"| {net.label()} | {net.n_params} | {1e3 * b:.3f} | {1e3 * w:.3f} | {100 * (w / b - 1):+.0f}% "
              f"| {loop:.1f} | {seconds:.2f} | {seconds / loop:.4f} | {peak / (8 * net.n_params):.1f} "
              f"| {size / (8 * net.n_params):.1f} |")
        sys.stdout.flush()
        del report


def part_startup(repeat=7):
    import tempfile

    print("\n## Start-up\n")
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
        f.write("import numpy as np\n\ndef sigmoid(z):\n    return 1 / (1 + np.exp(-z))\n")
        path = f.name
    env = dict(os.environ, PYTHONPATH=os.path.dirname(HERE))
    cases = [("python -c pass (baseline)", [sys.executable, "-c", "pass"]),
             ("python -c 'import numpy'", [sys.executable, "-c", "import numpy"]),
             ("backprop-doctor --help", [sys.executable, "-m", "backprop_doctor", "--help"]),
             ("backprop-doctor lint one.py", [sys.executable, "-m", "backprop_doctor", "lint", path]),
             ("backprop-doctor check --help", [sys.executable, "-m", "backprop_doctor", "check", "--help"])]
    times = {label: [] for label, _ in cases}
    for _ in range(repeat):          # round-robin, best of `repeat`
        for label, cmd in cases:
            t = time.perf_counter()
            subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times[label].append(time.perf_counter() - t)
    base = min(times[cases[0][0]])
    print("| command | best of %d (ms) | minus python start-up (ms) |" % repeat)
    print("|---|---|---|")
    for label, _ in cases:
        best = min(times[label])
        print(f"| {label} | {1e3 * best:.0f} | {1e3 * (best - base):.0f} |")
    os.unlink(path)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", default="10k,80k,270k", help=f"from {', '.join(NETWORKS)}")
    p.add_argument("--reps", type=int, default=4, help="entries (or seeds) per row")
    p.add_argument("--full-at", default="10k", help="sizes at which --full runs on the same cases")
    p.add_argument("--parts", default="correct,blocks,detection,overhead,startup")
    p.add_argument("--seed", type=int, default=0)
    ns = p.parse_args(argv)
    sizes = [s for s in ns.sizes.split(",") if s]
    parts = ns.parts.split(",")
    print(f"numpy {np.__version__}, BLAS threads pinned to 1, cost over 10 samples")
    if "correct" in parts:
        part_correct(sizes, min(ns.reps, 3))
    if "blocks" in parts:
        part_blocks(sizes)
    if "detection" in parts:
        part_detection(sizes, ns.reps, ns.full_at.split(","), ns.seed)
    if "overhead" in parts:
        part_overhead(sizes)
    if "startup" in parts:
        part_startup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
