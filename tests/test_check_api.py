"""The Python API on whole programs: verdicts, blocks, probes, and the user's data left intact."""
import copy

import numpy as np
import pytest

import backprop_doctor as bd
import fmincg_net


def test_seed001_like_sign_error_fails_theta2_only():
    cost, grad = fmincg_net.make(buggy=True)
    theta, args = fmincg_net.point(0)
    report = bd.check(cost, grad, theta, args, blocks=fmincg_net.BLOCKS)
    assert not report.ok
    assert report.block("theta1").ok and report.block("theta1").n_checked == 20
    theta2 = report.block("theta2")
    assert theta2.n_failed == 18
    ratios = [e.analytic / e.numeric for e in report.failures]
    assert np.median(ratios) == pytest.approx(-1.0, abs=0.05)
    assert report.relative_difference > 1


def test_fixed_program_passes_with_zero_failures():
    cost, grad = fmincg_net.make(buggy=False)
    theta, args = fmincg_net.point(0)
    report = bd.check(cost, grad, theta, args, blocks=fmincg_net.BLOCKS)
    assert report.ok and report.n_failed == 0 and report.n_checked == 38
    assert report.max_rel_error < 1e-6
    assert report.relative_difference < 1e-8
    assert not [f for f in report.findings if f.severity == "error"]


def test_user_arrays_are_bit_identical_after_a_check():
    cost, grad = fmincg_net.make(buggy=True)
    theta, args = fmincg_net.point(1)
    before = (theta.copy(), copy.deepcopy(args))
    bd.check(cost, grad, theta, args, blocks=fmincg_net.BLOCKS)
    assert theta.tobytes() == before[0].tobytes()
    assert args[0].tobytes() == before[1][0].tobytes()


def test_user_arrays_are_intact_when_the_function_raises_halfway():
    import raising

    W_before, X_before = raising.W.copy(), raising.X.copy()
    with pytest.raises(bd.UserCodeError, match="shapes do not match"):
        bd.check(raising.cost, raising.grad, raising.params, raising.args)
    assert raising.W.tobytes() == W_before.tobytes()
    assert raising.X.tobytes() == X_before.tobytes()
    assert raising.params["W"] is raising.W


def test_mutating_cost_is_reported_but_check_stays_right():
    def cost(theta, X):
        theta[0] = 0.0          # "skip the bias" on the caller's array
        X *= 1.0
        return float(np.sum((X @ theta) ** 2))

    def grad(theta, X):
        return 2 * X.T @ (X @ theta)

    theta = np.array([0.5, -1.0, 2.0])
    X = np.arange(6.0).reshape(2, 3)
    report = bd.check(cost, grad, theta, (X,))
    assert "params-mutated" in report.finding_ids()
    assert theta[0] == 0.5
    assert not report.ok


def test_data_mutation_is_reported_and_later_calls_get_fresh_copies():
    def cost(w, X):
        X /= 2.0                # changes the data on every call
        return float(np.sum((X @ w) ** 2))

    def grad(w, X):
        return 2 * X.T @ (X @ w)

    X = np.arange(6.0).reshape(3, 2) + 1
    report = bd.check(cost, grad, np.array([0.3, 0.1]), (X,))
    finding = next(f for f in report.findings if f.id == "params-mutated")
    assert "args[0]" in finding.message
    assert X[0, 0] == 1.0


def test_stale_accumulator_probe():
    state = {"acc": np.zeros(2)}

    def grad(w):
        state["acc"] = state["acc"] + 2 * w
        return state["acc"]

    report = bd.check(lambda w: float(w @ w), grad, np.array([1.0, -2.0]))
    finding = next(f for f in report.findings if f.id == "stale-accumulator")
    assert finding.severity == "error" and finding.block is None
    assert "2 times" in finding.message
    assert not report.ok


