"""The structure of a normalisation layer, read from the numbers (for the normalisation rules).

A layer normalises x over a grouping R (batch norm: over the batch per feature; layer norm: over
the features per sample; spatial batch norm and group norm: over several axes) exactly when its
true input gradient is orthogonal, inside every group, to the two directions along which the
group's statistics move: the constant (the mean) and the normalised input x_hat (the variance).
The grouping is found by testing that property; then the gradient with the statistics frozen,
c = gain * dout, is measured from the forward itself (its response to a direction that leaves the
statistics unchanged), and the true gradient must equal c minus its projections on 1 and x_hat.
Only when that prediction holds do the rules read the error against these directions.
"""
from itertools import combinations
from typing import Dict, Iterator, Optional, Tuple

import numpy as np

STRUCTURE_TOL = 1e-3      # orthogonality of the true gradient to 1 and x_hat, relative


class Grouping:
    """A normalisation grouping: x reshaped to `shape`, statistics over `axes`."""

    def __init__(self, label: str, x_shape, shape, axes):
        self.label, self.x_shape, self.shape, self.axes = label, tuple(x_shape), tuple(shape), tuple(axes)

    def size(self) -> int:
        return int(np.prod([self.shape[a] for a in self.axes]))

    def mean(self, v: np.ndarray) -> np.ndarray:
        r = v.reshape(self.shape)
        return np.broadcast_to(r.mean(axis=self.axes, keepdims=True), self.shape).reshape(self.x_shape)

    def xhat_sigma(self, x: np.ndarray, eps: float = 1e-5) -> Tuple[np.ndarray, np.ndarray]:
        mu = self.mean(x)
        var = self.mean((x - mu) ** 2)
        return (x - mu) / np.sqrt(var + 1e-300), np.sqrt(var + eps)

    def p1(self, v):
        return self.mean(v)

    def px(self, v, xhat):
        return xhat * self.mean(v * xhat) / np.maximum(self.mean(xhat * xhat), 1e-300)


def groupings(shape) -> Iterator[Grouping]:
    nd = len(shape)
    for k in range(1, nd):
        for axes in combinations(range(nd), k):
            yield Grouping(f"axis {axes[0]}" if k == 1 else f"axes {axes}", shape, shape, axes)
    if nd >= 3:
        C = shape[1]
        for G in range(2, C):
            if C % G == 0:
                new = (shape[0], G, C // G) + tuple(shape[2:])
                yield Grouping(f"groups of {C // G} channels ({G} groups)", shape, new,
                               tuple(range(2, len(new))))


def structure(probe, name) -> Optional[Dict]:
    """The grouping, x_hat and frozen-statistics gradient c of a normalisation input (cached)."""
    key = ("norm", name)
    if key in probe._cache:
        return probe._cache[key]
    probe._cache[key] = result = _structure(probe, name)
    return result


def _structure(probe, name):
    if probe.is_loss_layer or len(probe.outputs) != 1:
        return None
    x = np.asarray(probe.value(name), dtype=np.float64)
    out, up = probe.outputs[0], probe.upstreams[0]
    if x.ndim < 2 or out.shape != x.shape:
        return None
    n = probe.true(name)
    if n is None or not np.any(n):
        return None
    best = None
    for g in groupings(x.shape):
        if g.size() < 3:
            continue
        xhat, _ = g.xhat_sigma(x)
        r = (np.linalg.norm(g.p1(n)) + np.linalg.norm(g.px(n, xhat))) / np.linalg.norm(n)
        # the finest grouping with the property: orthogonality in small groups implies it in
        # any union of them (group norm's groups pass the test for layer norm's whole sample too)
        if r < STRUCTURE_TOL and (best is None or (g.size(), r) < best[0]):
            best = ((g.size(), r), g, xhat)
    if best is None:
        return None
    _, g, xhat = best
    gain = _gain(probe, name, x, g, xhat)
    if gain is None:
        return None
    c = gain * up
    predicted = c - g.p1(c) - g.px(c, xhat)
    if not probe.matches(n, predicted) and probe.residual(n, predicted) > 1e-3:
        return None
    return {"grouping": g, "xhat": xhat, "c": c, "n": n}


def _gain(probe, name, x, g, xhat):
    """d out / d x per entry along directions that leave every group's statistics unchanged."""
    rng = np.random.default_rng(1)
    others = {k: v for k, v in probe.start().items() if k != name}
    num = np.zeros(x.shape)
    den = np.zeros(x.shape)
    t = 1e-5 * max(1.0, float(np.max(np.abs(x))))
    for _ in range(3):
        v = rng.standard_normal(x.shape)
        v = v - g.p1(v) - g.px(v, xhat)
        plus = probe.outputs_with({**others, name: x + t * v})[0]
        minus = probe.outputs_with({**others, name: x - t * v})[0]
        jv = (plus - minus) / (2 * t)
        num += jv * v
        den += v * v
    gain = num / np.maximum(den, 1e-300)
    return gain if np.all(np.isfinite(gain)) else None


def fit_error(probe, s, a) -> Tuple[float, float, float]:
    """a - n = kappa * Px(c) + lam * P1(c): (kappa, lam, residual relative to |a - n|)."""
    g, xhat, c, n = s["grouping"], s["xhat"], s["c"], s["n"]
    e = (a - n).ravel()
    M = np.stack([g.px(c, xhat).ravel(), g.p1(c).ravel()], axis=1)
    coef, *_ = np.linalg.lstsq(M, e, rcond=None)
    resid = float(np.linalg.norm(e - M @ coef)) / max(float(np.linalg.norm(e)), 1e-300)
    return float(coef[0]), float(coef[1]), resid
