"""The layer signatures people really write: several outputs, loss layers, --wrt, pass-through."""
import json

import numpy as np
import pytest

import backprop_doctor as bd
from backprop_doctor.cli import main
from backprop_doctor.errors import InputError
from reference_models.layer_library import basic, dropout, losses, norms
from reference_models.layer_library import recurrent as rec
from reference_models.layer_library.cases import (bn_inputs, dropout_inputs, leaky_inputs,
                                                   lstm_step_inputs, temporal_loss_inputs)

LIB = "reference_models.layer_library"


def test_lstm_step_with_two_outputs_is_checked():
    inputs = lstm_step_inputs(0)
    report = bd.check_layer(rec.lstm_step_forward, rec.lstm_step_backward, inputs)
    assert report.ok, str(report)
    assert [b.name for b in report.blocks] == ["x", "prev_h", "prev_c", "Wx", "Wh", "b"]


def test_each_output_gets_its_own_upstream_gradient():
    """With one shared upstream the dropped dnext_c would be invisible only by luck; with a
    separate seeded one per output it is caught and named."""
    report = bd.check_layer(rec.lstm_step_forward, rec.lstm_step_backward_no_dnext_c,
                            lstm_step_inputs(0))
    assert not report.ok
    assert {f.id for f in report.findings if f.severity == "error"} == {"recurrent-gradient-not-accumulated"}
    [f] = [f for f in report.findings if f.severity == "error"]      # one cause, one finding
    assert set(f.all_blocks) == {"x", "prev_h", "prev_c", "Wx", "Wh", "b"}
    assert "output 2 of 2" in f.message and f.to_dict()["evidence"]


def test_explicit_upstreams_per_output():
    inputs = lstm_step_inputs(0)
    h, c, _ = rec.lstm_step_forward(*inputs)
    report = bd.check_layer(rec.lstm_step_forward, rec.lstm_step_backward, inputs,
                            upstream=(np.ones_like(h), np.zeros_like(c)))
    assert report.ok
    with pytest.raises(InputError, match=r"1 upstream gradients given; forward returns 2 outputs"):
        bd.check_layer(rec.lstm_step_forward, rec.lstm_step_backward, inputs, upstream=[np.ones_like(h)])


def test_loss_layer_is_checked_without_backward():
    x, y = np.random.default_rng(0).normal(size=(5, 4)), np.array([0, 3, 1, 1, 2])
    report = bd.check_layer(losses.softmax_loss, None, (x, y))
    assert report.ok and [b.name for b in report.blocks] == ["x"]
    bad = bd.check_layer(losses.softmax_loss_missing_1_over_n, None, (x, y))
    assert not bad.ok and "scale-mismatch" in bad.finding_ids()


def test_temporal_loss_passes_boolean_mask_and_integer_labels_through():
    x, y, mask = temporal_loss_inputs(0)
    before = (x.copy(), y.copy(), mask.copy())
    report = bd.check_layer(losses.temporal_softmax_loss, None, (x, y, mask))
    assert report.ok and [b.name for b in report.blocks] == ["x"]
    assert all(np.array_equal(u, v) for u, v in zip((x, y, mask), before))


def test_float_hyperparameter_is_not_differentiated():
    report = bd.check_layer(basic.leaky_relu_forward, basic.leaky_relu_backward, leaky_inputs(0))
    assert report.ok and [b.name for b in report.blocks] == ["x"]


def test_settings_dict_is_passed_through_and_left_unchanged():
    x, gamma, beta, bn_param = bn_inputs(0)
    bn_param["running_mean"] = np.zeros(4)
    snapshot = {k: np.copy(v) for k, v in bn_param.items()}

    def forward_updating_running_mean(x, gamma, beta, bn_param):
        bn_param["running_mean"] += x.mean(axis=0)   # as a train-mode batch norm does
        return norms.batchnorm_forward(x, gamma, beta, bn_param)

    report = bd.check_layer(forward_updating_running_mean, norms.batchnorm_backward,
                            (x, gamma, beta, bn_param))
    assert report.ok and [b.name for b in report.blocks] == ["x", "gamma", "beta"]
    assert all(np.array_equal(bn_param[k], v) for k, v in snapshot.items())


def test_wrt_selects_the_checked_inputs():
    x, gamma, beta, bn_param = bn_inputs(0)

    def backward_dx_only(dout, cache):
        return norms.batchnorm_backward(dout, cache)[0]

    report = bd.check_layer(norms.batchnorm_forward, backward_dx_only, (x, gamma, beta, bn_param),
                            wrt="x")
    assert report.ok and [b.name for b in report.blocks] == ["x"]
    report = bd.check_layer(norms.batchnorm_forward, norms.batchnorm_backward,
                            (x, gamma, beta, bn_param), wrt=["gamma"])
    assert report.ok and [b.name for b in report.blocks] == ["gamma"]
    with pytest.raises(InputError, match=r"--wrt names bn_param, which is not a float array"):
        bd.check_layer(norms.batchnorm_forward, norms.batchnorm_backward, (x, gamma, beta, bn_param),
                       wrt="x,bn_param")
    with pytest.raises(InputError, match=r"--wrt names z, which the layer does not have"):
        bd.check_layer(norms.batchnorm_forward, norms.batchnorm_backward, (x, gamma, beta, bn_param),
                       wrt="z")


