"""Every reference case says what is true of it: correct cases agree with central differences,
known-bug variants fail in exactly the blocks they declare.  The measurement here is our own,
independent of backprop_doctor, so the table in reference_models is checked against numbers."""
from __future__ import annotations

import copy
import inspect

import numpy as np
import pytest

import reference_models.layers as layer_cases
import reference_models.variants as gradient_cases
from reference_models import all_cases
from reference_models.nets import dict_relu

# Central differences in float64: step 1e-6 relative; an entry fails above 1e-5 relative error
# (and 1e-8 absolute, far above the ~1e-10 round-off of a cost of size ~1 at this step).
STEP, RTOL, ATOL = 1e-6, 1e-5, 1e-8
# float32 arithmetic inside the user's code: round-off ~6e-8 * |J| / h, so a larger step and tolerance.
STEP32, RTOL32, ATOL32 = 1e-3, 3e-2, 3e-4


# -- parameters as named blocks (the contract's names) ---------------------------------------------

def _leaves(p, name):
    if isinstance(p, dict):
        for key, value in p.items():
            yield from _leaves(value, f"{name}.{key}" if name else str(key))
    elif isinstance(p, (list, tuple)):
        for i, value in enumerate(p):
            yield from _leaves(value, f"{name or 'params'}[{i}]")
    else:
        yield name or "theta", np.asarray(p)


def _rebuild(template, flat, pos=None):
    """A fresh copy of `template`'s structure filled from `flat`, in the template's dtypes."""
    pos = [0] if pos is None else pos
    if isinstance(template, dict):
        return {k: _rebuild(v, flat, pos) for k, v in template.items()}
    if isinstance(template, (list, tuple)):
        return type(template)(_rebuild(v, flat, pos) for v in template)
    arr = np.asarray(template)
    out = flat[pos[0]:pos[0] + arr.size].reshape(arr.shape).astype(arr.dtype)
    pos[0] += arr.size
    return out


def parse_layout(layout):
    blocks = []
    for part in layout.split(","):
        name, dims = part.split("=")
        blocks.append((name.strip(), int(np.prod([int(d) for d in dims.split("x")]))))
    return blocks


def block_slices(params, layout=None):
    """[(name, slice)] over the flat vector, in block order."""
    if layout:
        out, start = [], 0
        for name, size in parse_layout(layout):
            out.append((name, slice(start, start + size)))
            start += size
        return out
    out, start = [], 0
    for name, arr in _leaves(params, None):
        out.append((name, slice(start, start + arr.size)))
        start += arr.size
    return out


def flatten(params):
    return np.concatenate([np.asarray(a, dtype=np.float64).ravel() for _, a in _leaves(params, None)])


# -- the measurement -------------------------------------------------------------------------------

def cost_function(problem):
    """J(flat) on fresh copies of the params and args, so in-place changes cannot leak."""
    params, args = problem["params"], tuple(problem.get("args", ()))
    cost, forward, loss = problem.get("cost"), problem.get("forward"), problem.get("loss")

    def J(flat):
        p, a = _rebuild(params, flat), copy.deepcopy(args)
        if cost is not None:
            return float(cost(p, *a))
        return float(loss(forward(p, a[0]), *a[1:]))

    return J


def numeric_gradient(J, x, step):
    g = np.zeros_like(x)
    for i in range(x.size):
        h = step * max(1.0, abs(x[i]))
        xp, xm = x.copy(), x.copy()
        xp[i] += h
        xm[i] -= h
        g[i] = (J(xp) - J(xm)) / (2 * h)
    return g


def analytic_gradient(problem):
    params, args = problem["params"], tuple(problem.get("args", ()))
    return flatten(problem["grad"](copy.deepcopy(params), *copy.deepcopy(args)))


def failing_entries(analytic, numeric, rtol=RTOL, atol=ATOL):
    err = np.abs(analytic - numeric)
    scale = np.maximum(np.abs(analytic), np.abs(numeric))
    return (err > atol) & (err > rtol * scale)


def measure(problem, float32=False):
    """(analytic, numeric, failing mask, [(block, slice)])."""
    x = flatten(problem["params"])
    step, rtol, atol = (STEP32, RTOL32, ATOL32) if float32 else (STEP, RTOL, ATOL)
    numeric = numeric_gradient(cost_function(problem), x, step)
    analytic = analytic_gradient(problem)
    assert analytic.shape == numeric.shape
    return analytic, numeric, failing_entries(analytic, numeric, rtol, atol), \
        block_slices(problem["params"], problem.get("blocks"))


