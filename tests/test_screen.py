"""Screen mode: directional derivatives and group testing find few wrong entries in big blocks."""
import numpy as np
import pytest

import backprop_doctor as bd
from backprop_doctor import fd
from backprop_doctor.gradcheck import CheckOptions, run_check
from backprop_doctor.problem import from_functions
from backprop_doctor.screen import Screen

INPUT, HIDDEN, OUTPUT, SAMPLES = 150, 20, 10, 120
N1 = HIDDEN * (INPUT + 1)
N_PARAMS = N1 + OUTPUT * (HIDDEN + 1)
LAYOUT = f"theta1={HIDDEN}x{INPUT + 1},theta2={OUTPUT}x{HIDDEN + 1}"
MAX_CHECKS = 500


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def _forward(theta, X):
    t1 = theta[:N1].reshape(HIDDEN, INPUT + 1)
    t2 = theta[N1:].reshape(OUTPUT, HIDDEN + 1)
    a1 = np.hstack([np.ones((X.shape[0], 1)), X])
    z2 = a1 @ t1.T
    a2 = np.hstack([np.ones((X.shape[0], 1)), _sigmoid(z2)])
    return t1, t2, a1, z2, a2, _sigmoid(a2 @ t2.T)


def cost(theta, X, Y, lam):
    t1, t2, _, _, _, a3 = _forward(theta, X)
    m = X.shape[0]
    reg = lam / (2 * m) * (np.sum(t1[:, 1:] ** 2) + np.sum(t2[:, 1:] ** 2))
    return -np.sum(Y * np.log(a3) + (1 - Y) * np.log(1 - a3)) / m + reg


def grad(theta, X, Y, lam):
    t1, t2, a1, z2, a2, a3 = _forward(theta, X)
    m = X.shape[0]
    d3 = a3 - Y
    s2 = _sigmoid(z2)
    d2 = (d3 @ t2[:, 1:]) * s2 * (1 - s2)
    g1, g2 = d2.T @ a1 / m, d3.T @ a2 / m
    g1[:, 1:] += lam / m * t1[:, 1:]
    g2[:, 1:] += lam / m * t2[:, 1:]
    return np.concatenate([g1.ravel(), g2.ravel()])


def output_bias_regularised(theta, X, Y, lam):
    g = grad(theta, X, Y, lam)
    g[N1::HIDDEN + 1] += lam / X.shape[0] * theta[N1::HIDDEN + 1]
    return g


def _wrong_at(flat, factor=1.001):
    def wrong(theta, X, Y, lam):
        g = grad(theta, X, Y, lam)
        g[flat] *= factor
        return g
    return wrong


def make(seed=0):
    rng = np.random.default_rng(seed)
    X = rng.random((SAMPLES, INPUT))
    Y = np.eye(OUTPUT)[rng.integers(0, OUTPUT, SAMPLES)]
    return rng.uniform(-0.12, 0.12, N_PARAMS), (X, Y, 0.3)


def _check(g, seed=0, **kw):
    theta, args = make()
    return bd.check(cost, g, theta, args, blocks=LAYOUT, max_checks=MAX_CHECKS, seed=seed,
                    diagnose=False, **kw)


BIAS2 = [N1 + k * (HIDDEN + 1) for k in range(OUTPUT)]


@pytest.mark.parametrize("seed", [0, 1, 2], ids=lambda s: f"seed{s}")
def test_correct_model_passes_with_a_few_dozen_evaluations(seed):
    report = _check(grad, seed)
    assert report.mode == "screen" and report.ok
    assert report.n_evaluations <= 80, report.n_evaluations
    assert all(b.n_checked >= 1 for b in report.blocks)


@pytest.mark.parametrize("seed", [0, 1, 2], ids=lambda s: f"seed{s}")
def test_regularised_output_bias_is_found_with_few_evaluations(seed):
    report = _check(output_bias_regularised, seed)
    assert report.mode == "screen" and not report.ok
    assert report.failing_blocks == ["theta2"]
    assert report.block("theta1").ok
    found = {e.index for e in report.failures}
    assert found == {(k, 0) for k in range(OUTPUT)}
    assert report.n_evaluations <= 0.05 * 2 * N_PARAMS, report.n_evaluations


