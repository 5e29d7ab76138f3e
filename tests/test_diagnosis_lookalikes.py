"""Every specific rule stays silent at error level on a look-alike: a program where the rule's
pattern is absent but something that resembles it (a zero-sum gradient without a softmax, a
one-entry "fit", constant parameters, a single wrong entry in a hidden layer) is present.

Each test runs a real numpy program with a real bug and checks what the report says: the bug is
detected in the right block, no unconfirmed cause is named at error level, and what was seen is
reported (gradient-mismatch), with candidates at info level where they apply.
"""
import numpy as np

import backprop_doctor as bd
from backprop_doctor.render_rich import verdict


def _errors(report):
    # `wrong-line` is the line tracer's place for the mistake, not a cause: left out here
    return [f for f in report.findings if f.severity == "error" and f.source == "check"
            and f.id != "wrong-line"]


def _error_ids(report):
    return {f.id for f in _errors(report)}


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


# -- missing-softmax-backprop: zero-sum gradients without any softmax -------------------------------

def _svm(bug):
    """A multiclass SVM (hinge) loss on a linear layer: its true dL/dscores sums to zero over
    the classes for every sample, exactly like softmax + cross-entropy, but there is no softmax."""
    rng = np.random.default_rng(3)
    X, y = rng.standard_normal((8, 4)), np.arange(8) % 3
    W = rng.standard_normal((4, 3)) * 0.3

    def margins(W, X, y):
        s = X @ W
        m = np.maximum(0, s - s[np.arange(len(y)), y][:, None] + 1.0)
        m[np.arange(len(y)), y] = 0
        return m

    def cost(W, X, y):
        return float(margins(W, X, y).sum() / len(y))

    def grad(W, X, y):
        d = (margins(W, X, y) > 0).astype(float)
        count = d.sum(axis=1)
        d[np.arange(len(y)), y] = -1.0 if bug else -count     # bug: the correct class once
        return X.T @ d / len(y)

    return cost, grad, W, (X, y)


def test_svm_loss_is_not_called_a_softmax_mistake():
    report = bd.check(*_svm(bug=True), lint=False)
    assert report.failing_blocks == ["theta"]
    assert "missing-softmax-backprop" not in {f.id for f in report.findings}
    assert "Likely cause" not in verdict(report).plain


def test_svm_correct_passes():
    report = bd.check(*_svm(bug=False), lint=False)
    assert report.ok


def _centred_outputs(bug):
    """Outputs centred over the classes (zero-sum dL/dout, like a softmax), squared error."""
    rng = np.random.default_rng(5)
    X, T = rng.standard_normal((6, 3)), rng.standard_normal((6, 4))
    p = {"W1": rng.standard_normal((3, 5)) * 0.5, "W2": rng.standard_normal((5, 4)) * 0.5}

    def cost(p, X, T):
        o = np.tanh(X @ p["W1"]) @ p["W2"]
        oc = o - o.mean(axis=1, keepdims=True)
        return float(0.5 * np.sum((oc - T) ** 2) / len(X))

    def grad(p, X, T):
        h = np.tanh(X @ p["W1"])
        o = h @ p["W2"]
        oc = o - o.mean(axis=1, keepdims=True)
        d = (oc - T) / len(X)
        if not bug:
            d = d - d.mean(axis=1, keepdims=True)       # the centring's backward
        dh = d @ p["W2"].T * (1 - h ** 2)
        return {"W1": X.T @ dh, "W2": h.T @ d}

    return cost, grad, p, (X, T)


def test_zero_sum_output_gradient_without_softmax_is_not_a_softmax_mistake():
    report = bd.check(*_centred_outputs(bug=True), lint=False)
    assert "W2" in report.failing_blocks
    assert "missing-softmax-backprop" not in {f.id for f in report.findings}


