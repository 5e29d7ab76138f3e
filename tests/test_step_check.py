"""bd.check_step: a right step passes with its exact rate; each misapplied update is named."""
import numpy as np
import pytest

import backprop_doctor as bd
from backprop_doctor.errors import InputError, UserCodeError
from reference_models import steps
from reference_models.nets import logistic


def _check(built, mode):
    if mode == "grad":
        return bd.check_step(built["step"], built["grad"], built["params"], built["args"])
    return bd.check_step(built["step"], params=built["params"], args=built["args"], cost=built["cost"])


@pytest.mark.parametrize("mode", ["grad", "cost"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_right_step_passes_with_exact_rate(mode, seed):
    built = steps.build_right_step(seed)
    report = _check(built, mode)
    assert report.ok and report.findings == ()
    assert report.lr == pytest.approx(0.05, rel=1e-6)
    assert all(b.ok and b.lr == pytest.approx(0.05, rel=1e-6) for b in report.blocks)
    assert report.gradient_source == mode if mode == "grad" else report.gradient_source == "numerical"


@pytest.mark.parametrize("mode", ["grad", "cost"])
def test_ascending_step_is_misapplied_update_ascent(mode):
    report = _check(steps.build_ascending_step(0), mode)
    assert not report.ok
    assert report.finding_ids() == ["misapplied-update"]
    finding = report.findings[0]
    assert finding.severity == "error" and finding.evidence["cause"] == "ascent"
    assert "climbs the loss" in finding.message
    assert report.lr == pytest.approx(-0.05, rel=1e-6)


def test_seed000_update_ratio_follows_the_weights():
    built = steps.build_seed000_step(0)
    report = _check(built, "grad")
    assert not report.ok and report.finding_ids() == ["misapplied-update"]
    ev = report.findings[0].evidence
    assert ev["cause"] == "weights"
    assert ev["weights_rate"] == pytest.approx(0.03, rel=1e-9)
    assert ev["corr_with_weights"] > 0.99
    assert ev["ratio_over_weight_spread"] < 1e-9
    assert "scaled by the weights" in report.findings[0].message
    assert "0.03 * grad" in report.findings[0].fix


def test_seed000_update_against_true_gradient():
    report = _check(steps.build_seed000_step(0), "cost")
    ev = report.findings[0].evidence
    assert ev["cause"] == "weights" and ev["weights_rate"] == pytest.approx(0.03, rel=1e-6)


def test_weights_scaled_in_place_flat_theta():
    report = _check(steps.build_weights_scaled_step(0), "grad")
    assert report.findings[0].evidence["cause"] == "weights"
    assert report.findings[0].evidence["weights_rate"] == pytest.approx(0.5, rel=1e-9)


@pytest.mark.parametrize("mode", ["grad", "cost"])
def test_stale_accumulator_detected_by_two_calls(mode):
    report = _check(steps.build_accumulating_step(0), mode)
    assert not report.ok
    ev = report.findings[0].evidence
    assert ev["cause"] == "accumulated" and ev["second_over_first"] == pytest.approx(2.0, rel=1e-9)


def test_seed003_step_does_not_descend_its_cost():
    built = steps.build_seed003_step(0)
    report = bd.check_step(built["step"], params=built["params"], args=built["args"], cost=built["cost"])
    assert not report.ok and report.finding_ids() == ["misapplied-update"]
    assert report.cosine < 0.2


def _quadratic():
    rng = np.random.default_rng(5)
    X, y = rng.normal(size=(30, 4)), rng.normal(size=30)
    grad = lambda w, X, y: 2 * X.T @ (X @ w - y) / len(y)  # noqa: E731
    return grad, rng.normal(size=4), (X, y)


def test_per_block_rates_and_unchanged_block():
    grad, w, args = _quadratic()
    params = {"W": w, "b": np.array([0.3])}
    g = lambda p, X, y: {"W": grad(p["W"], X, y), "b": np.array([1.0])}  # noqa: E731
    differing = lambda p, X, y: {"W": p["W"] - 0.05 * grad(p["W"], X, y), "b": p["b"] - 0.1}  # noqa: E731
    report = bd.check_step(differing, g, params, args)
    assert report.findings[0].evidence["cause"] == "per-block"
    assert report.block("W").lr == pytest.approx(0.05) and report.block("b").lr == pytest.approx(0.1)
    frozen_bias = lambda p, X, y: {"W": p["W"] - 0.05 * grad(p["W"], X, y), "b": p["b"]}  # noqa: E731
    report = bd.check_step(frozen_bias, g, params, args)
    assert "b is not updated" in report.findings[0].message


def test_copy_bug_step_changes_nothing():
    grad, w, args = _quadratic()

    def step(w, X, y):
        w = w - 0.1 * grad(w, X, y)  # rebinds the name: the caller's array is unchanged

    report = bd.check_step(step, grad, w, args)
    assert report.findings[0].evidence["cause"] == "unchanged"


def test_per_entry_rate_adam_like():
    grad, w, args = _quadratic()
    step = lambda w, X, y: w - 0.01 * np.sign(grad(w, X, y))  # noqa: E731
    report = bd.check_step(step, grad, w, args)
    assert report.findings[0].evidence["cause"] == "per-entry"


def test_random_direction_ignores_gradient():
    grad, w, args = _quadratic()
    g0 = grad(w, *args)
    ortho = np.random.default_rng(0).normal(size=4)
    ortho -= (ortho @ g0) / (g0 @ g0) * g0
    report = bd.check_step(lambda w, X, y: w + 0.1 * ortho, grad, w, args)
    assert report.findings[0].evidence["cause"] == "ignores-gradient"


def test_step_follows_wrong_grad():
    built = logistic.build(0)
    wrong = lambda t, X, y, lam: -logistic.grad(t, X, y, lam) * 1.0 + 0 * t  # noqa: E731
    step = lambda t, X, y, lam: t - 0.3 * wrong(t, X, y, lam)  # noqa: E731
    report = bd.check_step(step, wrong, built["params"], built["args"], cost=logistic.cost)
    # the step descends the user's (sign-flipped) gradient, i.e. climbs the true one
    assert report.findings[0].evidence["cause"] in ("ascent", "wrong-gradient")
    half = lambda t, X, y, lam: logistic.grad(t, X, y, lam) * np.linspace(0.5, 1.5, t.size)  # noqa: E731
    step2 = lambda t, X, y, lam: t - 0.3 * half(t, X, y, lam)  # noqa: E731
    report = bd.check_step(step2, half, built["params"], built["args"], cost=logistic.cost)
    assert report.findings[0].evidence["cause"] == "wrong-gradient"


def test_object_step_with_get_set_restores_the_object():
    grad, w, args = _quadratic()

    class Model:
        def __init__(self):
            self.w = w.copy()

        def train_step(self, X, y):
            self.w = self.w - 0.02 * grad(self.w, X, y)

    model = Model()
    before = model.w.copy()
    report = bd.check_step(model.train_step, grad, args=args, get_params=lambda: model.w,
                           set_params=lambda p: setattr(model, "w", p))
    assert report.ok and report.lr == pytest.approx(0.02, rel=1e-6)
    np.testing.assert_array_equal(model.w, before)


def test_users_params_and_data_unchanged():
    built = steps.build_seed000_step(0)
    params = [p.copy() for p in built["params"]]
    X, Y = built["args"][0].copy(), built["args"][1].copy()
    _check(built, "grad")
    for a, b in zip(params, built["params"]):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(X, built["args"][0])


@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=["float32", "float64"])
def test_right_step_in_dtype(dtype):
    grad, w, args = _quadratic()
    w = w.astype(dtype)
    step = lambda w, X, y: (w - 0.05 * grad(w, X, y)).astype(w.dtype)  # noqa: E731
    report = bd.check_step(step, grad, w, args)
    assert report.ok
    assert report.lr == pytest.approx(0.05, rel=1e-6 if dtype == np.float64 else 1e-4)


def test_json_shape():
    import json

    report = _check(steps.build_ascending_step(0), "grad")
    doc = json.loads(report.to_json())
    assert doc["schema_version"] == 1 and doc["ok"] is False
    assert doc["lr"] == pytest.approx(-0.05)
    assert {b["name"] for b in doc["blocks"]} == {"params[0]", "params[1]"}
    assert all(set(b) >= {"name", "lr", "ok"} for b in doc["blocks"])
    assert doc["findings"][0]["id"] == "misapplied-update"
    assert doc["findings"][0]["source"] == "step"


def test_render_text():
    text = str(_check(steps.build_seed000_step(0), "grad"))
    assert "FAILED step check" in text and "scaled by the weights" in text
    assert "PASSED step check" in str(_check(steps.build_right_step(0), "grad"))


@pytest.mark.parametrize("kwargs, match", [
    (dict(step=1, grad=lambda w: w, params=np.ones(2)), r"step should be a function"),
    (dict(step=lambda w: w, params=np.ones(2)), r"give grad= .* or cost="),
    (dict(step=lambda w: w, grad=lambda w: w), r"params is needed"),
    (dict(step=lambda w: w, grad=lambda w: w, params=np.ones(2), get_params=lambda: 1),
     r"get_params and set_params together"),
    (dict(step=lambda w: [w, w], grad=lambda w: w, params=np.ones(2)), r"does not have the structure"),
    (dict(step=lambda w: w - 0.1 * w, grad=lambda w: 0 * w, params=np.ones(2)), r"gradient is zero"),
    (dict(step=lambda w: w * np.nan, grad=lambda w: w, params=np.ones(2)), r"non-finite"),
    (dict(step=lambda w: w, grad=lambda w: w, params=np.ones(2), rtol=0), r"rtol must be positive"),
], ids=["step-not-callable", "no-gradient", "no-params", "get-without-set", "wrong-structure",
        "zero-gradient", "nan-step", "bad-rtol"])
def test_input_errors(kwargs, match):
    with pytest.raises(InputError, match=match):
        bd.check_step(**kwargs)


def test_raising_step_is_user_code_error():
    def step(w):
        raise ZeroDivisionError("boom")

    with pytest.raises(UserCodeError, match=r"step\(params, \*args\) raised ZeroDivisionError"):
        bd.check_step(step, lambda w: w, np.ones(2))


def test_rule_in_catalogue():
    info = bd.get_rule("misapplied-update")
    assert info.kind == "step" and info.severity == "error" and info.bad and info.good


# -- a block moved along a wrong gradient while the others are exact ----------------------------
def _sig(z):
    return 1 / (1 + np.exp(-z))


def _two_layer():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(8, 3))
    Y = (rng.random((8, 2)) > 0.5).astype(float)
    return [rng.normal(size=(3, 4)) * 0.5, rng.normal(size=(4, 2)) * 0.5], (X, Y)


