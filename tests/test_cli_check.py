"""`backprop-doctor check` as a user runs it: exit codes, JSON on stdout, discovery, errors."""
import json
import os
import subprocess
import sys

import pytest

from backprop_doctor.cli import main

PROGRAMS = os.path.join(os.path.dirname(__file__), "programs")


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def prog(name):
    return os.path.join(PROGRAMS, name)


def test_seed001_buggy_json_exit_1(capsys):
    code, out, err = run(capsys, "check", prog("seed001_buggy.py") + ":grad", "--json")
    assert code == 1
    doc = json.loads(out)
    blocks = {b["name"]: b for b in doc["blocks"]}
    assert blocks["theta1"]["ok"] and not blocks["theta2"]["ok"]
    assert doc["n_failed"] == 18


def test_seed001_fixed_autodiscovery_exit_0(capsys):
    code, out, err = run(capsys, "check", prog("seed001_fixed.py") + ":grad", "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["ok"] and doc["n_failed"] == 0 and doc["n_checked"] == 38


def test_explicit_flags_and_dotted_module(capsys, monkeypatch):
    monkeypatch.chdir(PROGRAMS)
    code, out, _ = run(capsys, "check", "seed001_fixed:grad", "--cost", "seed001_fixed:cost",
                       "--params", "seed001_fixed:nn_params", "--args", "seed001_fixed:args",
                       "--blocks", "theta1=5x4,theta2=3x6", "--json")
    assert code == 0 and json.loads(out)["ok"]


def test_rich_output_has_verdict_and_reproduce_line(capsys):
    code, out, _ = run(capsys, "check", prog("seed001_buggy.py") + ":grad", "--seed", "3")
    assert code == 1
    assert "FAILED gradient check" in out
    assert "reproduce: backprop-doctor check" in out and "--seed 3" in out


@pytest.mark.parametrize("argv, match", [
    (["check", "PROG:nosuch"], r"has no attribute 'nosuch' \(the gradient"),
    (["check", "no_such_module_xyz:grad"], r"cannot import module 'no_such_module_xyz'"),
    (["check", "gradonly"], r"cannot import module 'gradonly'.*write MODULE:GRAD"),
    (["check", "NAN:grad"], r"returned nan"),
    (["check", "PROG:grad", "--blocks", "a=2x2"], r"describes 4 entries"),
    (["check", "PROG:grad", "--forward", "PROG:grad"], r"--forward and --loss go together"),
    (["check", "PROG:grad", "--tol", "0"], r"--tol must be positive"),
], ids=["missing-function", "missing-module", "not-module-attr", "nan-cost", "bad-layout",
        "forward-alone", "bad-tol"])
def test_input_errors_exit_2_with_one_paragraph(capsys, argv, match):
    argv = [a.replace("PROG", prog("seed001_fixed.py")).replace("NAN", prog("nan_cost.py")) for a in argv]
    code, out, err = run(capsys, *argv)
    assert code == 2
    import re

    assert re.search(match, " ".join(err.split())), err
    assert "Traceback" not in err
    assert out == ""


def test_missing_cost_names_the_flag(capsys, tmp_path):
    (tmp_path / "g.py").write_text("import numpy as np\ntheta = np.ones(2)\ndef grad(t):\n    return t\n")
    code, _, err = run(capsys, "check", str(tmp_path / "g.py") + ":grad")
    assert code == 2 and "--cost MODULE:COST" in err


def test_missing_params_names_the_flag(capsys, tmp_path):
    (tmp_path / "h.py").write_text("def cost(t):\n    return 0.0\ndef grad(t):\n    return t\n")
    code, _, err = run(capsys, "check", str(tmp_path / "h.py") + ":grad")
    assert code == 2 and "--params MODULE:PARAMS" in err


def test_user_exception_shows_user_frames_only(capsys):
    code, out, err = run(capsys, "check", prog("raising.py") + ":grad")
    assert code == 2
    assert "shapes do not match in my_layer" in err
    assert "raising.py" in err
    assert "gradcheck.py" not in err and "backprop_doctor" not in err


def test_user_prints_go_to_stderr_under_json(capsys):
    code, out, err = run(capsys, "check", prog("noisy_print.py") + ":grad", "--json")
    assert code == 0
    json.loads(out)  # exactly one JSON document
    assert "hello from the user's module" in err and "computing cost" in err


def test_params_as_zero_argument_function(capsys, tmp_path):
    (tmp_path / "f.py").write_text(
        "import numpy as np\n"
        "def init():\n    return {'W': np.array([[1.0, 2.0]])}\n"
        "def cost(p):\n    return float((p['W'] ** 2).sum())\n"
        "def grad(p):\n    return {'W': 2 * p['W']}\n")
    code, out, _ = run(capsys, "check", str(tmp_path / "f.py") + ":grad", "--params", "init", "--json")
    assert code == 0 and json.loads(out)["blocks"][0]["name"] == "W"


def test_seed_seeds_numpy_legacy_generator_before_import(capsys, tmp_path):
    (tmp_path / "r.py").write_text(
        "import numpy as np\ntheta = np.random.rand(3)\n"
        "def cost(t):\n    return float(t @ t)\ndef grad(t):\n    return 2 * t\n")
    import numpy as np

    np.random.seed(5)
    expected = np.random.rand(3)
    sys.modules.pop("r", None)
    code, out, _ = run(capsys, "check", str(tmp_path / "r.py") + ":grad", "--seed", "5", "--json")
    assert code == 0
    assert sys.modules["r"].theta.tolist() == expected.tolist()


def test_console_script_and_python_m(tmp_path):
    for cmd in (["backprop-doctor"], [sys.executable, "-m", "backprop_doctor"]):
        proc = subprocess.run(cmd + ["check", prog("seed001_buggy.py") + ":grad", "--json"],
                              capture_output=True, text=True, cwd=tmp_path)
        assert proc.returncode == 1, proc.stderr
        assert json.loads(proc.stdout)["n_failed"] == 18


def test_help_lists_commands(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "check" in out


def test_complex_step_flag(capsys, tmp_path):
    (tmp_path / "cs.py").write_text(
        "import numpy as np\n"
        "theta = np.array([0.3, -0.2, 0.5])\n"
        "args = (np.array([[1.0, 2.0, 0.5], [0.1, -1.0, 2.0]]),)\n"
        "def cost(t, A):\n    return np.sum(np.log1p(np.exp(A @ t))) + 0.5 * t @ t\n"
        "def grad(t, A):\n    return A.T @ (1 / (1 + np.exp(-(A @ t)))) + t\n")
    code, out, _ = run(capsys, "check", str(tmp_path / "cs.py") + ":grad", "--complex-step", "--json")
    doc = json.loads(out)
    assert code == 0 and doc["max_rel_error"] < 1e-13 and "--complex-step" in doc["command"]
    (tmp_path / "notcs.py").write_text(
        "import numpy as np\ntheta = np.array([0.3, -0.2])\n"
        "def cost(t):\n    return float(np.sum(np.abs(t) ** 2))\n"
        "def grad(t):\n    return 2 * t\n")
    code, out, err = run(capsys, "check", str(tmp_path / "notcs.py") + ":grad", "--complex-step")
    assert code == 2 and "complex" in err