def test_sigmoid_classifier_with_one_hot_targets_is_not_a_softmax_mistake():
    """The old fallback named missing-softmax-backprop for any failing classifier output."""
    rng = np.random.default_rng(7)
    X = rng.standard_normal((7, 3))
    Y = np.eye(3)[np.arange(7) % 3]
    p = {"W1": rng.standard_normal((3, 4)) * 0.5, "W2": rng.standard_normal((4, 3)) * 0.5}

    def cost(p, X, Y):
        a = _sigmoid(_sigmoid(X @ p["W1"]) @ p["W2"])
        return float(-np.sum(Y * np.log(a) + (1 - Y) * np.log(1 - a)) / len(X))

    def grad(p, X, Y):
        h = _sigmoid(X @ p["W1"])
        a = _sigmoid(h @ p["W2"])
        d = (a - Y) * a * (1 - a) / len(X)              # bug: an MSE-style delta under CE
        return {"W1": X.T @ (d @ p["W2"].T * h * (1 - h)), "W2": h.T @ d}

    report = bd.check(cost, grad, p, (X, Y), lint=False)
    assert set(report.failing_blocks) == {"W1", "W2"}
    assert "missing-softmax-backprop" not in {f.id for f in report.findings}
    assert _error_ids(report) == {"gradient-mismatch"}


def test_a_real_softmax_mistake_is_still_named_from_the_observed_softmax():
    rng = np.random.default_rng(9)
    X, y = rng.standard_normal((7, 3)), np.arange(7) % 4
    p = {"W": rng.standard_normal((3, 4)) * 0.5}

    def probs(W, X):
        s = X @ W
        e = np.exp(s - s.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)

    def cost(p, X, y):
        return float(-np.mean(np.log(probs(p["W"], X)[np.arange(len(y)), y])))

    def grad(p, X, y):
        P = probs(p["W"], X)
        Y = np.eye(4)[y]
        return {"W": X.T @ ((P - Y) * P * (1 - P)) / len(y)}   # the elementwise derivative again

    report = bd.check(cost, grad, p, (X, y), lint=False)
    f = next(f for f in _errors(report) if f.id == "missing-softmax-backprop")
    assert f.block == "W" and "sums" in f.message and "observed" in f.message


# -- scale-mismatch / sign-flip: a "fit" over one entry proves nothing ---------------------------------

def _linear_with_scalar_bias(bias_factor):
    rng = np.random.default_rng(11)
    X, t = rng.standard_normal((9, 3)), rng.standard_normal(9)
    p = {"w": rng.standard_normal(3), "b": np.array(0.3)}

    def cost(p, X, t):
        return float(0.5 * np.mean((X @ p["w"] + p["b"] - t) ** 2))

    def grad(p, X, t):
        r = (X @ p["w"] + p["b"] - t) / len(t)
        return {"w": X.T @ r, "b": bias_factor * r.sum()}

    return cost, grad, p, (X, t)


def test_one_entry_scale_is_a_candidate_not_a_cause():
    report = bd.check(*_linear_with_scalar_bias(2.0), lint=False)
    assert report.failing_blocks == ["b"]
    assert _error_ids(report) == {"gradient-mismatch"}
    cand = [f for f in report.findings if f.id == "scale-mismatch"]
    assert cand and all(f.severity == "info" and f.message.startswith("candidate") for f in cand)


def test_one_entry_sign_is_a_candidate_not_a_cause():
    report = bd.check(*_linear_with_scalar_bias(-1.0), lint=False)
    assert report.failing_blocks == ["b"]
    assert "sign-flip" not in _error_ids(report) and "gradient-mismatch" in _error_ids(report)


def test_scale_over_many_entries_is_confirmed_and_shows_its_test():
    cost, _, p, args = _linear_with_scalar_bias(1.0)

    def grad(p, X, t):
        r = X @ p["w"] + p["b"] - t                     # the 1/m of the mean is missing
        return {"w": X.T @ r, "b": r.sum()}

    report = bd.check(cost, grad, p, args, lint=False)
    f = next(f for f in _errors(report) if f.id == "scale-mismatch")
    assert "w" in f.all_blocks and "m = 9" in f.message and "checked on 3 entries" in f.message
    assert f.to_dict()["evidence"] and f.to_dict()["blocks"] == list(f.all_blocks)


