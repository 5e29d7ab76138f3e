"""Rules about the size of the gradients (or, without a gradient, of the updates) per layer."""
from ...findings import RuleInfo, register

EXPLODING = register(RuleInfo(
    id="exploding-gradients", title="gradient norms explode", severity="error", kind="training",
    explanation=(
        "What it means: a block's gradient (or update) norm grew more than a thousandfold during "
        "the run, or became infinite.\n"
        "Why it matters: every step then overshoots more than the last and the run diverges."),
    fix="Lower the learning rate; clip the gradient norm; check that the step does not multiply "
        "by the weights (w * grad).",
    bad="w -= lr * w * grad", good="w -= lr * grad",
))

VANISHING = register(RuleInfo(
    id="vanishing-gradients", title="gradient norms vanish in some layers", severity="warning",
    kind="training",
    explanation=(
        "What it means: per entry, a block's gradient (or update) is more than ten thousand times "
        "smaller than the largest block's throughout the run.\n"
        "Why it matters: that layer does not learn; deep sigmoid/tanh stacks and saturated units "
        "are the usual causes."),
    fix="Use ReLU or tanh hidden layers, scale the initial weights by 1/sqrt(fan_in), and scale "
        "the inputs.",
    bad="", good="",
))
