"""`backprop-doctor layer MODULE:BACKWARD --forward MODULE:FWD --inputs MODULE:INPUTS`.

Without --forward, MODULE:LOSS_LAYER is a loss layer returning (loss, dx, ...), checked alone.
"""
from __future__ import annotations

from .. import targets
from ..errors import InputError
from . import _common

HELP = "check one layer's backward against its forward (CS231n style), or a loss layer"
DESCRIPTION = """Check backward(dout, cache) against central differences of forward(*inputs).

The layer is checked with a random upstream gradient per output (seeded), so a mismatch is pinned
to this layer. A forward may return out, (out, cache) or (out1, ..., outK, cache), as an LSTM
step's (next_h, next_c, cache); backward then takes (dout1, ..., doutK, cache). Without --forward,
the function is a loss layer returning (loss, dx, ...), checked with no backward.

INPUTS is a tuple (names come from forward's signature) or a dict name -> value. The float arrays
the backward returns gradients for are differentiated (--wrt names them); dicts of settings,
integer indices, boolean masks and plain numbers are passed through unchanged.

exit status: 0 right, 1 wrong, 2 could not be checked."""


def add_arguments(p) -> None:
    p.add_argument("backward", metavar="MODULE:BACKWARD",
                   help="backward(dout..., cache) -> input gradients; or a loss layer (loss, dx, ...)")
    p.add_argument("--forward", metavar="MODULE:FWD",
                   help="forward(*inputs) -> out, (out, cache) or (out1, ..., cache); omit for a loss layer")
    p.add_argument("--inputs", required=True, metavar="MODULE:INPUTS", help="the layer's inputs")
    p.add_argument("--wrt", metavar="NAMES",
                   help="comma-separated inputs to differentiate, e.g. x,w,b (default: the float "
                        "arrays the backward returns gradients for)")
    p.add_argument("--tol", type=float, default=None, metavar="RTOL",
                   help="relative tolerance per entry (default: `tol` in [tool.backprop-doctor], "
                   "else 1e-6)")
    _common.add_seed_and_json(p)
    _common.add_ignore(p)
    p.set_defaults(seed=None)  # None: from pyproject.toml, else 0


def run(ns, io) -> int:
    return _common.run_guarded(io, lambda: _run(ns, io))


def _run(ns, io) -> int:
    from ..layer import check_layer

    _common.seed_from_config(ns)
    _common.seed_user_randomness(ns.seed)
    with targets.user_stdout_to_stderr(ns.json):
        what = "backward" if ns.forward else "loss layer"
        backward, module = targets.resolve_function(ns.backward, what, "MODULE:BACKWARD")
        forward = None
        if ns.forward:
            forward, _ = targets.resolve_function(ns.forward, "forward", "--forward")
        inputs = targets.resolve_value(ns.inputs, "inputs", "--inputs", module)
        if inputs is None:
            raise InputError("--inputs resolved to None.")
        command = _common.reproduce_command(_common.reproduce_argv(
            ns, "layer", ns.backward, ("forward", "inputs", "wrt")))
        options = dict(wrt=ns.wrt, seed=ns.seed, rtol=ns.tol, ignore=ns.ignore, config=ns.config,
                       command=command)
        if forward is None:
            report = check_layer(backward, None, inputs, **options)
        else:
            report = check_layer(forward, backward, inputs, **options)
    return _common.finish(io, report, ns.json)
