"""`lint --format`: concise lines, GitHub annotations, SARIF 2.1.0; the rich view stays the default.

Real files are linted through the CLI and the output is read back the way its consumer reads it:
a problem-matcher regex, GitHub's workflow-command grammar, the SARIF 2.1.0 structure.
"""
from __future__ import annotations

import json
import re

import jsonschema
import pytest

from backprop_doctor.cli import main
from backprop_doctor.findings import catalogue
from backprop_doctor.lint import chunks, lint_source

BUGGY = ("import numpy as np\n\n\ndef sigmoid(z):\n    return 1 / (1 + np.exp(z))\n\n\n"
         "W1 = np.random.rand(4, 3)\n")
CLEAN = "import numpy as np\n\ndef sigmoid(z):\n    return 1 / (1 + np.exp(-z))\n"


@pytest.fixture
def files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "net.py").write_text(BUGGY)
    (tmp_path / "clean.py").write_text(CLEAN)
    (tmp_path / "py2.py").write_text('x = 1\nprint "loss", x\n')
    return tmp_path


def run(capsys, *argv):
    code = main(["lint", *argv])
    out, err = capsys.readouterr()
    return code, out, err


CONCISE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<id>[a-z][a-z-]+) (?P<msg>.+)$")


def test_concise_is_one_problem_matcher_line_per_finding(files, capsys):
    code, out, err = run(capsys, "--format", "concise", "pkg/net.py", "clean.py")
    assert code == 1 and err == ""
    rows = [CONCISE.match(line).groupdict() for line in out.splitlines()]
    assert [(r["file"], int(r["line"]), int(r["col"]), r["id"]) for r in rows] == [
        ("pkg/net.py", 5, 12, "sigmoid-sign"), ("pkg/net.py", 8, 6, "positive-init")]
    # the column points at the expression itself
    assert BUGGY.splitlines()[4][11:].startswith("1 / (1 + np.exp(z))")
    assert "sigmoid(-z)" in rows[0]["msg"]


def test_concise_clean_prints_nothing_and_exits_0(files, capsys):
    assert run(capsys, "--format", "concise", "clean.py") == (0, "", "")


GITHUB = re.compile(r"^::(?P<level>error|warning|notice) (?P<props>[^:]*)::(?P<msg>.*)$")


def test_github_annotations_by_severity(files, capsys):
    code, out, err = run(capsys, "--format", "github", "pkg/net.py")
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == 2
    parsed = [GITHUB.match(line) for line in lines]
    assert all(parsed)
    props = [dict(kv.split("=", 1) for kv in m["props"].split(",")) for m in parsed]
    assert [m["level"] for m in parsed] == ["error", "warning"]
    assert props[0] == {"file": "pkg/net.py", "line": "5", "col": "12", "title": "sigmoid-sign"}
    assert props[1]["title"] == "positive-init" and props[1]["line"] == "8"


def test_github_escapes_what_the_command_grammar_reserves():
    from backprop_doctor.findings import Finding
    from backprop_doctor.lint.formats import github

    f = Finding(id="sigmoid-sign", severity="info", message="100% wrong\nsecond line", fix="",
                source="lint", file="a,b:c.py", line=3, evidence={"col": 2})
    assert github([f]) == "::notice file=a%2Cb%3Ac.py,line=3,col=2,title=sigmoid-sign::100%25 wrong%0Asecond line\n"


# The parts of the SARIF 2.1.0 schema (OASIS, sarif-schema-2.1.0.json) a code-scanning upload
# reads; the full schema also validates our output (checked by hand, see benchmarks/RESULTS.md).
_TEXT = {"type": "object", "required": ["text"], "properties": {"text": {"type": "string", "minLength": 1}}}
SARIF_STRUCTURE = {
    "type": "object",
    "required": ["version", "$schema", "runs"],
    "properties": {
        "version": {"const": "2.1.0"},
        "$schema": {"type": "string", "pattern": "sarif-schema-2\\.1\\.0\\.json$"},
        "runs": {"type": "array", "minItems": 1, "items": {
            "type": "object", "required": ["tool", "results"],
            "properties": {
                "tool": {"type": "object", "required": ["driver"], "properties": {"driver": {
                    "type": "object", "required": ["name", "version", "informationUri", "rules"],
                    "properties": {
                        "name": {"const": "backprop-doctor"},
                        "informationUri": {"type": "string", "pattern": "^https://"},
                        "rules": {"type": "array", "items": {
                            "type": "object",
                            "required": ["id", "shortDescription", "fullDescription", "help",
                                         "defaultConfiguration"],
                            "properties": {"id": {"type": "string"}, "shortDescription": _TEXT,
                                           "fullDescription": _TEXT, "help": _TEXT,
                                           "defaultConfiguration": {"type": "object", "properties": {
                                               "level": {"enum": ["none", "note", "warning", "error"]}}}},
                        }},
                    }}}},
                "results": {"type": "array", "items": {
                    "type": "object", "required": ["ruleId", "level", "message", "locations"],
                    "properties": {
                        "ruleId": {"type": "string"},
                        "ruleIndex": {"type": "integer", "minimum": 0},
                        "level": {"enum": ["none", "note", "warning", "error"]},
                        "message": _TEXT,
                        "locations": {"type": "array", "minItems": 1, "items": {
                            "type": "object", "required": ["physicalLocation"],
                            "properties": {"physicalLocation": {
                                "type": "object", "required": ["artifactLocation", "region"],
                                "properties": {
                                    "artifactLocation": {"type": "object", "required": ["uri"],
                                                         "properties": {"uri": {"type": "string"}}},
                                    "region": {"type": "object", "required": ["startLine", "startColumn"],
                                               "properties": {"startLine": {"type": "integer", "minimum": 1},
                                                              "startColumn": {"type": "integer", "minimum": 1}}},
                                }}}}},
                    }}},
            }}},
    },
}