def test_nondeterministic_loss_probe():
    rng = np.random.default_rng(0)

    def cost(w):
        mask = rng.random(w.shape) > 0.5
        return float(np.sum((w * mask) ** 2))

    report = bd.check(cost, lambda w: w, np.array([1.0, -2.0, 0.5]))
    assert "nondeterministic-loss" in report.finding_ids()
    assert not report.ok


def relu_net():
    rng = np.random.default_rng(3)
    X = rng.standard_normal((10, 4))
    X[:4] = 0.0                      # these samples reach the hidden layer as z = b1 = 0 exactly
    y = rng.integers(0, 3, 10)
    params = {"W1": rng.standard_normal((4, 6)) * 0.5, "b1": np.zeros(6),
              "W2": rng.standard_normal((6, 3)) * 0.5, "b2": np.zeros(3)}
    params["W1"][:, 2] = 0.0         # unit 2 is exactly at its kink for every sample

    def forward(p, X):
        z = X @ p["W1"] + p["b1"]
        h = np.maximum(z, 0)
        s = h @ p["W2"] + p["b2"]
        s = s - s.max(axis=1, keepdims=True)
        P = np.exp(s) / np.exp(s).sum(axis=1, keepdims=True)
        return z, h, P

    def cost(p, X, y):
        P = forward(p, X)[2]
        return float(-np.mean(np.log(P[np.arange(len(y)), y])))

    def grad(p, X, y):
        z, h, P = forward(p, X)
        d = P.copy()
        d[np.arange(len(y)), y] -= 1
        d /= len(y)
        dh = d @ p["W2"].T * (z > 0)
        return {"W1": X.T @ dh, "b1": dh.sum(0), "W2": h.T @ d, "b2": d.sum(0)}

    return cost, grad, params, (X, y)


def test_relu_network_at_exact_kinks_is_not_failed():
    cost, grad, params, args = relu_net()
    report = bd.check(cost, grad, params, args)
    assert report.ok and report.n_failed == 0
    assert "kink" in report.finding_ids()
    assert all(f.severity != "error" for f in report.findings)


def test_assert_gradients_raises_with_readable_report():
    cost, grad = fmincg_net.make(buggy=True)
    theta, args = fmincg_net.point(0)
    with pytest.raises(AssertionError, match=r"(?s)FAILED.*theta2.*worst entries"):
        bd.assert_gradients(cost, grad, theta, args, blocks=fmincg_net.BLOCKS)
    fixed_cost, fixed_grad = fmincg_net.make(buggy=False)
    assert bd.assert_gradients(fixed_cost, fixed_grad, theta, args, blocks=fmincg_net.BLOCKS).ok


def test_report_json_matches_contract_keys():
    import json

    cost, grad = fmincg_net.make(buggy=True)
    theta, args = fmincg_net.point(0)
    doc = json.loads(bd.check(cost, grad, theta, args, blocks=fmincg_net.BLOCKS).to_json())
    for key in ("schema_version", "ok", "mode", "n_params", "n_checked", "n_failed", "n_evaluations",
                "max_rel_error", "relative_difference", "blocks", "failures", "findings"):
        assert key in doc
    assert doc["schema_version"] == 1 and doc["mode"] == "full" and doc["n_params"] == 38
    assert set(doc["blocks"][0]) >= {"name", "shape", "n_checked", "n_failed", "max_rel_error", "ok"}
    assert set(doc["failures"][0]) >= {"block", "index", "analytic", "numeric", "rel_error"}
    assert doc["failures"][0]["block"] == "theta2" and len(doc["failures"][0]["index"]) == 2
    assert doc["n_evaluations"] >= 2 * 38


def test_screen_mode_when_model_exceeds_max_checks():
    cost, grad = fmincg_net.make(buggy=False)
    theta, args = fmincg_net.point(0)
    report = bd.check(cost, grad, theta, args, blocks=fmincg_net.BLOCKS, max_checks=10)
    assert report.mode == "screen" and report.ok
    full = bd.check(cost, grad, theta, args, blocks=fmincg_net.BLOCKS, max_checks=10, full=True)
    assert full.mode == "full" and full.n_checked == 38
