"""one-sample-gradient: a gradient holds one sample's contribution instead of the batch's sum.

Confirmed with the user's own forward: the analytic gradient equals the true gradient computed with
the upstream gradient kept for the first (or the last) sample only — `dw = ...` inside a loop over
the images where `dw += ...` was meant, or the one-sample formula kept after batching.
"""
import numpy as np

from ..findings import RuleInfo, register
from ._util import restrict

INFO = register(RuleInfo(
    id="one-sample-gradient",
    title="the gradient holds one sample's contribution, not the sum over the batch",
    severity="error", kind="layer",
    explanation=(
        "What it means: your gradient of a parameter equals what the batch's first (or last) "
        "sample alone contributes. The check recomputed the true gradient with every other "
        "sample's upstream gradient set to zero and found your numbers. Usual causes: `dw = ...` "
        "instead of `dw += ...` in a loop over the images (the last one wins), or `db = dout[0]`.\n"
        "Why it matters: a parameter is shared by all samples; its gradient is the sum of theirs."),
    fix="Start from zeros and add every sample's contribution (dw += ... inside the loop), or use "
        "the batched formula that sums over the batch axis (db = dout.sum(axis=0)).",
    bad="for n in range(N):\n    dw = conv_dw(x[n], dout[n])        # overwritten each time",
    good="dw = np.zeros_like(w)\nfor n in range(N):\n    dw += conv_dw(x[n], dout[n])",
))

TEST = "the true gradient recomputed with one sample's upstream gradient only equals yours"


def detect(probe, name):
    if probe.is_loss_layer:
        return None
    N = probe.outputs[0].shape[0] if probe.outputs[0].ndim else 0
    if N < 2 or any(o.ndim == 0 or o.shape[0] != N for o in probe.outputs):
        return None
    a = probe.analytic(name)
    for which, index in (("first", 0), ("last", N - 1)):
        ups = [restrict(u, 0, index) for u in probe.upstreams]
        c = probe.vjp(name, ups)
        if probe.matches(a, c) and np.linalg.norm(c) > 0:
            return INFO.finding(
                f"your gradient of {name} equals the contribution of the {which} sample alone "
                f"(sample {index} of {N}; residual {probe.residual(a, c):.1e}): the other samples' "
                "contributions are not added.", block=name, evidence={"sample": index})
    return None