def failing_blocks(problem, float32=False):
    _, _, bad, slices = measure(problem, float32)
    return tuple(name for name, sl in slices if bad[sl].any())


def measure_layer(problem, seed=0):
    """(failing input names, all float input names) of a layer against central differences of
    sum(out * dout) for a random upstream dout."""
    inputs, forward, backward = problem["inputs"], problem["forward"], problem["backward"]
    out, cache = forward(**copy.deepcopy(inputs))
    dout = np.random.default_rng(seed).normal(size=np.shape(out))
    grads = backward(dout, cache)
    assert len(grads) == len(inputs)
    bad, checked = [], []
    for (name, value), g in zip(inputs.items(), grads):
        if g is None:
            assert not np.issubdtype(np.asarray(value).dtype, np.floating), name
            continue
        checked.append(name)

        def J(flat, name=name):
            moved = copy.deepcopy(inputs)
            moved[name] = flat.reshape(np.shape(value))
            return float(np.sum(forward(**moved)[0] * dout))

        numeric = numeric_gradient(J, np.asarray(value, dtype=float).ravel(), STEP)
        if failing_entries(np.asarray(g, dtype=float).ravel(), numeric).any():
            bad.append(name)
    return tuple(bad), tuple(checked)


# -- the cases -------------------------------------------------------------------------------------

GRADIENT = list(gradient_cases.CASES)
LAYER = list(layer_cases.CASES)
SEEDS = (0, 1)


def ids(cases):
    return [c.name for c in cases]


DYNAMIC_RULES = (
    "sign-flip", "scale-mismatch", "skipped-first-parameter", "missing-softmax-backprop",
    "regularization-mismatch", "bias-mismatch", "transposed-gradient", "hidden-layer-mismatch",
    "stale-accumulator", "nondeterministic-loss", "params-mutated",
)


def by_name(name):
    return next(c for c in GRADIENT + LAYER if c.name == name)


# -- the table itself ------------------------------------------------------------------------------

@pytest.mark.parametrize("case", GRADIENT + LAYER, ids=ids(GRADIENT + LAYER))
def test_case_is_registered_and_well_formed(case):
    from reference_models.cases import BUILD_KEYS

    assert all_cases()[case.name] is case
    problem = case.build(0)
    assert set(problem) <= set(BUILD_KEYS[case.kind])
    if case.correct:
        assert case.failing_blocks == () and case.rules == () and case.rules_any == ()
    else:
        assert case.rules or case.rules_any
    if case.kind == "gradient":
        assert flatten(problem["params"]).size <= 300
        if problem.get("blocks"):
            assert sum(size for _, size in parse_layout(problem["blocks"])) == flatten(problem["params"]).size
        names = [name for name, _ in block_slices(problem["params"], problem.get("blocks"))]
        assert set(case.failing_blocks) <= set(names)
    else:
        assert set(case.failing_blocks) <= set(problem["inputs"])


@pytest.mark.parametrize("rule", DYNAMIC_RULES)
def test_every_dynamic_rule_has_a_gradient_variant(rule):
    named = [c.name for c in GRADIENT if rule in c.rules + c.rules_any]
    assert named, f"no known-bug variant for {rule}"


# -- measured blocks -------------------------------------------------------------------------------

@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("case", GRADIENT, ids=ids(GRADIENT))
def test_gradient_case_fails_in_exactly_its_blocks(case, seed):
    problem = case.build(seed)
    if "kink" in case.tags:
        _, _, bad, slices = measure(problem)
        kinked = dict_relu.kink_entries(problem["params"], problem["args"][0])
        assert kinked.any()
        allowed = np.zeros_like(bad)
        allowed[dict(slices)["b1"]] = kinked
        assert bad.any() and not (bad & ~allowed).any()  # mismatches exist, and only on kinks
        return
    if "nondeterministic-loss" in case.rules:
        # No block verdict: two numerical gradients at the same point already disagree.
        J, x = cost_function(problem), flatten(problem["params"])
        first, second = numeric_gradient(J, x, STEP), numeric_gradient(J, x, STEP)
        assert failing_entries(first, second).all() and case.failing_blocks == ()
        return
    assert failing_blocks(problem, float32="float32" in case.tags) == case.failing_blocks


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("case", LAYER, ids=ids(LAYER))
def test_layer_case_fails_in_exactly_its_inputs(case, seed):
    bad, checked = measure_layer(case.build(seed), seed)
    assert checked and bad == case.failing_blocks


