"""Homework conventions with no harness: (cost, grad) functions and CS231n model objects.

Each convention must get the same verdict, failing blocks and rule ids as the same code written
as separate cost and grad functions, and the user's objects must be unchanged afterwards.
"""
from __future__ import annotations

import copy
import functools
import json
import pickle

import numpy as np
import pytest

import backprop_doctor as bd
from backprop_doctor.cli import main
from reference_models import homework as hw


def summary(report):
    return report.ok, report.failing_blocks, sorted(set(report.finding_ids()))


def _ex4(buggy):
    fun = functools.partial(hw.nnCostFunction, regularize_bias=buggy)
    params, args = hw.ex4_point(0)
    return fun, params, args


@pytest.mark.parametrize("buggy", [False, True])
def test_combined_ex4_matches_separate_cost_and_grad(buggy):
    fun, params, args = _ex4(buggy)
    separate = bd.check(lambda p, *a: fun(p, *a)[0], lambda p, *a: fun(p, *a)[1], params, args,
                        blocks=hw.EX4_LAYOUT, order="F")
    combined = bd.check(fun, params=params, args=args, blocks=hw.EX4_LAYOUT, order="F")
    positional = bd.check(fun, None, params, args, blocks=hw.EX4_LAYOUT, order="F")
    assert summary(combined) == summary(separate) == summary(positional)
    if buggy:
        assert combined.failing_blocks == ["Theta1", "Theta2"]
        assert "regularization-mismatch" in combined.finding_ids()
    else:
        assert combined.ok and not combined.findings


@pytest.mark.parametrize("fun, ok", [(hw.softmax_loss_naive, True),
                                     (hw.softmax_loss_vectorized, False)])
def test_cs231n_loss_function_matches_separate_form(fun, ok):
    W, args = hw.softmax_point(0)
    W_before = W.copy()
    separate = bd.check(lambda w, *a: fun(w, *a)[0], lambda w, *a: fun(w, *a)[1], W, args)
    combined = bd.check(fun, params=W, args=args)
    assert summary(combined) == summary(separate)
    assert combined.ok is ok
    if not ok:
        assert "regularization-mismatch" in combined.finding_ids()
    assert np.array_equal(W, W_before)


def _model_separate(model):
    """The model's loss as separate functions of a params dict, written by hand."""
    def run(params, X, y):
        m = copy.deepcopy(model)
        m.params = params
        return m.loss(X, y)
    return (lambda p, X, y: run(p, X, y)[0]), (lambda p, X, y: run(p, X, y)[1])


@pytest.mark.parametrize("buggy", [False, True])
def test_model_object_matches_separate_form_and_is_unchanged(buggy):
    model = hw.TwoLayerNet(seed=0, forget_relu_mask=buggy)
    X, y = hw.model_data(0)
    before = pickle.dumps(model)
    cost, grad = _model_separate(model)
    separate = bd.check(cost, grad, copy.deepcopy(model.params), (X, y))
    by_object = bd.check(model, args=(X, y))
    by_method = bd.check(model.loss, args=(X, y))
    assert summary(by_object) == summary(separate) == summary(by_method)
    assert [b.name for b in by_object.blocks] == ["W1", "b1", "W2", "b2"]
    if buggy:
        assert by_object.failing_blocks == ["W1", "b1"]
    else:
        assert by_object.ok
    assert pickle.dumps(model) == before      # bit-identical, every attribute


class _MutatingNet(hw.TwoLayerNet):
    def loss(self, X, y=None):
        out = super().loss(X, y)
        self.params["W1"] *= 1.0001         # an "update" left inside loss
        return out


def test_model_that_changes_its_params_is_reported_and_user_object_unchanged():
    model = _MutatingNet(seed=1)
    X, y = hw.model_data(1)
    W1 = model.params["W1"].copy()
    report = bd.check(model, args=(X, y))
    assert "params-mutated" in report.finding_ids()
    assert np.array_equal(model.params["W1"], W1)


def test_model_loss_without_labels_says_so():
    model = hw.TwoLayerNet(seed=0)
    X, _ = hw.model_data(0)
    with pytest.raises(bd.InputError, match=r"should return \(loss, grads\).*pass the labels"):
        bd.check(model, args=(X,))


