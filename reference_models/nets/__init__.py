"""Correct numpy reference networks, one small module each, written to be read.

Every module has the same parts: `make_data(seed)`, `init_params(seed)` (centred random init),
`cost`, `grad` and `build(seed)`, which returns the dict a gradient `Case` needs.  The shapes are
the ones people really write: a flat fmin_cg theta, a list of weight matrices with the bias as the
last column, a CS231n-style dict, a features-by-samples layout, a nested dict.  The known-bug
variants in `reference_models.variants` are small edits of these.
"""
from . import (colmajor_softmax, dict_relu, layers, list_softmax, logistic, tanh_mse,
               two_layer_sigmoid)

__all__ = [
    "colmajor_softmax",
    "dict_relu",
    "layers",
    "list_softmax",
    "logistic",
    "tanh_mse",
    "two_layer_sigmoid",
]
