"""Lint rules, pylint style: every rule's bad snippet triggers exactly it, its good one nothing;
the seeds' real programs get the rules their bugs deserve; correct code gets nothing."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from backprop_doctor.findings import catalogue
from backprop_doctor.lint import RULES, lint_file, lint_source

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).resolve().parent / "lint_cases"
SEEDS = ROOT / "reference_models" / "seeds"
NETS = ROOT / "reference_models" / "nets"

LINT_RULES = [r for r in catalogue() if r.kind == "lint" and r.id != "syntax-error"]
RULE_IDS = [r.id for r in LINT_RULES]
LOUD = ("error", "warning")


def loud(findings):
    return [f for f in findings if f.severity in LOUD]


def ids(findings):
    return sorted({f.id for f in findings})


def test_every_rule_has_a_case_folder_and_every_folder_a_rule():
    folders = {p.name for p in CASES.iterdir() if (p / "bad.py").exists()}
    assert folders == set(RULE_IDS)


def test_every_rule_module_registers_a_lint_rule_with_a_check():
    assert len(RULES) == len(RULE_IDS)
    for module in RULES:
        assert module.INFO.kind == "lint" and callable(module.check)


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_bad_case_triggers_exactly_its_rule(rule_id):
    findings = lint_file(CASES / rule_id / "bad.py")
    assert rule_id in ids(findings)
    assert {f.id for f in loud(findings)} <= {rule_id}
    ours = [f for f in findings if f.id == rule_id]
    assert all(f.source == "lint" and f.file.endswith("bad.py") and f.line > 0 for f in ours)


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_good_case_triggers_nothing(rule_id):
    assert lint_file(CASES / rule_id / "good.py") == []


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_finding_points_at_the_offending_line(rule_id):
    """Each bad case's findings sit on lines that hold the pattern, not on a def or a blank."""
    source = (CASES / rule_id / "bad.py").read_text()
    lines = source.splitlines()
    for f in lint_source(source, "bad.py"):
        if f.id == rule_id:
            text = lines[f.line - 1].strip()
            assert text and not text.startswith(("def ", "class ", "#", "import ")), (f.line, text)


@pytest.mark.parametrize("rule", LINT_RULES, ids=RULE_IDS)
def test_catalogue_snippets_for_explain_agree_with_the_rule(rule):
    assert rule.id in ids(lint_source(rule.bad))
    assert rule.id not in ids(lint_source(rule.good))
    assert "What it does" in rule.explanation and "Why" in rule.explanation
    assert rule.fix and rule.title


@pytest.mark.parametrize("rule_id, expected_lines", [
    ("sigmoid-sign", [6, 10]),
    ("loop-skips-first", [8, 18]),
    ("update-times-weights", [8, 9, 18]),
    ("softmax-axis", [8, 20]),
    ("positive-init", [5, 11, 12]),
    ("accumulator-not-reset", [8, 17]),
    ("activation-before-softmax", [16, 22]),
    ("loss-args-swapped", [14, 19]),
    ("derivative-on-wrong-input", [17, 18]),
    ("softmax-no-max-shift", [6]),
])
def test_bad_case_findings_lines(rule_id, expected_lines):
    findings = lint_file(CASES / rule_id / "bad.py")
    assert [f.line for f in findings if f.id == rule_id] == expected_lines


@pytest.mark.parametrize("name", ["correct_mlp.py", "idioms_good.py"])
def test_correct_network_files_get_no_finding_at_all(name):
    assert lint_file(CASES / name) == []


