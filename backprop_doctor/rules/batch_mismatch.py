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


SAMPLES_TRIED = 3


def probe(problem, report, options, findings):
    """Blocks only gradient-mismatch names: if they pass on one sample, the batching is wrong."""
    from dataclasses import replace

    from ..batch import single_sample_failing

    weak = [f for f in findings if f.id == "gradient-mismatch" and f.severity == "error"]
    if not weak:
        return findings
    # Three different samples alone, so that one sample on which a data-dependent bug happens
    # to vanish (a margin counted once, a unit that is off) cannot pass for a batching mistake.
    still: set = set()
    for sample in range(SAMPLES_TRIED):
        failing = single_sample_failing(problem, report, options, sample=sample)
        if failing is None:
            return findings
        still.update(failing)
    out = []
    for f in findings:
        if f not in weak:
            out.append(f)
            continue
        batch_only = [b for b in f.all_blocks if b not in still]
        rest = [b for b in f.all_blocks if b in still]
        if batch_only:
            n = sum(report.block(b).n_failed for b in batch_only)
            test = (f"checked on each of the first {SAMPLES_TRIED} samples alone, "
                    f"{', '.join(batch_only)} agree{'s' if len(batch_only) == 1 else ''}; on the "
                    f"batch, {n} entries fail")
            out.append(INFO.finding(
                f"{test}: the per-sample math is right, the samples are combined wrongly.",
                blocks=batch_only, evidence={"test": test}))
        if rest:
            out.append(replace(f, block=rest[0], blocks=tuple(rest) if len(rest) > 1 else ()))
    return out
