"""recurrent-gradient-not-accumulated: the gradient from later steps or the next state is not added.

Confirmed with the user's own forward: the analytic gradient equals the true gradient computed
with one output's upstream gradient dropped (an LSTM step's dnext_c never added to dc), with only
the last time step's upstream (dh[:, t] of earlier steps not added), or with each step's upstream
reaching only its own step (dprev_h from the later step not added: the last step is right, earlier
ones are wrong by exactly the recurrent term).
"""
import numpy as np

from ..findings import RuleInfo, register
from ._util import output_label, restrict

INFO = register(RuleInfo(
    id="recurrent-gradient-not-accumulated",
    title="the gradient arriving from later time steps or the next state is not added",
    severity="error", kind="layer",
    explanation=(
        "What it means: a recurrent layer's state receives gradient from two places: the loss at "
        "this step (dh[:, t], or dnext_h) and the future (dprev_h handed back by step t+1, or "
        "dnext_c for an LSTM's cell). Your backward uses only one of them. The check confirmed it "
        "by recomputing the true gradient with that path removed and finding your numbers.\n"
        "Why it matters: without the recurrent term nothing is learnt across time steps; without "
        "the per-step term only the last step's loss trains the network."),
    fix="Add both before using the state's gradient: dh_t = dh[:, t] + dprev_h (dprev_h from the "
        "later step, zero at the last one); in an LSTM step, dc = dnext_c + dnext_h * o * (1 - "
        "tanh(next_c)**2).",
    bad="for t in reversed(range(T)):\n    dx[:, t], dprev_h, ... = rnn_step_backward(dh[:, t], cache[t])",
    good="dprev_h = 0\nfor t in reversed(range(T)):\n    dx[:, t], dprev_h, ... = rnn_step_backward(dh[:, t] + dprev_h, cache[t])",
))

TEST = "the true gradient recomputed with the later steps' (or one output's) upstream gradient removed equals yours"

_MAX_CALLS = 40000


def detect(probe, name):
    if probe.is_loss_layer:
        return None
    a = probe.analytic(name)
    if len(probe.outputs) >= 2:
        for k in range(len(probe.outputs)):
            ups = [np.zeros_like(u) if i == k else u for i, u in enumerate(probe.upstreams)]
            c = probe.vjp(name, ups)
            if probe.matches(a, c):
                return INFO.finding(
                    f"your gradient of {name} equals the true one computed without the upstream "
                    f"gradient of {output_label(probe, k)} (residual {probe.residual(a, c):.1e}): "
                    "that output's gradient is never added in backward (for an LSTM step, dnext_c "
                    "into dc).", block=name, evidence={"dropped_output": k})
        return None
    hyp = _sequence_hypotheses(probe)
    for axis in hyp["axes"]:
        last = [restrict(probe.upstreams[0], axis, probe.outputs[0].shape[axis] - 1)]
        c = probe.vjp(name, last)
        if probe.matches(a, c):
            return INFO.finding(
                f"your gradient of {name} equals the true one computed with only the last step's "
                f"upstream gradient (axis {axis}; residual {probe.residual(a, c):.1e}): the "
                "upstream gradient of earlier steps (dh[:, t]) is not added to the state's gradient.",
                block=name, evidence={"axis": axis, "pattern": "last-step-only"})
        if _has_axis(probe, name, axis):
            c = _time_local(probe, name, axis)
            if probe.matches(a, c):
                hyp["confirmed"].setdefault(axis, name)
                return INFO.finding(
                    f"the last step of {name} (along axis {axis}) is right and every earlier step "
                    f"is wrong by exactly the part arriving from later steps: your gradient equals "
                    f"the one where each step gets only its own upstream gradient (residual "
                    f"{probe.residual(a, c):.1e}). dprev_h is not added.", block=name,
                    evidence={"axis": axis, "pattern": "time-local"})
    for axis, confirmed_on in hyp["confirmed"].items():
        if confirmed_on != name:
            return INFO.finding(
                f"{name} fails together with {confirmed_on}, whose gradient was shown to miss the "
                "recurrent term (each step sees only its own upstream gradient); the same missing "
                f"term reaches {name}.", block=name, evidence={"axis": axis, "via": confirmed_on})
    return None


def _has_axis(probe, name, axis) -> bool:
    shape = np.shape(probe.value(name))
    out = probe.outputs[0].shape
    return len(shape) > axis and shape[axis] == out[axis] and shape[:axis] == out[:axis]


def _sequence_hypotheses(probe):
    """Time axes of a one-output sequence layer (shared, same place, by input and output)."""
    if "sequence" in probe._cache:
        return probe._cache["sequence"]
    hyp = {"axes": [], "confirmed": {}}
    if len(probe.outputs) == 1 and probe.outputs[0].ndim >= 3:
        out = probe.outputs[0]
        seq_inputs = [n for n in probe.wrt if np.ndim(probe.value(n)) >= 3]
        for axis in range(1, out.ndim - 1):
            if out.shape[axis] >= 2 and any(_has_axis(probe, n, axis) for n in seq_inputs):
                hyp["axes"].append(axis)
        # an input with the time axis is tested first, so weights can refer to it
        for axis in hyp["axes"]:
            for n in seq_inputs:
                if n in probe.report.failing_blocks and _has_axis(probe, n, axis):
                    c = _time_local(probe, n, axis)
                    if probe.matches(probe.analytic(n), c):
                        hyp["confirmed"].setdefault(axis, n)
    probe._cache["sequence"] = hyp
    return hyp


def _time_local(probe, name, axis):
    key = ("time-local", name, axis)
    if key in probe._cache:
        return probe._cache[key]
    x = np.asarray(probe.value(name))
    T = probe.outputs[0].shape[axis]
    if 2 * x.size * T > _MAX_CALLS:
        return None
    out = np.zeros(x.shape)
    for s in range(T):
        g = probe.vjp(name, [restrict(probe.upstreams[0], axis, s)])
        if g is None:
            return None
        sl = [slice(None)] * x.ndim
        sl[axis] = s
        out[tuple(sl)] = g[tuple(sl)]
    probe._cache[key] = out
    return out