# -- messages name what was seen ----------------------------------------------------------------
@pytest.mark.parametrize("source, rule_id, needle", [
    ("import numpy as np\ndef sigmoid(z):\n    return 1 / (1 + np.exp(z))\n", "sigmoid-sign", "np.exp(z)"),
    ("import numpy\ndef logistic(z):\n    return 1 / (numpy.exp(z) + 1)\n", "sigmoid-sign", "sigmoid(-z)"),
    ("from numpy import exp\ndef sig(z):\n    return 1 / (1 + exp(z))\n", "sigmoid-sign", "exp(z)"),
    ("import math\ndef activation(z):\n    return 1 / (1 + math.exp(+z))\n", "sigmoid-sign", "math.exp(+z)"),
    ("import numpy as np\nsigmoid = lambda z: 1 / (1 + np.exp(z))\n", "sigmoid-sign", "np.exp(z)"),
    ("import numpy as np\nz2 = X @ W1\na2 = 1 / (1 + np.exp(z2))\n", "sigmoid-sign", "np.exp(z2)"),
    ("w -= lr * w * g\n", "update-times-weights", "lr * w * g"),
    ("w = w - lr * w * grad_w\n", "update-times-weights", "`w`"),
    ("self.weights = [w - lr * w * gw for w, gw in zip(self.weights, grads)]\n", "update-times-weights", "`w`"),
    ("import numpy as np\nW2 = np.random.rand(3, 4)\n", "positive-init", "np.random.rand(3, 4)"),
    ("import numpy as np\ndef sigmoid(z):\n    return 1 / (1 + np.exp(-z))\nw = np.random.random((3, 4))\n",
     "positive-init", "np.random.random((3, 4))"),
    ("import numpy as np\ngrad = np.zeros(3)\nfor i in range(1, len(grad)):\n    grad[i] = i\n", "loop-skips-first",
     "range(1, len(grad))"),
])
def test_message_names_what_was_seen(source, rule_id, needle):
    found = [f for f in lint_source(source) if f.id == rule_id]
    assert len(found) == 1 and needle in found[0].message, found


@pytest.mark.parametrize("source", [
    "w -= lr * (g + lam * w)\n",            # weight decay
    "w -= lr * wd * w\n",                   # decoupled weight decay
    "w -= lr * g\n",
    "a = a - a * a\n",                      # not an update
    "x -= dt * x * k\n",                    # dt is a time step, not a gradient
], ids=["l2-decay", "decoupled-decay", "plain-sgd", "polynomial", "time-step"])
def test_update_times_weights_is_silent_on(source):
    assert lint_source(source) == []


@pytest.mark.parametrize("source", [
    "import numpy as np\ndef f(x):\n    e = np.exp(x - np.max(x))\n    return e / np.sum(e)\n",
    "import numpy as np\ndef f(W, x):\n    z = W @ x\n    e = np.exp(z - z.max())\n    return e / np.sum(e)\n",
    "import numpy as np\ndef f(W, X):\n    z = W @ X\n    e = np.exp(z - z.max(axis=0))\n    return e / sum(e)\n",
], ids=["one-sample-helper", "one-sample-column", "builtin-sum-down-columns"])
def test_softmax_axis_is_silent_without_batch_evidence_or_when_right(source):
    assert [f for f in lint_source(source) if f.id == "softmax-axis"] == []


def test_softmax_axis_flags_a_no_axis_helper_called_on_a_batch():
    source = ("import numpy as np\n"
              "def softmax(z):\n    e = np.exp(z - np.max(z))\n    return e / np.sum(e)\n"
              "def loss(W, X, y):\n    scores = X @ W\n    p = softmax(scores)\n"
              "    return -np.log(p[np.arange(len(y)), y]).mean()\n")
    found = [f for f in lint_source(source) if f.id == "softmax-axis"]
    assert [f.line for f in found] == [7] and "line 4" in found[0].message


@pytest.mark.parametrize("source, axis_ok", [
    ("S = X @ W\nE = np.exp(S - S.max(axis=1, keepdims=True))\nP = E / E.sum(axis=0)\n", False),
    ("S = X @ W\nE = np.exp(S - S.max(axis=1, keepdims=True))\nP = E / E.sum(axis=1, keepdims=True)\n", True),
    ("S = W @ X\nE = np.exp(S - S.max(axis=0))\nP = E / np.sum(E, axis=1)\n", False),
    ("S = W @ X\nE = np.exp(S - S.max(axis=0))\nP = E / np.sum(E, axis=0)\n", True),
], ids=["rows-axis0", "rows-axis1", "cols-axis1", "cols-axis0"])
def test_softmax_axis_checks_an_explicit_axis_against_the_layout(source, axis_ok):
    found = [f for f in lint_source("import numpy as np\n" + source) if f.id == "softmax-axis"]
    assert (found == []) == axis_ok


# -- the seeds' programs ------------------------------------------------------------------------
def _seed(name):
    path = SEEDS / name
    if not path.exists():
        pytest.skip(f"{path} not written yet")
    return path


