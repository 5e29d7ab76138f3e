"""Input adapters: structures, layouts, block names, and every input error message."""
import numpy as np
import pytest

import backprop_doctor as bd
from backprop_doctor.errors import InputError
from backprop_doctor.params import layout_of, parse_blocks


def quad_cost(p, *args):
    leaves = p.values() if isinstance(p, dict) else (p if isinstance(p, (list, tuple)) else [p])
    return float(sum(np.sum(np.asarray(v) ** 2) for v in leaves))


@pytest.mark.parametrize("params, names", [
    (np.ones(4), ["theta"]),
    (np.ones((2, 3)), ["theta"]),
    ([np.ones((2, 2)), np.ones(3)], ["params[0]", "params[1]"]),
    ((np.ones(2), [np.ones(1), np.ones(2)]), ["params[0]", "params[1][0]", "params[1][1]"]),
    ({"W1": np.ones((2, 2)), "b1": np.ones(2)}, ["W1", "b1"]),
    ({"layer1": {"W": np.ones(2), "b": np.ones(1)}, "out": np.ones(1)}, ["layer1.W", "layer1.b", "out"]),
], ids=["array", "matrix", "list", "nested-tuple", "dict", "nested-dict"])
def test_block_names(params, names):
    assert [b.name for b in layout_of(params).blocks] == names


def test_structured_gradient_round_trip():
    params = {"W": np.arange(6.0).reshape(2, 3), "b": [np.ones(2), np.zeros(1) + 0.5]}

    def grad(p):
        return {"W": 2 * p["W"], "b": [2 * p["b"][0], 2 * p["b"][1]]}

    def cost(p):
        return float(np.sum(p["W"] ** 2) + np.sum(p["b"][0] ** 2) + np.sum(p["b"][1] ** 2))

    report = bd.check(cost, grad, params)
    assert report.ok and [b.name for b in report.blocks] == ["W", "b[0]", "b[1]"]


def test_layout_names_entries_row_and_column_major():
    c = layout_of(np.zeros(38), "theta1=5x4,theta2=3x6", "C")
    f = layout_of(np.zeros(38), "theta1=5x4,theta2=3x6", "F")
    assert c.label(23) == "theta2[0,3]"
    assert f.label(23) == "theta2[0,1]"
    assert c.label(0) == "theta1[0,0]" and c.label(1) == "theta1[0,1]" and f.label(1) == "theta1[1,0]"


def test_column_major_layout_blames_the_right_entry():
    theta = np.linspace(-1, 1, 6)

    def grad(t):
        g = 2 * t
        g[1] = 0.0  # second entry in memory: row 1, column 0 in Fortran order of a 2x3 block
        return g

    report = bd.check(lambda t: float(t @ t), grad, theta, blocks="W=2x3", order="F")
    assert [e.label for e in report.failures] == ["W[1,0]"]


def test_parse_blocks():
    assert parse_blocks("theta1=5x4, theta2=3X6;b=10") == [("theta1", (5, 4)), ("theta2", (3, 6)), ("b", (10,))]


@pytest.mark.parametrize("kwargs, match", [
    (dict(blocks="theta1=5x4,theta2=3x5"), r"describes 35 entries .* parameters have 38"),
    (dict(blocks="theta1=5by4"), r"cannot read the block 'theta1=5by4'"),
    (dict(blocks="a=2,a=36"), r"appears twice"),
    (dict(blocks="a=0x3,b=38"), r"zero dimension"),
    (dict(blocks="theta=38", order="X"), r"order must be 'C'"),
], ids=["sizes", "syntax", "duplicate", "zero", "order"])
def test_layout_errors(kwargs, match):
    with pytest.raises(InputError, match=match):
        bd.check(lambda t: 0.0, lambda t: t, np.zeros(38), **kwargs)