@pytest.mark.parametrize("wrong, expected", [
    ([7 * (INPUT + 1) + 33], {(7, 33)}),
    ([5, 1000, 2500], {(0, 5), (1000 // (INPUT + 1), 1000 % (INPUT + 1)),
                       (2500 // (INPUT + 1), 2500 % (INPUT + 1))}),
    (list(range(0, N1, INPUT + 1)), {(r, 0) for r in range(HIDDEN)}),
], ids=["one-entry", "three-scattered", "bias-column"])
def test_group_testing_localises_wrong_entries_of_a_big_block(wrong, expected):
    report = _check(_wrong_at(wrong))
    assert report.failing_blocks == ["theta1"]
    assert {e.index for e in report.failures} == expected
    assert report.n_evaluations < 2 * N_PARAMS / 4


def test_a_wrong_row_is_found_and_sampled_not_enumerated():
    row = list(range(3 * (INPUT + 1), 4 * (INPUT + 1)))
    report = _check(_wrong_at(row))
    assert report.failing_blocks == ["theta1"]
    rows = {e.index[0] for e in report.failures}
    assert rows == {3} and len(report.failures) >= 16      # a sample of the row, all of it wrong
    assert report.n_evaluations < 500


def test_a_block_wrong_everywhere_is_sampled_not_searched():
    def scaled(theta, X, Y, lam):
        g = grad(theta, X, Y, lam)
        g[:N1] *= 1.01
        return g

    report = _check(scaled)
    theta1 = report.block("theta1")
    assert not theta1.ok and report.block("theta2").ok
    assert theta1.n_failed == theta1.n_checked >= 32     # a sample, all of it wrong
    assert report.n_evaluations < 2 * N_PARAMS / 4


def test_a_small_failing_block_is_checked_whole():
    theta, args = make()
    # the output layer cut in two blocks: the small first row is wrong in one entry
    layout = f"theta1={HIDDEN}x{INPUT + 1},out0=1x{HIDDEN + 1},out={OUTPUT - 1}x{HIDDEN + 1}"
    report = bd.check(cost, _wrong_at([N1 + 5], 1.01), theta, args, blocks=layout,
                      max_checks=MAX_CHECKS, diagnose=False)
    out0 = report.block("out0")
    assert out0.fully_checked and out0.n_failed == 1
    assert report.failing_blocks == ["out0"]
    assert not report.block("theta1").fully_checked and not report.block("out").fully_checked


def test_screen_evaluations_go_through_evaluate_many_and_are_counted():
    theta, args = make()
    problem = from_functions(cost, output_bias_regularised, theta, args, blocks=LAYOUT)
    calls = []

    def evaluate_many(points):
        calls.append(len(points))
        return np.array([problem.cost(p) for p in points])

    report = run_check(problem, CheckOptions(max_checks=MAX_CHECKS, evaluate_many=evaluate_many,
                                             diagnose=False))
    through = sum(calls)
    assert report.n_evaluations == problem.evaluations
    # the runner's own serial calls: f0, one repeat, the noise lines; everything else batched
    assert report.n_evaluations - through <= 2 + 27
    assert through > 2 * report.n_checked


def test_column_major_blocks_are_localised_in_their_own_order():
    theta, args = make()
    # the same numbers read as an F-ordered layout: the bias column becomes contiguous
    report = bd.check(cost, _wrong_at(list(range(0, N1, INPUT + 1))), theta, args,
                      blocks=f"theta1={INPUT + 1}x{HIDDEN},theta2={HIDDEN + 1}x{OUTPUT}",
                      order="F", max_checks=MAX_CHECKS, diagnose=False)
    wrong = {np.unravel_index(k, (INPUT + 1, HIDDEN), order="F") for k in range(0, N1, INPUT + 1)}
    assert {tuple(int(i) for i in e.index) for e in report.failures} == wrong


def test_truncation_alone_does_not_fail_a_direction():
    """Moves far too long for the cost's curvature: the three-step estimate's own spread widens
    the threshold, so the right gradient is not failed (its floor rises instead)."""
    theta, args = make()
    problem = from_functions(cost, grad, theta, args, blocks=LAYOUT)
    rng = np.random.default_rng(0)
    x0 = problem.x0
    g = problem.gradient(x0)
    noise = fd.estimate_noise(problem.cost, x0, problem.cost(x0), rng, problem.layout.representable)
    steps = fd.choose_steps(x0, noise.relative)
    from backprop_doctor.gradcheck import CheckOptions, _Run

    screen = Screen(_Run(problem, CheckOptions(rtol=1e-9), x0, problem.cost(x0), g, noise, steps,
                         rng, lambda pts: np.array([problem.cost(p) for p in pts])))
    groups = [(b.slice, 0.5) for b in problem.layout.blocks] * 3   # |move| 0.5: truncation shows
    tests = screen.test(groups)
    assert not any(t.failed for t in tests)
    assert all(t.inflated for t in tests)
    # with the step the error model asks for, the same directions are clean
    clean = screen.test([(b.slice, screen.needed_step(b.slice, b.size, b)) for b in problem.layout.blocks])
    assert not any(t.failed or t.inflated for t in clean)


def _gradient_cases():
    from reference_models.cases import all_cases

    return [c for c in all_cases().values() if c.kind == "gradient"]


@pytest.mark.filterwarnings("ignore")
@pytest.mark.parametrize("case", _gradient_cases(), ids=lambda c: c.name)
def test_screen_mode_agrees_with_the_full_check_on_reference_models(case):
    d = case.build(0)
    kw = dict(blocks=d.get("blocks"), order=d.get("order") or "C", forward=d.get("forward"),
              loss=d.get("loss"), lint=False)
    full = bd.check(d.get("cost"), d["grad"], d["params"], d.get("args", ()), full=True, **kw)
    screened = bd.check(d.get("cost"), d["grad"], d["params"], d.get("args", ()), max_checks=8, **kw)
    assert screened.mode == "screen" or screened.n_params <= 8
    assert screened.ok == full.ok
    assert set(screened.failing_blocks) == set(full.failing_blocks)
