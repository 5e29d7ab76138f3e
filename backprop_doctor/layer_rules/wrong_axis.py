"""wrong-axis: a sum, mean, normalisation or softmax taken over the wrong axis in backward.

Confirmed in two ways.  For a normalisation (see `_norm`): the backward formula evaluated with its
reductions over another grouping reproduces your gradient.  For a softmax-type layer: the true
gradient sums to zero along one axis in every slice (the softmax's axis), yours does not, and yours
sums to zero along another axis instead.
"""
import numpy as np

from ..findings import RuleInfo, register
from . import _norm

INFO = register(RuleInfo(
    id="wrong-axis", title="a reduction in backward is taken over the wrong axis",
    severity="error", kind="layer",
    explanation=(
        "What it means: a reduction inside the backward (the mean and variance terms of a "
        "normalisation, the sum in a softmax's backward) runs over another axis than the forward's. "
        "Batch norm reduces over the batch (axis 0), layer norm over the features (axis 1 or -1); "
        "a row-wise softmax's backward subtracts sum(dp * p, axis=1, keepdims=True).\n"
        "Why it matters: the gradient mixes samples that the forward kept apart, or keeps apart "
        "values the forward coupled."),
    fix="Reduce over the same axes, with keepdims=True, as the forward's mean/var or softmax: "
        "layer norm: mean(axis=1, keepdims=True); batch norm: mean(axis=0); softmax over the last "
        "axis: dx = p * (dp - (dp * p).sum(axis=-1, keepdims=True)).",
    bad="dx = p * (dp - (dp * p).sum(axis=0, keepdims=True))   # softmax taken over axis 1",
    good="dx = p * (dp - (dp * p).sum(axis=1, keepdims=True))",
))

TEST = "the backward formula with its reduction over another axis gives your gradient"


def detect(probe, name):
    a = probe.analytic(name)
    s = _norm.structure(probe, name)
    if s is not None:
        found = _norm_wrong_axis(probe, name, s, a)
        if found is not None:
            return found
    return _softmax_wrong_axis(probe, name, a) or _invariant_axis(probe, name, a)


def _softmax_wrong_axis(probe, name, a):
    """A softmax layer (its output is positive and sums to one along an axis, and the true gradient
    is p * (dout - sum(dout * p)) along it): does the same formula along another axis give yours?"""
    if probe.is_loss_layer or len(probe.outputs) != 1:
        return None
    p, d = probe.outputs[0], probe.upstreams[0]
    if p.shape != a.shape or p.ndim < 2 or np.any(p <= 0):
        return None
    axes = [ax for ax in range(p.ndim) if p.shape[ax] >= 2 and np.allclose(p.sum(axis=ax), 1, atol=1e-9)]
    if len(axes) != 1:
        return None
    n = probe.true(name)

    def formula(ax):
        return p * (d - (d * p).sum(axis=ax, keepdims=True))

    if n is None or not probe.matches(n, formula(axes[0])):
        return None
    for ax in range(p.ndim):
        if ax != axes[0] and p.shape[ax] >= 2 and probe.matches(a, formula(ax)):
            return INFO.finding(
                f"the layer is a softmax over axis {axes[0]} (its output sums to one there and the "
                f"true gradient of {name} is p * (dout - sum(dout * p)) over that axis); yours is the "
                f"same formula summed over axis {ax} (residual {probe.residual(a, formula(ax)):.1e}).",
                block=name, evidence={"true_axis": axes[0], "your_axis": ax})
    return None


def _norm_wrong_axis(probe, name, s, a):
    g = s["grouping"]
    x = np.asarray(probe.value(name), dtype=np.float64)
    xhat, sigma = g.xhat_sigma(x)
    dxhat = s["c"] * sigma
    for other in _norm.groupings(x.shape):
        if other.label == g.label or other.size() < 2:
            continue
        pred = (dxhat - other.mean(dxhat) - xhat * other.mean(dxhat * xhat)) / sigma
        if probe.residual(a, pred) < 1e-3:
            return INFO.finding(
                f"{name} is normalised over {g.label}, but your gradient equals the backward formula "
                f"with its means taken over {other.label} (residual {probe.residual(a, pred):.1e}).",
                block=name, evidence={"forward": g.label, "backward": other.label})
    return None


def _invariant_axis(probe, name, a):
    if a.ndim < 2:
        return None
    n = probe.true(name)
    if n is None:
        return None
    scale = max(float(np.linalg.norm(n)), 1e-300)

    def zero_sum(v, axis):
        return v.shape[axis] >= 2 and float(np.linalg.norm(v.sum(axis=axis))) <= 1e-6 * scale * np.sqrt(v.shape[axis])

    true_axes = [ax for ax in range(n.ndim) if zero_sum(n, ax)]
    if not true_axes or any(zero_sum(a, ax) for ax in true_axes):
        return None
    yours = [ax for ax in range(a.ndim) if ax not in true_axes and zero_sum(a, ax)]
    if not yours:
        return None
    return INFO.finding(
        f"the true gradient of {name} sums to zero along axis {true_axes[0]} in every slice (the "
        f"axis the forward's softmax or normalisation couples), yours does not and sums to zero "
        f"along axis {yours[0]} instead: the backward reduces over the wrong axis.", block=name,
        evidence={"true_axis": true_axes[0], "your_axis": yours[0]})
