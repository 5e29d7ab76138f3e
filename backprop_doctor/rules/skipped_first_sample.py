"""skipped-first-sample: the gradient leaves out the first sample (a loop over samples from 1)."""
from ..findings import RuleInfo, register

INFO = register(RuleInfo(
    id="skipped-first-sample", title="the gradient leaves out the first sample: a loop over samples starts at 1",
    severity="error", kind="gradient",
    explanation=(
        "What it means: your gradient minus the true one equals minus the first sample's own "
        "gradient (times the 1/m of the average): the per-sample loop of the gradient starts at 1 "
        "while the cost uses every sample. A MATLAB habit: there the first index is 1.\n"
        "Why it matters: one sample never contributes to training, and the gradient no longer "
        "matches the cost, so optimizers such as fmin_cg stop with 'precision loss'."),
    fix="Loop over every sample: for t in range(m) (Python indices start at 0), or vectorise the "
        "sum over the sample axis.",
    bad="for t in range(1, m):\n    delta1 += ...",
    good="for t in range(m):\n    delta1 += ...",
))
