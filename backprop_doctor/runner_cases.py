"""Run a reference case (from `reference_models`) through the matching check."""
from __future__ import annotations

from typing import Optional


def run_case(case, seed: int = 0, command: Optional[str] = None):
    problem = case.build(seed)
    if case.kind == "gradient":
        from .api import check

        return check(problem.get("cost"), problem.get("grad"), problem.get("params"),
                     problem.get("args", ()),
                     blocks=problem.get("blocks"), order=problem.get("order") or "C",
                     forward=problem.get("forward"), loss=problem.get("loss"),
                     numeric=problem.get("numeric"), seed=seed, command=command)
    if case.kind == "layer":
        from .layer import check_layer

        return check_layer(problem["forward"], problem["backward"], problem["inputs"], seed=seed,
                           command=command)
    if case.kind == "step":
        from .training import check_step

        return check_step(problem["step"], problem.get("grad"), problem["params"],
                          problem.get("args", ()), cost=problem.get("cost"),
                          blocks=problem.get("blocks"), seed=seed, command=command)
    if case.kind == "training":
        from .training import check_training

        return check_training(problem["step"], problem["cost"], problem["params"],
                              problem.get("args", ()), forward=problem.get("forward"),
                              grad=problem.get("grad"), seed=seed, command=command)
    raise ValueError(f"unknown case kind {case.kind!r}")
