"""Reading the point and the arguments from how the user's script itself calls the function."""
from __future__ import annotations

import json

import numpy as np
import pytest

from backprop_doctor.cli import main

COMMON = '''
import numpy as np

def costFunction(theta, X, y, lambda_=0.0):
    h = 1 / (1 + np.exp(-(X @ theta)))
    J = -np.mean(y * np.log(h) + (1 - y) * np.log(1 - h)) + lambda_ / 2 * theta[1:] @ theta[1:]
    grad = X.T @ (h - y) / len(y)
    grad[1:] += lambda_ * theta[1:]
    return J, {scale}grad

rng = np.random.default_rng(1)
Xd = np.hstack([np.ones((12, 1)), rng.standard_normal((12, 2))])
labels = (Xd[:, 1] > 0).astype(float)
init = rng.standard_normal(3) * 0.1
'''

CALLS = {
    "minimize": "import scipy.optimize as op\nres = op.minimize(costFunction, init, args=(Xd, labels, 0.5), jac=True)\n",
    "direct": "J, grad = costFunction(init, Xd, labels, lambda_=0.5)\n",
}


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("call", ["minimize", "direct"])
@pytest.mark.parametrize("scale, code", [("", 0), ("3 * ", 1)])
def test_point_and_args_come_from_the_scripts_own_call(capsys, tmp_path, call, scale, code):
    pytest.importorskip("scipy")
    path = tmp_path / f"lr_{call}.py"
    path.write_text(COMMON.format(scale=scale) + CALLS[call])
    got, out, err = run(capsys, "check", str(path) + ":costFunction", "--json")
    assert got == code, err
    flat = " ".join(err.split())
    assert "as the script calls it at line" in flat and "parameters from the call" in flat
    report = json.loads(out)
    assert report["n_params"] == 3
    if code:
        assert "scale-mismatch" in [f["id"] for f in report["findings"]]


def test_calls_inside_functions_with_local_names_are_skipped(capsys, tmp_path):
    path = tmp_path / "inside.py"
    path.write_text(COMMON.format(scale="") + "def train(A, b):\n    return costFunction(init, A, b)\n"
                    "X, y, theta = Xd, labels, init\n")
    code, _, err = run(capsys, "check", str(path) + ":costFunction")
    assert code == 0, err
    assert "args X, y" in " ".join(err.split())          # fell back to the parameter names


def test_calls_with_computed_arguments_are_not_run(capsys, tmp_path):
    path = tmp_path / "computed.py"
    path.write_text(COMMON.format(scale="") + "SIDE = []\n"
                    "def effect():\n    SIDE.append(1)\n    return Xd\n"
                    "X, y, theta = Xd, labels, init\n"
                    "def later():\n    return costFunction(init, effect(), labels)\n")
    code, _, err = run(capsys, "check", str(path) + ":costFunction")
    assert code == 0, err
    import sys

    assert sys.modules["computed"].SIDE == []


def test_fmin_cg_call_gives_the_gradients_point(capsys, tmp_path):
    pytest.importorskip("scipy")
    path = tmp_path / "cg.py"
    path.write_text(COMMON.format(scale="") + (
        "from scipy.optimize import fmin_cg\n"
        "def cost(t, *a):\n    return costFunction(t, *a)[0]\n"
        "def gradient(t, *a):\n    return costFunction(t, *a)[1]\n"
        "start = init.copy()\n"
        "theta_opt = fmin_cg(cost, start, fprime=gradient, args=(Xd, labels), maxiter=1, disp=False)\n"))
    code, _, err = run(capsys, "check", str(path) + ":gradient")
    assert code == 0, err
    flat = " ".join(err.split())
    assert "fmin_cg(cost, start, fprime=gradient" in flat and "cost cost" in flat


def test_a_call_inside_a_function_with_its_own_arguments_is_not_the_scripts_call(tmp_path):
    import types

    from backprop_doctor.call_sites import find_call

    source = (
        "import numpy as np\n"
        "X = np.ones((2, 3)); y = np.zeros(2); W = np.zeros(3)\n"
        "def grad(W, X, y, factor=1.0):\n"
        "    return factor * X.T @ (X @ W - y)\n"
        "def grad_twice(W, X, y):\n"
        "    return grad(W, X, y, factor=2.0)        # W, X, y are this function's own\n")
    path = tmp_path / "prog.py"
    path.write_text(source)
    module = types.ModuleType("prog")
    module.__file__ = str(path)
    exec(compile(source, str(path), "exec"), module.__dict__)
    import linecache
    linecache.checkcache(str(path))
    assert find_call(module, "grad", module.grad) is None     # module variables X, y are found
    module_call = source + "g = grad(W, X, y)\n"
    path.write_text(module_call)
    linecache.checkcache(str(path))
    site = find_call(module, "grad", module.grad)
    assert site is not None and site.line == 7 and len(site.args) == 2
