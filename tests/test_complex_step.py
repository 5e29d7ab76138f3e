"""Complex-step derivatives: machine precision on complex-safe code, a clear refusal otherwise."""
import numpy as np
import pytest

from backprop_doctor.complex_step import (NotComplexSafe, check_complex_step,
                                          complex_step_derivatives)
from backprop_doctor.errors import InputError
from backprop_doctor.problem import from_functions


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def net_cost(theta, X, Y, lam):
    W1 = theta[:40].reshape(5, 8)
    W2 = theta[40:].reshape(3, 6)
    a2 = np.hstack([np.ones((X.shape[0], 1)), np.tanh(np.hstack([np.ones((X.shape[0], 1)), X]) @ W1.T)])
    p = _sigmoid(a2 @ W2.T)
    m = X.shape[0]
    return (-np.sum(Y * np.log(p) + (1 - Y) * np.log(1 - p)) / m
            + lam / (2 * m) * (np.sum(W1[:, 1:] ** 2) + np.sum(W2[:, 1:] ** 2)))


def net_grad(theta, X, Y, lam):
    W1 = theta[:40].reshape(5, 8)
    W2 = theta[40:].reshape(3, 6)
    m = X.shape[0]
    a1 = np.hstack([np.ones((m, 1)), X])
    h = np.tanh(a1 @ W1.T)
    a2 = np.hstack([np.ones((m, 1)), h])
    p = _sigmoid(a2 @ W2.T)
    d3 = (p - Y) / m
    d2 = (d3 @ W2[:, 1:]) * (1 - h ** 2)
    g1, g2 = d2.T @ a1, d3.T @ a2
    g1[:, 1:] += lam / m * W1[:, 1:]
    g2[:, 1:] += lam / m * W2[:, 1:]
    return np.concatenate([g1.ravel(), g2.ravel()])


def dict_cost(params, X, y):
    z = X @ params["w"] + params["b"]
    return np.mean(np.log1p(np.exp(-y * z))) + 0.5 * params["c"] ** 2


def dict_grad(params, X, y):
    z = X @ params["w"] + params["b"]
    s = -y / (1 + np.exp(y * z)) / X.shape[0]
    return {"w": X.T @ s, "b": np.sum(s), "c": params["c"]}


def _net():
    rng = np.random.default_rng(1)
    X = rng.standard_normal((30, 7))
    Y = np.eye(3)[rng.integers(0, 3, 30)]
    return rng.uniform(-0.5, 0.5, 58), (X, Y, 0.7)


def _dict():
    rng = np.random.default_rng(2)
    X = rng.standard_normal((25, 4))
    y = rng.choice([-1.0, 1.0], 25)
    return {"w": rng.standard_normal(4), "b": 0.3, "c": np.array([1.5])}, (X, y)


@pytest.mark.parametrize("which", ["flat-net", "dict-logistic"])
def test_complex_step_matches_the_analytic_gradient_to_1e_13(which):
    if which == "flat-net":
        theta, args = _net()
        problem = from_functions(net_cost, net_grad, theta, args, blocks="W1=5x8,W2=3x6")
    else:
        params, args = _dict()
        problem = from_functions(dict_cost, dict_grad, params, args)
    result = check_complex_step(problem)
    assert result.max_rel_error <= 1e-13
    assert result.n_evaluations >= problem.layout.size      # one per entry (+ the safety probe)


def test_complex_step_sees_a_wrong_entry_finite_differences_would_blur():
    theta, args = _net()

    def grad_off(t, X, Y, lam):
        g = net_grad(t, X, Y, lam)
        g[45] *= 1 + 1e-9          # far below what central differences can resolve reliably
        return g

    result = check_complex_step(from_functions(net_cost, grad_off, theta, args))
    worst = int(result.indices[np.argmax(result.rel_error)])
    assert worst == 45 and 5e-10 < result.max_rel_error < 2e-9


