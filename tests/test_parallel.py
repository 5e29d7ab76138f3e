"""Parallel evaluation: any executor, a process pool of N workers, the same results as serial."""
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import numpy as np
import pytest

import backprop_doctor as bd
from backprop_doctor.parallel import PerturbedPoints, SparsePoints, parallel_evaluation
from backprop_doctor.problem import from_functions

N_IN, N_HID = 12, 6


def cost(params, X, y):
    h = np.tanh(X @ params["W1"] + params["b1"])
    p = 1.0 / (1.0 + np.exp(-(h @ params["w2"])))
    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))


def grad(params, X, y):
    h = np.tanh(X @ params["W1"] + params["b1"])
    p = 1.0 / (1.0 + np.exp(-(h @ params["w2"])))
    d = (p - y) / X.shape[0]
    dh = np.outer(d, params["w2"]) * (1 - h ** 2)
    return {"W1": X.T @ dh, "b1": dh.sum(axis=0), "w2": h.T @ d}


def grad_buggy(params, X, y):
    g = grad(params, X, y)
    g["b1"] = g["b1"] * 1.01          # the hidden bias is 1% off
    return g


def cost_raising_far_away(params, X, y):
    if abs(params["w2"][0]) > 10:
        raise ZeroDivisionError("the step went too far")
    return cost(params, X, y)


def cost_mutating_data(params, X, y):
    value = cost(params, X, y)
    X[0, 0] += 1.0                    # in-place writes to the data and the parameters
    y[0] = 1.0 - y[0]
    params["W1"][0, 0] += 1.0
    return value


