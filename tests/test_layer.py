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


def test_ambiguous_gradients_ask_for_wrt():
    x = np.ones((2, 2))
    with pytest.raises(InputError, match=r"backward returned 2 gradients \(shapes \(2, 2\), \(2, 2\)\) and the "
                       r"layer has 3 float inputs .*: they could be for x,w or x,b or w,b\. Say which with --wrt"):
        bd.check_layer(affine_forward, lambda d, c: (d, d), (x, x, np.ones((2, 2))))


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
