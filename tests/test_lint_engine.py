"""The lint engine: suppression comments, files that do not parse, several files at once."""
from __future__ import annotations

import pytest

from backprop_doctor.lint import LintResult, lint_file, lint_paths, lint_source
from backprop_doctor.lint.suppress import suppressions

FLIPPED = "import numpy as np\n\ndef sigmoid(z):\n    return 1 / (1 + np.exp(z)){comment}\n"
TWO_BUGS = ("import numpy as np\nW1 = np.random.rand(3, 3)\n"
            "W1 -= 0.1 * W1 * dW{comment}\n")


@pytest.mark.parametrize("comment, silenced", [
    ("", False),
    ("  # backprop-doctor: ignore[sigmoid-sign]", True),
    ("  # backprop-doctor: ignore[positive-init, sigmoid-sign]", True),
    ("  # backprop-doctor: ignore", True),
    ("  # BACKPROP-DOCTOR:ignore[sigmoid-sign]", True),
    ("  # backprop-doctor: ignore[positive-init]", False),
    ("  # noqa", False),
], ids=["none", "one-id", "two-ids", "bare", "spacing-case", "other-id", "noqa"])
def test_suppression_comment_on_the_line(comment, silenced):
    found = [f.id for f in lint_source(FLIPPED.format(comment=comment))]
    assert found == ([] if silenced else ["sigmoid-sign"])


def test_suppression_silences_only_the_named_rule_on_its_own_line():
    src = TWO_BUGS.format(comment="  # backprop-doctor: ignore[update-times-weights]")
    assert [(f.id, f.line) for f in lint_source(src)] == [("positive-init", 2)]


def test_suppression_on_another_line_does_not_count():
    src = "# backprop-doctor: ignore[sigmoid-sign]\n" + FLIPPED.format(comment="")
    assert [f.id for f in lint_source(src)] == ["sigmoid-sign"]


def test_suppression_text_inside_a_string_is_not_a_comment():
    src = FLIPPED.format(comment="") + 'NOTE = """x  # backprop-doctor: ignore[sigmoid-sign]"""\n'
    assert suppressions(src) == {}
    assert [f.id for f in lint_source(src)] == ["sigmoid-sign"]


def test_suppression_at_the_end_of_a_multiline_statement():
    src = ("import numpy as np\ndef sigmoid(z):\n    return 1 / (\n        1 + np.exp(z)"
           ")  # backprop-doctor: ignore[sigmoid-sign]\n")
    assert lint_source(src) == []
    unsilenced = lint_source(src.split("  #")[0] + "\n")
    assert [(f.id, f.line) for f in unsilenced] == [("sigmoid-sign", 3)]


@pytest.mark.parametrize("source, line, needle", [
    ('x = 1\nprint "hello"\n', 2, "this looks like Python 2 (print statement)"),
    ("try:\n    pass\nexcept ValueError, e:\n    pass\n", 3, "except E as e"),
    ("def f(x):\nreturn x\n", 2, "re-indent it"),
    ("x = (1,\n", 1, "Python 3 cannot parse this file"),
    ("exec 'x = 1'\n", 1, "exec statement"),
], ids=["print", "except-comma", "lost-indentation", "unclosed", "exec"])
def test_syntax_error_is_one_clean_finding(source, line, needle):
    findings = lint_source(source, "old.py")
    assert len(findings) == 1
    f = findings[0]
    assert (f.id, f.severity, f.source, f.file, f.line) == ("syntax-error", "error", "lint", "old.py", line)
    assert needle in f.message and "\n" not in f.message and f.message.startswith(f"line {line}: ")


def test_null_bytes_are_a_syntax_error_not_a_crash():
    assert [f.id for f in lint_source("x = 1\x00\n")] == ["syntax-error"]


def test_lint_paths_keeps_going_after_a_bad_file(tmp_path):
    bad = tmp_path / "a_py2.py"
    bad.write_text('print "hi"\n')
    good = tmp_path / "b_flipped.py"
    good.write_text(FLIPPED.format(comment=""))
    result = lint_paths([bad, good, tmp_path / "missing.py"])
    assert isinstance(result, LintResult)
    assert [(f.file, f.id) for f in result.findings] == [(str(bad), "syntax-error"), (str(good), "sigmoid-sign")]
    assert result.files == (str(bad), str(good))
    assert result.unparsable == (str(bad),)
    assert result.missing == (str(tmp_path / "missing.py"),)
    assert result.has_errors


def test_lint_paths_walks_a_directory(tmp_path):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "net.py").write_text(FLIPPED.format(comment=""))
    (tmp_path / "pkg" / "notes.txt").write_text('print "not python"\n')
    result = lint_paths([tmp_path])
    assert [f.id for f in result.findings] == ["sigmoid-sign"] and result.unparsable == ()


def test_lint_file_reads_the_declared_encoding(tmp_path):
    path = tmp_path / "latin.py"
    path.write_bytes("# -*- coding: latin-1 -*-\n# poids \xe9\n".encode("latin-1")
                     + FLIPPED.format(comment="").encode())
    assert [f.id for f in lint_file(path)] == ["sigmoid-sign"]


def test_the_linted_code_is_never_run(tmp_path):
    marker = tmp_path / "ran"
    src = f"open({str(marker)!r}, 'w').write('x')\nimport numpy as np\nW1 = np.random.rand(2, 2)\n"
    assert [f.id for f in lint_source(src)] == ["positive-init"]
    assert not marker.exists()


def test_findings_serialise_with_file_and_line():
    d = lint_source(FLIPPED.format(comment=""), "net.py")[0].to_dict()
    assert d["file"] == "net.py" and d["line"] == 4 and d["source"] == "lint" and d["block"] is None
    assert d["severity"] == "error" and d["fix"].startswith("Write sigmoid")


@pytest.mark.parametrize("terms, expected", [(900, ["update-times-weights"]), (20000, ["syntax-error"])],
                         ids=["long-but-readable", "too-deep-for-the-parser"])
def test_generated_giant_expressions_never_crash(terms, expected):
    source = "x = " + "+".join(["a"] * terms) + "\nw -= lr * w * dw\n"
    assert [f.id for f in lint_source(source)] == expected


def test_a_file_named_twice_is_linted_once(tmp_path):
    path = tmp_path / "net.py"
    path.write_text(FLIPPED.format(comment=""))
    result = lint_paths([path, tmp_path / "." / "net.py", tmp_path])
    assert result.files == (str(path),) and len(result.findings) == 1