@pytest.mark.parametrize("cost, grad, params, match", [
    (lambda t: np.ones(3), lambda t: t, np.ones(3), r"should return one number .* shape \(3,\).*sum or average"),
    (lambda t: "x", lambda t: t, np.ones(3), r"should return one number"),
    (lambda t: float("nan"), lambda t: t, np.ones(3), r"returned nan .* finite cost"),
    (lambda t: float("inf"), lambda t: t, np.ones(3), r"returned inf"),
    (lambda t: 0.0, lambda t: np.ones(4), np.ones(3), r"gradient should have shape \(3,\) .* shape \(4,\)"),
    (lambda t: 0.0, lambda t: np.array([1.0, np.nan, 0]), np.ones(3), r"gradient contains nan .* theta\[1\]"),
    (lambda p: 0.0, lambda p: [p[0]], [np.ones(2), np.ones(2)], r"list/tuple of 2 arrays"),
    (lambda p: 0.0, lambda p: {"W": p["W"]}, {"W": np.ones(2), "b": np.ones(1)}, r"dict with keys \['W', 'b'\]"),
    (lambda p: 0.0, lambda p: {"W": p["W"].T}, {"W": np.ones((2, 3))}, r"shape \(2, 3\) like the parameter W"),
    (lambda t: 0.0, lambda t: t, np.array([1.0, np.inf]), r"parameters contain inf at theta\[1\]"),
    (lambda t: 0.0, lambda t: t, [], r"holds no arrays"),
    (lambda t: 0.0, lambda t: t, np.array(["a"]), r"numeric array"),
    (None, lambda t: t, np.ones(2), r"cost should be a function"),
    (lambda t: 0.0, "grad", np.ones(2), r"grad should be a function"),
], ids=["vector-cost", "str-cost", "nan", "inf", "grad-size", "grad-nan", "list-len", "dict-keys",
        "transposed-shape", "params-inf", "empty", "strings", "no-cost", "no-grad"])
def test_input_errors(cost, grad, params, match):
    with pytest.raises(InputError, match=match):
        bd.check(cost, grad, params)


def test_forward_loss_needs_both_and_two_args():
    with pytest.raises(InputError, match="give both forward and loss"):
        bd.check(None, lambda p, X, y: p, np.ones(2), (np.ones(2), 1.0), forward=lambda p, X: p)
    with pytest.raises(InputError, match=r"args must be \(X, y\)"):
        bd.check(None, lambda p, X: p, np.ones(2), (np.ones(2),), forward=lambda p, X: p,
                 loss=lambda o, y: 0.0)


def test_forward_loss_triple_is_checked_as_composition():
    X = np.array([[1.0, 2.0], [0.5, -1.0], [0.0, 3.0]])
    y = np.array([1.0, 0.0, 2.0])
    report = bd.check(None, lambda w, X, y: X.T @ (X @ w - y) / len(y), np.array([0.3, -0.2]),
                      (X, y), forward=lambda w, X: X @ w,
                      loss=lambda out, y: float(0.5 * np.mean((out - y) ** 2)))
    assert report.ok and report.n_checked == 2


def test_cost_and_grad_may_return_pairs_and_size_one_arrays():
    report = bd.check(lambda t: (np.array([[float(t @ t)]]), 2 * t), lambda t: (float(t @ t), 2 * t),
                      np.array([1.0, -2.0]))
    assert report.ok


def test_integer_parameters_are_checked_as_float():
    report = bd.check(lambda t: float(np.sum(t ** 2.0)), lambda t: 2.0 * t, np.array([1, 2, 3]))
    assert report.ok


def test_user_exception_is_wrapped_with_user_frames():
    def cost(t):
        raise ZeroDivisionError("boom in my cost")

    with pytest.raises(bd.UserCodeError) as info:
        bd.check(cost, lambda t: t, np.ones(2))
    assert "cost(params, *args) raised ZeroDivisionError" in str(info.value)
    assert "boom in my cost" in info.value.user_traceback
    assert "gradcheck.py" not in info.value.user_traceback


# -- np.matrix parameters (Octave ports): rebuilt as np.matrix, so `X * theta` stays a product ---
MATRIX_PROGRAM = '''
import numpy as np
rng = np.random.default_rng(0)
X = rng.random((5, 3))
y = rng.random((5, 1))
theta = np.matrix(rng.random((3, 1)))

def cost(theta, X, y):
    r = X * theta - y
    return float((r.T * r)[0, 0] / (2 * len(y)))

def grad(theta, X, y):
    return X.T * (X * theta - y) / len(y)

def grad_no_average(theta, X, y):
    return X.T * (X * theta - y)
'''


