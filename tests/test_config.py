"""[tool.backprop-doctor] in pyproject.toml, --ignore, and what ignoring a rule does to the verdict."""
import json
import os
import textwrap

import numpy as np
import pytest

import backprop_doctor as bd
from backprop_doctor.cli import main
from backprop_doctor.config import Config, config_line, find_pyproject, load_config, resolve
from backprop_doctor.errors import InputError

PROGRAMS = os.path.join(os.path.dirname(__file__), "programs")
SEED001_BUGGY = os.path.join(PROGRAMS, "seed001_buggy.py")

# A logistic regression whose cost zeroes theta[0] in place ("t = theta" meant as a copy): the
# gradient is right, only params-mutated is wrong, so ignoring that rule turns the verdict green.
MUTATING_PROGRAM = '''
import numpy as np

rng = np.random.default_rng(0)
X = np.hstack([np.ones((8, 1)), rng.normal(size=(8, 2))])
y = (rng.random(8) > 0.5).astype(float)
theta = rng.normal(size=3)
args = (X, y, 0.5)


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def cost(theta, X, y, lam):
    m = len(y)
    h = sigmoid(X @ theta)
    J = -np.mean(y * np.log(h) + (1 - y) * np.log(1 - h))
    t = theta
    t[0] = 0.0
    return J + lam / (2 * m) * np.sum(t ** 2)


def grad(theta, X, y, lam):
    m = len(y)
    r = theta.copy()
    r[0] = 0.0
    return X.T @ (sigmoid(X @ theta) - y) / m + lam / m * r
'''


def write_pyproject(directory, body, name="pyproject.toml"):
    path = os.path.join(str(directory), name)
    with open(path, "w") as fh:
        fh.write(textwrap.dedent(body))
    return path


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# -- finding and reading the file ------------------------------------------------------------
def test_nearest_pyproject_with_the_table_is_used_walking_up(tmp_path, monkeypatch):
    outer = write_pyproject(tmp_path, """
        [tool.backprop-doctor]
        tol = 1e-5
        seed = 7
        max-checks = 300
        ignore = ["kink"]
    """)
    inner = tmp_path / "pkg" / "sub"
    inner.mkdir(parents=True)
    write_pyproject(tmp_path / "pkg", "[project]\nname = 'x'\n")  # no table: skipped, as ruff does
    monkeypatch.chdir(inner)
    assert find_pyproject() == outer
    config = load_config(True)
    assert (config.tol, config.seed, config.max_checks, config.ignore) == (1e-5, 7, 300, ("kink",))
    assert config.path == outer


