"""batch-mismatch: the gradient is right for one sample and wrong for a batch."""
from ..findings import RuleInfo, register

INFO = register(RuleInfo(
    id="batch-mismatch", title="right for one sample, wrong for a batch: samples are combined wrongly",
    severity="error", kind="gradient",
    explanation=(
        "What it means: checked on a single sample, these blocks agree; on the whole batch they do "
        "not. The per-sample math is right and the mistake is in how samples are combined: a sum "
        "over the batch axis missing or over the wrong axis, a mean in one place and a sum in "
        "another, one sample's delta used for all, or a normalisation over the batch.\n"
        "Why it matters: training on mini-batches then follows a wrong gradient even though a "
        "one-example derivation looks right."),
    fix="Sum per-sample contributions over the sample axis (axis=0 for samples x features, axis=1 "
        "for features x samples) with the same 1/m as the cost: dW = X.T @ delta / m, db = delta.sum(axis=0) / m.",
    bad="db = delta.sum(axis=1)      # sums over classes, not samples (samples x classes)",
    good="db = delta.sum(axis=0)",
))
