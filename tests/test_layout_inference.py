"""Inferring the blocks of a flat theta from how the user's own cost slices and reshapes it."""
from __future__ import annotations

import numpy as np
import pytest

import backprop_doctor as bd
from backprop_doctor.layout_inference import infer_flat_layout

RNG = np.random.default_rng(0)
X = RNG.standard_normal((6, 3))
Y = np.arange(6) % 3


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def _net(Theta1, Theta2, X, y, flip=False):
    m = len(X)
    a1 = np.hstack([np.ones((m, 1)), X])
    z2 = a1 @ Theta1.T
    a2 = np.hstack([np.ones((m, 1)), sigmoid(z2)])
    h = sigmoid(a2 @ Theta2.T)
    Yh = np.eye(Theta2.shape[0])[y]
    J = np.sum(-Yh * np.log(h) - (1 - Yh) * np.log(1 - h)) / m
    d3 = h - Yh
    d2 = (d3 @ Theta2[:, 1:]) * sigmoid(z2) * (1 - sigmoid(z2))
    g2 = d3.T @ a2 / m
    return J, d2.T @ a1 / m, (-g2 if flip else g2)


def c_views(nn_params, X, y, flip=False):
    Theta1 = nn_params[:16].reshape(4, 4)
    Theta2 = nn_params[16:].reshape(3, 5)
    J, g1, g2 = _net(Theta1, Theta2, X, y, flip)
    return J, np.concatenate([g1.ravel(), g2.ravel()])


def f_views(nn_params, X, y, flip=False):
    Theta1 = np.reshape(nn_params[:16], (4, 4), order="F")
    Theta2 = np.reshape(nn_params[16:], (3, 5), order="F")
    J, g1, g2 = _net(Theta1, Theta2, X, y, flip)
    return J, np.concatenate([g1.ravel(order="F"), g2.ravel(order="F")])


def copies(nn_params, X, y):
    Theta1 = np.array(nn_params[:16]).reshape(4, 4)          # a copy: matched by value
    Theta2 = nn_params[16:].reshape(3, 5).copy()
    return _net(Theta1, Theta2, X, y)[0]


def with_biases(theta, X, y):
    W1 = theta[:12].reshape(3, 4)
    b1 = theta[12:16]
    W2 = theta[16:28].reshape(4, 3)
    b2 = theta[28:31]
    scores = np.maximum(0, X @ W1 + b1) @ W2 + b2
    return float(np.sum(scores ** 2))


def logistic(theta, X, y):
    reg = theta[1:]                                         # only a vector: no structure
    z = np.hstack([np.ones((len(X), 1)), X]) @ theta
    return float(np.mean(np.log1p(np.exp(-z))) + 0.1 * reg @ reg)


def overlapping(theta, X, y):
    A = theta[:16].reshape(4, 4)
    B = theta[8:24].reshape(4, 4)                          # partly overlaps A: inconsistent
    return float(np.sum(A) + np.sum(B))


def mixed_orders(theta, X, y):
    A = theta[:16].reshape(4, 4)
    B = np.reshape(theta[16:31], (3, 5), order="F")
    return float(np.sum(A) + np.sum(B ** 2))


def with_transpose_kept(theta, X, y):
    Theta1 = theta[:16].reshape(4, 4)
    Theta2 = theta[16:].reshape(3, 5)
    W2 = Theta2.T                                          # the same range, seen F-ordered
    return float(np.sum(Theta1 ** 2) + np.sum(W2 ** 3))


def partial_cover(theta, X, y):
    W = theta[:12].reshape(3, 4)
    return float(np.sum(W ** 2) + np.sum(theta[12:] ** 4))


THETA = RNG.uniform(-0.5, 0.5, 31)


@pytest.mark.parametrize("fn, blocks, order", [
    (c_views, "Theta1=4x4,Theta2=3x5", "C"),
    (f_views, "Theta1=4x4,Theta2=3x5", "F"),
    (copies, "Theta1=4x4,Theta2=3x5", "C"),
    (with_biases, "W1=3x4,b1=4,W2=4x3,b2=3", "C"),
    (with_transpose_kept, "Theta1=4x4,Theta2=3x5", "C"),
    (partial_cover, "W=3x4,theta_rest=19", "C"),
])
def test_layout_is_inferred_from_views_and_copies(fn, blocks, order):
    got = infer_flat_layout(fn, THETA, (X, Y))
    assert got is not None
    assert (got.blocks, got.order) == (blocks, order)


@pytest.mark.parametrize("fn", [logistic, overlapping, mixed_orders])
def test_nothing_is_inferred_when_unsure(fn):
    assert infer_flat_layout(fn, THETA, (X, Y)) is None


def test_copies_are_found_even_when_theta_repeats_its_values():
    # observed at a point moved by ~1e-9 with distinct values: an all-equal theta still works
    got = infer_flat_layout(copies, np.full(31, 0.1), (X, Y))
    assert got is not None and got.blocks == "Theta1=4x4,Theta2=3x5"


def copies_of_flattened(nn_params, X, y):
    flat = np.asarray(nn_params).flatten()                  # a copy: everything below is too
    W1 = flat[:12].reshape(3, 4)
    b1 = flat[12:16]
    W2 = flat[16:28].reshape(4, 3)
    b2 = flat[28:31]
    return float(np.sum((np.maximum(0, X @ W1 + b1) @ W2 + b2) ** 2))


