"""`backprop-doctor layer MODULE:BACKWARD --forward MODULE:FWD --inputs MODULE:INPUTS`."""
from __future__ import annotations

from .. import targets
from ..errors import InputError
from . import _common

HELP = "check one layer's backward against its forward (CS231n style)"
DESCRIPTION = """Check backward(dout, cache) against central differences of forward(*inputs).

The layer is checked with a random upstream gradient (seeded), so a mismatch is pinned to this
layer. INPUTS is a tuple of arrays (names come from forward's signature) or a dict name -> array.

exit status: 0 right, 1 wrong, 2 could not be checked."""


def add_arguments(p) -> None:
    p.add_argument("backward", metavar="MODULE:BACKWARD", help="backward(dout, cache) -> input gradients")
    p.add_argument("--forward", required=True, metavar="MODULE:FWD", help="forward(*inputs) -> out or (out, cache)")
    p.add_argument("--inputs", required=True, metavar="MODULE:INPUTS", help="the layer's inputs")
    _common.add_seed_and_json(p)


def run(ns, io) -> int:
    return _common.run_guarded(io, lambda: _run(ns, io))


def _run(ns, io) -> int:
    from ..layer import check_layer

    _common.seed_user_randomness(ns.seed)
    with targets.user_stdout_to_stderr(ns.json):
        backward, module = targets.resolve_function(ns.backward, "backward", "MODULE:BACKWARD")
        forward, _ = targets.resolve_function(ns.forward, "forward", "--forward")
        inputs = targets.resolve_value(ns.inputs, "inputs", "--inputs", module)
        if inputs is None:
            raise InputError("--inputs resolved to None.")
        command = _common.reproduce_command(["layer", ns.backward, "--forward", ns.forward,
                                             "--inputs", ns.inputs, "--seed", str(ns.seed)])
        report = check_layer(forward, backward, inputs, seed=ns.seed, command=command)
    if ns.json:
        _common.print_json(io, report.to_json())
    else:
        _common.print_report(io, report)
    return _common.EXIT_OK if report.ok else _common.EXIT_FAILED