def test_combined_function_returning_only_a_cost_says_what_to_give():
    W, args = hw.softmax_point(0)
    with pytest.raises(bd.InputError, match=r"returned only the cost; give the gradient function"):
        bd.check(lambda w, *a: hw.softmax_loss_naive(w, *a)[0], params=W, args=args)


def test_combined_function_needs_params():
    with pytest.raises(bd.InputError, match=r"give the parameters to check at"):
        bd.check(hw.softmax_loss_naive, args=(1, 2))


# -- the command line, with nothing but the user's module ------------------------------------

EX4_SCRIPT = """
import numpy as np
from reference_models.homework import nnCostFunction as _nn, ex4_point
import functools
nnCostFunction = functools.partial(_nn, regularize_bias={buggy})
nnCostFunction.__name__ = "nnCostFunction"
initial_nn_params, (input_layer_size, hidden_layer_size, num_labels, X, y, lambda_) = ex4_point(0)
J, grad = nnCostFunction(initial_nn_params, input_layer_size, hidden_layer_size, num_labels, X, y,
                         lambda_)
"""

EX4_SOURCE_SCRIPT = '''
import numpy as np

def sigmoid(z):
    return 1 / (1 + np.exp(-z))

def nnCostFunction(nn_params, input_layer_size, hidden_layer_size, num_labels, X, y, lambda_):
    Theta1 = nn_params[:hidden_layer_size * (input_layer_size + 1)].reshape(hidden_layer_size, -1)
    Theta2 = nn_params[hidden_layer_size * (input_layer_size + 1):].reshape(num_labels, -1)
    m = X.shape[0]
    a1 = np.hstack([np.ones((m, 1)), X])
    z2 = a1 @ Theta1.T
    a2 = np.hstack([np.ones((m, 1)), sigmoid(z2)])
    h = sigmoid(a2 @ Theta2.T)
    Y = np.eye(num_labels)[y - 1]
    J = np.sum(-Y * np.log(h) - (1 - Y) * np.log(1 - h)) / m
    d3 = h - Y
    d2 = (d3 @ Theta2[:, 1:]) * sigmoid(z2) * (1 - sigmoid(z2))
    Theta1_grad = d2.T @ a1 / m
    Theta2_grad = {sign}d3.T @ a2 / m
    return J, np.concatenate([Theta1_grad.ravel(), Theta2_grad.ravel()])

input_layer_size, hidden_layer_size, num_labels = 3, 4, 3
rng = np.random.default_rng(0)
X = rng.standard_normal((6, 3))
y = np.arange(6) % 3 + 1
lambda_ = 0
initial_nn_params = rng.uniform(-0.5, 0.5, 4 * 4 + 3 * 5)
'''

MODEL_SCRIPT = """
from reference_models.homework import TwoLayerNet, model_data
model = TwoLayerNet(seed=0, forget_relu_mask={buggy})
X, y = model_data(0)
"""

SOFTMAX_SCRIPT = """
from reference_models.homework import softmax_loss_naive, softmax_loss_vectorized, softmax_point
W, (X, y, reg) = softmax_point(0)
"""


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    return str(path)


@pytest.mark.parametrize("buggy, code", [(False, 0), (True, 1)])
def test_cli_ex4_script_zero_configuration(capsys, tmp_path, buggy, code):
    path = write(tmp_path, "ex4.py", EX4_SOURCE_SCRIPT.format(sign="-" if buggy else ""))
    got, out, err = run(capsys, "check", path, "--json")
    assert got == code, err
    report = json.loads(out)
    assert "checking" in err and "nnCostFunction" in err and "a function returning (cost, gradient)" in err
    assert "args input_layer_size, hidden_layer_size, num_labels, X, y, lambda_" in " ".join(err.split())
    assert report["n_params"] == 31
    if buggy:
        assert [b["name"] for b in report["blocks"] if not b["ok"]] == ["Theta2"]
        assert "sign-flip" in [f["id"] for f in report["findings"]]
    assert report["layout"] == {"source": "inferred", "blocks": "Theta1=4x4,Theta2=3x5",
                                "order": "C"}


