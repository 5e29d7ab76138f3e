"""hidden-layer-mismatch: the last layer is right, earlier layers are wrong."""
from ..findings import RuleInfo, register

INFO = register(RuleInfo(
    id="hidden-layer-mismatch", title="the output layer is right but an earlier layer is wrong",
    severity="error", kind="gradient",
    explanation=(
        "What it means: the output layer's gradient agrees, so the loss and the output delta are "
        "right, but the delta is propagated back wrongly to earlier layers. Usual causes: the "
        "activation's derivative evaluated on the activation instead of the pre-activation "
        "(sigmoid'(a) where a = sigmoid(z) already), the bias row/column of the weights not dropped "
        "when propagating, the wrong cached activation, or the already-updated weights used.\n"
        "Why it matters: the hidden layers learn the wrong thing; the output layer alone cannot fit XOR."),
    fix="delta_hidden = (delta_next @ W_next_without_bias.T) * f'(z_hidden), with f' evaluated on the "
        "pre-activation z (or written in terms of the activation: a * (1 - a) for a sigmoid, "
        "1 - a**2 for tanh, (z > 0) for ReLU) and the weights as they were in the forward pass.",
    bad="a1 = sigmoid(z1)\ndelta1 = (delta2 @ W2.T) * sigmoid_prime(a1)   # derivative of the activation",
    good="delta1 = (delta2 @ W2.T) * a1 * (1 - a1)          # sigmoid'(z1) = a1 * (1 - a1)",
))


def detect(ctx):
    """Observed layers; the output layer right everywhere; a hidden matrix wrong unit by unit.

    A wrong delta reaching a hidden layer makes dW = inputs^T @ delta wrong along every input of
    each affected unit, so its failures fill whole unit lines.  A scattered or single wrong entry
    is something else and is left to gradient-mismatch.
    """
    if len(ctx.layers) < 2:
        return
    output = ctx.output_blocks()
    out_ev = [ctx.evidence[n] for n in output]
    if any(ev.failing or not ev.block.fully_checked for ev in out_ev):
        return
    n_out = sum(ev.block.n_checked for ev in out_ev)
    hits, parts = [], []
    for name in ctx.hidden_blocks():
        ev = ctx.evidence[name]
        if not ev.failing or ctx.explained(name) or len(ev.block.shape) != 2 \
                or sum(d > 1 for d in ev.block.shape) < 2:
            continue
        spread = _unit_spread(ev)
        if spread is None:
            continue    # scattered entries: not the signature of a wrong delta
        hits.append(name)
        parts.append(f"{name} (layer {ev.layer + 1} of {len(ctx.layers)}): {ev.block.n_failed} of "
                     f"{ev.block.n_checked} entries fail, filling {spread}")
    if not hits:
        return
    layers_hit = {ctx.evidence[h].layer for h in hits}
    for name in ctx.hidden_blocks():
        ev = ctx.evidence[name]
        if name not in hits and ev.failing and not ctx.explained(name) and ev.layer in layers_hit \
                and sum(d > 1 for d in ev.block.shape) < 2:
            hits.append(name)
            parts.append(f"{name}: {ev.block.n_failed} of {ev.block.n_checked} entries fail")
    order = {n: i for i, n in enumerate(ctx.order)}
    pairs = sorted(zip(hits, parts), key=lambda hp: order[hp[0]])
    hits, parts = [h for h, _ in pairs], [p for _, p in pairs]
    test = (f"the output layer ({', '.join(output)}) agrees at all {n_out} checked entries; "
            + "; ".join(parts))
    yield INFO.finding(
        f"{test}. A wrong delta arriving at a layer spoils every weight of the affected units, as "
        "here: the delta is propagated back wrongly between these layers.",
        blocks=hits, evidence={"layers": sorted(layers_hit), "test": test})


def _unit_spread(ev):
    """'u of U units, each wrong at f of its inputs' when failures fill unit lines, else None."""
    failed = ev.failed_mask
    if failed.sum() < 3:
        return None
    axes = [ev.unit_axis] if ev.unit_axis is not None else [0, 1]
    for axis in axes:
        other = 1 - axis
        per_unit = failed.sum(axis=other)          # failures per unit
        hit = per_unit > 0
        lines = failed.shape[other]
        if hit.sum() >= 1 and lines >= 2 and per_unit[hit].min() >= max(2, 0.5 * lines):
            return (f"{int(hit.sum())} of {failed.shape[axis]} units along axis {axis}, each wrong "
                    f"at {int(per_unit[hit].min())} or more of its {lines} inputs")
    return None