# -- skipped-first-parameter / regularization / bias: one odd entry ----------------------------------

def _logistic(grad_fix):
    rng = np.random.default_rng(13)
    X = np.hstack([np.ones((10, 1)), rng.standard_normal((10, 3))])
    y = (np.arange(10) % 2).astype(float)
    theta = rng.standard_normal(4) * 0.3
    lam = 0.7

    def cost(theta, X, y):
        h = _sigmoid(X @ theta)
        return float(-np.mean(y * np.log(h) + (1 - y) * np.log(1 - h))
                     + lam / (2 * len(y)) * np.sum(theta[1:] ** 2))

    def grad(theta, X, y):
        g = X.T @ (_sigmoid(X @ theta) - y) / len(y)
        g[1:] += lam / len(y) * theta[1:]
        return grad_fix(g, theta, lam / len(y))

    return cost, grad, theta, (X, y)


def test_first_entry_wrong_but_not_zero_is_not_a_skipped_loop():
    def fix(g, theta, k):
        g[0] *= 1.5
        return g

    report = bd.check(*_logistic(fix), lint=False)
    assert report.n_failed == 1
    assert _error_ids(report) == {"gradient-mismatch"}
    assert any(f.id == "skipped-first-parameter" and f.severity == "info" for f in report.findings)


def test_first_entry_left_at_zero_is_a_skipped_loop():
    def fix(g, theta, k):
        g[0] = 0.0
        return g

    report = bd.check(*_logistic(fix), lint=False)
    assert _error_ids(report) == {"skipped-first-parameter"}
    assert "exactly 0" in next(f.message for f in _errors(report))


def test_regularised_single_bias_entry_is_only_a_candidate():
    """k * w fits any single entry: one regularised bias entry cannot confirm the cause."""
    def fix(g, theta, k):
        g[0] += k * theta[0]
        return g

    report = bd.check(*_logistic(fix), lint=False)
    assert _error_ids(report) == {"gradient-mismatch"}
    assert not {"regularization-mismatch", "bias-mismatch"} & _error_ids(report)


def test_error_proportional_to_constant_weights_is_not_regularization():
    """With every weight equal, k * w is a constant: a constant offset looks exactly like it."""
    rng = np.random.default_rng(17)
    X, t = rng.standard_normal((8, 5)), rng.standard_normal(8)
    w = np.full(5, 0.4)

    def cost(w, X, t):
        return float(0.5 * np.mean((X @ w - t) ** 2))

    def grad(w, X, t):
        return X.T @ (X @ w - t) / len(t) + 0.05        # a constant offset, not a lambda term

    report = bd.check(cost, grad, w, (X, t), lint=False)
    assert report.n_failed == 5
    assert "regularization-mismatch" not in _error_ids(report)


def test_regularised_bias_is_one_finding_without_a_bias_mismatch_beside_it():
    from backprop_doctor.runner_cases import run_case
    from reference_models import all_cases

    report = run_case(all_cases()["two-layer-sigmoid/regularised-bias"], seed=0)
    errors = _errors(report)
    assert [f.id for f in errors] == ["regularization-mismatch"]
    assert set(errors[0].all_blocks) == {"theta1", "theta2"} and "bias" in errors[0].message