@pytest.mark.parametrize("target", ["", ":nnCostFunction"])
def test_cli_combined_function_by_name_or_discovered(capsys, tmp_path, target):
    path = write(tmp_path, "ex4b.py", EX4_SCRIPT.format(buggy=True))
    code, out, err = run(capsys, "check", path + target, "--blocks", hw.EX4_LAYOUT, "--order", "F",
                         "--json")
    assert code == 1, err
    report = json.loads(out)
    assert [b["name"] for b in report["blocks"] if not b["ok"]] == ["Theta1", "Theta2"]
    assert "regularization-mismatch" in [f["id"] for f in report["findings"]]


@pytest.mark.parametrize("target", ["", ":model", ":model.loss"])
@pytest.mark.parametrize("buggy", [False, True])
def test_cli_model_object(capsys, tmp_path, target, buggy):
    path = write(tmp_path, f"net{int(buggy)}.py", MODEL_SCRIPT.format(buggy=buggy))
    code, out, err = run(capsys, "check", path + target, "--json")
    assert code == (1 if buggy else 0), err
    report = json.loads(out)
    assert [b["name"] for b in report["blocks"]] == ["W1", "b1", "W2", "b2"]
    failing = [b["name"] for b in report["blocks"] if not b["ok"]]
    assert failing == (["W1", "b1"] if buggy else [])


def test_cli_model_with_explicit_args(capsys, tmp_path):
    path = write(tmp_path, "net_args.py", MODEL_SCRIPT.format(buggy=False).replace("X, y =", "DATA ="))
    code, out, err = run(capsys, "check", path + ":model", "--args", path + ":DATA", "--json")
    assert code == 0, err


def test_cli_discovery_lists_the_others(capsys, tmp_path):
    path = write(tmp_path, "sm.py", SOFTMAX_SCRIPT)
    code, out, err = run(capsys, "check", path)
    flat = " ".join(err.split())
    assert code == 0, err
    assert "checking" in flat and "softmax_loss_naive" in flat
    assert "also found: softmax_loss_vectorized" in flat
    code, out, err = run(capsys, "check", path + ":softmax_loss_vectorized", "--json")
    assert code == 1
    assert "regularization-mismatch" in [f["id"] for f in json.loads(out)["findings"]]


def test_cli_nothing_to_check_says_how_to_name_it(capsys, tmp_path):
    path = write(tmp_path, "empty.py", "import numpy as np\nX = np.ones(3)\n")
    code, _, err = run(capsys, "check", path)
    assert code == 2
    assert "nothing to check found" in err and "FILE.py:FUNCTION" in " ".join(err.split())


def test_cli_cost_given_as_target_says_to_give_the_gradient(capsys, tmp_path):
    path = write(tmp_path, "c.py", "import numpy as np\ntheta = np.ones(3)\n"
                                   "def costFunction(t):\n    return float(t @ t)\n")
    code, _, err = run(capsys, "check", path + ":costFunction")
    assert code == 2
    assert "returns one number, a cost" in " ".join(err.split())


def test_cli_missing_argument_variables_name_the_flag(capsys, tmp_path):
    path = write(tmp_path, "m.py", "import numpy as np\ntheta = np.ones(3)\nX = 1\n"
                                   "def costFunction(t, X, y):\n    return float(t @ t), 2 * t\n")
    code, _, err = run(capsys, "check", path + ":costFunction")
    assert code == 2
    flat = " ".join(err.split())
    assert "parameters y of costFunction" in flat and "--args MODULE:ARGS" in flat


def test_cli_gradient_with_cost_beside_it_still_checked_as_before(capsys, tmp_path):
    path = write(tmp_path, "sep.py", "import numpy as np\ntheta = np.array([1.0, 2.0])\n"
                                     "def cost(t):\n    return float(t @ t)\n"
                                     "def grad(t):\n    return 2 * t\n")
    code, _, err = run(capsys, "check", path)
    assert code == 0, err
    assert "a gradient function" in " ".join(err.split())


