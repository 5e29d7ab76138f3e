"""`rules`, `explain` and `demo` as a user runs them."""
import json

import pytest

from backprop_doctor.cli import main
from backprop_doctor.findings import catalogue

CONTRACT_IDS = {
    "sign-flip": "error", "scale-mismatch": "error", "skipped-first-parameter": "error",
    "missing-softmax-backprop": "error", "misapplied-update": "error",
    "regularization-mismatch": "error", "bias-mismatch": "error", "transposed-gradient": "error",
    "hidden-layer-mismatch": "error", "stale-accumulator": "error", "nondeterministic-loss": "error",
    "params-mutated": "error", "kink": "info", "low-precision": "warning",
    "sigmoid-sign": "error", "loop-skips-first": "error", "update-times-weights": "error",
    "softmax-axis": "warning", "positive-init": "warning", "accumulator-not-reset": "warning",
    "activation-before-softmax": "warning",
}


def test_catalogue_has_every_contract_rule_with_its_severity():
    rules = {r.id: r for r in catalogue()}
    for rule_id, severity in CONTRACT_IDS.items():
        assert rule_id in rules, rule_id
        assert rules[rule_id].severity == severity, rule_id


@pytest.mark.parametrize("rule", sorted(r.id for r in catalogue()))
def test_every_rule_documents_itself(rule):
    info = next(r for r in catalogue() if r.id == rule)
    assert info.title and info.fix and len(info.explanation) > 40


def test_rules_command_lists_every_id(capsys):
    assert main(["rules", "--json"]) == 0
    ids = {r["id"] for r in json.loads(capsys.readouterr().out)["rules"]}
    assert set(CONTRACT_IDS) <= ids
    assert main(["rules"]) == 0
    assert "sign-flip" in capsys.readouterr().out


def test_explain_shows_wrong_and_right(capsys):
    assert main(["explain", "sign-flip"]) == 0
    out = capsys.readouterr().out
    assert "Wrong:" in out and "Right:" in out and "np.exp(-z)" in out and "Fix:" in out


def test_explain_unknown_rule_suggests(capsys):
    assert main(["explain", "sign-flp"]) == 2
    assert "Did you mean sign-flip" in capsys.readouterr().err


def test_demo_lists_cases(capsys):
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "seed001/original" in out and "correct" in out


def test_demo_runs_a_case_and_exits_0_even_when_it_fails(capsys):
    assert main(["demo", "seed001/original", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert not doc["ok"] and {f["id"] for f in doc["findings"]} >= {"sign-flip", "skipped-first-parameter"}


def test_demo_unknown_case_exits_2(capsys):
    assert main(["demo", "seed001/nope"]) == 2
    assert "seed001/original" in capsys.readouterr().err
