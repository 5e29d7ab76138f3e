"""Lint follows what an expression means, not how it is spelled.

`tests/lint_cases/reach/*_bad.py` mark every line that must be flagged with `# expect: RULE-ID`;
nothing else in them may get a warning or an error.  `*_good.py` hold the look-alikes that are
right (sigmoid(-x) on purpose in Fermi-Dirac and BPR terms, loops from 1 that handle index 0
elsewhere, Python's `sum` over a list or down the columns): nothing at all is flagged there.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from backprop_doctor.lint import lint_file, lint_source

REACH = Path(__file__).resolve().parent / "lint_cases" / "reach"
BAD = sorted(REACH.glob("*_bad.py"))
GOOD = sorted(REACH.glob("*_good.py"))
EXPECT = re.compile(r"#\s*expect:\s*([a-z-]+)")


def _expected(path):
    return sorted((m.group(1), i) for i, line in enumerate(path.read_text().splitlines(), 1)
                  for m in [EXPECT.search(line)] if m)


@pytest.mark.parametrize("path", BAD, ids=[p.stem for p in BAD])
def test_every_marked_line_is_flagged_and_nothing_else(path):
    found = sorted((f.id, f.line) for f in lint_file(path) if f.severity in ("error", "warning"))
    assert found == _expected(path)


@pytest.mark.parametrize("path", GOOD, ids=[p.stem for p in GOOD])
def test_look_alikes_stay_clean(path):
    assert lint_file(path) == []


def _found(source):
    return [(f.id, f.line) for f in lint_source(source) if f.severity in ("error", "warning")]


# -- the four misses of the issue, as a new user wrote them ----------------------------------------
def test_stdlib_sigmoid_in_a_pure_python_transfer_function():
    source = ("from random import random\nimport math\n\n"
              "def activate(weights, inputs):\n    activation = weights[-1]\n"
              "    for i in range(len(weights) - 1):\n        activation += weights[i] * inputs[i]\n"
              "    return activation\n\n"
              "def transfer(activation):\n    return 1.0 / (1.0 + math.exp(activation))\n\n"
              "def forward_propagate(network, row):\n    inputs = row\n    for layer in network:\n"
              "        new_inputs = []\n        for neuron in layer:\n"
              "            activation = activate(neuron['weights'], inputs)\n"
              "            neuron['output'] = transfer(activation)\n"
              "            new_inputs.append(neuron['output'])\n        inputs = new_inputs\n    return inputs\n")
    assert _found(source) == [("sigmoid-sign", 11)]
    assert _found(source.replace("math.exp(activation)", "math.exp(-activation)")) == []


@pytest.mark.parametrize("spelling", [
    "import numpy as np\nF = {'sigmoid': (lambda z: 1.0 / (1.0 + np.exp(z)), lambda a: a * (1 - a))}\n",
    "import numpy\nF = {'sigmoid': lambda z: 1.0 / (1.0 + numpy.exp(z))}\n",
    "import numpy as xp\nF = dict(relu=None)\nF = {'Sigmoid': [lambda z: 1 / (1 + xp.exp(z))]}\n",
    "from math import exp\nF = {'logistic': (lambda z: 1.0 / (1.0 + exp(z)), None)}\n",
], ids=["tuple-np", "numpy", "list-in-dict", "logistic-math"])
def test_sigmoid_in_a_table_of_activations(spelling):
    line = spelling.count("\n")
    assert _found(spelling) == [("sigmoid-sign", line)]
    assert _found(spelling.replace("exp(z)", "exp(-z)")) == []


def test_octave_loop_over_examples_reached_through_an_intermediate():
    source = ("import numpy as np\n\ndef sigmoid(z):\n    return 1 / (1 + np.exp(-z))\n\n"
              "def nn_cost(Theta1, Theta2, X, Y):\n    m = X.shape[0]\n    J = 0\n"
              "    for t in range(1, m):\n        a1 = X[t]\n        a2 = sigmoid(Theta1 @ a1)\n"
              "        a3 = sigmoid(Theta2 @ a2)\n        J += -np.sum(Y[t] * np.log(a3))\n    return J / m\n")
    assert _found(source) == [("loop-skips-first", 9)]
    assert _found(source.replace("range(1, m)", "range(m)")) == []
    # index 0 handled before the loop: right
    handled = source.replace("    J = 0\n", "    J = 0\n    J += -np.sum(Y[0] * np.log(sigmoid(Theta2 @ sigmoid(Theta1 @ X[0]))))\n")
    assert _found(handled) == []


def test_update_loop_over_layers_from_1():
    source = ("import numpy as np\n\nclass Net:\n    def __init__(self, sizes):\n"
              "        self.W = [np.random.randn(b, a) * 0.1 for a, b in zip(sizes[:-1], sizes[1:])]\n\n"
              "    def sgd(self, grads, lr):\n        for i in range(1, len(self.W)):\n"
              "            self.W[i] -= lr * grads[i]\n")
    assert _found(source) == [("loop-skips-first", 8)]
    assert _found(source.replace("range(1, len(self.W))", "range(len(self.W))")) == []
    placeholder = source.replace("self.W = [np", "self.W = [None] + [np")
    assert _found(placeholder) == []


def test_builtin_sum_softmax_called_on_batch_major_logits():
    source = ("import numpy as np\n\ndef softmax(x):\n    exps = np.exp(x - np.max(x))\n    return exps / sum(exps)\n\n"
              "def predict(X, W, b):\n    logits = X @ W + b\n    return softmax(logits)\n")
    found = [f for f in lint_source(source) if f.id == "softmax-axis"]
    assert [f.line for f in found] == [9] and "per column" in found[0].message
    # the same helper on one sample, or on W @ X (classes down the rows), is right
    assert _found(source.replace("X @ W + b", "W @ x + b")) == []
    assert _found(source.replace("X @ W + b", "np.dot(W, X)")) == []


@pytest.mark.parametrize("exp_spelling, header", [
    ("np.exp", "import numpy as np"), ("numpy.exp", "import numpy"), ("xp.exp", "import numpy as xp"),
    ("math.exp", "import math"), ("exp", "from math import exp"), ("exp", "from numpy import exp"),
    ("m.exp", "import math as m"), ("e", "import numpy as np\ne = np.exp"),
], ids=["np", "numpy", "alias", "math", "from-math", "from-numpy", "math-alias", "bound-name"])
def test_every_spelling_of_exp_is_the_same_rule(exp_spelling, header):
    source = f"{header}\n\ndef sigmoid(z):\n    return 1 / (1 + {exp_spelling}(z))\n"
    assert _found(source) == [("sigmoid-sign", header.count("\n") + 4)]


def test_exp_bound_by_a_parameter_default():
    source = "import math\n\ndef act(z, exp=math.exp):\n    return 1 / (1 + exp(z))\n"
    assert _found(source) == [("sigmoid-sign", 4)]


def test_a_function_named_otherwise_is_not_exp():
    source = "import numpy as np\n\ndef sigmoid(z, e=np.expm1):\n    return 1 / (1 + e(z))\n"
    assert _found(source) == []


def test_logistic_loss_weight_through_a_margin_name_is_not_a_sigmoid_bug():
    source = ("import numpy as np\n\ndef logistic_loss_grad(w, X, y):\n    margins = y * (X @ w)\n"
              "    coef = 1 / (1 + np.exp(margins))\n    return -(X.T @ (y * coef))\n")
    assert _found(source) == []