@pytest.mark.filterwarnings("ignore::PendingDeprecationWarning")
@pytest.mark.parametrize("target, ok", [("grad", True), ("grad_no_average", False)])
def test_matrix_parameters_reach_the_users_code_as_matrices(tmp_path, capsys, target, ok):
    import json

    from backprop_doctor.cli import main

    (tmp_path / "m.py").write_text(MATRIX_PROGRAM)
    prog = str(tmp_path / "m.py")
    code = main(["check", f"{prog}:{target}", "--cost", f"{prog}:cost", "--params",
                 f"{prog}:theta", "--json"])
    doc = json.loads(capsys.readouterr().out)
    assert code == (0 if ok else 1) and doc["ok"] is ok
    if not ok:
        assert "scale-mismatch" in [f["id"] for f in doc["findings"]]


@pytest.mark.filterwarnings("ignore::PendingDeprecationWarning")
def test_a_matrix_theta_cut_by_blocks_is_a_matrix_too():
    from backprop_doctor.params import layout_of

    theta = np.matrix(np.arange(6.0)).T
    layout = layout_of(theta, "a=2x1,b=4")
    rebuilt = layout.unflatten(layout.flatten(theta))
    assert isinstance(rebuilt, np.matrix) and rebuilt.shape == (6, 1)
    assert isinstance(layout_of([np.matrix(np.ones((2, 2)))]).unflatten(np.zeros(4))[0], np.matrix)


def test_a_transposed_gradient_shape_says_so():
    W = np.ones((3, 2))

    def cost(W):
        return float(np.sum(W ** 2))

    with pytest.raises(InputError, match=r"should have shape \(3, 2\).*transposed shape"):
        bd.check(cost, lambda W: (2 * W).T, W, config=False)


DLAI_PROGRAM = '''
import numpy as np
rng = np.random.default_rng(1)
X = rng.normal(size=(3, 6))
Y = (rng.random((1, 6)) > .5) * 1.0
parameters = {"W1": rng.normal(size=(4, 3)) * .5, "b1": np.zeros((4, 1)),
              "W2": rng.normal(size=(1, 4)) * .5, "b2": np.zeros((1, 1))}

def sigmoid(z):
    return 1 / (1 + np.exp(-z))

def compute_cost(parameters, X, Y):
    A1 = np.tanh(parameters["W1"] @ X + parameters["b1"])
    A2 = sigmoid(parameters["W2"] @ A1 + parameters["b2"])
    return float(-np.mean(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)))

def backward_propagation(parameters, X, Y, factor=1.0):
    m = X.shape[1]
    A1 = np.tanh(parameters["W1"] @ X + parameters["b1"])
    A2 = sigmoid(parameters["W2"] @ A1 + parameters["b2"])
    dZ2 = A2 - Y
    dZ1 = parameters["W2"].T @ dZ2 * (1 - A1 ** 2)
    return {"dW1": dZ1 @ X.T / m, "db1": np.sum(dZ1, axis=1, keepdims=True) / m * factor,
            "dW2": dZ2 @ A1.T / m, "db2": np.sum(dZ2, axis=1, keepdims=True) / m, "dZ1": dZ1}

def backward_db1_not_averaged(parameters, X, Y):
    return backward_propagation(parameters, X, Y, factor=X.shape[1])
'''


@pytest.mark.parametrize("target, failing", [("backward_propagation", []),
                                             ("backward_db1_not_averaged", ["b1"])])
def test_a_grads_dict_keyed_dW1_for_parameters_W1_is_read_as_it_is(tmp_path, capsys, target,
                                                                     failing):
    import json

    from backprop_doctor.cli import main

    (tmp_path / "dl.py").write_text(DLAI_PROGRAM)
    prog = str(tmp_path / "dl.py")
    code = main(["check", f"{prog}:{target}", "--cost", f"{prog}:compute_cost", "--params",
                 f"{prog}:parameters", "--json"])
    doc = json.loads(capsys.readouterr().out)
    assert code == (1 if failing else 0)
    assert [b["name"] for b in doc["blocks"] if not b["ok"]] == failing
    assert [b["name"] for b in doc["blocks"]] == ["W1", "b1", "W2", "b2"]
