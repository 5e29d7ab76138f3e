"""Taylor-remainder test: slope 2 for a right gradient, slope 1 for a wrong one."""
import numpy as np
import pytest

from backprop_doctor import fd
from backprop_doctor.problem import from_functions
from backprop_doctor.taylor import taylor_test, taylor_test_entries


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def cost(theta, X, y, lam):
    p = _sigmoid(np.tanh(X @ theta[:-4].reshape(X.shape[1], 4)) @ theta[-4:])
    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)) + lam / 2 * np.sum(theta ** 2)


def grad(theta, X, y, lam):
    W, v = theta[:-4].reshape(X.shape[1], 4), theta[-4:]
    h = np.tanh(X @ W)
    p = _sigmoid(h @ v)
    d = (p - y) / X.shape[0]
    gW = X.T @ (np.outer(d, v) * (1 - h ** 2))
    return np.concatenate([gW.ravel(), h.T @ d]) + lam * theta


def grad_scaled(theta, X, y, lam):
    return 1.001 * grad(theta, X, y, lam)


def grad_one_entry(theta, X, y, lam):
    g = grad(theta, X, y, lam)
    g[3] += 1e-5
    return g


def _problem(g, dtype=np.float64):
    rng = np.random.default_rng(5)
    X = rng.standard_normal((50, 6)).astype(dtype)
    y = (rng.random(50) > 0.5).astype(dtype)
    theta = (0.4 * rng.standard_normal(28)).astype(dtype)
    return from_functions(cost, g, theta, (X, y, 0.01))


@pytest.mark.parametrize("seed", [0, 1, 2, 3], ids=lambda s: f"direction{s}")
def test_right_gradient_has_slope_two(seed):
    problem = _problem(grad)
    x = problem.x0
    result = taylor_test(problem.cost, x, problem.gradient(x), rng=np.random.default_rng(seed))
    assert result.verdict == "right" and abs(result.slope - 2) < 0.1
    assert result.used.sum() >= 2


@pytest.mark.parametrize("seed", [0, 1, 2, 3], ids=lambda s: f"direction{s}")
def test_wrong_gradient_has_slope_one(seed):
    problem = _problem(grad_scaled)
    x = problem.x0
    result = taylor_test(problem.cost, x, problem.gradient(x), rng=np.random.default_rng(seed))
    assert result.verdict == "wrong" and abs(result.slope - 1) < 0.3
    # the first-order coefficient is the mismatch along d: (true - analytic) . d
    d = np.asarray(_direction(x, seed))
    true = grad(x, *problem.args)
    expected = float((true - problem.gradient(x)) @ d)
    assert result.error_along_d == pytest.approx(expected, rel=0.05)


def _direction(x, seed):
    rng = np.random.default_rng(seed)
    d = rng.choice([-1.0, 1.0], size=x.size) * rng.uniform(0.5, 1.5, x.size) * np.maximum(np.abs(x), 1.0)
    return d / np.linalg.norm(d)


def test_one_wrong_entry_is_confirmed_along_its_own_direction():
    problem = _problem(grad_one_entry)
    x = problem.x0
    g = problem.gradient(x)
    on_it = taylor_test_entries(problem, x, g, [3])
    elsewhere = taylor_test_entries(problem, x, g, [4, 5, 6])
    assert on_it.verdict == "wrong" and on_it.error_along_d == pytest.approx(-1e-5, rel=0.05)
    assert elsewhere.verdict == "right"


def test_measured_noise_keeps_float32_rounding_out_of_the_fit():
    problem = _problem(grad, np.float32)
    x = problem.layout.representable(problem.x0)
    rng = np.random.default_rng(0)
    noise = fd.estimate_noise(problem.cost, x, problem.cost(x), rng, problem.layout.representable)
    rounded = problem.layout.representable
    result = taylor_test(problem.cost, x, problem.gradient(x), rng=rng, noise_sigma=noise.sigma,
                         representable=rounded)
    assert result.verdict == "right" and abs(result.slope - 2) < 0.2
    # assuming float64 noise, float32 rounding passes for a first-order term
    naive = taylor_test(problem.cost, x, problem.gradient(x), rng=np.random.default_rng(0),
                        representable=rounded)
    assert naive.verdict != "right" and naive.noise < result.noise


def test_a_linear_cost_is_flat():
    def linear(theta):
        return float(np.sum(3.0 * theta))

    result = taylor_test(linear, np.ones(10), np.full(10, 3.0))
    assert result.verdict == "flat" and result.slope is None


def test_evaluations_go_through_evaluate_many_one_point_at_a_time():
    problem = _problem(grad)
    sizes = []

    def evaluate_many(points):
        sizes.append(len(points))
        return np.array([problem.cost(p) for p in points])

    result = taylor_test(problem.cost, problem.x0, problem.gradient(problem.x0),
                         evaluate_many=evaluate_many)
    assert sizes == [1, result.steps.size] and problem.evaluations == result.n_evaluations


def _one_entry_off(k, rel):
    from wrong_gradients import one_entry_off

    return one_entry_off(grad, k, rel)


@pytest.mark.parametrize("k", [1, 17])
def test_first_order_estimate_sees_an_error_the_slope_misses(k):
    # a 1e-5 relative error on one entry: the remainder still looks like h^2 at every step the
    # noise allows (slope ~2), but cancelling the h^2 term between two steps finds it
    problem = _problem(_one_entry_off(k, 1e-5))
    x = problem.x0
    g = problem.gradient(x)
    result = taylor_test_entries(problem, x, g, [k])
    true = grad(x, *problem.args)
    expected = float((true[k] - g[k]) * result.direction[k])
    estimate, uncertainty = result.first_order()
    assert estimate == pytest.approx(expected, rel=0.05) and uncertainty < abs(expected) / 10
    assert not result.rules_out(expected)
    right = taylor_test_entries(problem, x, true, [k])
    assert right.rules_out(expected)     # the same claim against the right gradient is noise


@pytest.mark.parametrize("k", [1, 17])
def test_check_does_not_clear_a_small_real_error_as_noise(k):
    from backprop_doctor.api import check

    problem = _problem(grad)
    report = check(cost, _one_entry_off(k, 1e-5), problem.x0, problem.args, lint=False,
                   trace=False)
    assert not report.ok
    assert check(cost, grad, problem.x0, problem.args, lint=False, trace=False).ok
