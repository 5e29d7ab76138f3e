"""Rules about the loss curve of a short training run."""
from ...findings import RuleInfo, register

LOSS_NOT_FALLING = register(RuleInfo(
    id="loss-not-falling", title="the loss does not fall", severity="error", kind="training",
    explanation=(
        "What it means: over the training run the loss ended where it started, or higher.\n"
        "Why it matters: with a right gradient, a right step and a small enough rate, every step "
        "of full-batch gradient descent lowers the loss; a flat or rising curve means the step, "
        "the gradient or the initialisation is wrong (or the rate is zero)."),
    fix="Check the step (backprop-doctor step) and the gradient (backprop-doctor check); then try "
        "a smaller learning rate.",
    bad="w += lr * grad            # climbs\nweights = [np.zeros(...)]  # no unit can differ",
    good="w -= lr * grad\nweights = [rng.uniform(-.5, .5, size) ...]",
))

LOSS_DIVERGED = register(RuleInfo(
    id="loss-diverged", title="the loss blows up", severity="error", kind="training",
    explanation=(
        "What it means: the loss (or the parameters) became infinite or NaN, or grew more than "
        "tenfold, during the run.\n"
        "Why it matters: the rate is too large for this loss, or the step grows with the weights "
        "(w * grad), and the run is lost."),
    fix="Lower the learning rate (by 10x) and check the step: backprop-doctor step.",
    bad="w -= 10.0 * grad", good="w -= 0.1 * grad",
))

INITIAL_LOSS_OFF = register(RuleInfo(
    id="initial-loss-off", title="the initial loss is far above log(K)", severity="warning",
    kind="training",
    explanation=(
        "What it means: before training, a classifier with K classes and small random weights "
        "predicts about 1/K for every class, so its cross-entropy is about log(K) (0.69 for two "
        "classes, 2.3 for ten). Yours starts far above that: the initial outputs are confidently "
        "wrong.\n"
        "Why it matters: weights drawn too large saturate the softmax; the first steps are spent "
        "undoing the initialisation, or the units saturate and stop learning."),
    fix="Draw smaller initial weights (e.g. scaled by 1/sqrt(fan_in)) and check the inputs are "
        "scaled (e.g. pixels to [0, 1]).",
    bad="W = rng.normal(size=(784, 10)) * 10", good="W = rng.normal(size=(784, 10)) / np.sqrt(784)",
))

CANNOT_OVERFIT = register(RuleInfo(
    id="cannot-overfit", title="cannot overfit a small batch", severity="warning", kind="training",
    explanation=(
        "What it means: on a handful of samples a working network memorises the data: the loss "
        "falls close to zero. In this run it fell by less than half.\n"
        "Why it matters: failing to overfit a tiny batch points at a bug in the forward pass, the "
        "gradient or the step rather than at the data or the model size."),
    fix="Train on these few samples only until the loss is near zero; if it will not go there, "
        "check the gradient (backprop-doctor check) and the step (backprop-doctor step).",
    bad="", good="",
))
