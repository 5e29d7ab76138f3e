"""bd.check_training: a broken setup is named with its symptom, a working one reports nothing."""
import json
import math

import numpy as np
import pytest

import backprop_doctor as bd
from backprop_doctor.errors import InputError
from reference_models import steps as S

SEEDS = [0, 1, 2]


def train(built, **kwargs):
    kwargs.setdefault("forward", built.get("forward"))
    kwargs.setdefault("grad", built.get("grad"))
    return bd.check_training(built["step"], built["cost"], built["params"], built["args"], **kwargs)


def loud(report):
    return [f.id for f in report.findings if f.severity in ("error", "warning")]


@pytest.mark.parametrize("seed", SEEDS, ids=lambda s: f"seed={s}")
def test_seed000_update_stalls_near_half_and_says_why(seed):
    report = train(S.build_seed000_training(seed))
    assert not report.ok
    assert abs(report.final_loss - math.log(2)) < 0.01          # stalled at the uniform guess
    ids = report.finding_ids()
    assert "outputs-stuck" in ids and "misapplied-update" in ids
    stuck = next(f for f in report.findings if f.id == "outputs-stuck")
    assert stuck.evidence["mean_distance_from_uniform"] < 0.05
    why = next(f for f in report.findings if f.id == "misapplied-update")
    assert why.evidence["cause"] == "weights" and why.evidence["weights_rate"] == pytest.approx(0.03, rel=1e-6)
    assert "all-positive-init" in ids                            # np.random.rand's draw


@pytest.mark.parametrize("seed", SEEDS, ids=lambda s: f"seed={s}")
def test_same_network_with_right_step_learns_and_reports_nothing(seed):
    report = train(S.build_xor_training(seed))
    assert report.ok and loud(report) == []
    assert report.final_loss < 0.05 * report.initial_loss
    assert report.accuracy_end == 1.0
    assert report.step is not None and report.step.ok
    assert report.step.lr == pytest.approx(S.XOR_LR, rel=1e-6)
    assert report.skipped == ()


def test_zero_init_symmetric_units_and_flat_loss():
    report = train(S.build_zero_init_training(0))
    ids = report.finding_ids()
    assert "symmetric-units" in ids and "loss-not-falling" in ids
    assert {f.block for f in report.findings if f.id == "symmetric-units"} >= {"params[0]"}
    assert any(s.rule == "misapplied-update" and "gradient is zero" in s.reason for s in report.skipped)


def test_identical_incoming_weights_alone_break_symmetry():
    built = S.build_xor_training(0)
    w0 = S.xor_init(0)
    w0[0][1] = w0[0][0]          # different outgoing weights give the units different gradients
    built["params"] = w0
    report = train(built, n_steps=300)
    assert "symmetric-units" not in report.finding_ids()


def test_symmetric_hidden_units_that_move_but_never_differ():
    built = S.build_xor_training(0)
    w0 = S.xor_init(0)
    w0[0][1] = w0[0][0]          # the two hidden units: same incoming weights...
    w0[1][:, 1] = w0[1][:, 0]    # ...and same outgoing weights: they stay identical
    built["params"] = w0
    report = train(built, n_steps=300)
    sym = [f for f in report.findings if f.id == "symmetric-units"]
    assert sym and sym[0].block == "params[0]" and not sym[0].evidence["constant"]


def test_without_forward_says_what_was_skipped():
    built = S.build_seed000_training(0)
    report = train(built, forward=None)
    skipped = {s.rule for s in report.skipped}
    assert {"outputs-stuck", "initial-loss-off", "saturated-units", "dead-relu"} <= skipped
    assert all("forward" in s.reason for s in report.skipped if s.rule != "cannot-overfit")
    assert "misapplied-update" in report.finding_ids()   # the step check needs no forward


def test_ascending_step_loss_rises():
    built = S.build_xor_training(0)
    built["step"] = S.ascending_step
    report = train(built, n_steps=200)
    rising = next(f for f in report.findings if f.id == "loss-not-falling")
    assert "rose" in rising.message
    assert next(f for f in report.findings if f.id == "misapplied-update").evidence["cause"] == "ascent"


