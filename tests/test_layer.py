"""Layer-by-layer checks: each bundled layer case through check_layer and the CLI."""
import json

import numpy as np
import pytest

import backprop_doctor as bd
from backprop_doctor.cli import main
from backprop_doctor.errors import InputError
from backprop_doctor.runner_cases import run_case
from reference_models import all_cases

LAYER_CASES = {n: c for n, c in all_cases().items() if c.kind == "layer"}


@pytest.mark.parametrize("name", sorted(LAYER_CASES))
def test_layer_cases(name):
    case = LAYER_CASES[name]
    report = run_case(case, seed=0)
    if case.correct:
        assert report.ok, str(report)
        return
    assert set(report.failing_blocks) == set(case.failing_blocks)
    ids = [f.id for f in report.findings if f.severity == "error"]
    assert all(r in ids for r in case.rules), ids
    if case.rules_any:
        assert any(r in ids for r in case.rules_any), ids


def affine_forward(x, w, b):
    return x @ w + b, (x, w)


def affine_backward(dout, cache):
    x, w = cache
    return dout @ w.T, x.T @ dout, dout.sum(axis=0)


def test_tuple_inputs_are_named_from_forward_signature():
    rng = np.random.default_rng(0)
    x, w, b = rng.standard_normal((4, 3)), rng.standard_normal((3, 2)), rng.standard_normal(2)
    before = (x.copy(), w.copy(), b.copy())
    report = bd.check_layer(affine_forward, affine_backward, (x, w, b))
    assert report.ok and [blk.name for blk in report.blocks] == ["x", "w", "b"]
    assert report.title == "layer check"
    assert all(np.array_equal(u, v) for u, v in zip((x, w, b), before))


def test_gradients_that_fit_several_inputs_are_tried_in_input_order():
    x = np.ones((2, 2))
    report = bd.check_layer(affine_forward, lambda d, c: (d, d), (x, x, np.ones((2, 2))))
    # no assignment passes: the first, inputs in order, is checked and the report says so
    assert not report.ok and [b.name for b in report.blocks] == ["x", "w"]
    assert report.layout == {"source": "wrt-first", "blocks": "x,w", "order": "C",
                             "alternatives": ["x,b", "w,b"]}
    assert "--wrt NAME chooses" in " ".join(str(report).split())


MSE = {
    "x first": lambda x, y: (np.mean((x - y) ** 2), 2 * (x - y) / (x - y).size),
    "x first, not averaged": lambda x, y: (np.mean((x - y) ** 2), 2 * (x - y) / x.shape[0]),
    "y_pred second": lambda y_true, y_pred: (np.mean((y_pred - y_true) ** 2),
                                             2 * (y_pred - y_true) / y_true.size),
}


@pytest.mark.parametrize("which, ok, name, source", [
    ("x first", True, "x", "wrt-matched"),
    ("x first, not averaged", False, "x", "wrt-first"),
    ("y_pred second", True, "y_pred", "wrt-matched"),
])
def test_a_loss_layer_with_one_gradient_for_two_inputs_of_its_shape(which, ok, name, source):
    rng = np.random.default_rng(0)
    inputs = (rng.normal(size=(4, 3)), rng.normal(size=(4, 3)))
    report = bd.check_layer(MSE[which], None, inputs, config=False)
    assert report.ok is ok and [b.name for b in report.blocks] == [name]
    assert report.layout["source"] == source
    if not ok:
        assert "scale-mismatch" in report.finding_ids()
    named = bd.check_layer(MSE[which], None, inputs, wrt=name, config=False)
    assert named.ok is ok and named.layout is None


def test_gradients_that_fit_no_input_are_an_input_error():
    x = np.ones((2, 2))
    with pytest.raises(InputError, match=r"backward returned 2 gradients \(shapes \(3,\), \(3,\)\); the layer "
                       r"has 3 inputs \(x, w, b\)"):
        bd.check_layer(affine_forward, lambda d, c: (np.ones(3), np.ones(3)), (x, x, np.ones(2)))


def test_upstream_shape_is_validated():
    x = np.ones((2, 2))
    with pytest.raises(InputError, match=r"upstream has shape \(3,\)"):
        bd.check_layer(affine_forward, affine_backward, (x, x, np.ones(2)), upstream=np.ones(3))


def test_layer_cli(capsys, tmp_path):
    (tmp_path / "mylayer.py").write_text(
        "import numpy as np\n"
        "def forward(x):\n    out = np.tanh(x)\n    return out, out\n"
        "def backward(dout, cache):\n    return (dout * (1 - cache) ,)\n"   # wrong: 1 - a instead of 1 - a**2
        "inputs = (np.linspace(-1, 1, 6).reshape(2, 3),)\n")
    code = main(["layer", str(tmp_path / "mylayer.py") + ":backward", "--forward",
                 str(tmp_path / "mylayer.py") + ":forward", "--inputs", "inputs", "--json"])
    doc = json.loads(capsys.readouterr().out)
    assert code == 1 and doc["blocks"][0]["name"] == "x" and not doc["ok"]


@pytest.mark.filterwarnings("ignore:invalid value encountered in sqrt:RuntimeWarning")
def test_an_assignment_that_cannot_even_be_checked_is_skipped():
    """(t, x) -> (loss, dx): perturbing t (which holds a zero under a square root) makes the
    loss nan, so that assignment is skipped, not reported, and x is matched."""
    def loss(t, x):
        d = x - np.sqrt(t)
        return float(np.mean(d ** 2)), 2 * d / d.size

    t = np.abs(np.random.default_rng(1).normal(size=(3, 4)))
    t[0, 0] = 0.0
    x = np.random.default_rng(2).normal(size=(3, 4))
    report = bd.check_layer(loss, None, (t, x), config=False)
    assert report.ok and report.layout["source"] == "wrt-matched" and report.layout["blocks"] == "x"