def test_sarif_log_has_the_2_1_0_structure(files, capsys):
    code, out, err = run(capsys, "--format", "sarif", "pkg/net.py", "clean.py")
    assert code == 1 and err == ""
    log = json.loads(out)
    jsonschema.validate(log, SARIF_STRUCTURE)
    run0 = log["runs"][0]
    rules = run0["tool"]["driver"]["rules"]
    lint_ids = sorted(r.id for r in catalogue() if r.kind == "lint")
    assert sorted(r["id"] for r in rules) == lint_ids          # one entry per rule id
    assert len({r["id"] for r in rules}) == len(rules)
    sig = next(r for r in rules if r["id"] == "sigmoid-sign")
    assert "np.exp(-z)" in sig["help"]["text"] and sig["defaultConfiguration"]["level"] == "error"
    results = run0["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [("sigmoid-sign", "error"), ("positive-init", "warning")]
    for r in results:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
        loc = r["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"] == "pkg/net.py"  # relative, forward slashes
    assert results[0]["locations"][0]["physicalLocation"]["region"] == {"startLine": 5, "startColumn": 12}


def test_sarif_with_no_findings_is_still_a_log_with_the_rules(files, capsys):
    code, out, _ = run(capsys, "--format", "sarif", "clean.py")
    log = json.loads(out)
    jsonschema.validate(log, SARIF_STRUCTURE)
    assert code == 0 and log["runs"][0]["results"] == [] and log["runs"][0]["tool"]["driver"]["rules"]


@pytest.mark.parametrize("fmt", ["concise", "github", "sarif", "json"])
def test_every_format_keeps_the_exit_status_and_says_unparsable_files_on_stderr(files, capsys, fmt):
    code, out, err = run(capsys, "--format", fmt, "py2.py", "clean.py")
    assert code == 2
    assert "syntax-error" in out and "cannot parse: py2.py" in err
    code, _, err = run(capsys, "--format", fmt, "clean.py", "missing.py")
    assert code == 2 and "missing.py: no such file" in err


def test_format_json_is_the_json_contract(files, capsys):
    a = run(capsys, "--format", "json", "pkg/net.py")
    b = run(capsys, "--json", "pkg/net.py")
    assert a == b and a[0] == 1
    assert [f["id"] for f in json.loads(a[1])["findings"]] == ["sigmoid-sign", "positive-init"]


def test_json_and_another_format_is_refused(files, capsys):
    code, out, err = run(capsys, "--json", "--format", "sarif", "clean.py")
    assert code == 2 and out == "" and "two formats" in err


def test_rich_stays_the_default(files, capsys):
    code, out, _ = run(capsys, "pkg/net.py")
    assert code == 1
    assert "return 1 / (1 + np.exp(z))" in out and "fix:" in out and "2 findings in 1 file" in out


def test_rich_report_of_many_findings_shows_each_with_its_own_lines(tmp_path, capsys):
    """The report highlights only the lines it shows; each finding still shows its own line."""
    src = "import numpy as np\n" + "".join(f"def sigmoid{i}(z{i}):\n    return 1 / (1 + np.exp(z{i}))\n"
                                          for i in range(60))
    path = tmp_path / "many.py"
    path.write_text(src)
    code, out, _ = run(capsys, str(path))
    assert code == 1 and "60 findings in 1 file: 60 errors" in out
    for i in (0, 31, 59):
        assert f"{path}:{2 * i + 3}" in out and f"np.exp(z{i}))" in out


def test_a_source_read_in_pieces_gives_the_findings_of_the_whole(monkeypatch):
    """Large sources are linted in pieces of top-level statements; the findings are the same."""
    body = ("import numpy as np\nfrom math import exp as e\n\n"
            "@staticmethod\n@property\ndef sigmoid(z):\n    '''doc\n\ndef not_a_cut(): pass\n'''\n"
            "    return 1 / (1 + np.exp(z))\n\n"
            "def logistic(x):\n    return 1 / (1 + e(x))  # backprop-doctor: ignore[sigmoid-sign]\n\n"
            "def sig(x):\n    return 1 / (1 + e(x))\n\n"
            "W1 = np.random.rand(3, 4)\n")
    source = body * 5
    whole = lint_source(source, "f.py")
    monkeypatch.setattr(chunks, "CHUNK_CHARS", 200)
    starts, _ = chunks.scan(source)
    assert len(chunks.pieces(source, starts, 200)) > 5
    pieced = lint_source(source, "f.py")
    assert [(f.id, f.line, f.evidence.get("col")) for f in pieced] == \
           [(f.id, f.line, f.evidence.get("col")) for f in whole]
    assert {f.id for f in whole} == {"sigmoid-sign", "positive-init"} and len(whole) == 15


def test_a_syntax_error_in_a_large_source_is_found_with_its_line(monkeypatch):
    monkeypatch.setattr(chunks, "CHUNK_CHARS", 50)
    source = "x = 1\n" * 40 + "def f(:\n    pass\n" + "y = 2\n" * 40
    assert [(f.id, f.line) for f in lint_source(source, "g.py")] == [("syntax-error", 41)]