def _net(mutate):
    rng = np.random.default_rng(19)
    X, T = rng.standard_normal((8, 4)), rng.standard_normal((8, 3))
    p = {"W1": rng.standard_normal((4, 5)) * 0.5, "b1": rng.standard_normal(5) * 0.1,
         "W2": rng.standard_normal((5, 3)) * 0.5, "b2": rng.standard_normal(3) * 0.1}

    def cost(p, X, T):
        h = np.tanh(X @ p["W1"] + p["b1"])
        return float(0.5 * np.sum((h @ p["W2"] + p["b2"] - T) ** 2) / len(X))

    def grad(p, X, T):
        h = np.tanh(X @ p["W1"] + p["b1"])
        d2 = (h @ p["W2"] + p["b2"] - T) / len(X)
        d1 = d2 @ p["W2"].T * (1 - h ** 2)
        return mutate({"W1": X.T @ d1, "b1": d1.sum(0), "W2": h.T @ d2, "b2": d2.sum(0)}, X, d1)

    return cost, grad, p, (X, T)


def test_one_wrong_bias_entry_is_not_a_bias_mismatch():
    def mutate(g, X, d1):
        g["b1"][2] *= 1.3
        return g

    report = bd.check(*_net(mutate), lint=False)
    assert report.failing_blocks == ["b1"] and report.n_failed == 1
    assert _error_ids(report) == {"gradient-mismatch"}


def test_bias_summed_over_one_sample_is_a_bias_mismatch():
    def mutate(g, X, d1):
        g["b1"] = d1[0] * 3.0                            # one sample's delta for the batch
        return g

    report = bd.check(*_net(mutate), lint=False)
    assert _error_ids(report) == {"bias-mismatch"}


# -- hidden-layer-mismatch: a single wrong entry is not a wrong delta ---------------------------------

def test_single_wrong_hidden_entry_is_not_a_hidden_layer_mistake():
    def mutate(g, X, d1):
        g["W1"][1, 2] *= 1.01
        return g

    report = bd.check(*_net(mutate), lint=False)
    assert report.failing_blocks == ["W1"] and report.n_failed == 1
    errors = _errors(report)
    assert [f.id for f in errors] == ["gradient-mismatch"]
    assert "W1[1,2]" in errors[0].message


def test_wrong_hidden_delta_is_a_hidden_layer_mistake():
    def mutate(g, X, d1):
        g["W1"] = X.T @ (d1 * 1.7)                        # the delta arriving at W1 is off
        g["b1"] = (d1 * 1.7).sum(0)
        return g

    report = bd.check(*_net(mutate), lint=False)
    ids = _error_ids(report)
    # a constant factor on the delta is a confirmed scale; either way, never a bias or softmax cause
    assert ids <= {"hidden-layer-mismatch", "scale-mismatch"} and ids


def test_hidden_delta_with_derivative_on_activation_is_named():
    cost, _, p, args = _net(lambda g, X, d1: g)

    def bad_grad(p, X, T):
        h = np.tanh(X @ p["W1"] + p["b1"])
        d2 = (h @ p["W2"] + p["b2"] - T) / len(X)
        d1 = d2 @ p["W2"].T * (1 - np.tanh(h) ** 2)       # derivative of the activation
        return {"W1": X.T @ d1, "b1": d1.sum(0), "W2": h.T @ d2, "b2": d2.sum(0)}

    report = bd.check(cost, bad_grad, p, args, lint=False)
    f = next(f for f in _errors(report) if f.id == "hidden-layer-mismatch")
    assert set(f.all_blocks) == {"W1", "b1"} and "agrees at all" in f.message


# -- transposed-gradient: a symmetric truth gives a transpose nothing to predict ----------------------

def test_transpose_of_a_symmetric_gradient_is_never_named():
    rng = np.random.default_rng(29)
    X = rng.standard_normal((10, 4))
    A = rng.standard_normal((4, 4)) * 0.3

    def cost(A, X):
        return float(0.5 * np.sum((X @ A) * X) / len(X))      # x^T A x: gradient symmetric part

    def grad(A, X):
        g = X.T @ X / (2 * len(X))
        g = g + g.T
        g[0, 0] *= 1.2                                      # one wrong diagonal entry
        return g * 0.5

    report = bd.check(cost, grad, A, (X,), lint=False)
    assert report.n_failed >= 1
    assert "transposed-gradient" not in _error_ids(report)


# -- flat theta with no layout: no block-structure cause, and a --blocks note --------------------------

