"""The screen's guarantee on a network above the default --max-checks (5,353 parameters).

The default check must fail what --full fails (a single entry 1e-4 off, an entry of typical
size), or state a floor and not pass; correct networks pass with a small share of a full check's
evaluations; a block wrong everywhere is reported within a bounded number of evaluations; and
n_evaluations is the number of calls of the user's cost actually made.
"""
import json

import numpy as np
import pytest

import backprop_doctor as bd
from backprop_doctor import screen

INPUT, HIDDEN, OUTPUT, SAMPLES = 400, 13, 10, 20
N1 = HIDDEN * (INPUT + 1)
N_PARAMS = N1 + OUTPUT * (HIDDEN + 1)
LAYOUT = f"theta1={HIDDEN}x{INPUT + 1},theta2={OUTPUT}x{HIDDEN + 1}"


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def _forward(theta, X):
    t1 = theta[:N1].reshape(HIDDEN, INPUT + 1)
    t2 = theta[N1:].reshape(OUTPUT, HIDDEN + 1)
    a1 = np.hstack([np.ones((X.shape[0], 1)), X])
    z2 = a1 @ t1.T
    a2 = np.hstack([np.ones((X.shape[0], 1)), _sigmoid(z2)])
    return t1, t2, a1, z2, a2, _sigmoid(a2 @ t2.T)


class Counted:
    """The cost with our own call counter."""

    def __init__(self):
        self.calls = 0

    def __call__(self, theta, X, Y, lam):
        self.calls += 1
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


def make(seed=0):
    rng = np.random.default_rng(seed)
    X = rng.random((SAMPLES, INPUT))
    Y = np.eye(OUTPUT)[rng.integers(0, OUTPUT, SAMPLES)]
    return rng.uniform(-0.12, 0.12, N_PARAMS), (X, Y, 0.3)


def typical_entry(lo, hi):
    """An entry whose |gradient| is the median of its block's."""
    theta, args = make()
    g = np.abs(grad(theta, *args)[lo:hi])
    return lo + int(np.argsort(g)[g.size // 2])


def one_entry_off(k, rel):
    from wrong_gradients import one_entry_off as off

    return off(grad, k, rel)


def check(g, **kw):
    theta, args = make()
    cost = Counted()
    report = bd.check(cost, g, theta, args, blocks=LAYOUT, lint=False, config=False, **kw)
    return report, cost


def test_the_network_is_screened_by_default():
    assert N_PARAMS > 5000
    report, _ = check(grad)
    assert report.mode == "screen"


@pytest.mark.parametrize("block", ["theta1", "theta2"])
@pytest.mark.parametrize("rel", [1e-4, 1e-3])
def test_a_single_entry_off_by_1e4_is_failed_or_the_check_does_not_pass(block, rel):
    lo, hi = (0, N1) if block == "theta1" else (N1, N_PARAMS)
    k = typical_entry(lo, hi)
    report, _ = check(one_entry_off(k, rel), diagnose=False)
    assert not report.ok
    if report.n_failed:
        assert report.failing_blocks == [block]
        assert report.failures[0].block == block
        assert report.failures[0].index == np.unravel_index(k - lo, report.block(block).shape)
    else:       # not found: then the report must say its floor is above the error
        assert "screen-incomplete" in report.finding_ids()
        assert report.block(block).screen.floor > rel


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_correct_network_passes_with_a_stated_floor_and_few_evaluations(seed):
    report, cost = check(grad, seed=seed)
    assert report.ok and report.mode == "screen"
    for b in report.blocks:     # the floor reaches what --full fails: the pass means the same
        assert b.screen.covered and b.screen.floor <= b.screen.target
    assert report.n_evaluations <= 0.01 * 2 * N_PARAMS
    assert report.n_evaluations == cost.calls


def test_json_states_the_floor_per_block_and_overall():
    report, _ = check(grad)
    doc = json.loads(report.to_json())
    floors = [b["screen_floor"] for b in doc["blocks"]]
    assert all(0 < f <= 1e-5 for f in floors)
    assert doc["screen_floor"] == max(floors)
    assert doc["screen"] == {"floor": max(floors), "covered": True, "explicit": False}


def test_a_floor_above_the_full_tolerance_is_not_a_pass_unless_the_screen_was_asked_for(monkeypatch):
    # a budget of two tests per block and short moves: the screen cannot reach --full's tolerance
    monkeypatch.setattr(screen, "BUDGET_MIN", 24)
    monkeypatch.setattr(screen, "BUDGET_FRACTION", 0.0)
    monkeypatch.setattr(screen, "S_MAX", 1e-5)
    report, _ = check(grad)
    assert not report.ok and report.n_failed == 0
    assert report.finding_ids() == ["screen-incomplete"]
    assert not report.screen_covered and report.screen_floor > 1e-6
    assert "PASSED" not in str(report) and "run --full" in str(report)
    asked, _ = check(grad, screen=True)
    assert asked.ok and asked.screen_explicit and "screen-incomplete" not in asked.finding_ids()
    assert "PASSED" not in str(asked) and "SCREENED" in str(asked)


@pytest.mark.parametrize("which, factor, rule", [
    ("theta2", SAMPLES, "scale-mismatch"),     # a missing 1/m in the output block
    ("theta1", 0.5, "scale-mismatch"),         # a hidden block off by a constant
    ("theta1", -1.0, "sign-flip"),
])
def test_a_block_wrong_everywhere_is_reported_in_a_bounded_number_of_evaluations(which, factor, rule):
    lo, hi = (0, N1) if which == "theta1" else (N1, N_PARAMS)

    def wrong(theta, X, Y, lam):
        g = grad(theta, X, Y, lam)
        g[lo:hi] *= factor
        return g

    report, cost = check(wrong)
    assert report.failing_blocks == [which]
    assert rule in report.finding_ids()
    assert 16 <= report.block(which).n_failed <= 64       # a sample, not every entry
    assert report.n_evaluations <= 400
    assert report.n_evaluations == cost.calls


def test_n_evaluations_counts_every_call_including_the_diagnosis_probes():
    k = typical_entry(0, N1)
    report, cost = check(one_entry_off(k, 1e-2))
    assert not report.ok
    assert report.n_evaluations == cost.calls


def test_n_evaluations_counts_the_call_that_inferred_the_layout():
    theta, args = make()
    cost = Counted()
    report = bd.check(cost, grad, theta, args, lint=False, config=False)   # no blocks: inferred
    assert report.layout["source"] == "inferred"
    assert report.n_evaluations == cost.calls


def test_a_block_failing_in_every_group_gets_no_second_coverage_pass(monkeypatch):
    """The second cut cannot tell anything new about a block that will be reported wrong; the
    block that passes still gets both passes (its floor needs them)."""
    planned = []
    original = screen.Screen.plan

    def spy(self, block, budget_groups, members=None):
        groups = original(self, block, budget_groups, members)
        if members is None:
            planned.append(block.name)
        return groups

    monkeypatch.setattr(screen.Screen, "plan", spy)

    def halved(theta, X, Y, lam):
        g = grad(theta, X, Y, lam)
        g[:N1] *= 0.5
        return g

    report, _ = check(halved)
    assert report.failing_blocks == ["theta1"]
    # plan(block, 1 << 30) once per block to size the passes, then once per pass
    assert planned.count("theta2") == 1 + screen.N_PASSES
    assert planned.count("theta1") == 1 + 1
    planned.clear()
    correct, _ = check(grad)
    assert correct.ok and planned.count("theta1") == 1 + screen.N_PASSES
