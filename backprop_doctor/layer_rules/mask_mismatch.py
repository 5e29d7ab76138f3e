"""mask-mismatch: a mask not applied in backward, taken from the wrong tensor, or its scale missing.

Confirmed from the numbers: the true gradient is exactly zero on the entries the forward's mask
blocks, and your gradient differs from it only by which entries are zero (gradient flowing where
the forward blocked, or blocked where it flowed), or, on the kept entries, by the constant the
forward scaled them with (inverted dropout's 1/p, measured from the forward itself).
"""
import numpy as np

from ..findings import RuleInfo, register

INFO = register(RuleInfo(
    id="mask-mismatch",
    title="a mask (ReLU, dropout, sequence) is missing, wrong, or unscaled in backward",
    severity="error", kind="layer",
    explanation=(
        "What it means: the forward zeroes some entries (ReLU's x <= 0, dropout's dropped units, "
        "padding in a sequence mask) and scales the others (inverted dropout's 1/p). The backward "
        "must apply exactly the same mask and scale to dout. Yours lets gradient through entries "
        "the forward blocked, blocks entries it kept (a mask taken from another tensor, a fresh "
        "random mask), or forgets the scale.\n"
        "Why it matters: dead units receive gradient, live ones do not, or the step is off by 1/p."),
    fix="Keep the forward's mask in the cache and reuse it: dx = dout * mask (dropout: mask "
        "already holds the 1/p, e.g. mask = (rand < p) / p); for ReLU dx = dout * (x > 0) with the "
        "forward's input x.",
    bad="mask = (np.random.rand(*x.shape) < p) / p   # drawn again in backward\ndx = dout * mask",
    good="_, mask = cache                            # the forward's own mask\ndx = dout * mask",
))

TEST = "the true gradient is zero where the forward masks, and yours differs only by which entries are zero or by the forward's own scale"


def detect(probe, name):
    a, n = probe.analytic(name), probe.true(name)
    if n is None or a.shape != n.shape or a.size < 4 or not _elementwise(probe, name):
        return None
    scale = max(float(np.max(np.abs(n))), float(np.max(np.abs(a))), 1e-300)
    tiny = 1e-7 * scale
    nz, az = np.abs(n) <= tiny, np.abs(a) <= tiny
    if not nz.any() or nz.all():
        return None          # no mask in the forward
    both = ~nz & ~az
    if not both.any():
        return None
    r = a[both] / n[both]
    s = float(np.median(r))
    if np.any(np.abs(r - s) > probe.tol * max(1.0, abs(s))):
        return None          # not one mask times one constant
    leaks, blocked = int((nz & ~az).sum()), int((~nz & az).sum())
    if leaks or blocked:
        parts = []
        if leaks:
            parts.append(f"lets gradient through {leaks} entries where the forward's mask blocks it")
        if blocked:
            parts.append(f"blocks {blocked} entries the forward kept")
        scale_note = "" if abs(s - 1) <= probe.tol else f" (and scales the rest by {s:.4g})"
        return INFO.finding(
            f"the true gradient of {name} is exactly zero on {int(nz.sum())} of {n.size} entries (a "
            f"mask in the forward); yours agrees on the entries both keep{scale_note} but "
            f"{' and '.join(parts)}: the backward's mask is not the forward's.", block=name,
            evidence={"leaks": leaks, "blocked": blocked, "scale": s})
    if abs(s - 1) > probe.tol:
        gain = _forward_gain(probe, name, ~nz)
        if gain is not None and abs(s * gain - 1) <= 10 * probe.tol:
            return INFO.finding(
                f"{name}'s mask is right, but on the {int(both.sum())} kept entries your gradient is "
                f"{s:.4g} x the true one, and the forward scales kept entries by {gain:.4g} = "
                f"1/{s:.4g}: the mask's scale (dropout's 1/p) is missing in backward.", block=name,
                evidence={"scale": s, "forward_gain": gain})
    return None


def _elementwise(probe, name) -> bool:
    """A mask is applied entry by entry: a loss layer (a sequence mask over its scores), or a
    layer with an output shaped like this input (ReLU, dropout).  A pooling or convolution
    whose gradient is zero in places has other reasons (which windows a loop reached), so the
    zeros there are not read as a mask."""
    if probe.is_loss_layer:
        return True
    shape = np.shape(probe.value(name))
    return any(np.shape(out) == shape for out in probe.outputs)


def _forward_gain(probe, name, kept):
    """out / x on kept entries of an elementwise single-output layer (one constant, or None)."""
    if probe.is_loss_layer or len(probe.outputs) != 1:
        return None
    x = np.asarray(probe.value(name), dtype=np.float64)
    out = probe.outputs[0]
    if out.shape != x.shape:
        return None
    ok = kept & (np.abs(x) > 1e-8)
    if not ok.any():
        return None
    g = out[ok] / x[ok]
    gain = float(np.median(g))
    return gain if np.all(np.abs(g - gain) <= 1e-6 * abs(gain)) else None
