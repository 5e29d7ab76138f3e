"""Side-by-side benchmark on the 400-25-10 network (10,285 parameters, 500 samples).

    python benchmarks/bench_big_network.py            # every row (torch rows if torch is installed)
    python benchmarks/bench_big_network.py --no-torch
    python benchmarks/bench_big_network.py --rows bare,full,full-w1-pinned,full-w2 --models buggy

Rows, each on the correct network and on the one whose 10 output-bias entries are regularised
(about 1e-4 relative error each): our default check (screen mode), our --full, --full with 2
workers, a bare loop of 2P cost evaluations (what any hand-written checker pays), scipy's
check_grad, and torch.autograd.gradcheck (fast_mode off and on) wrapping the same numpy functions.
Every number is measured in this run; the rows run in turn, --repeat rounds, and each keeps its
best time (the machine may be shared: a busy moment then hurts every row alike).
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import dataclass
from typing import Callable, List, Optional

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))

import big_network as net  # noqa: E402

import backprop_doctor as bd  # noqa: E402

BUGGY = {f"theta2[{k},0]" for k in range(net.OUTPUT)}


@dataclass
class Row:
    tool: str
    model: str
    evaluations: int
    seconds: float
    found: str
    entries: str
    ratio: float = float("nan")


class Counted:
    """The cost with a call counter, for tools that do not report their evaluations."""

    def __init__(self, fn: Callable):
        self.fn = fn
        self.calls = 0

    def __call__(self, *a):
        self.calls += 1
        return self.fn(*a)


def best_of(repeat: int, run: Callable[[], object]):
    best, result = float("inf"), None
    for _ in range(repeat):
        t = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - t)
    return best, result


def ours(label: str, grad, theta, args, repeat: int, **kw) -> Row:
    seconds, report = best_of(repeat, lambda: bd.check(net.cost, grad, theta, args,
                                                       blocks=net.LAYOUT, **kw))
    found_entries = [e.label for e in report.failures]
    bug_hits = sum(1 for e in found_entries if e in BUGGY)
    if report.ok:
        found = "no failure (ok)"
    elif report.n_failed:
        found = f"fails {','.join(report.failing_blocks)}; {bug_hits}/10 bias entries"
    else:
        found = "not a pass: " + ", ".join(report.finding_ids())
    if report.mode == "screen":   # what the screen guarantees, beside what it spent
        found += f"; floor {report.screen_floor:.1e}" if report.screen_floor is not None else ""
    entries = summarise(found_entries)
    return Row(f"{label} ({report.mode})", "", report.n_evaluations, seconds, found, entries)


def summarise(labels: List[str]) -> str:
    """theta2[0,0] ... theta2[9,0] -> theta2[0..9,0] when they form one column."""
    if not labels:
        return "-"
    import re

    parts = [re.match(r"(\w+)\[(\d+),(\d+)\]$", s) for s in labels]
    if all(parts) and len({(m.group(1), m.group(3)) for m in parts}) == 1:
        rows = sorted(int(m.group(2)) for m in parts)
        if rows == list(range(rows[0], rows[-1] + 1)):
            m = parts[0]
            return f"{m.group(1)}[{rows[0]}..{rows[-1]},{m.group(3)}]"
    return ", ".join(labels[:3]) + (" ..." if len(labels) > 3 else "")


def bare_loop(grad, theta, args, repeat: int, note: str = "") -> Row:
    """What a hand-written numerical gradient costs: 2P evaluations, nothing else."""
    h = 1e-5

    def run():
        t = theta.copy()
        num = np.empty_like(theta)
        for i in range(theta.size):
            t[i] = theta[i] + h
            fp = net.cost(t, *args)
            t[i] = theta[i] - h
            fm = net.cost(t, *args)
            t[i] = theta[i]
            num[i] = (fp - fm) / (2 * h)
        return num

    seconds, num = best_of(repeat, run)
    g = grad(theta, *args)
    rel = np.linalg.norm(g - num) / np.linalg.norm(g + num)
    verdict = "rel diff %.1e (%s 1e-7 rule)" % (rel, "fails" if rel > 1e-7 else "passes")
    return Row("bare loop, 2P evaluations" + note, "", 2 * theta.size, seconds, verdict, "-")


def scipy_check_grad(grad, theta, args, repeat: int) -> Row:
    from scipy.optimize import check_grad

    counted = Counted(net.cost)
    seconds, err = best_of(repeat, lambda: check_grad(counted, grad, theta, *args))
    calls = counted.calls // repeat
    rel = err / (2 * np.linalg.norm(grad(theta, *args)))
    verdict = "||a-n|| %.1e, rel %.1e (%s 1e-7 rule)" % (err, rel, "fails" if rel > 1e-7 else "passes")
    return Row("scipy.optimize.check_grad", "", calls, seconds, verdict, "- (one norm)")


def torch_gradcheck(grad, theta, args, repeat: int, fast: bool) -> Optional[Row]:
    try:
        import torch
    except ImportError:
        return None
    counted = Counted(net.cost)

    class NumpyCost(torch.autograd.Function):
        @staticmethod
        def forward(ctx, t):
            x = t.detach().numpy()
            ctx.save_for_backward(t)
            return torch.tensor(counted(x, *args), dtype=torch.float64)

        @staticmethod
        def backward(ctx, out_grad):
            (t,) = ctx.saved_tensors
            return out_grad * torch.from_numpy(grad(t.detach().numpy(), *args))

    t = torch.tensor(theta, dtype=torch.float64, requires_grad=True)
    seconds, passed = best_of(repeat, lambda: torch.autograd.gradcheck(
        NumpyCost.apply, (t,), fast_mode=fast, raise_exception=False))
    calls = counted.calls // repeat
    verdict = "passes (True)" if passed else "fails (False)"
    return Row(f"torch gradcheck fast_mode={fast}", "", calls, seconds, verdict,
               "- (whole Jacobian)" if not fast else "- (one projection)")


ROWS = ("bare", "bare-pinned", "default", "full", "full-w1-pinned", "full-w2", "scipy", "torch", "torch-fast")
DEFAULT_ROWS = ("bare", "bare-pinned", "default", "full", "full-w2", "scipy", "torch", "torch-fast")


def makers_for(rows, grad, theta, args):
    every = {
        "bare": lambda: bare_loop(grad, theta, args, 1),
        "bare-pinned": lambda: pinned(lambda: bare_loop(grad, theta, args, 1, " (1 BLAS thread)")),
        "default": lambda: ours("ours: default", grad, theta, args, 1),
        "full": lambda: ours("ours: --full", grad, theta, args, 1, full=True),
        "full-w1-pinned": lambda: pinned(lambda: ours("ours: --full, 1 BLAS thread", grad, theta,
                                                      args, 1, full=True)),
        "full-w2": lambda: ours("ours: --full --workers 2", grad, theta, args, 1, full=True,
                                workers=2),
        "scipy": lambda: scipy_check_grad(grad, theta, args, 1),
        "torch": lambda: torch_gradcheck(grad, theta, args, 1, False),
        "torch-fast": lambda: torch_gradcheck(grad, theta, args, 1, True),
    }
    return [every[r] for r in rows]


def pinned(run):
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        return run()


def main(argv: Optional[List[str]] = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeat", type=int, default=3,
                   help="rounds; rows run in turn within a round and each keeps its best time")
    p.add_argument("--rows", default=",".join(DEFAULT_ROWS),
                   help=f"comma-separated, from {', '.join(ROWS)} (ratios are to the first row)")
    p.add_argument("--models", default="correct,buggy", help="correct, buggy or both")
    p.add_argument("--no-torch", action="store_true")
    ns = p.parse_args(argv)
    rows_wanted = [r for r in ns.rows.split(",") if r and not (ns.no_torch and r.startswith("torch"))]
    unknown = set(rows_wanted) - set(ROWS)
    if unknown:
        p.error(f"unknown rows {sorted(unknown)}; choose from {', '.join(ROWS)}")
    theta, args = net.make()
    grads = {"correct": net.grad, "buggy": net.grad_buggy}
    rows: List[Row] = []
    for model in ns.models.split(","):
        makers = makers_for(rows_wanted, grads[model], theta, args)
        best: List[Optional[Row]] = [None] * len(makers)
        for _ in range(ns.repeat):       # round-robin: a busy moment hurts every row alike
            for k, make in enumerate(makers):
                row = make()
                if row is not None and (best[k] is None or row.seconds < best[k].seconds):
                    best[k] = row
        group = [r for r in best if r is not None]
        for r in group:
            r.model = model
            r.ratio = r.seconds / group[0].seconds
        rows += group
    print(table(rows, theta.size))
    return 0


def table(rows: List[Row], n_params: int) -> str:
    head = ("| model | tool | evaluations | % of 2P | wall time (s) | time / bare loop | "
            "verdict | entries reported |")
    out = [f"400-25-10 network, {n_params} parameters, 500 samples; 2P = {2 * n_params}", "",
           head, "|" + "---|" * 8]
    for r in rows:
        out.append(f"| {r.model} | {r.tool} | {r.evaluations} | {100 * r.evaluations / (2 * n_params):.2f}% "
                   f"| {r.seconds:.3f} | {r.ratio:.2f} | {r.found} | {r.entries} |")
    return "\n".join(out)


if __name__ == "__main__":
    sys.exit(main())
