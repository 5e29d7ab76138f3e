"""misapplied-update: a training step that is not `params - lr * gradient` for one lr > 0."""
from ...findings import RuleInfo, register

INFO = register(RuleInfo(
    id="misapplied-update", title="the update step is not -lr * gradient",
    severity="error", kind="step",
    explanation=(
        "What it means: calling your training step once moved the parameters by an amount that is "
        "not one positive learning rate times the negative gradient. The check fits one rate by "
        "least squares (lr = -<delta, g> / <g, g>) and looks at what is left over: the step may be "
        "scaled by the weights (w -= lr * w * grad), climb the loss (w += lr * grad, or the error "
        "taken as y - p), use a different rate per entry or per layer, ignore the gradient, add "
        "gradients kept from earlier calls (an accumulator never reset), or sum per-sample "
        "gradients where the cost averages them (its rate then grows with the batch size: the "
        "step is also run on half of the samples to see it).\n"
        "Why it matters: the gradient can be perfectly right and the network still never learns; "
        "a gradient check cannot see this, only a check of the step can."),
    fix="Update every parameter as w = w - lr * grad with one positive lr, using the gradient "
        "computed at the current parameters in this call only.",
    bad="weights[0] -= .03 * weights[0] * dcdw0      # scaled by the weights\n"
        "self.who = self.who + self.lr * grad_who   # climbs the loss",
    good="weights[0] -= .03 * dcdw0\nself.who = self.who - self.lr * grad_who",
))

# causes that describe what was seen without a prediction the numbers confirmed: the report
# does not call them a likely cause
VAGUE = ("per-entry", "ignores-gradient")
