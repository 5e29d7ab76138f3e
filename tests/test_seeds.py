"""The seeds' programs: the sources keep the users' code, the adapters reproduce what the users saw,
and each case's declared failing blocks match our own central differences (float64, step 1e-6
relative; an entry fails above 1e-5 relative error unless both sides agree to 1e-8)."""
from __future__ import annotations

import copy
import importlib
import inspect
import re
from pathlib import Path

import numpy as np
import pytest

from reference_models import all_cases
from reference_models.seeds import (seed000, seed000_original, seed001, seed001_fixed,
                                    seed001_original, seed003, seed003_original)

SEEDS_DIR = Path(seed000.__file__).parent
STEP, RTOL, ATOL = 1e-6, 1e-5, 1e-8
SEED_CASES = {name: case for name, case in all_cases().items() if "seed" in case.tags}


# -- our own measurement ---------------------------------------------------------------------------

def leaves(p, name=None):
    if isinstance(p, dict):
        for key, value in p.items():
            yield from leaves(value, f"{name}.{key}" if name else str(key))
    elif isinstance(p, (list, tuple)):
        for i, value in enumerate(p):
            yield from leaves(value, f"{name or 'params'}[{i}]")
    else:
        yield name or "theta", np.asarray(p, dtype=np.float64)


def rebuild(template, flat, pos):
    if isinstance(template, dict):
        return {k: rebuild(v, flat, pos) for k, v in template.items()}
    if isinstance(template, (list, tuple)):
        return type(template)(rebuild(v, flat, pos) for v in template)
    shape = np.shape(template)
    size = int(np.prod(shape))
    out = flat[pos[0]:pos[0] + size].reshape(shape).copy()
    pos[0] += size
    return out


def flatten(p):
    return np.concatenate([a.ravel() for _, a in leaves(p)])


def block_slices(problem):
    if problem.get("blocks"):
        out, start = [], 0
        for part in problem["blocks"].split(","):
            name, dims = part.split("=")
            size = int(np.prod([int(d) for d in dims.split("x")]))
            out.append((name, slice(start, start + size)))
            start += size
        return out
    out, start = [], 0
    for name, arr in leaves(problem["params"]):
        out.append((name, slice(start, start + arr.size)))
        start += arr.size
    return out


def true_and_analytic(problem):
    params, args = problem["params"], problem["args"]
    if problem.get("cost") is not None:
        cost = problem["cost"]
    else:
        def cost(p, X, *rest):
            return problem["loss"](problem["forward"](p, X), *rest)

    def J(flat):
        return float(cost(rebuild(params, flat, [0]), *copy.deepcopy(args)))

    x = flatten(params)
    numeric = np.zeros_like(x)
    for i in range(x.size):
        h = STEP * max(1.0, abs(x[i]))
        xp, xm = x.copy(), x.copy()
        xp[i] += h
        xm[i] -= h
        numeric[i] = (J(xp) - J(xm)) / (2 * h)
    analytic = flatten(problem["grad"](copy.deepcopy(params), *copy.deepcopy(args)))
    return numeric, analytic


def measured_failing_blocks(problem):
    numeric, analytic = true_and_analytic(problem)
    err = np.abs(analytic - numeric)
    bad = (err > ATOL) & (err > RTOL * np.maximum(np.abs(analytic), np.abs(numeric)))
    return tuple(name for name, sl in block_slices(problem) if bad[sl].any())


# -- the table -------------------------------------------------------------------------------------

def test_every_seed_has_an_original_and_a_correct_case():
    names = set(SEED_CASES)
    assert {"seed000/original", "seed000/fixed", "seed001/original", "seed001/fixed",
            "seed002/classifier", "seed003/original", "seed003/fixed"} <= names
    for name, case in SEED_CASES.items():
        assert case.correct == (not name.endswith("/original")), name
        assert case.kind == "gradient" and case.description and case.notes


