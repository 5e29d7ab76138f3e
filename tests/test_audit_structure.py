"""The user's own numerical checker, written for a vector or for the user's list/dict of matrices."""
from __future__ import annotations

import numpy as np
import pytest

import backprop_doctor as bd

RNG = np.random.default_rng(3)
X = RNG.standard_normal((5, 3))
T = RNG.standard_normal((5, 2))


def cost(params, X, T):
    W1, W2 = params[0], params[1]
    return float(0.5 * np.sum((np.tanh(X @ W1) @ W2 - T) ** 2))


def grad(params, X, T):
    W1, W2 = params[0], params[1]
    h = np.tanh(X @ W1)
    d = h @ W2 - T
    return [X.T @ ((d @ W2.T) * (1 - h ** 2)), h.T @ d]


PARAMS = [RNG.standard_normal((3, 4)), RNG.standard_normal((4, 2))]


def numgrad_structure(J, params, e=1e-5):
    """The checker from the issue: loops over the user's matrices and perturbs them in place."""
    grads = []
    for P in params:
        G = np.zeros_like(P)
        for idx in np.ndindex(P.shape):
            old = P[idx]
            P[idx] = old + e
            plus = J(params)
            P[idx] = old - e
            minus = J(params)
            P[idx] = old
            G[idx] = (plus - minus) / (2 * e)
        grads.append(G)
    return grads


def numgrad_structure_one_sided_not_restored(J, params, e=1e-4):
    grads = []
    base = J(params)
    for P in params:
        G = np.zeros_like(P)
        for idx in np.ndindex(P.shape):
            P[idx] += e                    # BUG: never removed, and one-sided
            G[idx] = (J(params) - base) / e
        grads.append(G)
    return grads


def numgrad_vector(J, theta, e=1e-5):
    n = theta.size                           # a list has no .size: only a vector works here
    out = np.zeros(n)
    for i in range(n):
        step = np.zeros(n)
        step[i] = e
        out[i] = (J(theta + step) - J(theta - step)) / (2 * e)
    return out


def test_structure_checker_is_handed_the_structure_and_audited():
    params = [p.copy() for p in PARAMS]
    report = bd.check(cost, grad, params, (X, T), numeric=numgrad_structure)
    assert report.ok
    assert not [f for f in report.findings if f.source == "audit"]
    assert all(np.array_equal(a, b) for a, b in zip(params, PARAMS))


def test_vector_checker_on_structured_params_is_handed_a_vector():
    report = bd.check(cost, grad, [p.copy() for p in PARAMS], (X, T), numeric=numgrad_vector)
    assert report.ok
    assert not [f for f in report.findings if f.source == "audit"]


def test_broken_structure_checker_is_blamed_not_the_gradient():
    report = bd.check(cost, grad, [p.copy() for p in PARAMS], (X, T),
                      numeric=numgrad_structure_one_sided_not_restored)
    ids = [f.id for f in report.findings if f.source == "audit"]
    assert "numgrad-mismatch" in ids and "params-mutated" in ids
    assert report.n_failed == 0                 # the gradient itself is right
    audit = next(f for f in report.findings if f.id == "numgrad-mismatch")
    assert "the checker is at fault, not the gradient" in audit.message


def test_dict_structure_checker():
    def dcost(p, X, T):
        return cost([p["W1"], p["W2"]], X, T)

    def dgrad(p, X, T):
        g1, g2 = grad([p["W1"], p["W2"]], X, T)
        return {"W1": g1, "W2": g2}

    def numgrad_dict(J, params, e=1e-5):
        out = {}
        for k in params:
            G = np.zeros_like(params[k])
            for idx in np.ndindex(G.shape):
                params[k][idx] += e
                plus = J(params)
                params[k][idx] -= 2 * e
                minus = J(params)
                params[k][idx] += e
                G[idx] = (plus - minus) / (2 * e)
            out[k] = G
        return out

    report = bd.check(dcost, dgrad, {"W1": PARAMS[0].copy(), "W2": PARAMS[1].copy()}, (X, T),
                      numeric=numgrad_dict)
    assert report.ok and not [f for f in report.findings if f.source == "audit"]


def test_checker_failing_in_both_forms_reports_its_own_error():
    def broken(J, theta):
        raise RuntimeError("my checker is broken")

    with pytest.raises(bd.UserCodeError, match="my checker is broken"):
        bd.check(cost, grad, [p.copy() for p in PARAMS], (X, T), numeric=broken)