def _cost(p, X, Y):
    return 0.5 * np.sum((_sig(_sig(X @ p[0]) @ p[1]) - Y) ** 2) / len(X)


def _deltas(p, X, Y):
    h = _sig(X @ p[0])
    out = _sig(h @ p[1])
    return h, (out - Y) * out * (1 - out) / len(X)


def _grad(p, X, Y):
    h, d2 = _deltas(p, X, Y)
    return [X.T @ ((d2 @ p[1].T) * h * (1 - h)), h.T @ d2]


def _step_hidden_delta_from_new_weights(p, X, Y, lr=0.5):
    h, d2 = _deltas(p, X, Y)
    p[1] -= lr * h.T @ d2
    p[0] -= lr * X.T @ ((d2 @ p[1].T) * h * (1 - h))      # the W2 just updated


def _step_recomputes_after_each_layer(p, X, Y, lr=0.5):
    for k in reversed(range(len(p))):
        p[k] -= lr * _grad(p, X, Y)[k]


def _step_missing_derivative(p, X, Y, lr=0.5):
    h, d2 = _deltas(p, X, Y)
    p[1] -= lr * h.T @ d2
    p[0] -= lr * X.T @ ((d2 @ p[1].T) * h)


def _step_right(p, X, Y, lr=0.5):
    g = _grad(p, X, Y)
    for k in range(len(p)):
        p[k] -= lr * g[k]