@pytest.mark.parametrize("seed", [0, 1, 2], ids=lambda s: f"seed={s}")
@pytest.mark.parametrize("name", sorted(SEED_CASES), ids=str)
def test_declared_failing_blocks_are_measured(name, seed):
    case = SEED_CASES[name]
    assert measured_failing_blocks(case.build(seed)) == case.failing_blocks


# -- seed 001: what the asker saw ------------------------------------------------------------------

@pytest.mark.parametrize("seed", [0, 1, 2], ids=lambda s: f"seed={s}")
def test_seed001_sign_error_cancels_in_theta1_and_flips_theta2_data_term(seed):
    problem = seed001.build_original(seed)
    numeric, analytic = true_and_analytic(problem)
    assert np.max(np.abs(analytic[:20] - numeric[:20])) < 1e-8
    theta2_true, theta2_user = numeric[20:].reshape(3, 6), analytic[20:].reshape(3, 6)
    np.testing.assert_allclose(theta2_user[:, 0], -theta2_true[:, 0], rtol=1e-6)  # bias: no lambda
    theta2 = problem["params"][20:].reshape(3, 6)
    lam_term = problem["args"][-1] / len(problem["args"][0]) * theta2[:, 1:]
    np.testing.assert_allclose(theta2_user[:, 1:] - lam_term, -(theta2_true[:, 1:] - lam_term),
                               rtol=1e-5, atol=1e-9)


@pytest.mark.parametrize("module, first_is_zero", [(seed001_original, True), (seed001_fixed, False)],
                         ids=["original", "fixed"])
def test_seed001_numerical_checker_skips_theta0(module, first_is_zero):
    params, args = seed001.problem_point(0)

    def J(theta):
        return module.computeCost(theta, *args)

    users = module.computeNumericalGradient(J, params)
    numeric, _ = true_and_analytic(dict(cost=module.computeCost, grad=module.gradient,
                                        params=params, args=args))
    assert abs(numeric[0]) > 1e-4
    assert (users[0] == 0.0) == first_is_zero
    np.testing.assert_allclose(users[1:], numeric[1:], rtol=1e-5, atol=1e-9)


def test_seed001_relative_difference_is_as_large_as_the_askers():
    """The asker printed 6.6; the fixed code gives the answer's ~1e-2 (its first entry) or less."""
    params, args = seed001.problem_point(0)
    rel = {}
    for name, module in (("original", seed001_original), ("fixed", seed001_fixed)):
        grad = module.gradient(params, *args)
        num = seed001_original.computeNumericalGradient(lambda t: module.computeCost(t, *args), params)
        rel[name] = np.linalg.norm(num - grad) / np.linalg.norm(num + grad)
    assert rel["original"] > 1.0
    assert rel["fixed"] < 0.05


# -- seed 000 and 003 adapters: faithful to the user's code ----------------------------------------

def test_seed000_gradient_is_the_users_backprop_minus_the_print(capsys):
    problem = seed000.build(0)
    net = seed000._net(problem["params"])
    net.gradient_check = lambda *a, **k: None
    for x, y in zip(seed000.X, seed000.Y):
        for ours, theirs in zip(seed000._backprop(net, x, y), seed000_original.NN.backprop(net, x, y)):
            np.testing.assert_array_equal(ours, theirs)
    assert "analytic:" in capsys.readouterr().out  # the user's own backprop prints


def test_seed000_update2_matches_the_original_loop(capsys):
    state = np.random.get_state()
    try:
        np.random.seed(3)
        weights = seed000_original.update2()
        np.random.seed(3)
        ours = seed000.update2_train_from([np.random.rand(2, 3) for _ in range(2)])
    finally:
        np.random.set_state(state)
    for a, b in zip(weights, ours):
        np.testing.assert_allclose(a, b, rtol=1e-12)
    assert "[[" in capsys.readouterr().out


