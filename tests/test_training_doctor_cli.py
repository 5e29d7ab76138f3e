"""`backprop-doctor train` as a user runs it: exit codes, JSON, the sparkline and the picture."""
import json
import os
import textwrap

import pytest

from backprop_doctor.cli import main

PROGRAM = textwrap.dedent('''
    import numpy as np
    from reference_models import steps as S

    args = S.XOR_ARGS
    params = S.seed000_init(0)          # np.random.rand-style, all positive
    good_params = S.xor_init(0)

    def cost(w, X, Y):
        return S.xor_cost(w, X, Y)

    def forward(w, X):
        return S.xor_forward(w, X)

    def output_only(w, X):
        return S.xor_forward(w, X)[-1]

    def step(w, X, Y):
        print("one step")
        S.seed000_step(w, X, Y)

    def good_step(w, X, Y):
        return S.xor_gd_step(w, X, Y)

    def broken(w, X, Y):
        raise RuntimeError("no data loaded")
''')


@pytest.fixture
def prog(tmp_path):
    path = tmp_path / "xorprog.py"
    path.write_text(PROGRAM)
    return str(path)


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_seed000_update_exit_1_with_reason(capsys, prog):
    code, out, err = run(capsys, "train", prog + ":step", "--forward", prog + ":forward",
                         "--steps", "600", "--json")
    assert code == 1
    doc = json.loads(out)  # the step's prints went to stderr
    assert "one step" in err
    ids = [f["id"] for f in doc["findings"]]
    assert "misapplied-update" in ids and "outputs-stuck" in ids
    assert doc["n_steps"] == 600 and len(doc["losses"]) == 601
    assert doc["skipped"] == []


def test_right_step_exit_0_nothing_reported(capsys, prog):
    code, out, _ = run(capsys, "train", prog + ":good_step", "--params", "good_params",
                       "--forward", prog + ":forward", "--json")
    assert code == 0
    doc = json.loads(out)
    assert doc["ok"] is True and doc["findings"] == []
    assert doc["final_loss"] < 0.05 and doc["accuracy"]["end"] == 1.0


def test_rich_output_has_sparkline_and_skips(capsys, prog):
    code, out, _ = run(capsys, "train", prog + ":step", "--steps", "300", "--seed", "2")
    assert code == 1
    assert "FAILED training run" in out
    assert any(ch in out for ch in "▁▂▃▄▅▆▇█")
    assert "not checked:" in out and "outputs-stuck" in out
    assert "reproduce: backprop-doctor train" in out and "--steps 300" in out


def test_output_only_forward_skips_hidden_unit_rules(capsys, prog):
    code, out, _ = run(capsys, "train", prog + ":step", "--forward", prog + ":output_only",
                       "--steps", "300", "--json")
    doc = json.loads(out)
    skipped = {s["rule"] for s in doc["skipped"]}
    assert {"saturated-units", "dead-relu"} <= skipped and "outputs-stuck" not in skipped


def test_plot_writes_png(capsys, prog, tmp_path):
    pytest.importorskip("matplotlib")
    png = tmp_path / "curve.png"
    code, _, err = run(capsys, "train", prog + ":step", "--steps", "100", "--plot", str(png))
    assert code == 1 and png.exists() and png.stat().st_size > 1000
    with open(png, "rb") as fh:
        assert fh.read(8) == b"\x89PNG\r\n\x1a\n"
    assert "saved to" in err


def test_plot_without_matplotlib_names_the_extra(capsys, prog, tmp_path, monkeypatch):
    import sys

    for name in ("matplotlib", "matplotlib.pyplot"):
        monkeypatch.setitem(sys.modules, name, None)  # `import matplotlib` now raises ImportError
    png = tmp_path / "curve.png"
    code, out, err = run(capsys, "train", prog + ":good_step", "--params", "good_params",
                         "--steps", "50", "--plot", str(png))
    assert not png.exists()
    assert "pip install 'backprop-doctor[plot]'" in err
    assert len([line for line in err.splitlines() if "backprop-doctor[plot]" in line]) == 1
    assert "training run" in out


@pytest.mark.parametrize("argv, match", [
    (["train", "{p}:broken", "--cost", "{p}:cost"], r"raised RuntimeError: no data loaded"),
    (["train", "{p}:step", "--cost", "{p}:nosuch"], r"has no attribute 'nosuch' \(the cost"),
    (["train", "{p}:step", "--steps", "0"], r"--steps must be at least 1"),
    (["train", "{p}:step", "--cost", "{p}:args"], r"should be the cost function"),
], ids=["raising-step", "missing-cost", "zero-steps", "cost-not-callable"])
def test_input_errors_exit_2(capsys, prog, argv, match):
    import re

    code, out, err = run(capsys, *[a.format(p=prog) for a in argv])
    assert code == 2 and out == ""
    assert re.search(match, " ".join(err.split()))


def test_no_cost_found(capsys, tmp_path):
    path = tmp_path / "nocost.py"
    path.write_text("import numpy as np\nparams = np.ones(2)\ndef step(w):\n    return w\n")
    code, _, err = run(capsys, "train", f"{path}:step")
    assert code == 2 and "--cost MODULE:COST" in " ".join(err.split())
    assert os.path.exists(path)


def test_lr_reaches_the_check_of_the_first_step(capsys, prog):
    code, out, _ = run(capsys, "train", prog + ":good_step", "--cost", prog + ":cost",
                       "--params", prog + ":good_params", "--steps", "5", "--json")
    doc = json.loads(out)
    assert doc["step"]["lr_source"] == "fitted"
    code, out, _ = run(capsys, "train", prog + ":good_step", "--cost", prog + ":cost",
                       "--params", prog + ":good_params", "--steps", "5", "--json",
                       "--lr", "123.0")
    doc = json.loads(out)
    assert code == 1 and doc["step"]["lr_source"] == "given" and "--lr 123.0" in doc["command"]
    assert "misapplied-update" in [f["id"] for f in doc["findings"]]


def test_a_bad_lr_is_refused_before_training(capsys, prog):
    code, _, err = run(capsys, "train", prog + ":good_step", "--cost", prog + ":cost",
                       "--params", prog + ":good_params", "--steps", "5", "--lr", "-1")
    assert code == 2 and "lr must be a positive number" in " ".join(err.split())