@pytest.mark.parametrize("step", [_step_hidden_delta_from_new_weights, _step_missing_derivative])
def test_a_block_moved_along_a_wrong_gradient_is_blamed_alone_with_no_update_cause(step):
    params, args = _two_layer()
    report = bd.check_step(step, params=params, args=args, cost=_cost, config=False)
    assert not report.ok and report.lr == pytest.approx(0.5, rel=1e-8)
    assert [b.ok for b in report.blocks] == [False, True]   # the output block is right
    # what was measured, not a wrong name: the update rule is right, params[0]'s gradient is not
    assert report.finding_ids() == ["gradient-mismatch"]
    f = report.findings[0]
    assert f.block == "params[0]" and f.evidence["exact_blocks"] == ["params[1]"]
    assert "Tested and ruled out" in f.message and "no specific cause confirmed" in f.message
    assert "Likely cause" not in str(report) and "the gradient it applies to params[0]" in \
        " ".join(str(report).split())


def test_a_gradient_recomputed_after_updating_a_block_is_confirmed_and_named():
    params, args = _two_layer()
    report = bd.check_step(_step_recomputes_after_each_layer, params=params, args=args,
                           cost=_cost, config=False)
    assert not report.ok and [b.ok for b in report.blocks] == [False, True]
    assert report.finding_ids() == ["misapplied-update"]
    f = report.findings[0]
    assert f.block == "params[0]" and f.evidence["cause"] == "updated-first"
    assert f.evidence["tested"]["confirmed"] and f.evidence["tested"]["visible"] >= 3
    assert "Likely cause: misapplied-update (updated-first)" in " ".join(str(report).split())
    # the evaluations of the test are counted: every call of the cost
    calls = []

    def counted(p, X, Y):
        calls.append(1)
        return _cost(p, X, Y)

    again = bd.check_step(_step_recomputes_after_each_layer, params=params, args=args,
                          cost=counted, config=False)
    assert again.finding_ids() == ["misapplied-update"] and again.n_evaluations == len(calls)