def test_seed000_positive_init_accumulator_and_update():
    found = ids(lint_file(_seed("seed000_original.py")))
    for rule_id in ("positive-init", "accumulator-not-reset", "update-times-weights"):
        assert rule_id in found
    # its other real bugs, which the rules also name
    assert "loss-args-swapped" in found and "derivative-on-wrong-input" in found
    # `for i in range(1, len(layers))` builds layers 1.. after layer 0: not a skipped entry
    assert "loop-skips-first" not in found and "sigmoid-sign" not in found


def test_seed000_update_is_found_in_the_procedural_version():
    path = _seed("seed000_original.py")
    lines = path.read_text().splitlines()
    found = [f for f in lint_file(path) if f.id == "update-times-weights"]
    assert [lines[f.line - 1].strip() for f in found] == ["weights[0] -= .03*weights[0]*dcdw0",
                                                          "weights[1] -= .03*weights[1]*dcdw1"]


def test_seed000_positive_init_only_on_unflipped_draws():
    """The class flips random signs of every appended matrix, not of the first one."""
    path = _seed("seed000_original.py")
    lines = path.read_text().splitlines()
    found = [lines[f.line - 1].strip() for f in lint_file(path) if f.id == "positive-init"]
    assert found == ["self.weights = [np.random.rand(layers[1], layers[0]+1)]",
                     "weights = [np.random.rand(2, 3) for _ in range(2)]"]


def test_seed001_sigmoid_sign_and_loop_but_not_positive_init():
    findings = lint_file(_seed("seed001_original.py"))
    assert ids(findings) == ["loop-skips-first", "sigmoid-sign"]
    loop = next(f for f in findings if f.id == "loop-skips-first")
    assert "range(1, np.size(theta))" in loop.message and "numgrad" in loop.message


def test_seed003_activation_before_softmax():
    findings = lint_file(_seed("seed003_original.py"))
    assert "activation-before-softmax" in ids(findings)
    # the per-row builtin sum over an (O x N) array normalises each class over the batch
    assert "softmax-axis" in ids(findings)
    assert set(ids(loud(findings))) == {"activation-before-softmax", "softmax-axis"}


def test_seed003_python2_original_is_a_clean_syntax_error(tmp_path):
    copy = tmp_path / "seed003_py2.py"
    shutil.copy(_seed("seed003_original_py2.txt"), copy)
    findings = lint_file(copy)
    assert [f.id for f in findings] == ["syntax-error"]
    f = findings[0]
    assert f.severity == "error" and f.file == str(copy)
    assert "Python 2 (print statement)" in f.message and f.message.startswith(f"line {f.line}:")
    assert 'print "' in copy.read_text().splitlines()[f.line - 1]


# -- correct code -------------------------------------------------------------------------------
NET_FILES = sorted(p for p in NETS.glob("*.py") if p.name != "__init__.py")


@pytest.mark.parametrize("path", NET_FILES, ids=[p.stem for p in NET_FILES])
def test_correct_reference_nets_get_no_warning_or_error(path):
    assert loud(lint_file(path)) == []


# Every other reference module is correct code, except those that carry deliberate `# BUG:` lines.
HELPER_FILES = sorted(p for p in (ROOT / "reference_models").glob("*.py") if "# BUG" not in p.read_text())


@pytest.mark.parametrize("path", HELPER_FILES, ids=[p.stem for p in HELPER_FILES])
def test_correct_reference_modules_get_no_warning_or_error(path):
    assert loud(lint_file(path)) == []


BUGGY_FILES = sorted(p for p in (ROOT / "reference_models").glob("*.py") if "# BUG" in p.read_text())


@pytest.mark.parametrize("path", BUGGY_FILES, ids=[p.stem for p in BUGGY_FILES])
def test_every_lint_finding_in_the_bug_variants_sits_on_a_bug(path):
    """In the variant files every warning/error is on (or right under) a line marked BUG or seed."""
    lines = path.read_text().splitlines()
    for f in loud(lint_file(path)):
        near = " ".join(lines[max(0, f.line - 3):f.line + 1])
        assert "BUG" in near or "seed" in near.lower(), (f.line, f.id, lines[f.line - 1])