@pytest.mark.parametrize("lr", [1.0, 0.3], ids=["lr=1", "lr=0.3"])
def test_seed003_gradient_is_train_batchs_step(lr):
    problem = seed003.build(0)
    X, T = problem["args"]
    g = problem["grad"](problem["params"], X, T)
    net = seed003._net(problem["params"], lr=lr)
    error = net.train_batch(X.T, T.T)
    for key in ("wih", "who"):
        np.testing.assert_allclose(getattr(net, key), problem["params"][key] - lr * g[key], rtol=1e-12,
                                   atol=1e-15)
    assert error == pytest.approx(problem["cost"](problem["params"], X, T), rel=1e-12)


def test_adapters_leave_params_unchanged():
    for name, case in SEED_CASES.items():
        problem = case.build(0)
        before = flatten(problem["params"]).copy()
        problem["grad"](problem["params"], *problem["args"])
        np.testing.assert_array_equal(flatten(problem["params"]), before, err_msg=name)


# -- the sources: the users' code, importable without side effects ---------------------------------

@pytest.mark.parametrize("module", ["seed000_original", "seed001_original", "seed003_original"])
def test_importing_an_original_runs_nothing(module, capsys):
    importlib.reload(importlib.import_module(f"reference_models.seeds.{module}"))
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("module, snippet", [
    (seed000_original, "self.weights = [np.random.rand(layers[1], layers[0]+1)]"),
    (seed000_original, "weights = [np.random.rand(2, 3) for _ in range(2)]"),
    (seed000_original, "weights[0] -= .03*weights[0]*dcdw0"),
    (seed000_original, "grad_w = [n+o for n, o in zip(self.backprop(x, y), grad_w)]"),
    (seed001_original, "return 1 / (1+np.exp(z))"),
    (seed001_original, "for p in range(1, np.size(theta)):"),
    (seed003_original, "final_outputs = self.activation_function(final_input) # OxN -> OxN"),
    (seed003_original, "final_outputs = np.exp(final_outputs) # OxN"),
], ids=["positive-init-class", "positive-init-update2", "update-times-weights", "accumulator",
        "sigmoid-sign", "loop-skips-first", "activation-before-softmax", "exp-softmax"])
def test_the_users_mistakes_are_in_the_source(module, snippet):
    assert snippet in inspect.getsource(module)


def test_seed000_accumulator_is_created_outside_the_epoch_loop():
    source = inspect.getsource(seed000_original.NN.grad_descent)
    assert source.index("grad_w = [np.zeros_like(w)") < source.index("for _ in range(epochs):")


def _section(text, start, stop):
    lines = text.splitlines()
    begin = next(i for i, line in enumerate(lines) if line.startswith(start))
    end = next(i for i, line in enumerate(lines) if i > begin and line.startswith(stop))
    return "\n".join(lines[begin:end]).rstrip()


def test_seed003_python3_is_the_python2_text_with_print_calls_and_floor_division():
    py2 = (SEEDS_DIR / "seed003_original_py2.txt").read_text(encoding="utf-8")
    py3 = (SEEDS_DIR / "seed003_original.py").read_text(encoding="utf-8")
    converted = re.sub(r'print (.+)$', r'print(\1)', _section(py2, "class NeuralNetwork", "# Edit 1"),
                       flags=re.M).replace("len(training_data) / batch", "len(training_data) // batch")
    assert converted == _section(py3, "class NeuralNetwork:", "class NeuralNetworkEdit1")
    edit1_py2 = py2[py2.index("# Edit 1"):].split("\n", 1)[1].rstrip()
    edit1_py3 = py3[py3.index("    def train_batch", py3.index("class NeuralNetworkEdit1")):].rstrip()
    assert edit1_py2 == edit1_py3


def test_seed003_python2_text_is_not_importable_python3():
    with pytest.raises(SyntaxError):
        compile((SEEDS_DIR / "seed003_original_py2.txt").read_text(encoding="utf-8"), "py2", "exec")
