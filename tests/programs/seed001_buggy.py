"""Module-level program as a user writes it (auto-discovery names: cost, theta0/nn_params, args)."""
from fmincg_net import BLOCKS, make, point  # noqa: F401

cost, grad = make(buggy=True)
nn_params, args = point(0)
