"""What a layer rule may ask of the layer: its numbers, and experiments run with its own forward.

A layer rule confirms a cause by predicting the analytic gradient from the user's own forward
under the hypothesis (the kernel rotated, one output's upstream dropped, the stride set to 1, ...)
and comparing; `vjp` gives those predictions by central differences.  Everything runs on copies.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

import numpy as np

from ..report import FAILED, KINK, NOT_CHECKED, Report

MAX_VJP_ENTRIES = 6000       # larger inputs are not probed (each entry costs two forward calls)
MATCH_TOL = 1e-4             # a prediction "matches" to 0.01% of the gradient's size
MATCH_TOL_LOW_PRECISION = 3e-2


@dataclass
class LayerProbe:
    layer: Any                                  # layer._Layer
    wrt: List[str]
    outputs: Optional[List[np.ndarray]]         # None for a loss layer
    upstreams: Optional[List[np.ndarray]]
    report: Report
    _cache: Dict[Any, np.ndarray] = field(default_factory=dict)

    # -- facts -------------------------------------------------------------------------------
    @property
    def is_loss_layer(self) -> bool:
        return self.outputs is None

    @property
    def tol(self) -> float:
        return MATCH_TOL_LOW_PRECISION if self.report.settings.low_precision else MATCH_TOL

    def start(self) -> Dict[str, np.ndarray]:
        return {n: np.array(self.layer.values[n], dtype=np.float64) for n in self.wrt}

    def value(self, name: str) -> Any:
        return self.layer.values[name]

    def analytic(self, name: str) -> np.ndarray:
        return np.asarray(self.report.block(name).analytic, dtype=np.float64)

    def failed(self, name: str) -> np.ndarray:
        return self.report.block(name).status == FAILED

    def kinks(self, name: str) -> np.ndarray:
        return self.report.block(name).status == KINK

    def true(self, name: str) -> Optional[np.ndarray]:
        """The true gradient: the check's numbers when every entry was checked, else our own."""
        b = self.report.block(name)
        if np.all(b.status != NOT_CHECKED) and np.all(np.isfinite(b.numeric)):
            return np.asarray(b.numeric, dtype=np.float64)
        return self.vjp(name)

    def index_inputs(self) -> List[str]:
        """Inputs holding integer indices or labels (passed through)."""
        out = []
        for n in self.layer.names:
            v = self.layer.values[n]
            if isinstance(v, (np.ndarray, list, tuple)) and n not in self.wrt:
                arr = np.asarray(v)
                if arr.dtype.kind in "iu" and arr.size > 0:
                    out.append(n)
        return out

    # -- experiments with the user's forward ------------------------------------------------
    def scalar(self, params: Dict[str, np.ndarray], upstreams: Optional[List[np.ndarray]] = None,
               overrides: Optional[Dict[str, Any]] = None) -> float:
        if self.is_loss_layer:
            return self.layer.loss_and_grads(params, overrides)[0]
        outs, _ = self.layer.outputs_and_cache(params, overrides)
        ups = self.upstreams if upstreams is None else upstreams
        if [o.shape for o in outs] != [np.shape(u) for u in ups]:
            raise ValueError("upstream shapes do not fit the outputs")
        return float(sum(np.sum(o * u) for o, u in zip(outs, ups)))

    def outputs_with(self, params=None, overrides=None) -> List[np.ndarray]:
        outs, _ = self.layer.outputs_and_cache(params if params is not None else self.start(),
                                               overrides)
        return outs

    def vjp(self, name: str, upstreams: Optional[List[np.ndarray]] = None,
            params: Optional[Dict[str, np.ndarray]] = None,
            overrides: Optional[Dict[str, Any]] = None) -> Optional[np.ndarray]:
        """d/d name of sum(out * upstream) by central differences (None when too big to probe)."""
        base = params if params is not None else self.start()
        x = np.array(base[name], dtype=np.float64)
        if x.size > MAX_VJP_ENTRIES:
            return None
        g = np.zeros(x.size)
        flat = x.ravel()
        for i in range(x.size):
            h = 1e-5 * max(1.0, abs(flat[i]))
            vals = []
            for s in (h, -h):
                moved = flat.copy()
                moved[i] += s
                p = dict(base)
                p[name] = moved.reshape(x.shape)
                vals.append(self.scalar(p, upstreams, overrides))
            g[i] = (vals[0] - vals[1]) / (2 * h)
        return g.reshape(x.shape)

    def matches(self, a: np.ndarray, c: Optional[np.ndarray], mask: Optional[np.ndarray] = None) -> bool:
        """a equals the prediction c (on `mask`), to the probe's tolerance, kinks excused."""
        if c is None or np.shape(a) != np.shape(c):
            return False
        if mask is not None:
            a, c = a[mask], c[mask]
        scale = max(float(np.linalg.norm(a)), float(np.linalg.norm(c)), 1e-300)
        return float(np.linalg.norm(a - c)) <= self.tol * scale

    def residual(self, a: np.ndarray, c: np.ndarray) -> float:
        scale = max(float(np.linalg.norm(a)), float(np.linalg.norm(c)), 1e-300)
        return float(np.linalg.norm(a - c)) / scale