@pytest.mark.parametrize("source", [
    "import numpy as np\nw = np.random.random((4, 200))\navg = np.average(x, weights=w)\n",
    "import numpy as np\nsample_weight = np.random.rand(100)\n",
    "import numpy as np\ndef sigmoid(z):\n    return 1 / (1 + np.exp(-z))\nsample_weight = np.random.rand(9)\n",
    "import numpy as np\ntheta = rng.random(50) * 2 * np.pi\n",
], ids=["weighted-mean", "sample-weight", "sample-weight-in-a-net", "polar-angles"])
def test_positive_init_is_silent_outside_network_weights(source):
    assert lint_source(source) == []


@pytest.mark.parametrize("source", [
    "import numpy as np\noffset = 0\nfor f in fields:\n    offset += f.size\n    out = base - offset\n",
    ("import numpy as np\ns = np.zeros(3)\nfor i in idx:\n    corr = g[i] - memory[i]\n    s += corr\n"
     "    w -= lr * s\n"),
    ("import numpy as np\nsum_gradient = np.zeros(3)\nfor i in idx:\n    sum_gradient += g[i] - memory[i]\n"
     "    w -= lr * sum_gradient\n"),
], ids=["counter", "sag-running-sum", "sag-sum-gradient"])
def test_accumulator_not_reset_is_silent_on(source):
    assert lint_source(source) == []


@pytest.mark.parametrize("source", [
    ("import numpy as np\nsol = np.zeros((n, n))\nsol[:] = star[0]\nfor idx in range(1, n):\n"
     "    sol[idx] += star[idx, 0]\n"),
    "import numpy as np\nd = np.zeros(n)\nfor i in range(1, n):\n    d[i] = x[i] - x[i - 1]\n",
    "import numpy as np\nfor i in range(1, len(x)):\n    print(x[i])\n",
], ids=["whole-array-set-first", "difference", "nothing-filled"])
def test_loop_skips_first_is_silent_on(source):
    assert lint_source(source) == []


def test_softmax_no_max_shift_ignores_a_gaussian_kernel():
    source = "import numpy as np\nphi = np.exp(-0.5 / s2 * x ** 2)\nphi = phi / phi.sum()\n"
    assert lint_source(source) == []


@pytest.mark.parametrize("source", [
    "x_minus = x - x * delta\n",
    "import numpy as np\nreg = np.zeros_like(theta)\nfor j in range(1, len(theta)):\n    reg[j] = lam / m * theta[j]\n",
    "import numpy as np\npen = np.zeros(n)\nfor j in range(1, n):\n    pen[j] = (lamb / m) * theta[j]\n",
], ids=["relative-perturbation", "bias-skipping-penalty", "bias-skipping-penalty-by-term"])
def test_silent_on_deliberate_patterns(source):
    assert [f for f in lint_source(source) if f.severity in LOUD] == []


@pytest.mark.parametrize("source", [
    "def sgd_step(w, dw, lr):\n    return w - lr * w * dw\n",
    "self.weights = [w - lr * w * nw for w, nw in zip(self.weights, nabla_w)]\n",
], ids=["returned-by-a-step", "comprehension-over-weights"])
def test_update_times_weights_in_other_update_forms(source):
    assert [f.id for f in lint_source(source)] == ["update-times-weights"]


def test_loop_from_1_outside_gradient_code_is_left_alone():
    """Combinatorics and matrix code start at 1 on purpose; only parameter/sample loops count."""
    source = "import numpy as np\ndef table(n):\n    t = np.zeros(n)\n    for k in range(1, n):\n        t[k] = k * k\n    return t\n"
    assert lint_source(source) == []
    assert [f.id for f in lint_source(source.replace("table", "numerical_gradient"))] == ["loop-skips-first"]


def test_a_file_too_deep_for_the_parser_is_reported_not_raised():
    source = "x = " + "(" * 300 + "1" + ")" * 300 + "\n"
    findings = lint_source(source)
    assert [f.id for f in findings] == ["syntax-error"]


@pytest.mark.parametrize("source", [
    "import numpy as np\ndef fit(U, V, u, i, j, lr):\n    x = np.dot(U[u], V[i] - V[j])\n"
    "    sig = 1 / (1 + np.exp(x))\n    U[u] += lr * sig * (V[i] - V[j])\n",
    "import numpy as np\ndef fermi_function(x):\n    return 1 / (1 + np.exp(x))\n",
], ids=["bpr-derivative", "fermi-dirac"])
def test_sigmoid_sign_is_silent_where_sigmoid_minus_x_is_meant(source):
    assert lint_source(source) == []


