"""Layer-by-layer checks (CS231n style): `forward(*inputs)` and `backward(dout, cache)`.

The layer is checked as the scalar cost  sum_k sum(out_k * upstream_k)  whose gradient is exactly
what `backward(upstream_1, ..., upstream_K, cache)` must return, so random upstream gradients chain
the check the way the layer is used inside a network and a mismatch is pinned to this one layer.
A forward may return `out`, `(out, cache)` or `(out_1, ..., out_K, cache)` (an LSTM step's
`(next_h, next_c, cache)`); each output gets its own seeded upstream gradient.  A loss layer
`f(*inputs) -> (loss, dx, ...)` is checked with no backward: its loss is the cost.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple, Union

import numpy as np

from .errors import InputError, UserCodeError, call_user, describe
from .gradcheck import CheckOptions, run_check
from .layer_inputs import (AmbiguousWrt, Inputs, choose_wrt, grads_by_name, is_float_array,
                           named_inputs, parse_wrt, pass_through_copy)
from .problem import from_functions
from .report import Report

Upstream = Union[None, np.ndarray, Sequence[np.ndarray]]


class _Layer:
    """The user's layer as calls on named inputs: outputs, cache, gradients; always on copies."""

    def __init__(self, forward: Callable, backward: Optional[Callable], inputs: Inputs):
        self.forward, self.backward = forward, backward
        self.names, values, self.by_keyword = named_inputs(forward, inputs)
        self.values = dict(zip(self.names, values))
        self.floats = [n for n in self.names if is_float_array(self.values[n])]

    def call(self, params: Dict[str, Any], overrides: Optional[Dict[str, Any]] = None):
        """forward with `params` for the differentiated inputs, copies of the rest."""
        overrides = overrides or {}
        full = []
        for n in self.names:
            if n in overrides:
                full.append(overrides[n])
            elif n in params:
                full.append(params[n])
            else:
                full.append(pass_through_copy(self.values[n]))
        where = "loss_layer(*inputs)" if self.backward is None else "forward(*inputs)"
        if self.by_keyword:
            return call_user(where.replace("*inputs", "**inputs"), self.forward, **dict(zip(self.names, full)))
        return call_user(where, self.forward, *full)

    def outputs_and_cache(self, params, overrides=None) -> Tuple[List[np.ndarray], Any]:
        result = self.call(params, overrides)
        if isinstance(result, tuple) and len(result) >= 2:
            outs, cache = list(result[:-1]), result[-1]
        elif isinstance(result, tuple):
            outs, cache = list(result), None
        else:
            outs, cache = [result], None
        return [_as_float_output(o, i, len(outs)) for i, o in enumerate(outs)], cache

    def loss_and_grads(self, params, overrides=None) -> Tuple[float, Any]:
        result = self.call(params, overrides)
        if not isinstance(result, tuple) or len(result) < 2:
            raise InputError(f"a loss layer returns (loss, dx, ...); this one returned {describe(result)}. "
                             "For a layer with a separate backward, give --forward and the backward.")
        loss = np.asarray(result[0], dtype=np.float64)
        if loss.size != 1:
            raise InputError(f"a loss layer returns (loss, dx, ...) with a scalar loss; the first value "
                             f"has shape {loss.shape}.")
        grads = result[1] if len(result) == 2 and isinstance(result[1], (tuple, dict)) else result[1:]
        return float(loss.reshape(())), grads

    def start(self, wrt: List[str]) -> Dict[str, np.ndarray]:
        return {n: np.array(self.values[n], copy=True) for n in wrt}


def check_layer(forward: Callable, backward: Optional[Callable], inputs: Inputs, *,
                wrt: Union[None, str, Sequence[str]] = None, upstream: Upstream = None,
                seed: Optional[int] = None, rtol: Optional[float] = None,
                command: Optional[str] = None, ignore: Optional[Sequence[str]] = None,
                config: Any = True) -> Report:
    """Check `backward` against central differences of `forward` contracted with the upstreams.

    With `backward=None`, `forward` is a loss layer returning `(loss, dx, ...)` and is checked alone.
    `wrt` names the differentiated inputs (default: the float arrays the backward returns
    gradients for); dicts of settings, integer indices, boolean masks and plain numbers are passed
    through unchanged.  `seed`, `rtol` and `ignore` not given come from `[tool.backprop-doctor]`
    as for `check` (`config=True`: the nearest pyproject.toml; a path, a mapping, or False).
    """
    from .config import ignore_rules, settings_for, with_config_shown

    settings = settings_for(config, seed=seed, rtol=rtol, ignore=ignore)
    report = _check_layer(forward, backward, inputs, wrt=wrt, upstream=upstream,
                          seed=settings.seed, rtol=settings.rtol, command=command)
    return with_config_shown(ignore_rules(report, settings.ignore), settings)


