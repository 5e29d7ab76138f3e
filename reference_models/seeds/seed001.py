"""Seed 001's problem as the asker set it up (gradientChecking), drawn from a seeded generator.

The sizes, labels and init scale are the asker's: 3 inputs, 5 hidden units, 3 labels, 5 samples,
weights uniform in [-0.12, 0.12], lambda 1.  The same point serves the original and the fix.
"""
from __future__ import annotations

import numpy as np

from . import seed001_fixed, seed001_original

INPUTS, HIDDEN, LABELS, SAMPLES = 3, 5, 3, 5
BLOCKS = f"theta1={HIDDEN}x{INPUTS + 1},theta2={LABELS}x{HIDDEN + 1}"
EPSILON_INIT = 0.12


def problem_point(seed, lamb=1.0):
    """(nn_params, args) as gradientChecking builds them, with np.random replaced by `seed`."""
    rng = np.random.default_rng(seed)
    theta1 = rng.uniform(-EPSILON_INIT, EPSILON_INIT, (HIDDEN, INPUTS + 1))
    theta2 = rng.uniform(-EPSILON_INIT, EPSILON_INIT, (LABELS, HIDDEN + 1))
    X = rng.random((SAMPLES, INPUTS))
    y = np.array([1, 2, 0, 1, 2])
    nn_params = np.hstack([theta1.ravel(), theta2.ravel()])
    return nn_params, (X, y, INPUTS, HIDDEN, LABELS, lamb)


def _build(module, seed):
    params, args = problem_point(seed)
    return dict(cost=module.computeCost, grad=module.gradient, params=params, args=args,
                blocks=BLOCKS, numeric=module.computeNumericalGradient)


def build_original(seed):
    return _build(seed001_original, seed)


def build_fixed(seed):
    return _build(seed001_fixed, seed)