def test_complex_step_uses_one_point_at_a_time_and_leaves_no_trace():
    theta, args = _net()
    problem = from_functions(net_cost, net_grad, theta, args)
    before = problem.x0.copy()
    d = complex_step_derivatives(problem, problem.x0, np.array([0, 57]))
    np.testing.assert_allclose(d, net_grad(theta, *args)[[0, 57]], rtol=1e-13)
    np.testing.assert_array_equal(problem.x0, before)


def _abs_cost(theta, X, Y, lam):                 # abs on one path: still returns complex
    return net_cost(theta, X, Y, lam) + 0.1 * np.sum(np.abs(theta[:5]) ** 2)


def _abs_grad(theta, X, Y, lam):
    g = net_grad(theta, X, Y, lam)
    g[:5] += 0.2 * theta[:5]
    return g


def _float_cost(theta, X, Y, lam):
    return float(net_cost(theta, X, Y, lam))


def _real_cost(theta, X, Y, lam):
    return np.real(net_cost(theta, X, Y, lam))


def _real_path_cost(theta, X, Y, lam):        # .real on one path: still returns complex
    return net_cost(theta, X, Y, lam) + 0.1 * np.sum(theta[:5].real ** 2)


def _dtype_cost(theta, X, Y, lam):
    copy = np.zeros(theta.shape)                 # a float buffer the complex values go into
    copy[:] = theta
    return net_cost(copy, X, Y, lam)


@pytest.mark.parametrize("cost, message", [
    (_abs_cost, r"complex-step derivative is .* finite differences give .*abs\(\)"),
    (_float_cost, r"(?s)cost\(params, \*args\) failed on them: ComplexWarning.*line \d+"),
    (_real_cost, r"returned a real float64 for complex parameters"),
    (_real_path_cost, r"complex-step derivative is .* finite differences give"),
    (_dtype_cost, r"ComplexWarning: Casting complex values to real"),
], ids=["abs-on-a-path", "float-cast", "real-part", "real-on-a-path", "float-buffer"])
def test_not_complex_safe_code_is_refused_with_the_reason(cost, message):
    theta, args = _net()
    grad = _abs_grad if cost in (_abs_cost, _real_path_cost) else net_grad
    with pytest.raises(NotComplexSafe, match=message):
        check_complex_step(from_functions(cost, grad, theta, args))


def test_not_complex_safe_is_an_input_error():
    assert issubclass(NotComplexSafe, InputError)


def test_check_with_complex_step_is_exact_on_a_right_gradient():
    import backprop_doctor as bd

    theta, args = _net()
    report = bd.check(net_cost, net_grad, theta, args, blocks="W1=5x8,W2=3x6", complex_step=True,
                      lint=False, rtol=1e-12)
    assert report.ok and report.n_checked == 58
    assert report.max_rel_error <= 1e-13


def test_check_with_complex_step_names_an_entry_finite_differences_cannot_resolve():
    import backprop_doctor as bd

    theta, args = _net()

    def grad_off(t, X, Y, lam):
        g = net_grad(t, X, Y, lam)
        g[45] *= 1 + 1e-9
        return g

    exact = bd.check(net_cost, grad_off, theta, args, blocks="W1=5x8,W2=3x6", complex_step=True,
                     lint=False, diagnose=False, rtol=1e-12)
    assert [e.label for e in exact.failures] == ["W2[0,5]"]
    differences = bd.check(net_cost, grad_off, theta, args, blocks="W1=5x8,W2=3x6", lint=False,
                           diagnose=False, rtol=1e-12)
    assert differences.ok                 # 1e-9 is below what central differences can see


def test_check_with_complex_step_refuses_code_that_is_not_complex_safe():
    import backprop_doctor as bd

    theta, args = _net()
    with pytest.raises(bd.InputError, match="ComplexWarning"):
        bd.check(_float_cost, net_grad, theta, args, complex_step=True, lint=False)