def test_no_pyproject_means_defaults(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    resolved = resolve(load_config(True))
    assert (resolved.seed, resolved.rtol, resolved.max_checks, resolved.ignore) == (0, 1e-6, 5000, ())


def test_explicit_values_beat_the_file_and_ignores_add_up():
    config = Config(tol=1e-5, seed=7, max_checks=300, ignore=("kink",))
    resolved = resolve(config, seed=1, rtol=1e-3, ignore=["low-precision"])
    assert (resolved.seed, resolved.rtol, resolved.max_checks) == (1, 1e-3, 300)
    assert resolved.ignore == ("kink", "low-precision")


@pytest.mark.parametrize("body, match", [
    ("tol = -1", r"tol must be positive and below 2"),
    ("tol = 'small'", r"tol must be a number"),
    ("seed = 1.5", r"seed must be a non-negative integer"),
    ("max-checks = 0", r"max-checks must be a positive integer"),
    ("ignore = 'kink'", r"ignore must be a list of rule ids"),
    ("ignore = ['sign-flp']", r"ignore: unknown rule id 'sign-flp' \(did you mean sign-flip\?\)"),
    ("max_check = 10", r"unknown setting 'max_check' \(did you mean max-checks\?\); known settings"),
    ("rtol = 1e-5", r"unknown setting 'rtol'.*known settings: tol, seed, max-checks, ignore"),
], ids=["negative-tol", "string-tol", "float-seed", "zero-max-checks", "ignore-not-list",
        "unknown-rule", "misspelt-key", "rtol-is-tol"])
def test_bad_settings_are_named_with_the_file(tmp_path, body, match):
    path = write_pyproject(tmp_path, "[tool.backprop-doctor]\n" + body + "\n")
    with pytest.raises(InputError, match=r"pyproject.toml \[tool.backprop-doctor\]: " + match):
        load_config(path)


def test_invalid_toml_is_an_input_error(tmp_path):
    path = write_pyproject(tmp_path, "[tool.backprop-doctor]\ntol = = 1\n")
    with pytest.raises(InputError, match=r"is not valid TOML"):
        load_config(path)


def test_max_checks_with_an_underscore_is_accepted(tmp_path):
    path = write_pyproject(tmp_path, "[tool.backprop-doctor]\nmax_checks = 12\n")
    assert load_config(path).max_checks == 12


def test_config_line_shows_file_values_and_ignores(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    line = config_line({"file": str(tmp_path / "pyproject.toml"), "tol": 1e-5, "ignore": ["kink"]})
    assert line == "config: pyproject.toml [tool.backprop-doctor] tol=1e-05, ignore=[kink]"
    assert config_line({"ignore": ["kink", "low-precision"]}) == "config: ignore=[kink, low-precision]"
    assert config_line({}) is None


# -- the API ---------------------------------------------------------------------------------
def _seed001(buggy=True):
    import fmincg_net

    cost, grad = fmincg_net.make(buggy=buggy)
    theta, args = fmincg_net.point(0)
    return cost, grad, theta, args, fmincg_net.BLOCKS


def test_ignoring_sign_flip_removes_the_finding_but_the_entries_still_fail():
    cost, grad, theta, args, blocks = _seed001()
    plain = bd.check(cost, grad, theta, args, blocks=blocks, lint=False, config=False)
    assert "sign-flip" in plain.finding_ids() and not plain.ok
    ignored = bd.check(cost, grad, theta, args, blocks=blocks, lint=False, config=False,
                       ignore=["sign-flip"])
    assert "sign-flip" not in ignored.finding_ids()
    assert ignored.n_failed == plain.n_failed == 18 and not ignored.ok
    assert "Likely cause" not in str(ignored)
    assert "config: ignore=[sign-flip]" in str(ignored)


def _mutating_program(tmp_path):
    path = tmp_path / "mutating.py"
    path.write_text(MUTATING_PROGRAM)
    namespace = {}
    exec(compile(MUTATING_PROGRAM, str(path), "exec"), namespace)
    return namespace


def test_ignoring_a_finding_with_no_failed_entry_behind_it_turns_the_verdict_green(tmp_path):
    ns = _mutating_program(tmp_path)
    plain = bd.check(ns["cost"], ns["grad"], ns["theta"], ns["args"], config=False)
    assert plain.n_failed == 0 and "params-mutated" in plain.finding_ids() and not plain.ok
    ignored = bd.check(ns["cost"], ns["grad"], ns["theta"], ns["args"], config=False,
                       ignore=["params-mutated"])
    assert ignored.ok and "params-mutated" not in ignored.finding_ids()


def test_api_takes_seed_tol_and_ignore_from_the_nearest_pyproject(tmp_path, monkeypatch):
    write_pyproject(tmp_path, """
        [tool.backprop-doctor]
        tol = 1e-4
        seed = 5
        ignore = ["sign-flip"]
    """)
    monkeypatch.chdir(tmp_path)
    cost, grad, theta, args, blocks = _seed001()
    report = bd.check(cost, grad, theta, args, blocks=blocks, lint=False)
    assert (report.settings.seed, report.settings.rtol) == (5, 1e-4)
    assert "sign-flip" not in report.finding_ids()
    assert report.settings.config["ignore"] == ["sign-flip"]
    assert "config: pyproject.toml [tool.backprop-doctor] tol=0.0001, seed=5, ignore=[sign-flip]" \
        in str(report)
    explicit = bd.check(cost, grad, theta, args, blocks=blocks, lint=False, seed=2, rtol=1e-6)
    assert (explicit.settings.seed, explicit.settings.rtol) == (2, 1e-6)
    unconfigured = bd.check(cost, grad, theta, args, blocks=blocks, lint=False, config=False)
    assert unconfigured.settings.config == {} and "config:" not in str(unconfigured)


def test_unknown_rule_in_ignore_lists_close_matches():
    cost, grad, theta, args, blocks = _seed001()
    with pytest.raises(InputError, match=r"ignore=: unknown rule id 'scale-mismatc' "
                                         r"\(did you mean scale-mismatch, "):
        bd.check(cost, grad, theta, args, blocks=blocks, config=False, ignore=["scale-mismatc"])


# -- the command line ------------------------------------------------------------------------
def test_cli_ignore_changes_the_exit_status_only_where_no_entry_fails(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mutating.py").write_text(MUTATING_PROGRAM)
    code, out, _ = run(capsys, "check", "mutating.py:grad", "--json")
    assert code == 1 and "params-mutated" in [f["id"] for f in json.loads(out)["findings"]]
    code, out, _ = run(capsys, "check", "mutating.py:grad", "--json", "--ignore", "params-mutated")
    doc = json.loads(out)
    assert code == 0 and doc["ok"] and "params-mutated" not in [f["id"] for f in doc["findings"]]
    code, out, _ = run(capsys, "check", SEED001_BUGGY + ":grad", "--json", "--ignore", "sign-flip",
                       "--ignore", "sigmoid-sign")
    doc = json.loads(out)
    assert code == 1 and doc["n_failed"] == 18
    assert not {"sign-flip", "sigmoid-sign"} & {f["id"] for f in doc["findings"]}


def test_cli_reads_pyproject_and_flags_beat_it(tmp_path, capsys, monkeypatch):
    write_pyproject(tmp_path, """
        [tool.backprop-doctor]
        tol = 1e-4
        seed = 9
        ignore = ["params-mutated"]
    """)
    (tmp_path / "mutating.py").write_text(MUTATING_PROGRAM)
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "check", "mutating.py:grad", "--json")
    doc = json.loads(out)
    assert code == 0 and (doc["seed"], doc["rtol"]) == (9, 1e-4)
    assert "--seed 9" in doc["command"] and "--ignore params-mutated" in doc["command"]
    code, out, _ = run(capsys, "check", "mutating.py:grad", "--json", "--seed", "3", "--tol", "1e-7")
    doc = json.loads(out)
    assert (doc["seed"], doc["rtol"]) == (3, 1e-7)
    code, out, _ = run(capsys, "check", "mutating.py:grad")
    assert code == 0
    assert "config: pyproject.toml [tool.backprop-doctor] tol=0.0001, seed=9, " \
           "ignore=[params-mutated]" in " ".join(out.split())


@pytest.mark.parametrize("argv, match", [
    (["--ignore", "sign-flp"], r"--ignore: unknown rule id 'sign-flp' \(did you mean sign-flip\?\)"),
    (["--ignore", "zzzz"], r"unknown rule id 'zzzz'\. `backprop-doctor rules` lists them all"),
], ids=["misspelt", "nothing-close"])
def test_cli_unknown_ignore_is_exit_2(capsys, argv, match):
    import re

    code, out, err = run(capsys, "check", SEED001_BUGGY + ":grad", *argv)
    assert code == 2 and out == ""
    assert re.search(match, " ".join(err.split()))


def test_cli_bad_pyproject_is_exit_2(tmp_path, capsys, monkeypatch):
    write_pyproject(tmp_path, "[tool.backprop-doctor]\ntol = 0\n")
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "check", SEED001_BUGGY + ":grad")
    assert code == 2 and "tol must be positive and below 2" in " ".join(err.split())


def test_config_seed_seeds_the_users_global_generator_before_import(tmp_path, capsys, monkeypatch):
    """The seed from pyproject reaches numpy's legacy generator before import, as --seed does."""
    program = MUTATING_PROGRAM.replace(
        "theta = rng.normal(size=3)",
        "theta = np.random.normal(size=3)\nnp.save('theta_seen.npy', theta)")
    (tmp_path / "unseeded.py").write_text(program)
    write_pyproject(tmp_path, "[tool.backprop-doctor]\nseed = 4\n")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "check", "unseeded.py:grad", "--json")
    assert json.loads(out)["seed"] == 4
    expected = np.random.RandomState(4).normal(size=3)
    assert np.array_equal(np.load(tmp_path / "theta_seen.npy"), expected)


