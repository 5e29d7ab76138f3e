"""Rules about the network's units and outputs, seen through the forward pass and the weights."""
from ...findings import RuleInfo, register

OUTPUTS_STUCK = register(RuleInfo(
    id="outputs-stuck", title="the outputs are stuck near 1/K (chance)", severity="error",
    kind="training",
    explanation=(
        "What it means: after training, the network's class probabilities are still about 1/K "
        "for every sample (0.5 for two classes) or its accuracy is no better than always "
        "answering the most frequent class, and the loss has stopped falling.\n"
        "Why it matters: the network has learnt nothing but the class frequencies; the usual "
        "causes are a misapplied update (w -= lr * w * grad), a gradient with the wrong sign, or "
        "hidden units that all start alike."),
    fix="Check the step (backprop-doctor step) and the gradient (backprop-doctor check), and draw "
        "centred random initial weights.",
    bad="weights[0] -= .03 * weights[0] * dcdw0", good="weights[0] -= .03 * dcdw0",
))

SYMMETRIC_UNITS = register(RuleInfo(
    id="symmetric-units", title="hidden units are identical", severity="error", kind="training",
    explanation=(
        "What it means: two or more units have exactly the same weights (or the same activations "
        "on every sample) at the start and still at the end of training: the initialisation was "
        "symmetric (zeros, or one constant) and nothing can make the units differ.\n"
        "Why it matters: identical units receive identical gradients, so a layer of n units "
        "computes one feature n times."),
    fix="Initialise weights with small random values, e.g. rng.uniform(-0.5, 0.5, shape) or "
        "rng.normal(size=shape) / np.sqrt(fan_in); biases may start at zero.",
    bad="W1 = np.zeros((hidden, inputs))", good="W1 = rng.normal(size=(hidden, inputs)) / np.sqrt(inputs)",
))

ALL_POSITIVE_INIT = register(RuleInfo(
    id="all-positive-init", title="every initial weight is positive", severity="warning",
    kind="training",
    explanation=(
        "What it means: every entry of a weight matrix starts at or above zero (np.random.rand "
        "draws in [0, 1)).\n"
        "Why it matters: all hidden units then start by pushing the same way, their gradients "
        "have the same signs, and training is slow or stalls near the symmetric point."),
    fix="Draw centred weights: rng.uniform(-0.5, 0.5, shape), or np.random.rand(...) - 0.5.",
    bad="weights = [np.random.rand(2, 3) for _ in range(2)]",
    good="weights = [np.random.rand(2, 3) - 0.5 for _ in range(2)]",
))

SATURATED_UNITS = register(RuleInfo(
    id="saturated-units", title="sigmoid/tanh units are saturated", severity="warning",
    kind="training",
    explanation=(
        "What it means: most units of a sigmoid or tanh layer sit at the same end of their range "
        "(below 0.02 or above 0.98 of it) for almost every sample.\n"
        "Why it matters: there the derivative is almost zero, so those units barely learn and pass "
        "almost no gradient to the layers below."),
    fix="Scale the inputs (e.g. to [0, 1] or zero mean, unit variance) and draw smaller initial "
        "weights (divide by sqrt(fan_in)).",
    bad="W = rng.normal(size=(n_in, n_out)) * 5", good="W = rng.normal(size=(n_in, n_out)) / np.sqrt(n_in)",
))

DEAD_RELU = register(RuleInfo(
    id="dead-relu", title="ReLU units are dead", severity="warning", kind="training",
    explanation=(
        "What it means: many units of a ReLU layer output exactly zero for every sample.\n"
        "Why it matters: a dead ReLU has zero gradient everywhere and never recovers; a large "
        "learning rate or a negative bias usually killed it."),
    fix="Lower the learning rate, start biases at zero or slightly positive, and use He "
        "initialisation (rng.normal(size=shape) * np.sqrt(2 / fan_in)).",
    bad="b = -np.ones(hidden)", good="b = np.zeros(hidden)",
))
