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
    output = ctx.output_blocks()
    if not output or any(ctx.evidence[n].failing for n in output):
        return
    for name in ctx.hidden_blocks():
        ev = ctx.evidence[name]
        if not ev.failing or ctx.explained(name):
            continue
        yield INFO.finding(
            f"the output layer ({', '.join(output)}) agrees with the numerical gradient but {name} "
            f"(layer {ev.layer + 1} of {len(ctx.layers)}) does not: {ev.block.n_failed} of "
            f"{ev.block.n_checked} entries fail, max rel error {ev.block.max_rel_error:.2g}. The "
            "delta is propagated back wrongly between these layers.",
            block=name, evidence={"layer": ev.layer, "n_failed": ev.block.n_failed})