# -- every command and API entry reads the file the same way ------------------------------------
LAYER_PROGRAM = '''
import numpy as np
x = np.linspace(-1, 1, 6).reshape(2, 3)
w = np.linspace(0.5, -0.5, 12).reshape(3, 4)
inputs = (x, w)
def affine_forward(x, w):
    return x @ w, (x, w)
def affine_backward(dout, cache):
    x, w = cache
    return dout @ w.T, x.T @ dout
'''


def test_check_layer_reads_the_file_like_check(tmp_path, monkeypatch):
    import backprop_doctor as bd

    monkeypatch.chdir(tmp_path)
    write_pyproject(tmp_path, "[tool.backprop-doctor]\nseed = 7\ntol = 1e-5\n")
    ns = {}
    exec(LAYER_PROGRAM, ns)
    report = bd.check_layer(ns["affine_forward"], ns["affine_backward"], ns["inputs"])
    assert report.ok and report.settings.seed == 7 and report.settings.rtol == 1e-5
    write_pyproject(tmp_path, "[tool.backprop-doctor]\ntol = inf\n")
    with pytest.raises(InputError, match=r"tol must be positive and below 2"):
        bd.check_layer(ns["affine_forward"], ns["affine_backward"], ns["inputs"])


@pytest.mark.parametrize("command", ["layer", "step", "train"])
def test_every_command_rejects_a_bad_file_like_check(tmp_path, monkeypatch, capsys, command):
    from backprop_doctor.cli import main

    monkeypatch.chdir(tmp_path)
    write_pyproject(tmp_path, "[tool.backprop-doctor]\nseed = -3\n")
    (tmp_path / "lay.py").write_text(LAYER_PROGRAM + "theta0 = np.zeros(2)\n"
                                     "def cost(t):\n    return float(np.sum(t ** 2))\n"
                                     "def step(t):\n    return t - 0.1 * 2 * t\n")
    argv = {"layer": ["layer", "lay.py:affine_backward", "--forward", "lay.py:affine_forward",
                      "--inputs", "lay.py:inputs"],
            "step": ["step", "lay.py:step", "--cost", "lay.py:cost"],
            "train": ["train", "lay.py:step", "--cost", "lay.py:cost", "--steps", "3"]}[command]
    assert main(argv) == 2
    assert "seed must be a non-negative integer, got -3" in " ".join(capsys.readouterr().err.split())