def _check_layer(forward: Callable, backward: Optional[Callable], inputs: Inputs, *,
                 wrt: Union[None, str, Sequence[str]], upstream: Upstream, seed: int, rtol: float,
                 command: Optional[str]) -> Report:
    if not callable(forward) or (backward is not None and not callable(backward)):
        raise InputError("forward and backward must be functions: forward(*inputs) -> out, "
                         "(out, cache) or (out1, out2, ..., cache); backward(dout, cache) or "
                         "backward(dout1, dout2, ..., cache) -> gradient of each input. A loss layer "
                         "f(*inputs) -> (loss, dx, ...) needs no backward.")
    layer = _Layer(forward, backward, inputs)
    wanted = parse_wrt(wrt)
    if backward is None:
        return _check_loss_layer(layer, wanted, seed, rtol, command)

    all_floats = {n: np.array(layer.values[n], copy=True) for n in layer.floats}
    outs0, cache0 = layer.outputs_and_cache(all_floats)
    upstreams = _upstreams(upstream, outs0, seed)
    where = "backward(" + ", ".join(["dout"] * len(outs0) if len(outs0) == 1 else
                                    [f"dout{i + 1}" for i in range(len(outs0))]) + ", cache)"
    grads0 = call_user(where, backward, *[u.copy() for u in upstreams], cache0)

    def problem_for(names):
        def cost(params):
            outs, _ = layer.outputs_and_cache(params)
            if [o.shape for o in outs] != [u.shape for u in upstreams]:
                raise InputError(f"forward's outputs changed shape to {[o.shape for o in outs]} "
                                 "during the check.")
            return float(sum(np.sum(o * u) for o, u in zip(outs, upstreams)))

        def grad(params):
            _, cache = layer.outputs_and_cache(params)
            grads = call_user(where, backward, *[u.copy() for u in upstreams], cache)
            return grads_by_name(grads, layer.names, names, layer.floats)

        return from_functions(cost, grad, layer.start(names), ())

    return _run_layer(layer, grads0, wanted, problem_for, outs0, upstreams, seed, rtol, command)


def _check_loss_layer(layer: _Layer, wanted, seed, rtol, command) -> Report:
    start_all = {n: np.array(layer.values[n], copy=True) for n in layer.floats}
    _, grads0 = layer.loss_and_grads(start_all)

    def problem_for(names):
        def cost(params):
            return layer.loss_and_grads(params)[0]

        def grad(params):
            return grads_by_name(layer.loss_and_grads(params)[1], layer.names, names, layer.floats)

        return from_functions(cost, grad, layer.start(names), ())

    return _run_layer(layer, grads0, wanted, problem_for, None, None, seed, rtol, command)


def _run_layer(layer: _Layer, grads0, wanted, problem_for, outputs, upstreams, seed, rtol,
               command) -> Report:
    """Check the layer for the differentiated inputs, then diagnose it.

    When several float inputs have the gradients' shapes (an MSE loss layer returning dx for
    x and y alike), each assignment is checked in input order without diagnosis and the first
    that passes is taken ("matched"); when none passes, the first (inputs in order, as layers
    return their gradients) is diagnosed ("first").  The report's layout says which, and
    --wrt chooses."""
    alternatives: List[List[str]] = []
    how = None
    try:
        names = choose_wrt(layer.names, list(layer.values.values()), grads0, wanted)
    except AmbiguousWrt as exc:
        alternatives, names, how = exc.fits, exc.fits[0], "first"
        for fit in exc.fits:
            try:
                quick = run_check(problem_for(fit),
                                  CheckOptions(seed=seed, rtol=rtol, diagnose=False))
            except (InputError, UserCodeError):
                continue        # this assignment cannot even be checked: not the one
            if quick.ok:
                names, how = fit, "matched"
                break
    report = run_check(problem_for(names),
                       CheckOptions(seed=seed, rtol=rtol, command=command, subject="layer"))
    from .layer_rules import diagnose_layer
    from .layer_rules._probe import LayerProbe

    probe = LayerProbe(layer=layer, wrt=names, outputs=outputs, upstreams=upstreams, report=report)
    report = replace(diagnose_layer(probe), title="layer check")
    if how is not None:
        report = replace(report, layout={
            "source": f"wrt-{how}", "blocks": ",".join(names), "order": "C",
            "alternatives": [",".join(f) for f in alternatives if f != names]})
    return report


def _as_float_output(out: Any, i: int, n: int) -> np.ndarray:
    try:
        arr = np.asarray(out, dtype=np.float64)
    except (TypeError, ValueError):
        what = "forward's output" if n == 1 else f"forward's output {i + 1} of {n}"
        raise InputError(f"{what} is {describe(out)}, not an array of numbers. forward returns "
                         "out, (out, cache) or (out1, ..., outK, cache), the cache last.") from None
    return arr


def _upstreams(upstream: Upstream, outs: List[np.ndarray], seed: int) -> List[np.ndarray]:
    if upstream is None:
        rng = np.random.default_rng(seed)
        return [rng.standard_normal(o.shape) if o.shape else np.float64(1.0) for o in outs]
    given = [upstream] if isinstance(upstream, np.ndarray) or len(outs) == 1 else list(upstream)
    if len(given) != len(outs):
        raise InputError(f"{len(given)} upstream gradients given; forward returns {len(outs)} outputs.")
    result = []
    for i, (u, o) in enumerate(zip(given, outs)):
        u = np.asarray(u, dtype=np.float64)
        if u.shape != o.shape:
            what = "forward's output" if len(outs) == 1 else f"forward's output {i + 1}"
            raise InputError(f"upstream has shape {u.shape} but {what} has {o.shape}.")
        result.append(u)
    return result