def test_huge_rate_diverges_or_explodes():
    built = S.build_xor_training(0)
    built["step"] = lambda w, X, Y: [1.02 * p - 0.1 * g for p, g in zip(w, S.xor_grad(w, X, Y))]
    report = train(built)
    ids = report.finding_ids()
    assert "exploding-gradients" in ids
    assert not report.ok


def test_initial_loss_far_above_log_k():
    built = S.build_xor_training(0)
    built["params"] = [np.zeros((2, 3)) + S.xor_init(0)[0], np.array([[-9.0, 9.0, 0.0], [9.0, -9.0, 0.0]])]
    report = train(built, n_steps=50)
    off = next(f for f in report.findings if f.id == "initial-loss-off")
    assert off.evidence["cross_entropy"] > 2 * math.log(2)
    assert off.severity == "warning"


def test_saturated_sigmoid_units_at_initialisation():
    built = S.build_xor_training(0)
    built["params"] = [np.array([[40.0, 40.0, 40.0], [-40.0, -40.0, -40.0]]), S.xor_init(0)[1]]
    report = train(built, n_steps=20)
    sat = next(f for f in report.findings if f.id == "saturated-units")
    assert sat.evidence["fraction"] == 1.0 and sat.evidence["when"] == "at initialisation"


def _relu_net(m=12, lr=0.5):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(m, 3))
    y = np.arange(m) % 3

    def forward(p, X):
        h = np.maximum(X @ p["W1"] + p["b1"], 0)
        z = h @ p["W2"] + p["b2"]
        e = np.exp(z - z.max(axis=1, keepdims=True))
        return [h, e / e.sum(axis=1, keepdims=True)]

    def cost(p, X, y):
        prob = forward(p, X)[-1]
        return float(-np.mean(np.log(prob[np.arange(len(y)), y])))

    def grad(p, X, y):
        h, prob = forward(p, X)
        d = prob.copy()
        d[np.arange(len(y)), y] -= 1
        d /= len(y)
        dh = (d @ p["W2"].T) * (h > 0)
        return {"W1": X.T @ dh, "b1": dh.sum(0), "W2": h.T @ d, "b2": d.sum(0)}

    def step(p, X, y):
        g = grad(p, X, y)
        return {k: p[k] - lr * g[k] for k in p}

    params = {"W1": rng.normal(size=(3, 8)) / np.sqrt(3), "b1": np.zeros(8),
              "W2": rng.normal(size=(8, 3)) / np.sqrt(8), "b2": np.zeros(3)}
    return dict(step=step, cost=cost, grad=grad, forward=forward, params=params, args=(X, y))


def test_relu_net_learns_cleanly():
    report = train(_relu_net(), n_steps=500)
    assert report.ok and loud(report) == []


def test_larger_data_overfit_test_runs_on_a_batch():
    report = train(_relu_net(m=90), n_steps=400)
    assert "cannot-overfit" not in report.finding_ids()
    assert not [s for s in report.skipped if s.rule == "cannot-overfit"]
    slow = train(_relu_net(m=90, lr=1e-4), n_steps=100)
    found = next(f for f in slow.findings if f.id == "cannot-overfit")
    assert found.evidence["samples"] == 16 and found.evidence["whole_data"] is False


def test_small_batch_cut_along_the_sample_axis():
    from backprop_doctor.training.training_check import small_batch_args

    X, Y, lam = np.zeros((3, 40)), np.zeros((2, 40)), 0.5
    cut = small_batch_args((X, Y, lam), 40, 16)
    assert cut[0].shape == (3, 16) and cut[1].shape == (2, 16) and cut[2] == 0.5
    assert small_batch_args((np.zeros((40, 40)), Y), 40, 16) is None


def test_dead_relus():
    built = _relu_net()
    built["params"]["b1"] = np.full(8, -20.0)
    report = train(built, n_steps=50)
    dead = next(f for f in report.findings if f.id == "dead-relu")
    assert dead.evidence["fraction"] == 1.0


