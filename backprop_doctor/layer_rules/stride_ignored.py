"""stride-ignored: the backward of a strided convolution or pooling ignores the stride.

Confirmed with the user's own forward: with the layer's integer setting (conv_param's or
pool_param's stride, or an integer argument) set to 1, the forward gives a larger output; placing
the upstream gradient in its top-left corner and differentiating reproduces your gradient, which is
what a backward that steps windows by 1 instead of by the stride computes.
"""
import numpy as np

from ..findings import RuleInfo, register

INFO = register(RuleInfo(
    id="stride-ignored", title="the backward steps its windows by 1, ignoring the stride",
    severity="error", kind="layer",
    explanation=(
        "What it means: the forward places window (i, j) at rows i*stride.., columns j*stride..; "
        "your backward puts dout[i, j] back at rows i.., columns j.. as if the stride were 1. The "
        "check reran your forward with stride 1, fed it your upstream gradient in the top-left "
        "corner, and its gradient equals yours.\n"
        "Why it matters: gradients land on the wrong pixels for every window but the first."),
    fix="Use the same window offsets as the forward in backward: hs = i * stride, ws = j * stride.",
    bad="dx_pad[n, :, i:i+HH, j:j+WW] += w[f] * dout[n, f, i, j]",
    good="hs, ws = i * stride, j * stride\ndx_pad[n, :, hs:hs+HH, ws:ws+WW] += w[f] * dout[n, f, i, j]",
))

TEST = "your forward run with the stride set to 1, the upstream gradient in its top-left corner, gives your gradient"


def _integer_settings(probe):
    """(label, overrides) for each integer setting > 1 set to 1: in a dict input or as an argument."""
    for k in probe.layer.names:
        v = probe.value(k)
        if isinstance(v, dict):
            for key, val in v.items():
                if isinstance(val, (int, np.integer)) and not isinstance(val, bool) and val > 1:
                    new = dict(v)
                    new[key] = 1
                    yield f"{k}[{key!r}] = {val}", {k: new}
        elif isinstance(v, (int, np.integer)) and not isinstance(v, bool) and v > 1:
            yield f"{k} = {v}", {k: 1}


def detect(probe, name):
    if probe.is_loss_layer:
        return None
    a = probe.analytic(name)
    for label, overrides in _integer_settings(probe):
        try:
            outs = probe.outputs_with(overrides=overrides)
        except Exception:  # noqa: BLE001 - the layer refuses that setting: nothing to learn
            continue
        if len(outs) != len(probe.outputs):
            continue
        if not all(o.ndim == p.ndim and all(x >= y for x, y in zip(o.shape, p.shape))
                   for o, p in zip(outs, probe.outputs)):
            continue
        if all(o.shape == p.shape for o, p in zip(outs, probe.outputs)):
            continue
        ups = []
        for o, u in zip(outs, probe.upstreams):
            big = np.zeros(o.shape)
            big[tuple(slice(0, s) for s in u.shape)] = u
            ups.append(big)
        c = probe.vjp(name, ups, overrides=overrides)
        if probe.matches(a, c):
            return INFO.finding(
                f"your gradient of {name} is what the layer gives with {label} set to 1 and the "
                f"upstream gradient in the top-left corner (residual {probe.residual(a, c):.1e}): "
                "backward steps its windows by 1 instead of by the stride.", block=name,
                evidence={"setting": label})
    return None