def test_derivative_on_wrong_input_in_methods():
    source = ("import numpy as np\nclass Net:\n"
              "    def sigmoid(self, x, deriv=False):\n        if deriv:\n            return x * (1 - x)\n"
              "        return 1 / (1 + np.exp(-x))\n"
              "    def backward(self, W1, x, d2):\n        z1 = W1 @ x\n        a1 = self.sigmoid(z1)\n"
              "        good = d2 * self.sigmoid(a1, deriv=True)\n        bad = d2 * self.sigmoid(z1, deriv=True)\n"
              "        return good, bad\n")
    assert [(f.id, f.line) for f in lint_source(source)] == [("derivative-on-wrong-input", 11)]


@pytest.mark.parametrize("source, flagged", [
    ("S = X @ W\nE = np.exp(S - S.max(axis=1, keepdims=True))\nP = E / np.sum(E, axis=1)\n", True),
    ("S = X @ W\nE = np.exp(S - S.max(axis=1, keepdims=True))\nP = E / E.sum(axis=1, keepdims=True)\n", False),
    ("S = x @ W\nE = np.exp(S - S.max())\nP = E / np.sum(E, axis=-1)\n", False),
    ("S = W @ X\nE = np.exp(S - S.max(axis=0))\nP = E / np.sum(E, axis=0)\n", False),
], ids=["rows-no-keepdims", "rows-keepdims", "one-sample-last-axis", "columns-axis0-broadcasts-right"])
def test_softmax_axis_without_keepdims(source, flagged):
    found = [f for f in lint_source("import numpy as np\n" + source) if f.id == "softmax-axis"]
    assert bool(found) == flagged
    if flagged:
        assert "keepdims=True" in found[0].message


@pytest.mark.parametrize("source, rule_id", [
    ("import cupy as cp\ndef sigmoid(z):\n    return 1 / (1 + cp.exp(z))\n", "sigmoid-sign"),
    ("import torch\ndef sigmoid(z):\n    return 1 / (1 + torch.exp(z))\n", "sigmoid-sign"),
    ("import torch\nW1 = torch.rand(3, 4)\n", "positive-init"),
    ("import jax.numpy as jnp\ndef sigmoid(z):\n    return 1 / (1 + jnp.exp(z))\n", "sigmoid-sign"),
], ids=["cupy", "torch-exp", "torch-rand", "jax"])
def test_other_array_libraries(source, rule_id):
    assert [f.id for f in lint_source(source)] == [rule_id]


def test_an_exp_of_the_users_own_is_not_numpy():
    source = "import mylib\ndef sigmoid(z):\n    return 1 / (1 + mylib.exp(z))\n"
    assert lint_source(source) == []


# the value assigned to an argument decides what it holds; its name only when no value is seen
CLASS_NET = '''
import numpy as np

def sigmoid(x, deriv=False):
    if deriv:
        return x * (1 - x)
    return 1 / (1 + np.exp(-x))

class Net:
    def forward(self, X):
        self.z1 = sigmoid(np.dot(X, self.W1))        # an activation, named like a z
        self.z2 = sigmoid(np.dot(self.z1, self.W2))
        return self.z2

    def backward(self, X, y):
        d2 = (self.z2 - y) * sigmoid(self.z2, deriv=True)
        d1 = d2.dot(self.W2.T) * sigmoid(self.z1, deriv=True)
        return X.T.dot(d1), self.z1.T.dot(d2)
'''


def test_derivative_input_is_read_from_its_value_before_its_name():
    assert "derivative-on-wrong-input" not in ids(lint_source(CLASS_NET))
    wrong = CLASS_NET.replace("self.z1 = sigmoid(np.dot(X, self.W1))",
                              "self.a1 = np.dot(X, self.W1)\n        self.z1 = self.a1")
    wrong = wrong.replace("self.z2 = sigmoid(np.dot(self.z1, self.W2))",
                          "self.h = np.dot(X, self.W1)\n        self.z2 = sigmoid(np.dot(sigmoid(self.h), self.W2))")
    wrong = wrong.replace("sigmoid(self.z1, deriv=True)", "sigmoid(self.h, deriv=True)")
    found = [f for f in lint_source(wrong) if f.id == "derivative-on-wrong-input"]
    assert len(found) == 1 and "`self.h`" in found[0].message