STEP_PROGRAM = '''
import numpy as np
theta0 = np.linspace(-1.0, 1.0, 5)
def cost(t):
    return float(np.sum(t ** 2) + np.sum(t ** 4) / 4)
def grad(t):
    return 2 * t + t ** 3
def step(t):
    return t - 0.1 * t * grad(t)          # w -= lr * w * grad: misapplied
def slow(t):
    return t - 1e-9 * grad(t)              # a step too small to move the loss
'''


def test_step_reads_tol_and_ignore_from_the_file_and_flags_beat_it(tmp_path, monkeypatch, capsys):
    from backprop_doctor.cli import main

    monkeypatch.chdir(tmp_path)
    (tmp_path / "st.py").write_text(STEP_PROGRAM)
    base = ["step", "st.py:step", "--grad", "st.py:grad", "--params", "st.py:theta0", "--json"]
    assert main(base) == 1
    doc = json.loads(capsys.readouterr().out)
    assert "misapplied-update" in [f["id"] for f in doc["findings"]]
    write_pyproject(tmp_path, '[tool.backprop-doctor]\ntol = 1e-3\nseed = 5\n'
                              'ignore = ["misapplied-update"]\n')
    # the step still does not move by -lr * g: ignoring the explanation does not make it right
    assert main(base) == 1
    doc = json.loads(capsys.readouterr().out)
    assert "misapplied-update" not in [f["id"] for f in doc["findings"]] and not doc["ok"]
    assert doc["seed"] == 5 and "--tol 0.001" in doc["command"]
    assert "--ignore misapplied-update" in doc["command"]
    assert doc["tolerance"] >= 1e-3
    assert main(base + ["--tol", "1e-6", "--seed", "2"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc["seed"] == 2 and doc["tolerance"] < 1e-3


def test_train_reads_ignore_from_the_file(tmp_path, monkeypatch, capsys):
    from backprop_doctor.cli import main

    monkeypatch.chdir(tmp_path)
    (tmp_path / "st.py").write_text(STEP_PROGRAM)
    base = ["train", "st.py:slow", "--cost", "st.py:cost", "--params", "st.py:theta0",
            "--steps", "20", "--json"]
    assert main(base) == 1
    ids = [f["id"] for f in json.loads(capsys.readouterr().out)["findings"]]
    assert "loss-not-falling" in ids
    write_pyproject(tmp_path, "[tool.backprop-doctor]\nignore = [%s]\n"
                    % ", ".join(f'"{i}"' for i in ids))
    assert main(base) == 0     # every symptom is a finding: ignoring them all turns it green
    doc = json.loads(capsys.readouterr().out)
    assert doc["ok"] and doc["findings"] == []
    assert "--ignore loss-not-falling" in doc["command"]


def test_layer_command_reads_tol_and_ignore_like_check(tmp_path, monkeypatch, capsys):
    from backprop_doctor.cli import main

    monkeypatch.chdir(tmp_path)
    (tmp_path / "lay.py").write_text(LAYER_PROGRAM)
    write_pyproject(tmp_path, "[tool.backprop-doctor]\ntol = 1e-5\nseed = 7\n")
    argv = ["layer", "lay.py:affine_backward", "--forward", "lay.py:affine_forward",
            "--inputs", "lay.py:inputs", "--json"]
    assert main(argv) == 0
    doc = json.loads(capsys.readouterr().out)
    assert (doc["seed"], doc["rtol"]) == (7, 1e-5) and "--tol 1e-05" in doc["command"]
    assert main(argv + ["--tol", "1e-7"]) == 0
    assert json.loads(capsys.readouterr().out)["rtol"] == 1e-7
    assert main(argv + ["--ignore", "no-such-rule"]) == 2