def test_dropout_with_seeded_mask_in_param_dict():
    report = bd.check_layer(dropout.dropout_forward, dropout.dropout_backward, dropout_inputs(0))
    assert report.ok


def test_forward_output_that_is_not_numbers_is_an_input_error():
    with pytest.raises(InputError, match=r"forward's output 1 of 2 is dict"):
        bd.check_layer(lambda x: ({"a": 1}, x, None), lambda d1, d2, c: d1, (np.ones(3),))


def test_loss_layer_returning_only_a_number_is_an_input_error():
    with pytest.raises(InputError, match=r"a loss layer returns \(loss, dx, \.\.\.\)"):
        bd.check_layer(lambda x: float(np.sum(x)), None, (np.ones(3),))


# -- command line ------------------------------------------------------------------------------

def test_cli_lstm_step_and_loss_layer(tmp_path, capsys):
    mod = tmp_path / "mylayers.py"
    mod.write_text(
        "import numpy as np\n"
        f"from {LIB}.recurrent import lstm_step_forward, lstm_step_backward_no_dnext_c\n"
        f"from {LIB}.recurrent import lstm_step_backward\n"
        f"from {LIB}.losses import svm_loss, svm_loss_counts_correct_class\n"
        f"from {LIB}.cases import lstm_step_inputs, labels_inputs\n"
        "INPUTS = lstm_step_inputs(0)\n"
        "SVM_INPUTS = labels_inputs(0, classes=5)\n")
    code = main(["layer", f"{mod}:lstm_step_backward", "--forward", f"{mod}:lstm_step_forward",
                 "--inputs", "INPUTS", "--json"])
    doc = json.loads(capsys.readouterr().out)
    assert code == 0 and doc["ok"] and len(doc["blocks"]) == 6
    code = main(["layer", f"{mod}:lstm_step_backward_no_dnext_c", "--forward",
                 f"{mod}:lstm_step_forward", "--inputs", "INPUTS", "--json"])
    doc = json.loads(capsys.readouterr().out)
    traced = {"wrong-line", "no-line-found"}   # the line tracer's finding, beside the cause
    assert code == 1 and {f["id"] for f in doc["findings"]} - traced == {"recurrent-gradient-not-accumulated"}
    code = main(["layer", f"{mod}:svm_loss", "--inputs", "SVM_INPUTS", "--json"])
    doc = json.loads(capsys.readouterr().out)
    assert code == 0 and doc["ok"]
    code = main(["layer", f"{mod}:svm_loss_counts_correct_class", "--inputs", "SVM_INPUTS", "--json"])
    doc = json.loads(capsys.readouterr().out)
    assert code == 1 and doc["findings"][0]["id"] == "svm-margin-count"
    assert "--forward" not in doc["command"]


def test_cli_wrt_and_ambiguity_message(tmp_path, capsys):
    mod = tmp_path / "amb.py"
    mod.write_text(
        "import numpy as np\n"
        "def forward(a, b):\n    return a * b, (a, b)\n"
        "def backward(dout, cache):\n    a, b = cache\n    return dout * b\n"
        "INPUTS = (np.arange(1.0, 7.0).reshape(2, 3), np.full((2, 3), 0.5))\n")
    # one gradient, two inputs of its shape: tried in input order, the one that matches is taken
    code = main(["layer", f"{mod}:backward", "--forward", f"{mod}:forward", "--inputs", "INPUTS"])
    out = " ".join(capsys.readouterr().out.split())
    assert code == 0 and "the gradients are taken for a" in out and "--wrt NAME chooses" in out
    code = main(["layer", f"{mod}:backward", "--forward", f"{mod}:forward", "--inputs", "INPUTS",
                 "--json"])
    doc = json.loads(capsys.readouterr().out)
    assert doc["layout"] == {"source": "wrt-matched", "blocks": "a", "order": "C",
                             "alternatives": ["b"]}
    code = main(["layer", f"{mod}:backward", "--forward", f"{mod}:forward", "--inputs", "INPUTS",
                 "--wrt", "a", "--json"])
    doc = json.loads(capsys.readouterr().out)
    assert code == 0 and [b["name"] for b in doc["blocks"]] == ["a"]
    assert "--wrt a" in doc["command"]
