"""`backprop-doctor lint`: exit codes, the rich report and the JSON document."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from backprop_doctor.cli import main

CASES = Path(__file__).resolve().parent / "lint_cases"
SEEDS = Path(__file__).resolve().parent.parent / "reference_models" / "seeds"


@pytest.fixture
def files(tmp_path):
    paths = {
        "clean": "import numpy as np\n\ndef sigmoid(z):\n    return 1 / (1 + np.exp(-z))\n",
        "error": "import numpy as np\n\n\ndef sigmoid(z):\n    return 1 / (1 + np.exp(z))\n\n\nx = 1\n",
        "warning": "import numpy as np\nW1 = np.random.rand(4, 3)\n",
        "py2": 'x = 1\nprint "loss", x\n',
    }
    out = {}
    for name, text in paths.items():
        out[name] = tmp_path / f"{name}.py"
        out[name].write_text(text)
    return out


@pytest.mark.parametrize("which, code", [
    (["clean"], 0), (["warning"], 0), (["error"], 1), (["clean", "error"], 1),
    (["py2"], 2), (["py2", "error"], 2), (["clean", "warning"], 0),
], ids=["clean", "warning-only", "error", "clean+error", "py2", "py2+error", "clean+warning"])
def test_exit_status(files, which, code, capsys):
    assert main(["lint", *[str(files[w]) for w in which]]) == code


def test_missing_file_is_exit_2_with_one_line_and_others_still_linted(files, capsys):
    code = main(["lint", str(files["error"]), "no_such_file.py"])
    out, err = capsys.readouterr()
    assert code == 2
    assert "no_such_file.py: no such file" in err and len(err.strip().splitlines()) == 1
    assert "sigmoid-sign" in out


def test_rich_report_shows_location_code_fix_and_summary(files, capsys):
    assert main(["lint", str(files["error"])]) == 1
    out = capsys.readouterr().out
    assert f"{files['error']}:5" in out and "sigmoid-sign" in out and "error" in out
    assert "return 1 / (1 + np.exp(z))" in out           # the offending line, shown
    assert "def sigmoid(z):" in out                      # with context above
    assert "  5 " in out or " 5 " in out                 # and line numbers
    assert "fix: Write sigmoid(z) = 1 / (1 + np.exp(-z))" in out
    assert "ignore[sigmoid-sign]" in out
    assert "1 finding in 1 file: 1 error" in out


def test_clean_file_says_so(files, capsys):
    assert main(["lint", str(files["clean"])]) == 0
    assert "no findings in 1 file" in capsys.readouterr().out


def test_syntax_error_report(files, capsys):
    assert main(["lint", str(files["py2"]), str(files["warning"])]) == 2
    out = capsys.readouterr().out
    assert "syntax-error" in out and "Python 2 (print statement)" in out
    assert "positive-init" in out  # the other file was still linted
    assert "could not be parsed" in out


def test_json_is_exactly_one_document_with_file_and_line(files, capsys):
    code = main(["lint", str(files["error"]), str(files["warning"]), "--json"])
    out, err = capsys.readouterr()
    doc = json.loads(out)
    assert code == 1 and err == ""
    assert [(f["id"], f["file"], f["line"], f["severity"]) for f in doc["findings"]] == [
        ("sigmoid-sign", str(files["error"]), 5, "error"),
        ("positive-init", str(files["warning"]), 2, "warning")]
    for f in doc["findings"]:
        assert set(f) >= {"id", "severity", "block", "message", "fix", "source", "file", "line"}
        assert f["source"] == "lint"


def test_json_with_unparsable_file(files, capsys):
    code = main(["lint", "--json", str(files["py2"])])
    out, err = capsys.readouterr()
    doc = json.loads(out)
    assert code == 2
    assert [(f["id"], f["line"]) for f in doc["findings"]] == [("syntax-error", 2)]
    assert "cannot parse" in err


def test_json_clean(files, capsys):
    assert main(["lint", "--json", str(files["clean"])]) == 0
    assert json.loads(capsys.readouterr().out) == {"findings": []}


def test_suppressed_error_exits_0(tmp_path, capsys):
    path = tmp_path / "ok.py"
    path.write_text("import numpy as np\ndef sigmoid(z):\n"
                    "    return 1 / (1 + np.exp(z))  # backprop-doctor: ignore[sigmoid-sign]\n")
    assert main(["lint", str(path)]) == 0


def test_lint_needs_a_file(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["lint"])
    assert exc.value.code == 2
    assert "FILE.py" in capsys.readouterr().err


@pytest.mark.parametrize("seed, code, rule", [
    ("seed000_original.py", 1, "update-times-weights"),
    ("seed001_original.py", 1, "sigmoid-sign"),
    ("seed003_original.py", 0, "activation-before-softmax"),
])
def test_seed_programs_from_the_command_line(seed, code, rule, capsys):
    path = SEEDS / seed
    if not path.exists():
        pytest.skip(f"{path} not written yet")
    assert main(["lint", "--json", str(path)]) == code
    assert rule in {f["id"] for f in json.loads(capsys.readouterr().out)["findings"]}


def test_seed003_python2_original_exits_2(tmp_path, capsys):
    original = SEEDS / "seed003_original_py2.txt"
    if not original.exists():
        pytest.skip(f"{original} not written yet")
    copy = tmp_path / "seed003.py"
    shutil.copy(original, copy)
    assert main(["lint", str(copy)]) == 2
    out = capsys.readouterr().out
    assert "syntax-error" in out and "2to3" in out


def test_correct_mlp_exits_0_with_no_findings(capsys):
    assert main(["lint", str(CASES / "correct_mlp.py")]) == 0
    assert "no findings" in capsys.readouterr().out


def test_json_matches_the_published_lint_schema(files, capsys):
    jsonschema = pytest.importorskip("jsonschema")
    schema_path = Path(__file__).resolve().parent.parent / "backprop_doctor" / "lint_schema.json"
    if not schema_path.exists():
        pytest.skip("no lint schema")
    schema = json.loads(schema_path.read_text())
    main(["lint", "--json", str(files["error"]), str(files["warning"]), str(files["py2"])])
    doc = json.loads(capsys.readouterr().out)
    assert len(doc["findings"]) == 3
    jsonschema.validate(doc, schema)


def test_render_returns_a_renderable_with_the_highlighted_line(files):
    from backprop_doctor.console import ConsoleIO
    from backprop_doctor.lint import lint_paths
    from backprop_doctor.lint.render import render_findings

    result = lint_paths([files["error"], files["warning"]])
    io = ConsoleIO.captured(width=100)
    io.out.print(render_findings(result.findings, len(result.files)))
    text = io.out.file.getvalue()
    assert "❱ " in text and "5     return 1 / (1 + np.exp(z))" in text.replace("❱", " ")
    assert "2 findings in 2 files: 1 error, 1 warning" in text
    assert text.index("sigmoid-sign") < text.index("positive-init")
