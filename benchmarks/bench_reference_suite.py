"""How long the whole reference suite takes to check, against a bare loop of 2P cost evaluations.

Run by hand:  python benchmarks/bench_reference_suite.py
The baseline (the cheapest possible full check: two cost calls per parameter, no noise estimate,
no refinement, no diagnosis) is measured in the same run, case by case.
"""
from __future__ import annotations

import time
import warnings

import numpy as np

from backprop_doctor.params import layout_of
from backprop_doctor.runner_cases import run_case
from reference_models import all_cases


def bare_loop(problem) -> float:
    """2P cost evaluations at +-1e-6: the floor any per-entry check pays."""
    cost, params, args = problem.get("cost"), problem["params"], problem.get("args", ())
    if cost is None:
        fwd, loss = problem["forward"], problem["loss"]
        cost = lambda p, X, y: loss(fwd(p, X), y)  # noqa: E731
    layout = layout_of(params, problem.get("blocks"), problem.get("order") or "C")
    x = layout.flatten(params)
    start = time.perf_counter()
    for i in range(x.size):
        for h in (1e-6, -1e-6):
            p = x.copy()
            p[i] += h
            cost(layout.unflatten(p), *args)
    return time.perf_counter() - start


def main() -> None:
    warnings.simplefilter("ignore")
    rows = []
    total_check = total_bare = 0.0
    for name, case in all_cases().items():
        start = time.perf_counter()
        report = run_case(case, seed=0)
        elapsed = time.perf_counter() - start
        bare = bare_loop(case.build(0)) if case.kind == "gradient" else float("nan")
        total_check += elapsed
        if bare == bare:
            total_bare += bare
        rows.append((name, case.kind, elapsed, bare, getattr(report, "n_evaluations", None)))
    rows.sort(key=lambda r: -r[2])
    print(f"{'case':48s} {'kind':9s} {'check s':>8s} {'2P loop s':>9s} {'ratio':>6s} {'evals':>6s}")
    for name, kind, elapsed, bare, evals in rows[:15]:
        ratio = elapsed / bare if bare == bare and bare > 0 else float("nan")
        print(f"{name:48s} {kind:9s} {elapsed:8.3f} {bare:9.3f} {ratio:6.1f} {evals if evals is not None else '':>6}")
    print(f"... {len(rows)} cases in all")
    print(f"whole reference suite: {total_check:.1f} s; bare 2P loops of the gradient cases: "
          f"{total_bare:.1f} s (ratio {total_check / max(total_bare, 1e-9):.1f})")


if __name__ == "__main__":
    main()
