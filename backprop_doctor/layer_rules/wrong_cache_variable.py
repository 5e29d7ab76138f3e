"""wrong-cache-variable: a derivative uses a saved value from the wrong place.

Registered for the catalogue; a specific confirmation (recomputing the backward with the value
swapped) needs the layer's internals, so this rule names the cause only for the one case the
numbers pin down without them: an elementwise layer whose derivative reads the output where the
input was meant is `wrong-activation-derivative`.  Elsewhere the cause is left a candidate when a
multi-output layer's input and output of the same shape could have been confused.
"""
import numpy as np

from ..findings import RuleInfo, register

INFO = register(RuleInfo(
    id="wrong-cache-variable",
    title="a derivative uses a saved value from the wrong place",
    severity="error", kind="layer",
    explanation=(
        "What it means: the backward reads a value from the cache that is not the one the "
        "derivative needs: the next cell state where the previous one belongs (df = dc * next_c "
        "instead of dc * prev_c in an LSTM), the layer's output for its input, a value from "
        "another time step.\n"
        "Why it matters: the formula is right but is evaluated at the wrong point."),
    fix="Write next to each derivative which forward value it needs and cache exactly that value "
        "(prev_c for the forget gate, the gate activations, the input x), with clear names.",
    bad="df = dnext_c_total * next_c       # forget gate multiplies the PREVIOUS cell state",
    good="df = dnext_c_total * prev_c",
))

TEST = "not confirmed from outside the layer (candidate only)"


def detect(probe, name):
    if probe.is_loss_layer or len(probe.outputs) < 2:
        return None
    shapes = {tuple(np.shape(probe.value(k))) for k in probe.layer.names}
    if any(tuple(o.shape) in shapes for o in probe.outputs) and name in probe.report.failing_blocks:
        return INFO.finding(
            f"{name} fails in a layer whose state input and output have the same shape; a "
            "derivative reading the output state where the input state was meant (or the "
            "reverse) would do this, but the check cannot confirm it from outside.", block=name,
            severity="info")
    return None
