"""Layer-by-layer checks (CS231n style): `forward(*inputs)` and `backward(dout, cache)`.

The layer is checked as the scalar cost  sum(forward(inputs) * upstream)  whose gradient is exactly
what `backward(upstream, cache)` must return, so a random upstream gradient chains the check the
way the layer is used inside a network and a mismatch is pinned to this one layer.
"""
from __future__ import annotations

import inspect
from dataclasses import replace
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple, Union

import numpy as np

from .errors import InputError, call_user, describe
from .gradcheck import CheckOptions, run_check
from .problem import from_functions
from .report import Report

Inputs = Union[Sequence[Any], Dict[str, Any]]


def check_layer(forward: Callable, backward: Callable, inputs: Inputs, *,
                upstream: Optional[np.ndarray] = None, seed: int = 0, rtol: float = 1e-6,
                command: Optional[str] = None) -> Report:
    """Check `backward` against central differences of `forward` contracted with `upstream`."""
    if not callable(forward) or not callable(backward):
        raise InputError("forward and backward must be functions: forward(*inputs) -> out or "
                         "(out, cache); backward(dout, cache) -> gradient of each input.")
    names, values, by_keyword = _named_inputs(forward, inputs)
    float_names = [n for n, v in zip(names, values) if _is_float(v)]
    if not float_names:
        raise InputError("none of the layer's inputs is a float array; nothing to check.")
    fixed = {n: v for n, v in zip(names, values) if n not in float_names}

    def call_forward(params: Dict[str, Any]):
        full = [params[n] if n in params else fixed[n] for n in names]
        if by_keyword:
            result = call_user("forward(**inputs)", forward, **dict(zip(names, full)))
        else:
            result = call_user("forward(*inputs)", forward, *full)
        if isinstance(result, tuple) and len(result) == 2:
            return result
        return result, None

    start = {n: np.array(v, dtype=np.float64) for n, v in zip(names, values) if n in float_names}
    out0, _ = call_forward({k: v.copy() for k, v in start.items()})
    out0 = np.asarray(out0, dtype=np.float64)
    if upstream is None:
        rng = np.random.default_rng(seed)
        upstream = rng.standard_normal(out0.shape) if out0.shape else np.float64(1.0)
    upstream = np.asarray(upstream, dtype=np.float64)
    if upstream.shape != out0.shape:
        raise InputError(f"upstream has shape {upstream.shape} but forward's output has {out0.shape}.")

    def cost(params):
        out, _ = call_forward(params)
        out = np.asarray(out, dtype=np.float64)
        if out.shape != upstream.shape:
            raise InputError(f"forward's output changed shape to {out.shape} during the check.")
        return float(np.sum(out * upstream))

    def grad(params):
        _, cache = call_forward(params)
        grads = call_user("backward(dout, cache)", backward, upstream.copy(), cache)
        return _grads_by_name(grads, names, float_names)

    problem = from_functions(cost, grad, start, ())
    report = run_check(problem, CheckOptions(seed=seed, rtol=rtol, command=command))
    if report.n_failed and len(float_names) == 1 and out0.shape == start[float_names[0]].shape:
        finding = _activation_derivative_probe(
            lambda v: np.asarray(call_forward({float_names[0]: v})[0], dtype=np.float64),
            start[float_names[0]], out0, upstream, report.block(float_names[0]))
        if finding is not None:
            report = _with_finding(report, finding)
    return replace(report, title="layer check")


def _with_finding(report: Report, finding) -> Report:
    from .findings import dedupe, sort_findings

    kept = [f for f in report.findings if not (f.block == finding.block and f.id == "gradient-mismatch")]
    return replace(report, findings=tuple(sort_findings(dedupe([finding] + kept))))


