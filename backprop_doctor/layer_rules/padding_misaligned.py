"""padding-misaligned: dx cut out of the padded gradient at the wrong offset.

Confirmed from the numbers: your dx equals the true dx shifted by (di, dj) in its two spatial
axes wherever the two overlap — the padded gradient was cut at [:H, :W] (or another offset)
instead of [pad:pad+H, pad:pad+W].
"""
import numpy as np

from ..findings import RuleInfo, register

INFO = register(RuleInfo(
    id="padding-misaligned", title="dx is cut out of the padded gradient at the wrong offset",
    severity="error", kind="layer",
    explanation=(
        "What it means: a padded convolution (or pooling) computes the gradient of the padded "
        "input first and must then drop the padding on every side: dx = dx_pad[:, :, pad:-pad, "
        "pad:-pad]. Your dx equals the true one shifted by the printed offset, which is what "
        "cutting at the wrong place ([:H, :W], or the padding stripped from one side only) gives.\n"
        "Why it matters: every pixel receives its neighbour's gradient."),
    fix="Cut the padding from both sides: dx = dx_pad[:, :, pad:pad + H, pad:pad + W].",
    bad="dx = dx_pad[:, :, :H, :W]",
    good="dx = dx_pad[:, :, pad:pad + H, pad:pad + W]",
))

TEST = "your gradient equals the true one shifted in its two spatial axes"

_MAX_SHIFT = 3


def detect(probe, name):
    a = probe.analytic(name)
    if a.ndim < 3:
        return None
    n = probe.true(name)
    if n is None:
        return None
    # spatial axes: the last two (N, C, H, W), or the middle two (N, H, W, C)
    pairs = [(a.ndim - 2, a.ndim - 1)] + ([(1, 2)] if a.ndim == 4 else [])
    for axes in pairs:
        found = _shifted(probe, name, np.moveaxis(a, axes, (-2, -1)), np.moveaxis(n, axes, (-2, -1)))
        if found is not None:
            (di, dj), resid = found
            return INFO.finding(
                f"your gradient of {name} equals the true one shifted by ({di}, {dj}) in axes "
                f"{axes} wherever they overlap (residual {resid:.1e}): the padding is stripped at "
                "the wrong offset.", block=name, evidence={"shift": [di, dj], "axes": list(axes)})
    return None


def _shifted(probe, name, a, n):
    H, W = a.shape[-2:]
    if min(H, W) <= _MAX_SHIFT:
        return None
    for di in range(-_MAX_SHIFT, _MAX_SHIFT + 1):
        for dj in range(-_MAX_SHIFT, _MAX_SHIFT + 1):
            if di == 0 and dj == 0:
                continue
            # a[..., i, j] == n[..., i + di, j + dj] where both exist
            ai = slice(max(0, -di), min(H, H - di))
            aj = slice(max(0, -dj), min(W, W - dj))
            ni = slice(max(0, di), min(H, H + di))
            nj = slice(max(0, dj), min(W, W + dj))
            A, N = a[..., ai, aj], n[..., ni, nj]
            if A.size < 0.4 * a.size or not np.any(N):
                continue
            if probe.matches(A, N) and not probe.matches(a[..., ai, aj], n[..., ai, aj]):
                return (di, dj), probe.residual(A, N)
    return None
