"""Single layers, CS231n style, and the mistakes people make in their backward passes.

`forward(**inputs)` returns `(out, cache)`; `backward(dout, cache)` returns one gradient per input,
in input order (None for integer labels).  Inputs are dicts, so an input's block name is its key:
a bug in `affine_backward`'s db is reported on block "b".  A layer check multiplies the output by a
random upstream gradient `dout`, so a mistake is pinned to one layer.
"""
from __future__ import annotations

import numpy as np

from .cases import Case, register
from .nets.common import softmax
from .nets.layers import (affine_backward, affine_forward, relu_backward, relu_forward,
                          sigmoid_backward, sigmoid_forward, softmax_ce_backward,
                          softmax_ce_forward, tanh_backward, tanh_forward)

# -- known bugs ------------------------------------------------------------------------------------


def softmax_ce_backward_elementwise(dout, cache):
    p, y = cache
    n = len(y)
    dp = np.zeros_like(p)
    dp[np.arange(n), y] = -1 / p[np.arange(n), y]
    return dout * dp * p * (1 - p) / n, None  # BUG: softmax backpropagated like a sigmoid


def softmax_ce_forward_wrong_axis(x, y):
    p = softmax(x, axis=0)  # BUG: normalised over the batch, in forward and backward alike
    n = len(y)
    return float(-np.mean(np.log(p[np.arange(n), y]))), (p, y)


def softmax_ce_backward_missing_1_over_n(dout, cache):
    p, y = cache
    dx = p.copy()
    dx[np.arange(len(y)), y] -= 1
    return dout * dx, None  # BUG: the loss is a mean, the gradient is not divided by N


def affine_backward_db_first_row(dout, cache):
    x, w = cache
    return dout @ w.T, x.T @ dout, dout[0]  # BUG: db of the first sample only


def affine_backward_db_mean(dout, cache):
    x, w = cache
    return dout @ w.T, x.T @ dout, dout.mean(axis=0)  # BUG: mean, not sum, over the batch


def affine_backward_dw_transposed(dout, cache):
    x, w = cache
    return dout @ w.T, dout.T @ x, dout.sum(axis=0)  # BUG: (M x D), fits only because w is square


def relu_forward_keep_output(x):
    out = np.maximum(x, 0.0)
    return out, out


def relu_backward_out_ge_0(dout, out):
    return (dout * (out >= 0),)  # BUG: out = max(x, 0) is never negative: the mask lets everything through


def tanh_backward_on_input(dout, x):
    return (dout * (1 - x ** 2),)  # BUG: 1 - out^2 written with the input x instead of out


def tanh_forward_keep_input(x):
    return np.tanh(x), x


# -- inputs ----------------------------------------------------------------------------------------

N, D, M, K = 5, 4, 3, 4


def _rng(seed):
    """A stream of its own: a checker drawing dout from default_rng(seed) must not get x back
    (with dout == x, x^T dout is symmetric and a transposed dw goes unseen)."""
    return np.random.default_rng([seed, 7])


def _affine_inputs(seed, square=False):
    rng = _rng(seed)
    m = D if square else M
    return {"x": rng.normal(size=(N, D)), "w": rng.normal(size=(D, m)), "b": rng.normal(size=m)}


def _x_inputs(seed):
    """Entries well away from 0 so ReLU's kink is not met by a 1e-6 step."""
    x = _rng(seed).normal(size=(N, D))
    return {"x": np.where(np.abs(x) < 0.05, 0.5, x)}


def _softmax_inputs(seed):
    rng = _rng(seed)
    y = np.arange(N) % K
    rng.shuffle(y)
    return {"x": rng.normal(size=(N, K)), "y": y}


def _layer(forward, backward, inputs):
    return lambda seed: dict(forward=forward, backward=backward, inputs=inputs(seed))


CASES = (
    Case("layer/affine", "affine x @ w + b", _layer(affine_forward, affine_backward, _affine_inputs),
         kind="layer", correct=True),
    Case("layer/relu", "relu", _layer(relu_forward, relu_backward, _x_inputs), kind="layer",
         correct=True),
    Case("layer/sigmoid", "sigmoid", _layer(sigmoid_forward, sigmoid_backward, _x_inputs),
         kind="layer", correct=True),
    Case("layer/tanh", "tanh", _layer(tanh_forward, tanh_backward, _x_inputs), kind="layer",
         correct=True),
    Case("layer/softmax-ce", "softmax + cross-entropy loss over rows, integer labels",
         _layer(softmax_ce_forward, softmax_ce_backward, _softmax_inputs), kind="layer",
         correct=True),
    Case("layer/softmax-ce-elementwise", "softmax-CE backward with p * (1 - p)",
         _layer(softmax_ce_forward, softmax_ce_backward_elementwise, _softmax_inputs), kind="layer",
         failing_blocks=("x",), rules_any=("missing-softmax-backprop",),
         notes="the softmax Jacobian has off-diagonal terms; p*(1-p) keeps only the diagonal."),
    Case("layer/softmax-ce-wrong-axis", "softmax over the batch axis, loss indexed per row",
         _layer(softmax_ce_forward_wrong_axis, softmax_ce_backward, _softmax_inputs), kind="layer",
         failing_blocks=("x",), rules_any=("missing-softmax-backprop",),
         notes="forward normalises columns; the backward formula p - y is the one for rows."),
    Case("layer/softmax-ce-missing-1-over-n", "softmax-CE backward without 1/N",
         _layer(softmax_ce_forward, softmax_ce_backward_missing_1_over_n, _softmax_inputs),
         kind="layer", failing_blocks=("x",), rules=("scale-mismatch",), notes="c = N = 5."),
    Case("layer/affine-db-first-row", "db = dout[0]",
         _layer(affine_forward, affine_backward_db_first_row, _affine_inputs), kind="layer",
         failing_blocks=("b",), rules=("one-sample-gradient",),
         notes="the one-sample formula kept after batching: db equals the first sample's "
         "contribution alone."),
    Case("layer/affine-db-mean", "db = dout.mean(axis=0)",
         _layer(affine_forward, affine_backward_db_mean, _affine_inputs), kind="layer",
         failing_blocks=("b",), rules_any=("bias-mismatch", "scale-mismatch"),
         notes="the bias block is 1/N of the truth: bias-only and a per-block scale."),
    Case("layer/affine-dw-transposed", "dw = dout^T x with a square w",
         _layer(affine_forward, affine_backward_dw_transposed,
                lambda seed: _affine_inputs(seed, square=True)), kind="layer",
         failing_blocks=("w",), rules=("transposed-gradient",)),
    Case("layer/relu-mask-out-ge-0", "relu backward with dout * (out >= 0)",
         _layer(relu_forward_keep_output, relu_backward_out_ge_0, _x_inputs), kind="layer",
         failing_blocks=("x",), rules=("mask-mismatch",),
         notes="the mask is taken on the output, where `>= 0` is always true; should be x > 0: "
         "gradient flows through entries the forward blocked."),
    Case("layer/tanh-derivative-on-input", "tanh backward with 1 - x^2 on the input",
         _layer(tanh_forward_keep_input, tanh_backward_on_input, _x_inputs), kind="layer",
         failing_blocks=("x",), rules=("wrong-activation-derivative",),
         notes="1 - out^2 is tanh' written from the output; given the input it is wrong."),
)

register(*CASES)