def test_a_per_entry_description_is_not_called_a_likely_cause():
    built = steps.build_right_step(0)
    rng = np.random.default_rng(0)
    noise = {}

    def adam_like(params, *args):
        g = built["grad"](params, *args)
        return [p - 0.05 * gi * noise.setdefault(i, rng.uniform(0.5, 1.5, np.shape(gi)))
                for i, (p, gi) in enumerate(zip(params, g))] if isinstance(params, list) else \
            params - 0.05 * g * noise.setdefault(0, rng.uniform(0.5, 1.5, np.shape(g)))

    report = bd.check_step(adam_like, built["grad"], built["params"], built["args"], config=False)
    assert not report.ok
    text = " ".join(str(report).split())
    assert "Likely cause" not in text and "No specific cause confirmed (seen: per-entry)" in text


# -- the learning rate the user knows (--lr) ----------------------------------------------------
def _step_scaled_output_delta(p, X, Y, lr=0.5):
    h, d2 = _deltas(p, X, Y)
    d2 = 0.3 * d2                       # a wrong constant in the output delta: the whole step
    d1 = (d2 @ p[1].T) * h * (1 - h)    # is then -0.15 * gradient, which a fitted rate accepts
    p[1] -= lr * h.T @ d2
    p[0] -= lr * X.T @ d1