def test_cli_cost_named_with_its_gradient_beside_it(capsys, tmp_path):
    source = ("import numpy as np\n"
              "def sigmoidGradient(z):\n    return z * (1 - z)\n"
              "def computeNumericalGradient(J, theta):\n    raise AssertionError('never called')\n"
              "def nnCostFunction(theta, X):\n    return float(np.sum((X @ theta) ** 2))\n"
              "def nnGradFunction(theta, X):\n    return {k}2 * X.T @ (X @ theta)\n"
              "X = np.arange(6.0).reshape(3, 2) / 5\ninitial_nn_params = np.array([0.3, -0.2])\n")
    for k, code in (("", 0), ("-", 1)):
        path = write(tmp_path, f"pair{code}.py", source.format(k=k))
        got, out, err = run(capsys, "check", path + ":nnCostFunction", "--json")
        assert got == code, err
        assert "gradient nnGradFunction" in " ".join(err.split())
        if code:
            assert "sign-flip" in [f["id"] for f in json.loads(out)["findings"]]


def test_cli_args_are_found_beside_the_params_module(capsys, tmp_path):
    user = write(tmp_path, "user_sm.py", "from reference_models.homework import softmax_loss_naive\n")
    write(tmp_path, "harness_sm.py", "from reference_models.homework import softmax_point\n"
                                     "W, ARGS = softmax_point(0)\n")
    code, out, err = run(capsys, "check", user + ":softmax_loss_naive",
                         "--params", str(tmp_path / "harness_sm.py") + ":W", "--json")
    assert code == 0, err
    assert "args harness_sm:ARGS" in " ".join(err.split())


def test_cli_discovery_survives_objects_whose_attributes_raise(capsys, tmp_path):
    path = write(tmp_path, "odd.py", "import numpy as np\n"
                 "class Lazy:\n    @property\n    def params(self):\n        raise RuntimeError('no')\n"
                 "lazy = Lazy()\n" + SOFTMAX_SCRIPT)
    code, _, err = run(capsys, "check", path)
    assert code == 0, err


# -- (J, g1, ..., gk) for a list or tuple of k parameter arrays -------------------------------
MULTI_PROGRAM = '''
import numpy as np

rng = np.random.default_rng(0)
X = rng.normal(size=(6, 3))
y = rng.integers(0, 2, size=(6, 1)).astype(float)
params = [rng.normal(size=(3, 4)) * 0.5, rng.normal(size=(4, 1)) * 0.5]

def sigmoid(z):
    return 1 / (1 + np.exp(-z))

def cost_and_grads(params, X, y, skip_derivative=False):
    W1, W2 = params
    h = sigmoid(X @ W1)
    p = sigmoid(h @ W2)
    J = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    d2 = (p - y) / len(X)
    back = d2 @ W2.T
    dW1 = X.T @ (back * h if skip_derivative else back * h * (1 - h))
    return J, dW1, h.T @ d2
'''


def _multi():
    ns = {}
    exec(MULTI_PROGRAM, ns)
    return ns


@pytest.mark.parametrize("container", [list, tuple])
def test_combined_function_returning_one_gradient_per_parameter_array(container):
    ns = _multi()
    params = container(ns["params"])
    before = [p.copy() for p in params]
    report = bd.check(ns["cost_and_grads"], params=params, args=(ns["X"], ns["y"]),
                      config=False)
    assert report.ok and report.n_checked == 16
    buggy = functools.partial(ns["cost_and_grads"], skip_derivative=True)
    report = bd.check(buggy, params=params, args=(ns["X"], ns["y"]), config=False)
    assert not report.ok and report.failing_blocks == ["params[0]"]
    assert all(np.array_equal(a, b) for a, b in zip(params, before))


def test_cli_combined_function_with_a_gradient_per_array_zero_configuration(capsys, tmp_path):
    (tmp_path / "mynet.py").write_text(MULTI_PROGRAM)
    code = main(["check", str(tmp_path / "mynet.py") + ":cost_and_grads", "--json"])
    doc = json.loads(capsys.readouterr().out)
    assert code == 0 and doc["ok"] and doc["n_checked"] == 16
    assert [b["name"] for b in doc["blocks"]] == ["params[0]", "params[1]"]


def test_a_tuple_of_the_wrong_length_is_still_refused_with_the_reason():
    ns = _multi()

    def three(params, X, y):
        J, dW1, dW2 = ns["cost_and_grads"](params, X, y)
        return J, dW1, dW2, 0.0

    with pytest.raises(bd.InputError, match=r"should return \(cost, gradient\) together"):
        bd.check(three, params=ns["params"], args=(ns["X"], ns["y"]), config=False)