def test_flat_theta_without_a_layout_asks_for_blocks():
    """Interleaved slices (theta[0::2], theta[1::2]) cannot be inferred as contiguous blocks."""
    rng = np.random.default_rng(31)
    X, Y = rng.standard_normal((6, 3)), np.eye(3)[np.arange(6) % 3]
    theta = rng.standard_normal(12) * 0.4

    def unpack(theta):
        return theta[0::2].reshape(3, 2), theta[1::2].reshape(2, 3)

    def cost(theta, X, Y):
        W1, W2 = unpack(theta)
        a = _sigmoid(_sigmoid(X @ W1) @ W2)
        return float(-np.sum(Y * np.log(a) + (1 - Y) * np.log(1 - a)) / len(X))

    def grad(theta, X, Y):
        W1, W2 = unpack(theta)
        h = _sigmoid(X @ W1)
        a = _sigmoid(h @ W2)
        d2 = (a - Y) / len(X)
        g1, g2 = X.T @ (d2 @ W2.T * h * (1 - h)), -(h.T @ d2)    # bug: W2's sign
        out = np.empty_like(theta)
        out[0::2], out[1::2] = g1.ravel(), g2.ravel()
        return out

    report = bd.check(cost, grad, theta, (X, Y), lint=False)
    assert [b.name for b in report.blocks] == ["theta"]
    errors = _errors(report)
    assert [f.id for f in errors] == ["gradient-mismatch"] and "--blocks" in errors[0].message
    assert "Likely cause" not in verdict(report).plain
    located = [f for f in report.findings if f.id == "wrong-line"]
    assert not located or "# bug: W2's sign" in located[0].evidence["trace"]["source"]


def test_readme_example_without_blocks_names_the_sign_flip_in_the_second_matrix():
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent / "programs"))
    from fmincg_net import make, point

    cost, grad = make(buggy=True)
    theta, args = point(0)
    report = bd.check(cost, grad, theta, args, lint=False)
    errors = _errors(report)
    if len(report.blocks) == 1:        # no layout inferred: it must say it cannot tell
        assert [f.id for f in errors] == ["gradient-mismatch"] and "--blocks" in errors[0].message
    else:
        assert [f.id for f in errors] == ["sign-flip"]
        assert errors[0].all_blocks == (report.blocks[1].name,)


# -- layer checks speak of the layer's inputs ------------------------------------------------------

def test_layer_check_never_speaks_of_output_or_hidden_layers():
    def forward(x, w, b):
        out = x @ w + b
        return out, (x, w)

    def backward(dout, cache):
        x, w = cache
        return dout @ w.T * 1.5, x.T @ dout, dout.sum(0)   # dx scaled: a look-alike of a hidden delta

    rng = np.random.default_rng(37)
    inputs = (rng.standard_normal((5, 4)), rng.standard_normal((4, 3)), rng.standard_normal(3))
    report = bd.check_layer(forward, backward, inputs)
    assert report.failing_blocks == ["x"]
    for f in report.findings:
        assert "output layer" not in f.message and "hidden" not in f.message
        assert f.id not in ("hidden-layer-mismatch", "missing-softmax-backprop", "bias-mismatch")


# -- kink: a smooth network has none ---------------------------------------------------------------