def test_a_given_rate_catches_a_step_that_is_a_right_looking_multiple():
    params, args = _two_layer()
    fitted = bd.check_step(_step_right, params=params, args=args, cost=_cost, config=False)
    assert fitted.ok and fitted.lr_source == "fitted"
    assert bd.check_step(_step_right, params=params, args=args, cost=_cost, config=False,
                         lr=0.5).ok
    off = bd.check_step(_step_right, params=params, args=args, cost=_cost, config=False, lr=0.4)
    assert not off.ok and off.lr_source == "given" and off.lr == 0.4
    f = off.findings[0]
    assert f.id == "misapplied-update" and f.evidence["cause"] == "other-rate"
    assert f.evidence["step_rate"] == pytest.approx(0.5, rel=1e-6)
    # a constant in the output delta scales the whole step: only the known rate shows it
    assert bd.check_step(_step_scaled_output_delta, params=params, args=args, cost=_cost,
                         config=False).ok
    known = bd.check_step(_step_scaled_output_delta, params=params, args=args, cost=_cost,
                          config=False, lr=0.5)
    assert not known.ok and known.findings[0].evidence["step_rate"] == pytest.approx(0.15)


def test_a_given_rate_blames_the_block_off_it():
    params, args = _two_layer()
    report = bd.check_step(_step_hidden_delta_from_new_weights, params=params, args=args,
                           cost=_cost, config=False, lr=0.5)
    assert [b.ok for b in report.blocks] == [False, True]
    assert report.finding_ids() == ["gradient-mismatch"]
    with pytest.raises(bd.InputError, match="lr must be a positive number"):
        bd.check_step(_step_right, params=params, args=args, cost=_cost, config=False, lr=-1)


# -- a rate that grows with the batch: per-sample gradients summed where the cost averages -------
def _batch_net(summed_cost=False):
    rng = np.random.default_rng(4)
    X = rng.normal(size=(8, 3))
    y = rng.normal(size=8)
    w = rng.normal(size=3)

    def cost(w, X, y):
        r = X @ w - y
        return float(0.5 * (np.sum(r ** 2) if summed_cost else np.mean(r ** 2)))

    return w, (X, y), cost


def _step_sum(w, X, y):
    return w - 0.1 * X.T @ (X @ w - y)                 # summed over the samples


def _step_mean(w, X, y):
    return w - 0.1 * X.T @ (X @ w - y) / len(y)


@pytest.mark.parametrize("summed_cost, step, ok", [
    (False, _step_sum, False),     # cost averages, step sums: rate = 0.1 x batch size
    (False, _step_mean, True),
    (True, _step_sum, True),       # both sum: one rate whatever the batch
])
def test_a_rate_proportional_to_the_batch_size_is_a_summed_gradient(summed_cost, step, ok):
    w, args, cost = _batch_net(summed_cost)
    report = bd.check_step(step, params=w, args=args, cost=cost, config=False)
    assert report.ok is ok
    if not ok:
        f = report.findings[0]
        assert f.id == "misapplied-update" and f.evidence["cause"] == "summed-over-batch"
        assert f.evidence["rate"] == pytest.approx(0.8) and f.evidence["rate_half"] == \
            pytest.approx(0.4)


def test_a_step_written_for_its_batch_size_only_is_still_checked():
    """The half-batch probe says nothing about code that cannot run on another batch size."""
    w, args, cost = _batch_net()

    def fixed_batch_step(w, X, y):
        r = (X @ w - y).reshape(8, 1)           # works for 8 samples only
        return w - 0.1 * (X.T @ r).ravel() / 8

    report = bd.check_step(fixed_batch_step, params=w, args=args, cost=cost, config=False)
    assert report.ok


def test_a_hypothesis_the_cost_cannot_be_evaluated_for_is_reported_as_not_tested():
    def cost(p):
        # log(b0 - 0.95) is finite at the start (b0 = 1) and nan once the step has moved b0 to 0
        return float(np.sum(p[0] ** 2) + np.sum(p[1] ** 2) + 0.0 * np.log(p[1][0] - 0.95))

    def step(p):
        a, b = p
        return [a - 0.5 * (2 * a + np.array([1.0, 0.0, -2.0])), b - 0.5 * 2 * b]

    params = [np.array([0.3, -0.2, 0.5]), np.array([1.0, 0.4, -0.7])]
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        report = bd.check_step(step, params=params, cost=cost, config=False)
    assert [b.ok for b in report.blocks] == [False, True]
    f = report.findings[0]
    assert f.id == "gradient-mismatch" and "Not tested" in f.message
