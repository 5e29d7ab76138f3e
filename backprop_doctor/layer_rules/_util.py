"""Small helpers the layer rules share."""
from typing import List, Optional

import numpy as np


def output_label(probe, k: int) -> str:
    n = len(probe.outputs)
    shape = tuple(probe.outputs[k].shape)
    return f"forward's output {k + 1} of {n} (shape {shape})" if n > 1 else f"forward's output (shape {shape})"


def restrict(up: np.ndarray, axis: int, index: int) -> np.ndarray:
    """An upstream gradient kept only at `index` along `axis` (zero elsewhere)."""
    out = np.zeros_like(up)
    sl = [slice(None)] * up.ndim
    sl[axis] = index
    out[tuple(sl)] = up[tuple(sl)]
    return out


def small_ints(v) -> Optional[List[int]]:
    return None


def fmt_shape(s) -> str:
    return "x".join(map(str, s)) if len(s) else "scalar"
