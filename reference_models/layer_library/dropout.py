"""Inverted dropout with a seeded mask: dropout_param = {"p": keep probability, "seed": int}.

    forward:  mask = (rng.random(x.shape) < p) / p;  out = x * mask
    backward: dx = dout * mask          (the same mask, with its 1/p)
"""
import numpy as np


def dropout_forward(x, dropout_param):
    p = dropout_param["p"]
    rng = np.random.default_rng(dropout_param["seed"])
    mask = (rng.random(x.shape) < p) / p
    return x * mask, (mask, dropout_param)


def dropout_backward(dout, cache):
    mask, _ = cache
    return dout * mask


# -- known bugs --------------------------------------------------------------------------------

def dropout_backward_no_mask(dout, cache):
    mask, param = cache
    return dout / param["p"]  # BUG: the mask is not applied in backward


def dropout_backward_no_scale(dout, cache):
    mask, _ = cache
    return dout * (mask > 0)  # BUG: the forward scaled kept units by 1/p; backward must too


def dropout_backward_fresh_mask(dout, cache):
    _, param = cache
    p = param["p"]
    rng = np.random.default_rng(param["seed"] + 1)
    return dout * (rng.random(dout.shape) < p) / p  # BUG: a new random mask, not the forward's
