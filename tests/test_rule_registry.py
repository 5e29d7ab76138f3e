"""One explicit rule registry: every rule the package defines is in the catalogue, with its explain
page, and can be ignored by id; the catalogue is built from a fixed list, not from whatever
happens to have been imported."""
import ast
import os

import pytest

import backprop_doctor as bd
from backprop_doctor.cli import main

PACKAGE = os.path.dirname(os.path.abspath(bd.__file__))


def _defined_rule_ids():
    """Every `RuleInfo(id="...")` written anywhere in the package's source."""
    ids = {}
    for folder, _, files in os.walk(PACKAGE):
        for name in files:
            if not name.endswith(".py"):
                continue
            path = os.path.join(folder, name)
            with open(path, encoding="utf-8") as fh:
                tree = ast.parse(fh.read(), path)
            for node in ast.walk(tree):
                if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "RuleInfo":
                    for kw in node.keywords:
                        if kw.arg == "id" and isinstance(kw.value, ast.Constant):
                            ids[kw.value.value] = os.path.relpath(path, PACKAGE)
    return ids


DEFINED = _defined_rule_ids()


def test_the_package_defines_rules_and_numgrad_mismatch_is_one():
    assert len(DEFINED) >= 30 and "numgrad-mismatch" in DEFINED


def test_every_defined_rule_is_in_the_catalogue():
    known = {r.id for r in bd.catalogue()}
    missing = {rule: where for rule, where in DEFINED.items() if rule not in known}
    assert not missing, f"rules defined but not in the catalogue (add their module to " \
                        f"findings.RULE_SOURCES): {missing}"


@pytest.mark.parametrize("rule_id", sorted(DEFINED))
def test_every_rule_has_an_explain_page(rule_id, capsys):
    assert main(["explain", rule_id]) == 0
    out = capsys.readouterr().out
    rule = bd.get_rule(rule_id)
    assert rule_id in out and rule.title.split()[0] in out and "Fix:" in out


def test_numgrad_mismatch_can_be_ignored_by_id():
    import numpy as np

    report = bd.check(lambda t: float(np.sum(t ** 2)), lambda t: 2 * t, np.ones(3), lint=False,
                      ignore=["numgrad-mismatch"])
    assert report.ok


def test_the_registry_loads_a_fixed_list_without_swallowing_import_errors():
    import inspect

    from backprop_doctor import cli, findings

    source = inspect.getsource(findings._load_all_rules) + inspect.getsource(cli._command_module)
    assert "ModuleNotFoundError" not in source and "except" not in source
    assert "backprop_doctor.audit" in findings.RULE_SOURCES


def test_bd_lint_is_the_function_on_every_access(tmp_path):
    import backprop_doctor.lint  # noqa: F401 - importing the subpackage must not shadow it

    path = tmp_path / "ok.py"
    path.write_text("x = 1\n")
    for _ in range(2):
        assert callable(bd.lint) and bd.lint([str(path)]).files == (str(path),)


def test_lazy_names_are_in_all_and_dir():
    for name in ("check_layer", "check_step", "check_training", "lint"):
        assert name in bd.__all__ and name in dir(bd) and callable(getattr(bd, name))
