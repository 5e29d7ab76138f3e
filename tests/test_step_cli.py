"""`backprop-doctor step` as a user runs it: exit codes 0/1/2, one JSON document on stdout."""
import json
import re
import textwrap

import pytest

from backprop_doctor.cli import main

PROGRAM = textwrap.dedent('''
    import numpy as np
    rng = np.random.default_rng(0)
    X = rng.normal(size=(20, 3))
    y = rng.normal(size=20)
    params = rng.normal(size=3)
    args = (X, y)

    def cost(w, X, y):
        return float(np.mean((X @ w - y) ** 2))

    def grad(w, X, y):
        print("computing the gradient")
        return 2 * X.T @ (X @ w - y) / len(y)

    def step(w, X, y):
        return w - 0.05 * grad(w, X, y)

    def ascending(w, X, y):
        w += 0.05 * grad(w, X, y)

    def scaled(w, X, y):
        w -= 0.05 * w * grad(w, X, y)

    def raising(w, X, y):
        raise ValueError("shapes do not match")
''')


@pytest.fixture
def prog(tmp_path):
    path = tmp_path / "gdprog.py"
    path.write_text(PROGRAM)
    return str(path)


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("flags", [["--grad", "{p}:grad"], ["--cost", "{p}:cost"], []],
                         ids=["grad", "cost", "discovered-cost"])
def test_right_step_exit_0_json(capsys, prog, flags):
    code, out, err = run(capsys, "step", prog + ":step", *[f.format(p=prog) for f in flags], "--json")
    assert code == 0, err
    doc = json.loads(out)  # exactly one JSON document: the user's prints went to stderr
    assert doc["ok"] is True and doc["lr"] == pytest.approx(0.05, rel=1e-6)
    assert doc["blocks"][0]["name"] == "theta" and doc["blocks"][0]["ok"] is True
    assert "computing the gradient" in err


@pytest.mark.parametrize("target, cause", [("ascending", "ascent"), ("scaled", "weights")])
def test_misapplied_step_exit_1(capsys, prog, target, cause):
    code, out, _ = run(capsys, "step", f"{prog}:{target}", "--grad", f"{prog}:grad", "--json")
    assert code == 1
    doc = json.loads(out)
    assert doc["ok"] is False and [f["id"] for f in doc["findings"]] == ["misapplied-update"]
    assert doc["findings"][0]["evidence"]["cause"] == cause


def test_rich_output_and_reproduce_line(capsys, prog):
    code, out, _ = run(capsys, "step", prog + ":scaled", "--grad", prog + ":grad", "--seed", "4")
    assert code == 1
    assert "FAILED step check" in out and "scaled by the weights" in out
    assert "reproduce: backprop-doctor step" in out and "--seed 4" in out


@pytest.mark.parametrize("argv, match", [
    (["step", "{p}:nosuch", "--grad", "{p}:grad"], r"has no attribute 'nosuch' \(the step"),
    (["step", "{p}:raising", "--grad", "{p}:grad"], r"raised ValueError: shapes do not match"),
    (["step", "{p}:step", "--params", "{p}:missing"], r"has no attribute 'missing'"),
    (["step", "{p}:step", "--tol", "0"], r"--tol must be positive"),
    (["step", "no_such_module_q:step"], r"cannot import module"),
], ids=["missing-step", "raising-step", "missing-params", "bad-tol", "no-module"])
def test_input_errors_exit_2(capsys, prog, argv, match):
    code, out, err = run(capsys, *[a.format(p=prog) for a in argv])
    assert code == 2 and out == ""
    assert re.search(match, " ".join(err.split()))
    assert "backprop_doctor" not in err  # no frames of ours


def test_flat_theta_with_blocks_names_the_block(capsys, tmp_path):
    path = tmp_path / "flatprog.py"
    path.write_text(textwrap.dedent('''
        import numpy as np
        rng = np.random.default_rng(1)
        X = rng.normal(size=(10, 2)); Y = rng.normal(size=(10, 3))
        theta = rng.normal(size=6 + 3)
        args = (X, Y)

        def unpack(t):
            return t[:6].reshape(2, 3), t[6:]

        def grad(t, X, Y):
            W, b = unpack(t)
            E = (X @ W + b - Y) / len(X)
            return np.concatenate([(X.T @ E).ravel(), E.sum(0)])

        def step(t, X, Y):
            g = grad(t, X, Y)
            g[6:] *= 3.0   # the bias moves three times faster
            return t - 0.1 * g
    '''))
    code, out, _ = run(capsys, "step", f"{path}:step", "--grad", f"{path}:grad",
                       "--blocks", "W=2x3,b=3", "--json")
    assert code == 1
    doc = json.loads(out)
    lrs = {b["name"]: b["lr"] for b in doc["blocks"]}
    assert lrs["W"] == pytest.approx(0.1) and lrs["b"] == pytest.approx(0.3)
    assert doc["findings"][0]["evidence"]["cause"] == "per-block"


def test_lr_flag_is_used_and_repeated_in_the_reproduce_line(tmp_path, capsys):
    import json

    from backprop_doctor.cli import main

    (tmp_path / "s.py").write_text(
        "import numpy as np\ntheta0 = np.linspace(-1.0, 1.0, 5)\n"
        "def cost(t):\n    return float(np.sum(t ** 2))\n"
        "def step(t):\n    return t - 0.5 * 2 * t\n")
    prog = str(tmp_path / "s.py")
    base = ["step", f"{prog}:step", "--cost", f"{prog}:cost", "--params", f"{prog}:theta0", "--json"]
    assert main(base + ["--lr", "0.5"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["lr_source"] == "given" and "--lr 0.5" in doc["command"]
    assert main(base + ["--lr", "0.25"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc["findings"][0]["evidence"]["cause"] == "other-rate"
