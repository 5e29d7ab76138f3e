"""The JSON report's schema ships in the package and every real check's output validates."""
import copy
import json
import os

import numpy as np
import pytest

jsonschema = pytest.importorskip("jsonschema")

import backprop_doctor as bd  # noqa: E402
from backprop_doctor.cli import main  # noqa: E402
from backprop_doctor.export import report_schema  # noqa: E402
from backprop_doctor.report import SCHEMA_VERSION  # noqa: E402

PROGRAMS = os.path.join(os.path.dirname(__file__), "programs")


@pytest.fixture(scope="module")
def validator():
    schema = report_schema("check")
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def assert_valid(validator, doc):
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


def test_schema_is_package_data_and_matches_the_report_version():
    schema = report_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["properties"]["schema_version"] == {"const": SCHEMA_VERSION}
    with pytest.raises(ValueError, match=r"no schema for 'nope'; known: check, layer, step, lint"):
        report_schema("nope")


@pytest.mark.parametrize("program, code", [("seed001_buggy.py", 1), ("seed001_fixed.py", 0)],
                         ids=["buggy", "fixed"])
def test_cli_json_validates(validator, capsys, program, code):
    assert main(["check", os.path.join(PROGRAMS, program) + ":grad", "--json"]) == code
    assert_valid(validator, json.loads(capsys.readouterr().out))


def _cases(*kinds):
    from reference_models.cases import all_cases

    return sorted(name for name, case in all_cases().items() if case.kind in kinds)


@pytest.mark.parametrize("name", _cases("gradient", "layer"))
def test_every_reference_gradient_and_layer_case_validates(validator, name):
    """Passing, failing, kinks, float32, nondeterministic, mutated, audited checkers, lint."""
    from reference_models.cases import get_case
    from backprop_doctor.runner_cases import run_case

    report = run_case(get_case(name))
    doc = json.loads(report.to_json())
    assert_valid(validator, doc)
    assert doc["ok"] == report.ok and len(doc["blocks"]) == len(report.blocks)


@pytest.mark.parametrize("name", _cases("step"))
def test_every_reference_step_case_validates(name):
    from reference_models.cases import get_case
    from backprop_doctor.runner_cases import run_case

    validator = jsonschema.Draft202012Validator(report_schema("step"))
    report = run_case(get_case(name))
    doc = json.loads(report.to_json())
    assert_valid(validator, doc)
    assert doc["ok"] == report.ok
    assert not validator.is_valid({k: v for k, v in doc.items() if k != "lr"})


def test_lint_json_validates(capsys, tmp_path):
    validator = jsonschema.Draft202012Validator(report_schema("lint"))
    broken = tmp_path / "broken.py"
    broken.write_text("def f(:\n")
    seeds = os.path.join(os.path.dirname(PROGRAMS), "..", "reference_models", "seeds")
    files = sorted(os.path.join(seeds, f) for f in os.listdir(seeds) if f.endswith(".py"))
    main(["lint", *files, str(broken), "--json"])
    doc = json.loads(capsys.readouterr().out)
    assert_valid(validator, doc)
    assert "syntax-error" in [f["id"] for f in doc["findings"]]
    doc["findings"][0]["source"] = "check"
    assert not validator.is_valid(doc)


def test_screen_mode_validates(validator):
    def cost(w):
        return float(np.sum(np.sin(w) ** 2))

    def grad(w):
        g = np.sin(2 * w)
        g[17] *= 1.01
        return g

    report = bd.check(cost, grad, np.linspace(-1, 1, 400), max_checks=50, lint=False, config=False)
    doc = json.loads(report.to_json())
    assert doc["mode"] == "screen" and doc["n_checked"] < doc["n_params"]
    assert_valid(validator, doc)


def test_nulls_validate(validator):
    """A constant cost: every entry is below noise, so there is no max_rel_error to report."""
    report = bd.check(lambda w: 1.0, lambda w: np.zeros_like(w), np.ones(3), lint=False,
                      config=False)
    doc = json.loads(report.to_json())
    assert doc["max_rel_error"] is None
    assert_valid(validator, doc)


def test_more_than_fifty_failures_are_cut_to_fifty(validator):
    report = bd.check(lambda w: float(w @ w), lambda w: -2 * w, np.arange(1.0, 81.0),
                      lint=False, config=False)
    doc = json.loads(report.to_json())
    assert report.n_failed == 80 and len(doc["failures"]) == 50
    assert_valid(validator, doc)


@pytest.mark.parametrize("mutate, where", [
    (lambda d: d.pop("blocks"), "blocks"),
    (lambda d: d.update(schema_version=2), "schema_version"),
    (lambda d: d.update(mode="partial"), "mode"),
    (lambda d: d["findings"][0].update(severity="fatal"), "severity"),
    (lambda d: d["findings"][0].update(id="Sign Flip"), "id"),
    (lambda d: d["blocks"][0].update(shape=[5, -4]), "shape"),
    (lambda d: d["failures"][0].update(rel_error="2"), "rel_error"),
    (lambda d: d.update(failures=d["failures"] * 4), "failures"),
], ids=["missing-blocks", "future-version", "unknown-mode", "bad-severity", "bad-rule-id",
        "negative-dimension", "string-number", "too-many-failures"])
def test_schema_rejects_broken_documents(validator, capsys, mutate, where):
    main(["check", os.path.join(PROGRAMS, "seed001_buggy.py") + ":grad", "--json"])
    doc = json.loads(capsys.readouterr().out)
    broken = copy.deepcopy(doc)
    mutate(broken)
    errors = list(validator.iter_errors(broken))
    assert errors and any(where in (list(e.path) + [e.message, str(e.schema_path)]).__str__()
                          for e in errors)
