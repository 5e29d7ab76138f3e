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
    if a.ndim < 3 or min(a.shape[-2:]) <= _MAX_SHIFT:
        return None
    n = probe.true(name)
    if n is None:
        return None
    H, W = a.shape[-2:]
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
                return INFO.finding(
                    f"your gradient of {name} equals the true one shifted by ({di}, {dj}) in its "
                    f"last two axes wherever they overlap (residual {probe.residual(A, N):.1e}): "
                    "the padding is stripped at the wrong offset.", block=name,
                    evidence={"shift": [di, dj]})
    return None