def test_frozen_layer_vanishing_updates():
    built = S.build_xor_training(0)

    def step(w, X, Y):
        g = S.xor_grad(w, X, Y)
        return [w[0] - 1e-7 * g[0], w[1] - 2.0 * g[1]]

    built["step"] = step
    report = train(built, grad=None, n_steps=100)
    van = [f for f in report.findings if f.id == "vanishing-gradients"]
    assert [f.block for f in van] == ["params[0]"]


def test_tiny_rate_cannot_overfit_four_samples():
    built = S.build_xor_training(0)
    built["step"] = lambda w, X, Y: S.gd_step(w, X, Y, lr=1e-3)
    report = train(built, n_steps=300)
    assert "cannot-overfit" in report.finding_ids()
    assert report.ok  # a warning only


def test_users_params_unchanged_and_json():
    built = S.build_seed000_training(0)
    before = [w.copy() for w in built["params"]]
    report = train(built, n_steps=100)
    for a, b in zip(before, built["params"]):
        np.testing.assert_array_equal(a, b)
    doc = json.loads(report.to_json())
    assert doc["schema_version"] == 1 and doc["ok"] is False and doc["n_steps"] == 100
    assert len(doc["losses"]) == 101 and doc["losses"][0] == pytest.approx(report.initial_loss)
    assert doc["step"]["findings"][0]["id"] == "misapplied-update"
    assert {f["id"] for f in doc["findings"]} >= {"misapplied-update"}


@pytest.mark.filterwarnings("ignore:overflow:RuntimeWarning", "ignore:divide by zero:RuntimeWarning",
                            "ignore:invalid value:RuntimeWarning")  # the user's cost at 1e200
def test_nan_loss_is_null_in_json():
    built = S.build_xor_training(0)
    built["step"] = lambda w, X, Y: [p * 1e200 for p in w]
    report = train(built, n_steps=5, forward=None)
    assert "loss-diverged" in report.finding_ids()
    doc = json.loads(report.to_json())
    assert None in doc["losses"]


def test_render_shows_sparkline_and_skips():
    text = str(train(S.build_seed000_training(0), forward=None, n_steps=200))
    assert "FAILED training run" in text
    assert any(ch in text for ch in "▁▂▃▄▅▆▇█")
    assert "not checked: " in text


def test_sparkline_shape():
    from backprop_doctor.training.render import sparkline

    assert sparkline([3, 2, 1]) == "█▅▁"  # noqa: RUF001
    assert len(sparkline(np.arange(1000.0), width=40)) == 40
    assert sparkline([1.0, float("nan")]) == "▁!"


@pytest.mark.parametrize("kwargs, match", [
    (dict(n_steps=0), r"at least 1"),
    (dict(cost=3), r"cost should be a function"),
    (dict(step=None), r"step should be a function"),
    (dict(forward="x"), r"forward should be a function"),
], ids=["zero-steps", "cost-not-callable", "step-not-callable", "forward-not-callable"])
def test_input_errors(kwargs, match):
    built = S.build_xor_training(0)
    call = dict(step=built["step"], cost=built["cost"], params=built["params"], args=built["args"])
    call.update(kwargs)
    with pytest.raises(InputError, match=match):
        bd.check_training(**call)


@pytest.mark.parametrize("rule_id", ["loss-not-falling", "loss-diverged", "initial-loss-off",
                                     "outputs-stuck", "symmetric-units", "all-positive-init",
                                     "saturated-units", "dead-relu", "exploding-gradients",
                                     "vanishing-gradients", "cannot-overfit"])
def test_rules_in_catalogue(rule_id):
    info = bd.get_rule(rule_id)
    assert info.kind == "training" and info.explanation and info.fix


def test_logistic_regression_right_step_reports_nothing():
    from reference_models.nets import common, logistic

    built = logistic.build(0)
    report = bd.check_training(lambda t, X, y, lam: t - 0.5 * logistic.grad(t, X, y, lam),
                               logistic.cost, built["params"], built["args"],
                               forward=lambda t, X: common.sigmoid(X @ t), grad=logistic.grad)
    assert report.ok and loud(report) == []
    assert report.step.ok and report.step.lr == pytest.approx(0.5, rel=1e-6)
    assert any(s.rule == "cannot-overfit" for s in report.skipped)
