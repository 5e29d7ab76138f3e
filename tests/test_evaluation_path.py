"""One evaluation path: every call of the user's cost goes through Problem.call_cost, so the
count in the report is the number of calls made, whatever made them (differences, the complex
step, the batch probes of the diagnosis), and every caller refuses the same bad values."""
import numpy as np
import pytest

import backprop_doctor as bd
from backprop_doctor.problem import from_functions
from backprop_doctor.complex_step import check_complex_step


class Counted:
    """A softmax-regression cost that counts its own calls (real and complex)."""

    def __init__(self):
        self.calls = 0

    def __call__(self, W, X, y):
        self.calls += 1
        z = X @ W
        z = z - z.max(axis=1, keepdims=True).real
        p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
        return -np.mean(np.log(p[np.arange(len(y)), y]))


def grad(W, X, y):
    z = X @ W
    p = np.exp(z - z.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    p[np.arange(len(y)), y] -= 1
    return X.T @ p / len(y)


def grad_summed(W, X, y):
    return grad(W, X, y) * len(y)      # a missing 1/N: the batch probes of the diagnosis run


def _data():
    rng = np.random.default_rng(3)
    X = rng.standard_normal((12, 4))
    y = rng.integers(0, 3, 12)
    return 0.1 * rng.standard_normal((4, 3)), X, y


@pytest.mark.parametrize("g", [grad, grad_summed], ids=["correct", "missing-1/N"])
def test_n_evaluations_is_every_call_of_the_cost(g):
    W, X, y = _data()
    cost = Counted()
    report = bd.check(cost, g, W, (X, y), lint=False, config=False)
    assert report.ok == (g is grad)
    assert report.n_evaluations == cost.calls


def test_complex_step_calls_are_counted_by_the_problem():
    W, X, y = _data()
    cost = Counted()
    problem = from_functions(cost, grad, W, (X, y))
    result = check_complex_step(problem)
    assert result.max_rel_error < 1e-10
    assert problem.evaluations == cost.calls
    assert result.n_evaluations == cost.calls     # the safety probe's differences included
    report = bd.check(cost, grad, W, (X, y), complex_step=True, lint=False, config=False)
    assert report.ok and report.n_evaluations == cost.calls - problem.evaluations


def test_complex_step_goes_through_forward_and_loss_too():
    W, X, y = _data()
    calls = []

    def forward(W, X):
        calls.append("forward")
        return X @ W

    def loss(z, y):
        z = z - z.max(axis=1, keepdims=True).real
        p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
        return -np.mean(np.log(p[np.arange(len(y)), y]))

    report = bd.check(None, grad, W, (X, y), forward=forward, loss=loss, complex_step=True,
                      lint=False, config=False)
    assert report.ok and report.n_evaluations == len(calls)


@pytest.mark.parametrize("returned, message", [
    ("None", r"returned None \(missing return\?\)"),
    ('"0.5"', r"returned a string '0.5'"),
    ("complex(float(np.sum(w ** 2)), 1.0)", r"non-zero imaginary part"),
])
def test_train_refuses_what_the_check_refuses(tmp_path, capsys, returned, message):
    import re

    from backprop_doctor.cli import main

    (tmp_path / "prog.py").write_text(
        "import numpy as np\nparams = np.ones(3)\n"
        f"def cost(w):\n    s = float(np.sum(w ** 2))\n    return {returned}\n"
        "def step(w):\n    return w - 0.2 * w\n")
    prog = str(tmp_path / "prog.py")
    code = main(["train", prog + ":step", "--cost", prog + ":cost", "--params", prog + ":params",
                 "--steps", "5"])
    err = capsys.readouterr().err
    assert code == 2 and re.search(message, " ".join(err.split())), err