def _activation_derivative_probe(F: Callable[[np.ndarray], np.ndarray], x: np.ndarray,
                                 out: np.ndarray, upstream: np.ndarray, block):
    """For an elementwise activation: is the user's derivative f' taken at the wrong quantity?

    The user's slope g = dx / dout per entry is compared with f'(out) (the derivative evaluated
    on the activation instead of the input) and with phi(x), where phi(f(u)) = f'(u) is the
    derivative written in terms of the activation (1 - a**2 for tanh) but fed the input.
    """
    from .rules import hidden_layer_mismatch

    if not _is_elementwise(F, x):
        return None
    ok = np.abs(upstream) > 1e-3
    if not np.any(ok):
        return None
    g = block.analytic[ok] / upstream[ok]

    def slope(v):
        h = 1e-6 * np.maximum(1.0, np.abs(v))
        return (F(v + h) - F(v - h)) / (2 * h)

    at_output = slope(out)[ok]
    if _close(g, at_output):
        return hidden_layer_mismatch.INFO.finding(
            f"the derivative in backward is evaluated on the layer's output (the activation) instead "
            f"of its input: dx / dout matches f'(out) at all {int(ok.sum())} entries checked.",
            block=block.name, evidence={"pattern": "f'(activation)"})
    lo, hi = float(np.min(out)), float(np.max(out))
    inside = (x >= lo) & (x <= hi)
    if np.mean(inside) > 0.5:
        u = _invert(F, np.clip(x, lo, hi), lo=np.full(x.shape, -50.0), hi=np.full(x.shape, 50.0))
        phi = slope(u)[ok & inside]
        if _close(g[inside[ok]], phi):
            return hidden_layer_mismatch.INFO.finding(
                "the derivative in backward is written in terms of the activation (like 1 - a**2 "
                "for tanh or a*(1-a) for a sigmoid) but applied to the layer's input: feed it the "
                "activation, or use the formula in terms of the input.",
                block=block.name, evidence={"pattern": "phi(input)"})
    return None


def _close(a: np.ndarray, b: np.ndarray) -> bool:
    return a.size > 0 and np.all(np.abs(a - b) <= 1e-4 * np.maximum(np.abs(b), 1e-3))


def _is_elementwise(F, x: np.ndarray) -> bool:
    rng = np.random.default_rng(0)
    mask = rng.random(x.shape) < 0.5
    if not mask.any() or mask.all():
        return x.size == 1
    base = F(x)
    moved = F(np.where(mask, x, x + 0.1))
    return base.shape == x.shape and np.array_equal(base[mask], moved[mask])


def _invert(F, target: np.ndarray, lo: np.ndarray, hi: np.ndarray, steps: int = 60) -> np.ndarray:
    """Elementwise bisection for u with F(u) = target (F increasing)."""
    for _ in range(steps):
        mid = (lo + hi) / 2
        above = F(mid) > target
        hi = np.where(above, mid, hi)
        lo = np.where(above, lo, mid)
    return (lo + hi) / 2


def _named_inputs(forward: Callable, inputs: Inputs) -> Tuple[List[str], List[Any], bool]:
    if isinstance(inputs, dict):
        return list(map(str, inputs)), list(inputs.values()), True
    if isinstance(inputs, np.ndarray):
        inputs = (inputs,)
    if not isinstance(inputs, (list, tuple)):
        raise InputError(f"inputs should be a tuple of arrays or a dict name -> array, got {describe(inputs)}.")
    try:
        params = [p.name for p in inspect.signature(forward).parameters.values()
                  if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    except (TypeError, ValueError):
        params = []
    names = [params[i] if i < len(params) else f"inputs[{i}]" for i in range(len(inputs))]
    return names, list(inputs), False


def _is_float(value: Any) -> bool:
    arr = np.asarray(value)
    return arr.dtype.kind == "f" and arr.size > 0


def _grads_by_name(grads: Any, names: List[str], float_names: List[str]) -> Dict[str, Any]:
    if isinstance(grads, dict):
        missing = [n for n in float_names if n not in grads]
        if missing:
            raise InputError(f"backward returned a dict without {missing}.")
        return {n: grads[n] for n in float_names}
    if not isinstance(grads, (tuple, list)):
        grads = (grads,)
    if len(grads) == len(names):
        return {n: g for n, g in zip(names, grads) if n in float_names}
    if len(grads) == len(float_names):
        return dict(zip(float_names, grads))
    raise InputError(f"backward returned {len(grads)} gradients; the layer has {len(names)} inputs "
                     f"({', '.join(names)}): return one per input, in order (None for labels).")
