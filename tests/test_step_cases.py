"""The step and training reference cases are the rule tests: each bad one names its rule, each
right one is not flagged (no error or warning)."""
import pytest

import backprop_doctor as bd
from reference_models import all_cases
from reference_models.cases import BUILD_KEYS

STEP_CASES = [c for c in all_cases().values() if c.kind == "step"]
TRAINING_CASES = [c for c in all_cases().values() if c.kind == "training"]


def ids(cases):
    return [c.name for c in cases]


def test_the_cases_the_issue_asks_for_exist():
    names = set(ids(STEP_CASES + TRAINING_CASES))
    assert {"step/right", "step/seed000-weights-scaled", "step/seed003-ascending", "step/ascending",
            "step/weights-scaled", "step/stale-accumulator", "training/zero-init",
            "training/seed000-weights-scaled", "training/xor-right"} <= names


@pytest.mark.parametrize("case", STEP_CASES + TRAINING_CASES, ids=ids(STEP_CASES + TRAINING_CASES))
def test_case_well_formed(case):
    built = case.build(0)
    assert set(built) <= set(BUILD_KEYS[case.kind])
    assert case.correct != bool(case.rules or case.rules_any)
    assert case.description


def _step_modes(built):
    modes = ["cost"]
    if built.get("grad") is not None:
        modes.append("grad")
    return modes


@pytest.mark.parametrize("seed", [0, 1], ids=lambda s: f"seed={s}")
@pytest.mark.parametrize("case", STEP_CASES, ids=ids(STEP_CASES))
def test_step_case_verdict(case, seed):
    for mode in _step_modes(case.build(seed)):
        built = case.build(seed)  # fresh: a stateful step starts clean for each mode
        kwargs = {"cost": built["cost"]} if mode == "cost" else {"grad": built["grad"]}
        report = bd.check_step(built["step"], params=built["params"], args=built["args"],
                               blocks=built.get("blocks"), **kwargs)
        if case.correct:
            assert report.ok, (mode, [f.message for f in report.findings])
            assert report.lr == pytest.approx(built["lr"], rel=1e-6)
        else:
            assert not report.ok, mode
            assert set(case.rules) <= set(report.finding_ids())


@pytest.mark.parametrize("case", TRAINING_CASES, ids=ids(TRAINING_CASES))
def test_training_case_verdict(case):
    built = case.build(0)
    report = bd.check_training(built["step"], built["cost"], built["params"], built["args"],
                               forward=built.get("forward"), grad=built.get("grad"))
    if case.correct:
        assert report.ok and not [f for f in report.findings if f.severity != "info"]
    else:
        assert not report.ok
        assert set(case.rules) <= set(report.finding_ids())


@pytest.mark.parametrize("case", STEP_CASES[:2] + TRAINING_CASES[:1], ids=ids(STEP_CASES[:2] + TRAINING_CASES[:1]))
def test_runner_runs_the_cases(case):
    from backprop_doctor.runner_cases import run_case

    report = run_case(case)
    assert report.ok == case.correct