# -- what the bugs look like in numbers ------------------------------------------------------------

def _block(problem, name):
    analytic, numeric, _, slices = measure(problem)
    return analytic[dict(slices)[name]], numeric[dict(slices)[name]]


@pytest.mark.parametrize("name,block,factor", [
    ("logistic/missing-1-over-m", "theta", 12.0),
    ("tanh-mse/factor-2", "hidden.W", 2.0),
    ("tanh-mse/factor-2", "out.b", 2.0),
    ("dict-relu/missing-1-over-n", "W2", 10.0),
    ("list-softmax/error-y-minus-p", "params[0]", -1.0),
    ("colmajor-softmax/error-y-minus-p", "b2", -1.0),
    ("colmajor-softmax/bias-mean-not-sum", "b1", 1 / 9),
], ids=lambda v: str(v))
def test_constant_factor_variants(name, block, factor):
    analytic, numeric = _block(by_name(name).build(0), block)
    np.testing.assert_allclose(analytic, factor * numeric, rtol=1e-6, atol=1e-9)


def test_sigmoid_sign_flips_only_the_data_term_of_theta2():
    problem = by_name("two-layer-sigmoid/sigmoid-sign").build(0)
    analytic, numeric = _block(problem, "theta2")
    lam, m = problem["args"][-1], len(problem["args"][0])
    reg = np.zeros((3, 6))
    reg[:, 1:] = lam / m * problem["params"][20:].reshape(3, 6)[:, 1:]
    np.testing.assert_allclose(analytic - reg.ravel(), -(numeric - reg.ravel()), rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("name,block,shape,order", [
    ("dict-relu/transposed-square-W1", "W1", (5, 5), "T"),
    ("two-layer-sigmoid/unrolled-fortran-order", "theta1", (5, 4), "F"),
    ("two-layer-sigmoid/unrolled-fortran-order", "theta2", (3, 6), "F"),
])
def test_transposed_variants_hold_the_true_block_rearranged(name, block, shape, order):
    analytic, numeric = _block(by_name(name).build(0), block)
    true = numeric.reshape(shape)
    expected = true.T.ravel() if order == "T" else true.ravel(order="F")
    np.testing.assert_allclose(analytic, expected, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("name", ["logistic/loop-skips-bias", "two-layer-sigmoid/numeric-fprime-from-1"])
def test_skipped_first_variants_are_wrong_only_at_entry_0(name):
    analytic, numeric, bad, _ = measure(by_name(name).build(0))
    assert analytic[0] == 0.0 and numeric[0] != 0.0
    assert bad[0] and not bad[1:].any()


def test_users_numgrad_skips_first_entry_only():
    problem = by_name("logistic/numgrad-skips-first").build(0)
    J = cost_function(problem)
    theta = flatten(problem["params"])
    theirs, ours = problem["numeric"](J, theta.copy()), numeric_gradient(J, theta, STEP)
    bad = failing_entries(theirs, ours, rtol=1e-6)
    assert theirs[0] == 0.0 and bad[0] and not bad[1:].any()


def test_regularised_bias_fails_only_in_bias_columns():
    _, _, bad, slices = measure(by_name("two-layer-sigmoid/regularised-bias").build(0))
    for name, shape in (("theta1", (5, 4)), ("theta2", (3, 6))):
        mask = bad[dict(slices)[name]].reshape(shape)
        assert mask[:, 0].all() and not mask[:, 1:].any()


def test_bias_column_variant_fails_only_in_last_columns():
    _, _, bad, slices = measure(by_name("list-softmax/bias-column-one-sample").build(0))
    for name, shape in (("params[0]", (4, 4)), ("params[1]", (3, 5))):
        mask = bad[dict(slices)[name]].reshape(shape)
        assert mask[:, -1].all() and not mask[:, :-1].any()


def test_float32_cases_really_compute_in_float32():
    """At the float64 step and tolerance the float32 cases fail: the low precision is real."""
    for case in GRADIENT:
        if "float32" in case.tags:
            assert failing_blocks(case.build(0), float32=False), case.name


# -- state and side effects ------------------------------------------------------------------------

def _call_twice(fn, problem):
    params, args = problem["params"], problem["args"]
    first = flatten(fn(copy.deepcopy(params), *copy.deepcopy(args)))
    second = flatten(fn(copy.deepcopy(params), *copy.deepcopy(args)))
    return first, second


@pytest.mark.parametrize("case", GRADIENT, ids=ids(GRADIENT))
def test_gradient_is_repeatable_unless_stale(case):
    first, second = _call_twice(case.build(0)["grad"], case.build(0))
    stale = "stale-accumulator" in case.rules
    assert np.array_equal(first, second) != stale


@pytest.mark.parametrize("case", GRADIENT, ids=ids(GRADIENT))
def test_cost_is_repeatable_unless_nondeterministic(case):
    problem = case.build(0)
    J = cost_function(problem)
    x = flatten(problem["params"])
    assert (J(x) == J(x)) != ("nondeterministic-loss" in case.rules)


@pytest.mark.parametrize("case", GRADIENT, ids=ids(GRADIENT))
def test_only_params_mutated_variants_change_their_inputs(case):
    problem = case.build(0)
    before = copy.deepcopy((problem["params"], problem["args"]))
    if problem.get("cost") is not None:
        problem["cost"](problem["params"], *problem["args"])
    else:
        problem["loss"](problem["forward"](problem["params"], problem["args"][0]), *problem["args"][1:])
    problem["grad"](problem["params"], *problem["args"])
    unchanged = (np.array_equal(flatten(before[0]), flatten(problem["params"]))
                 and all(np.array_equal(a, b) for a, b in zip(before[1], problem["args"])))
    assert unchanged != ("params-mutated" in case.rules)


def test_kink_point_is_exactly_on_the_relu_corner():
    params, X, _ = dict_relu.kink_point(0)
    z1 = dict_relu.hidden(params, X)[0]
    assert np.count_nonzero(z1 == 0.0) == dict_relu.N_ZERO_ROWS * np.count_nonzero(params["b1"] == 0.0)


# -- backprop_doctor agrees --------------------------------------------------------------------------

def _bd(entry_point):
    import backprop_doctor as bd

    if not hasattr(bd, entry_point):
        pytest.skip(f"backprop_doctor.{entry_point} is not written yet")
    return bd


def _bd_check(bd, problem, seed):
    kwargs = dict(blocks=problem.get("blocks"), order=problem.get("order", "C"),
                  forward=problem.get("forward"), loss=problem.get("loss"), seed=seed)
    if "numeric" in problem and "numeric" in inspect.signature(bd.check).parameters:
        kwargs["numeric"] = problem["numeric"]
    return bd.check(problem.get("cost"), problem["grad"], problem["params"],
                    tuple(problem.get("args", ())), **kwargs)


def _assert_report_matches(case, report):
    errors = [f.id for f in report.findings if f.severity == "error"]
    if case.correct:
        assert report.ok and not errors, (report.n_failed, errors)
    else:
        assert not report.ok
        assert {b.name for b in report.blocks if not b.ok} == set(case.failing_blocks)


# Cases whose verdict is in the blocks.  Variants with no failing block (params-mutated,
# nondeterministic-loss, the user's own checker) are told apart only by findings: their rule ids
# are asserted by the diagnosis tests, not here.
BLOCK_GRADIENT = [c for c in GRADIENT if c.correct or c.failing_blocks]
BLOCK_LAYER = [c for c in LAYER if c.correct or c.failing_blocks]


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("case", BLOCK_GRADIENT, ids=ids(BLOCK_GRADIENT))
def test_backprop_doctor_check_agrees(case, seed):
    bd = _bd("check")
    _assert_report_matches(case, _bd_check(bd, case.build(seed), seed=seed))


FINDING_ONLY = [c for c in GRADIENT if not c.correct and not c.failing_blocks]


@pytest.mark.parametrize("case", FINDING_ONLY, ids=ids(FINDING_ONLY))
def test_backprop_doctor_flags_variants_without_failing_blocks(case):
    """No block fails, yet the verdict is not ok: an error-level finding carries it."""
    bd = _bd("check")
    report = _bd_check(bd, case.build(0), seed=0)
    assert not report.ok and report.n_failed == 0
    assert any(f.severity == "error" for f in report.findings)


@pytest.mark.parametrize("case", BLOCK_LAYER, ids=ids(BLOCK_LAYER))
def test_backprop_doctor_check_layer_agrees(case):
    bd = _bd("check_layer")
    problem = case.build(0)
    _assert_report_matches(case, bd.check_layer(problem["forward"], problem["backward"],
                                                problem["inputs"], seed=0))
