"""kernel-flipped: a convolution's dx (or dw) uses the kernel rotated by 180 degrees.

Confirmed with the user's own forward: dx equals the true dx of the same forward run with the
kernel rotated by 180 degrees in its two spatial axes; for dw, your dw equals the true dw rotated.
"""
import numpy as np

from ..findings import RuleInfo, register

INFO = register(RuleInfo(
    id="kernel-flipped", title="a convolution's backward uses the kernel rotated by 180 degrees",
    severity="error", kind="layer",
    explanation=(
        "What it means: the forward of a (CS231n-style) convolution is a cross-correlation: "
        "out[i, j] = sum w[a, b] * x[i + a, j + b]. Its dx scatters each dout[i, j] back with the "
        "same w[a, b] at x[i + a, j + b]; textbooks that write the forward as a true convolution "
        "flip the kernel, and mixing the two conventions flips it once too often. The check ran "
        "your forward with the kernel rotated by 180 degrees and its gradient equals yours.\n"
        "Why it matters: the gradient points the wrong way for any kernel that is not symmetric."),
    fix="Use the kernel as the forward used it: dx_pad[n, :, i*s:i*s+HH, j*s:j*s+WW] += w[f] * "
        "dout[n, f, i, j] (no [::-1, ::-1]); and dw[f] += x_window * dout[n, f, i, j].",
    bad="dx_pad[n, :, hs:hs+HH, ws:ws+WW] += w[f, :, ::-1, ::-1] * dout[n, f, i, j]",
    good="dx_pad[n, :, hs:hs+HH, ws:ws+WW] += w[f] * dout[n, f, i, j]",
))

TEST = "your forward run with the kernel rotated by 180 degrees gives your gradient"


def _rot(v, axes=(-2, -1)):
    """v rotated by 180 degrees in two axes (the kernel's spatial ones)."""
    return np.flip(np.asarray(v), axis=axes).copy()


def _spatial_pairs(shape):
    """The kernel's spatial axes: the last two (F, C, HH, WW), then the first two (HH, WW, C, F)."""
    nd = len(shape)
    pairs = [(nd - 2, nd - 1)]
    if nd >= 4:
        pairs.append((0, 1))
    return [p for p in pairs if shape[p[0]] >= 2 and shape[p[1]] >= 2]


def _kernels(probe, name):
    out = []
    for k in probe.layer.names:
        v = probe.value(k)
        if k == name or not isinstance(v, np.ndarray) or v.dtype.kind != "f" or v.ndim < 3:
            continue
        for axes in _spatial_pairs(v.shape):
            if not np.allclose(_rot(v, axes), v):
                out.append((k, axes))
    return out


def detect(probe, name):
    if probe.is_loss_layer:
        return None
    a = probe.analytic(name)
    v = np.asarray(probe.value(name))
    if v.ndim >= 3 and v.shape[-1] >= 2 and v.shape[-2] >= 2 and _kernel_like(probe, name):
        n = probe.true(name)
        if n is not None and probe.matches(a, _rot(n)) and not probe.matches(_rot(n), n):
            return INFO.finding(
                f"your gradient of the kernel {name} is the true one rotated by 180 degrees in its "
                f"last two axes (residual {probe.residual(a, _rot(n)):.1e}).", block=name,
                evidence={"pattern": "dw rotated"})
    for k, axes in _kernels(probe, name):
        params = probe.start()
        overrides = {}
        if k in params:
            params[k] = _rot(params[k], axes)
        else:
            overrides[k] = _rot(probe.value(k), axes)
        c = probe.vjp(name, params=params, overrides=overrides)
        if probe.matches(a, c):
            return INFO.finding(
                f"your gradient of {name} equals the true one of your forward run with {k} "
                f"rotated by 180 degrees in axes {axes} (residual {probe.residual(a, c):.1e}): backward uses the "
                "flipped kernel.", block=name, evidence={"kernel": k, "axes": list(axes)})
    return None


def _kernel_like(probe, name) -> bool:
    """Smaller in its two spatial axes than another input of the layer: the kernel it slides over."""
    mine = np.shape(probe.value(name))[-2:]
    for k in probe.layer.names:
        other = np.shape(probe.value(k))
        if k != name and len(other) >= 3 and all(m <= o for m, o in zip(mine, other[-2:])) \
                and mine != other[-2:]:
            return True
    return False
