"""The engine against functions with known derivatives, in float64 and float32."""
import numpy as np
import pytest

import backprop_doctor as bd
from backprop_doctor import fd

RNG = np.random.default_rng(7)
A = RNG.standard_normal((20, 30))
X0 = RNG.standard_normal(30) * 0.5


def softplus_cost(x, dtype=np.float64):
    Ad, xd = A.astype(dtype), x.astype(dtype)
    return float(np.sum(np.logaddexp(0, Ad @ xd)) + dtype(0.5) * xd @ xd)


def softplus_grad(x, dtype=np.float64):
    Ad, xd = A.astype(dtype), x.astype(dtype)
    return (Ad.T @ (1 / (1 + np.exp(-(Ad @ xd)))) + xd).astype(np.float64)


@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=["float64", "float32"])
def test_correct_smooth_function_passes(dtype):
    report = bd.check(lambda x: softplus_cost(x, dtype), lambda x: softplus_grad(x, dtype), X0)
    assert report.ok and report.n_failed == 0 and report.n_checked == 30
    low = "low-precision" in report.finding_ids()
    assert low == (dtype == np.float32)


@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=["float64", "float32"])
def test_float32_parameters_pass_with_low_precision(dtype):
    report = bd.check(lambda x: softplus_cost(x, dtype), lambda x: softplus_grad(x, dtype),
                      X0.astype(np.float32))
    assert report.ok
    assert "low-precision" in report.finding_ids()


@pytest.mark.parametrize("j", range(0, 30, 3))
def test_single_entry_off_by_1e5_relative_is_caught(j):
    def grad(x):
        g = softplus_grad(x)
        g[j] *= 1 + 1e-5
        return g

    report = bd.check(softplus_cost, grad, X0)
    assert not report.ok
    assert [e.index for e in report.failures] == [(j,)]
    assert report.failures[0].rel_error == pytest.approx(1e-5, rel=0.05)


def test_known_derivatives_of_elementary_functions():
    # f(x) = sum(sin(x) * exp(x/3)) has f'(x) = cos(x) e^{x/3} + sin(x) e^{x/3} / 3
    x = np.linspace(-2, 2, 9)
    report = bd.check(lambda v: float(np.sum(np.sin(v) * np.exp(v / 3))),
                      lambda v: np.cos(v) * np.exp(v / 3) + np.sin(v) * np.exp(v / 3) / 3, x)
    assert report.ok
    assert report.max_rel_error < 1e-7
    b = report.blocks[0]
    np.testing.assert_allclose(b.numeric, b.analytic, rtol=1e-8, atol=1e-12)


def test_tiny_entries_are_not_failed():
    scales = np.array([1.0, 1e-6, 1e-10, 1e-14, 0.0])
    report = bd.check(lambda v: float(np.sum(scales * v ** 2) + 1.0), lambda v: 2 * scales * v,
                      np.array([0.3, -0.7, 1.1, 0.2, 0.5]))
    assert report.ok


def test_sign_error_in_tiny_gradient_is_still_caught_when_above_noise():
    report = bd.check(lambda v: float(1e-3 * np.sum(v ** 2)), lambda v: -2e-3 * v,
                      np.array([0.5, -0.2, 0.9]))
    assert report.n_failed == 3


def test_kink_at_exact_relu_zero_is_info_not_failure():
    x = np.array([0.0, 0.5, -0.5, 0.0])
    report = bd.check(lambda v: float(np.sum(np.maximum(v, 0) * 3.0) + 0.5 * v @ v),
                      lambda v: 3.0 * (v > 0) + v, x)
    assert report.ok
    assert "kink" in report.finding_ids()
    assert {e.index for e in report.kinks} == {(0,), (3,)}


def test_wrong_gradient_at_a_kink_point_still_fails_elsewhere():
    x = np.array([0.0, 0.5, -0.5])
    report = bd.check(lambda v: float(np.sum(np.abs(v))), lambda v: -np.sign(v), x)
    assert [e.index for e in report.failures] == [(1,), (2,)]


def test_noise_estimate_tracks_precision():
    rng = np.random.default_rng(0)
    x = X0.copy()
    f64 = fd.estimate_noise(softplus_cost, x, softplus_cost(x), rng, lambda v: v)
    f32 = fd.estimate_noise(lambda v: softplus_cost(v, np.float32), x,
                            softplus_cost(x, np.float32), rng, lambda v: v)
    assert f64.relative < 1e-13 and not f64.low_precision
    assert 1e-9 < f32.relative < 1e-5 and f32.low_precision


def test_float32_computed_inside_but_returned_as_float64_sum_is_low_precision():
    def cost(x):
        h = (A.astype(np.float32) @ x.astype(np.float32))
        return float(np.sum(np.logaddexp(0, h).astype(np.float64)) + 0.5 * x @ x)

    report = bd.check(cost, softplus_grad, X0)
    assert report.ok
    assert "low-precision" in report.finding_ids()


def test_steps_follow_cube_root_of_noise():
    x = np.array([0.1, 10.0])
    h64 = fd.choose_steps(x, fd.EPS64)
    h32 = fd.choose_steps(x, fd.EPS32)
    np.testing.assert_allclose(h64, fd.EPS64 ** (1 / 3) * np.array([1.0, 10.0]))
    np.testing.assert_allclose(h32, fd.EPS32 ** (1 / 3) * np.array([1.0, 10.0]))


def test_rel_error_definition():
    np.testing.assert_allclose(fd.rel_error(np.array([1.0, -1.0, 0.0]), np.array([1.1, 1.0, 0.0])),
                               [0.1 / 1.1, 2.0, 0.0])


def _borderline_setup(grad_fn, tol_value=1e-9):
    from backprop_doctor import gradcheck
    from backprop_doctor.problem import from_functions
    from backprop_doctor.report import FAILED

    problem = from_functions(softplus_cost, grad_fn, X0.copy())
    x0 = problem.x0
    analytic = problem.gradient(x0)
    true = softplus_grad(x0)
    idx = np.arange(x0.size)
    tol = np.full(x0.size, tol_value)
    numeric = true + 5e-9          # a difference estimate a few tolerances off: borderline
    status = np.full(x0.size, FAILED, dtype=np.int8)
    noise = fd.estimate_noise(problem.cost, x0, problem.cost(x0), np.random.default_rng(0),
                              problem.layout.representable)
    steps = fd.choose_steps(x0, noise.relative)
    run = gradcheck._Run(problem, gradcheck.CheckOptions(), x0, problem.cost(x0), analytic, noise,
                         steps, np.random.default_rng(0), gradcheck._serial(problem.cost, None),
                         indices=idx)
    return gradcheck._taylor_clears_borderline(run, numeric, tol, status)


def test_taylor_remainder_clears_borderline_noise_but_not_a_bug():
    from backprop_doctor.report import FAILED, PASSED

    assert np.all(_borderline_setup(softplus_grad) == PASSED)

    def slightly_wrong(x):
        g = softplus_grad(x)
        g[3] *= 1 + 1e-5
        return g

    # the wrong entry is far outside 10x its tolerance: it alone stays failed
    status = _borderline_setup(slightly_wrong)
    assert status[3] == FAILED and np.sum(status == FAILED) == 1
    # all within 10x their tolerance: one joint test, and the wrong entry keeps them all failed
    assert np.all(_borderline_setup(slightly_wrong, tol_value=1e-5) == FAILED)
