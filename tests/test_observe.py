"""observe.watch_call: the user's own frames and their locals, seen during one real call."""
import sys

import numpy as np
import pytest

from backprop_doctor.observe import arrays_in, is_user_file, watch_call


def _sigmoid(z):
    s = 1.0 / (1.0 + np.exp(-z))
    return s


def _ex4_cost(nn_params, X, y, n, h, k):
    Theta1 = nn_params[:h * (n + 1)].reshape(h, n + 1)
    Theta2 = nn_params[h * (n + 1):].reshape(k, h + 1)
    a1 = np.hstack([np.ones((len(X), 1)), X])
    a2 = np.hstack([np.ones((len(X), 1)), _sigmoid(a1 @ Theta1.T)])
    p = _sigmoid(a2 @ Theta2.T)
    return float(-np.mean(np.sum(y * np.log(p) + (1 - y) * np.log(1 - p), axis=1)))


def _data():
    rng = np.random.default_rng(0)
    n, h, k, m = 3, 4, 2, 5
    theta = rng.normal(size=h * (n + 1) + k * (h + 1))
    X = rng.normal(size=(m, n))
    y = np.eye(k)[rng.integers(0, k, m)]
    return theta, (X, y, n, h, k)


def test_watch_call_returns_result_and_the_users_frames_with_views_of_theta():
    theta, args = _data()
    value, records = watch_call(_ex4_cost, theta, *args)
    assert value == _ex4_cost(theta, *args)
    top = [r for r in records if r.function == "_ex4_cost"]
    assert len(top) == 1 and top[0].depth == 0
    # the reshaped slices are views of the theta we passed: their memory is inside it
    assert np.shares_memory(top[0].locals["Theta1"], theta)
    assert top[0].locals["Theta2"].shape == (2, 5)
    # the helper the cost called is seen too, one level down, once per call
    inner = [r for r in records if r.function == "_sigmoid"]
    assert len(inner) == 2 and all(r.depth == 1 for r in inner)
    names = {name for _, name, _ in arrays_in(records)}
    assert {"Theta1", "Theta2", "a1", "a2", "p", "z", "s"} <= names


def test_numpy_and_stdlib_frames_are_not_recorded():
    theta, args = _data()
    _, records = watch_call(_ex4_cost, theta, *args)
    assert all(is_user_file(r.filename) for r in records)
    assert not is_user_file(np.__file__)
    assert not is_user_file(pytest.__file__)
    assert not is_user_file("<stdin>")


def test_profile_hook_restored_when_the_user_function_raises():
    def previous(frame, event, arg):
        return None

    def broken(theta):
        raise ValueError("shapes do not align")

    sys.setprofile(previous)
    try:
        with pytest.raises(ValueError, match="shapes do not align"):
            watch_call(broken, np.zeros(3))
        assert sys.getprofile() is previous
    finally:
        sys.setprofile(None)
