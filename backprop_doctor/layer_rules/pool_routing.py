"""pool-routing: pooling sends the gradient to the wrong elements (the whole window, a wrong argmax).

Confirmed from the numbers and the forward: every output of the layer is one of its input's
entries (a max-type selection), the true gradient is zero on the entries that were not selected,
and your gradient lands on such entries (or misses selected ones).
"""
import numpy as np

from ..findings import RuleInfo, register

INFO = register(RuleInfo(
    id="pool-routing", title="pooling's backward sends the gradient to the wrong elements",
    severity="error", kind="layer",
    explanation=(
        "What it means: a max-pooling window passes its upstream gradient to the one element that "
        "was the maximum and to nothing else. Your gradient reaches elements that were not the "
        "maximum of any window (the whole window received it, or the argmax was unravelled with "
        "the wrong shape or taken over the wrong region).\n"
        "Why it matters: the gradient trains pixels that did not affect the output."),
    fix="In each window, find the position of the maximum in that window and add dout there only: "
        "mask = (window == window.max()); dx_window += mask * dout[n, c, i, j] (for ties, one "
        "position, e.g. np.unravel_index(np.argmax(window), window.shape)).",
    bad="dx[n, c, hs:hs+ph, ws:ws+pw] += dout[n, c, i, j]            # every element",
    good="k = np.unravel_index(np.argmax(window), window.shape)\n"
         "dx[n, c, hs + k[0], ws + k[1]] += dout[n, c, i, j]",
))

TEST = "every output is an input entry (max-type pooling) and your gradient reaches entries that were not selected"


def detect(probe, name):
    if probe.is_loss_layer or len(probe.outputs) != 1:
        return None
    x = np.asarray(probe.value(name), dtype=np.float64)
    out = probe.outputs[0]
    if out.size == 0 or out.size >= x.size or x.ndim < 2:
        return None
    # a selection layer: every output value is an entry of the input
    vals = np.sort(x.ravel())
    pos = np.clip(np.searchsorted(vals, out.ravel()), 0, vals.size - 1)
    near = np.minimum(np.abs(vals[pos] - out.ravel()),
                      np.abs(vals[np.maximum(pos - 1, 0)] - out.ravel()))
    if np.any(near > 1e-12 * max(1.0, float(np.max(np.abs(x))))):
        return None
    a, n = probe.analytic(name), probe.true(name)
    if n is None:
        return None
    scale = max(float(np.max(np.abs(n))), 1e-300)
    zero_true = np.abs(n) <= 1e-7 * scale
    if zero_true.mean() < 0.25:
        return None
    extra = zero_true & (np.abs(a) > 1e-7 * scale)
    missed = ~zero_true & (np.abs(a) <= 1e-7 * scale)
    if not extra.any():
        return None
    how = ("every element of the window gets it" if not missed.any()
           else "it goes to the wrong element of the window")
    return INFO.finding(
        f"every output of the layer is one of {name}'s entries (a max-type pooling), so only "
        f"selected entries may receive gradient; yours sends gradient to {int(extra.sum())} entries "
        f"that were not selected and misses {int(missed.sum())} that were: {how}.", block=name,
        evidence={"extra": int(extra.sum()), "missed": int(missed.sum())})