def make(seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((40, N_IN))
    y = (rng.random(40) > 0.5).astype(float)
    params = {"W1": 0.3 * rng.standard_normal((N_IN, N_HID)), "b1": 0.1 * rng.standard_normal(N_HID),
              "w2": rng.standard_normal(N_HID)}
    return params, (X, y)


def _summary(report):
    return (report.ok, report.n_evaluations, report.n_checked, report.n_failed,
            [e.label for e in report.failures], [e.numeric for e in report.failures],
            [b.numeric.tobytes() for b in report.blocks], report.finding_ids())


@pytest.fixture(scope="module")
def serial_reports():
    params, args = make()
    return {g.__name__: bd.check(cost, g, params, args, lint=False) for g in (grad, grad_buggy)}


@pytest.mark.parametrize("g", [grad, grad_buggy], ids=["correct", "buggy"])
@pytest.mark.parametrize("how", ["workers=2", "workers=3", "process-pool", "thread-pool"])
def test_parallel_results_are_identical_to_serial(serial_reports, g, how):
    params, args = make()
    if how.startswith("workers="):
        report = bd.check(cost, g, params, args, lint=False, workers=int(how[-1]))
    else:
        kind = ProcessPoolExecutor if how == "process-pool" else ThreadPoolExecutor
        with kind(2) as pool:
            report = bd.check(cost, g, params, args, lint=False, executor=pool)
    assert _summary(report) == _summary(serial_reports[g.__name__])


def test_screen_mode_runs_on_workers_with_the_same_answer():
    params, args = make()
    serial = bd.check(cost, grad_buggy, params, args, lint=False, max_checks=20, seed=3)
    pooled = bd.check(cost, grad_buggy, params, args, lint=False, max_checks=20, seed=3, workers=2)
    assert serial.mode == pooled.mode == "screen"
    assert _summary(pooled) == _summary(serial)
    assert pooled.failing_blocks == ["b1"]


@pytest.mark.parametrize("bad", ["lambda", "closure"])
def test_unpicklable_cost_says_what_to_do(bad):
    params, args = make()
    if bad == "lambda":
        c = lambda p, X, y: cost(p, X, y)  # noqa: E731
    else:
        def c(p, X, y):
            return cost(p, X, y)
    with pytest.raises(bd.InputError, match=r"cost .*picklable.*module level.*workers=1.*ThreadPool"):
        bd.check(c, grad, params, args, lint=False, workers=2)


def test_unpicklable_cost_on_a_users_process_pool_says_what_to_do():
    params, args = make()
    with ProcessPoolExecutor(2) as pool:
        with pytest.raises(bd.InputError, match=r"cost \(.*<lambda>\) to be picklable"):
            bd.check(lambda p, X, y: cost(p, X, y), grad, params, args, lint=False, executor=pool)


def test_unpicklable_cost_on_a_thread_pool_is_fine():
    params, args = make()
    with ThreadPoolExecutor(2) as pool:
        report = bd.check(lambda p, X, y: cost(p, X, y), grad, params, args, lint=False,
                          executor=pool)
    assert report.ok


def test_an_error_in_a_worker_reaches_the_parent_as_the_users_error():
    params, args = make()
    problem = from_functions(cost_raising_far_away, grad, params, args)
    far = problem.x0.copy()
    far[problem.layout.block("w2").offset] = 50.0
    with parallel_evaluation(problem, workers=2) as evaluate_many:
        with pytest.raises(bd.UserCodeError, match="cost.*ZeroDivisionError: the step went too far") as info:
            evaluate_many([problem.x0, far])
    assert "the step went too far" in info.value.user_traceback
    assert info.value.where.startswith("cost")


def test_evaluations_and_in_place_changes_are_counted_in_the_parent():
    params, args = make()
    problem = from_functions(cost_mutating_data, grad, params, args)
    points = [problem.x0 + 1e-3 * k for k in range(10)]
    with parallel_evaluation(problem, workers=2) as evaluate_many:
        values = evaluate_many(points)
    assert problem.evaluations == 10
    assert np.all(np.isfinite(values))
    changed = {what for _, what in problem.mutations.events}
    assert changed == {"the parameters", "args[0]", "args[1]"}


def test_progress_reaches_the_total():
    params, args = make()
    problem = from_functions(cost, grad, params, args)
    seen = []
    with parallel_evaluation(problem, workers=2, progress=lambda k, n: seen.append((k, n))) as ev:
        ev([problem.x0] * 37)
    assert seen[-1] == (37, 37) and seen == sorted(seen)


@pytest.mark.parametrize("workers", [0, -2, 1.5, True], ids=["zero", "negative", "float", "bool"])
def test_workers_must_be_a_positive_whole_number(workers):
    params, args = make()
    with pytest.raises(bd.InputError, match="workers must be a whole number >= 1"):
        bd.check(cost, grad, params, args, lint=False, workers=workers)


def test_executor_must_have_submit():
    params, args = make()
    with pytest.raises(bd.InputError, match="executor must be a concurrent.futures.Executor"):
        bd.check(cost, grad, params, args, lint=False, executor=object())


def test_one_worker_and_no_executor_is_the_serial_default():
    params, args = make()
    problem = from_functions(cost, grad, params, args)
    with parallel_evaluation(problem, workers=1) as evaluate_many:
        assert evaluate_many is None


def test_perturbed_points_are_built_on_demand_and_slice():
    base = np.arange(5.0)
    pts = PerturbedPoints(base, np.array([0, 0, 3, 3]), np.array([10.0, -10.0, 7.0, -7.0]))
    assert len(pts) == 4
    np.testing.assert_array_equal(pts[2], [0, 1, 2, 7, 4])
    tail = pts[2:]
    assert len(tail) == 2 and tail[1][3] == -7.0
    pts[0][1] = 99.0                      # each point is a fresh copy
    assert pts[0][1] == 1.0 and base[1] == 1.0


def test_sparse_points_change_several_entries_and_travel_to_workers():
    params, args = make()
    problem = from_functions(cost, grad, params, args)
    x = problem.x0
    pts = SparsePoints(x, [(np.array([0, 5]), np.array([1.0, -1.0])), (np.array([7]), np.array([2.0]))])
    assert pts[0][5] == -1.0 and pts[0][7] == x[7] and pts[1:][0][7] == 2.0
    serial = np.array([problem.cost(p) for p in pts])
    with parallel_evaluation(problem, workers=2) as evaluate_many:
        np.testing.assert_array_equal(evaluate_many(pts), serial)


def test_dask_executor_gives_the_serial_answer(serial_reports):
    distributed = pytest.importorskip("dask.distributed")
    params, args = make()
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        report = bd.check(cost, grad_buggy, params, args, lint=False,
                          executor=client.get_executor())
        # Dask sends functions with cloudpickle: a lambda travels too
        lam = bd.check(lambda p, X, y: cost(p, X, y), grad, params, args, lint=False,
                       executor=client.get_executor())
    assert _summary(report) == _summary(serial_reports["grad_buggy"])
    assert _summary(lam) == _summary(serial_reports["grad"])