def test_vectors_of_a_copy_fill_the_gaps_by_value():
    got = infer_flat_layout(copies_of_flattened, THETA, (X, Y))
    assert got is not None and got.blocks == "W1=3x4,b1=4,W2=4x3,b2=3"


def test_a_value_match_that_does_not_repeat_at_another_point_is_dropped():
    calls = []

    def coincidence(theta, X, y):
        calls.append(1)
        # a fixed matrix equal to theta's first 16 values at the first point only
        fixed = FIRST.reshape(4, 4) if len(calls) == 1 else FIRST.reshape(4, 4) + 1.0
        return float(np.sum(fixed) + np.sum(theta ** 2))

    from backprop_doctor import layout_inference as li

    FIRST = li._distinct(THETA.astype(float), 1)[:16].copy()
    assert infer_flat_layout(coincidence, THETA, (X, Y)) is None
    assert len(calls) == 2


def test_a_cost_that_raises_infers_nothing():
    def broken(theta, X, y):
        theta[:16].reshape(4, 4)
        raise ValueError("boom")
    assert infer_flat_layout(broken, THETA, (X, Y)) is None


@pytest.mark.parametrize("fn, order", [(c_views, "C"), (f_views, "F")])
def test_inferred_layout_gives_the_same_diagnosis_as_given_blocks(fn, order):
    theta = THETA.copy()
    inferred = bd.check(lambda t, *a: fn(t, *a, flip=True), params=theta, args=(X, Y))
    given = bd.check(lambda t, *a: fn(t, *a, flip=True), params=theta, args=(X, Y),
                     blocks="Theta1=4x4,Theta2=3x5", order=order)
    assert inferred.layout == {"source": "inferred", "blocks": "Theta1=4x4,Theta2=3x5",
                               "order": order}
    assert given.layout["source"] == "given"
    assert inferred.failing_blocks == given.failing_blocks == ["Theta2"]
    assert sorted(inferred.finding_ids()) == sorted(given.finding_ids())
    assert "sign-flip" in inferred.finding_ids()
    assert np.array_equal(theta, THETA)
    text = str(inferred)
    assert "blocks inferred from how your cost slices theta" in text
    assert "--blocks Theta1=4x4,Theta2=3x5" in text


def test_no_layout_says_blocks_would_sharpen_the_diagnosis():
    def cost(theta, X, y):
        return float(np.sum(np.tanh(theta) ** 2))

    def grad(theta, X, y):
        return -2 * np.tanh(theta) * (1 - np.tanh(theta) ** 2)   # sign flipped

    report = bd.check(cost, grad, THETA.copy(), (X, Y))
    assert report.layout == {"source": "none", "blocks": None, "order": "C"}
    assert [b.name for b in report.blocks] == ["theta"]
    assert "--blocks NAME=ROWSxCOLS" in " ".join(str(report).split())
    assert report.to_dict()["layout"]["source"] == "none"


def test_inference_can_be_turned_off():
    report = bd.check(c_views, params=THETA.copy(), args=(X, Y), infer_layout=False)
    assert [b.name for b in report.blocks] == ["theta"]
    assert report.layout["source"] == "none"


def test_structured_params_keep_their_own_names():
    def cost(p, X, y):
        return float(np.sum(p["W"] ** 2))

    def grad(p, X, y):
        return {"W": 2 * p["W"]}

    report = bd.check(cost, grad, {"W": np.ones((2, 3))}, (X, Y))
    assert report.layout["source"] == "structure"


def unroll_into_containers(theta, X, y):
    weights = [theta[:12].reshape(3, 4), theta[16:28].reshape(4, 3)]
    params = {"b1": theta[12:16], "b2": theta[28:31]}
    h = np.maximum(0, X @ weights[0] + params["b1"])
    return float(np.sum((h @ weights[1] + params["b2"]) ** 2))


def test_blocks_held_in_lists_and_dicts_are_named_by_index_and_key():
    got = infer_flat_layout(unroll_into_containers, THETA, (X, Y))
    assert got is not None and got.blocks == "weights[0]=3x4,b1=4,weights[1]=4x3,b2=3"
    report = bd.check(unroll_into_containers, lambda t, X, y: np.zeros_like(t), THETA.copy(),
                      (X, Y))
    assert report.layout["blocks"] == got.blocks
    assert {"weights[0]", "weights[1]"} <= set(report.failing_blocks)


def test_notebook_cells_count_as_the_users_code():
    from backprop_doctor.observe import is_user_file

    assert is_user_file("<ipython-input-3-5f2a>")
    assert not is_user_file("<string>")


def two_shapes_one_range(theta, X, y):
    A = theta[:12].reshape(3, 4)
    B = theta[:12].reshape(4, 3)
    C = theta[12:].reshape(1, -1)
    return float(np.sum(A) + np.sum(B ** 2) + np.sum(C ** 3))


def test_one_range_reshaped_two_ways_infers_nothing():
    assert infer_flat_layout(two_shapes_one_range, THETA, (X, Y)) is None