def test_small_error_in_a_sigmoid_network_is_never_a_kink():
    """A sigmoid network is smooth everywhere: a 1e-5 relative error in one entry must not be
    explained away as a non-differentiable point (it was, when the fine step's larger noise
    swallowed it)."""
    rng = np.random.default_rng(0)
    D, H, K, m = 20, 10, 5, 30
    X, Y = rng.standard_normal((m, D)), np.eye(K)[np.arange(m) % K]
    theta = {"T1": rng.standard_normal((H, D + 1)) * 0.3, "T2": rng.standard_normal((K, H + 1)) * 0.3}

    def forward(p, X):
        a1 = np.hstack([np.ones((len(X), 1)), X])
        h = _sigmoid(a1 @ p["T1"].T)
        a2 = np.hstack([np.ones((len(X), 1)), h])
        return a1, h, a2, _sigmoid(a2 @ p["T2"].T)

    def cost(p, X, Y):
        a = forward(p, X)[3]
        return float(-np.sum(Y * np.log(a) + (1 - Y) * np.log(1 - a)) / len(X))

    for rel in (1e-4, 1e-5):
        def grad(p, X, Y, rel=rel):
            a1, h, a2, a = forward(p, X)
            d3 = (a - Y) / len(X)
            d2 = (d3 @ p["T2"][:, 1:]) * h * (1 - h)
            g = {"T1": d2.T @ a1, "T2": d3.T @ a2}
            g["T1"][0, 3] *= 1 + rel
            return g

        report = bd.check(cost, grad, theta, (X, Y), lint=False, full=True)
        assert not report.kinks and "kink" not in report.finding_ids(), rel


# -- batch-mismatch: one sample on which a data-dependent bug vanishes is not a batching bug -------

def test_bug_that_vanishes_on_the_first_sample_is_not_a_batching_bug():
    rng = np.random.default_rng(41)
    X = rng.standard_normal((8, 3))
    w = rng.standard_normal(3)
    r = rng.uniform(0.5, 1.5, 8) * np.where(np.arange(8) % 3 == 0, 1.0, -1.0)   # r[0] > 0, r[1] < 0
    t = X @ w - r

    def cost(w, X, t):
        return float(np.mean(np.abs(X @ w - t)))

    def grad(w, X, t):
        return X.T @ np.maximum(np.sign(X @ w - t), 0.0) / len(t)   # negative residuals dropped

    report = bd.check(cost, grad, w, (X, t), lint=False)
    assert report.failing_blocks == ["theta"]
    assert "batch-mismatch" not in _error_ids(report)


def test_layers_listed_output_first_are_read_from_the_data_not_the_order():
    """Params given W2 first: the layer that reads X is still the first, W2 still the output."""
    cost, _, p, args = _net(lambda g, X, d1: g)
    reordered = {k: p[k] for k in ("W2", "b2", "W1", "b1")}

    def bad_grad(p, X, T):
        h = np.tanh(X @ p["W1"] + p["b1"])
        d2 = (h @ p["W2"] + p["b2"] - T) / len(X)
        d1 = d2 @ p["W2"].T * (1 - np.tanh(h) ** 2)       # derivative of the activation
        return {"W2": h.T @ d2, "b2": d2.sum(0), "W1": X.T @ d1, "b1": d1.sum(0)}

    report = bd.check(cost, bad_grad, reordered, args, lint=False)
    f = next(f for f in _errors(report) if f.id == "hidden-layer-mismatch")
    assert set(f.all_blocks) == {"W1", "b1"} and "output layer (W2, b2)" in f.message


def test_a_gradient_that_is_zero_is_not_a_sign_or_a_scale():
    """c ~ 0 makes c x numeric match a zero gradient: that predicts nothing about a sign."""
    def mutate(g, X, d1):
        g["W2"] = g["W2"] * -1e-25
        return g

    report = bd.check(*_net(mutate), lint=False)
    assert "W2" in report.failing_blocks
    assert not {"sign-flip", "scale-mismatch"} & _error_ids(report)


def test_a_nearly_constant_ratio_is_not_a_scale():
    """A real scale mistake reproduces the numbers exactly; a ratio that wanders by 3e-4 (a
    derivative evaluated at a slightly wrong place) is something else."""
    wobble = 1 + 3e-4 * np.random.default_rng(43).standard_normal((5, 3))

    def mutate(g, X, d1):
        g["W2"] = g["W2"] * 0.9 * wobble
        return g

    report = bd.check(*_net(mutate), lint=False)
    assert report.failing_blocks == ["W2"]
    assert "scale-mismatch" not in _error_ids(report)
