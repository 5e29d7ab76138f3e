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


def probe(problem, report, options, findings):
    """When only gradient-mismatch speaks: does the gradient ignore sample 0 (two gradient calls)?

    Returns the findings with that explanation in place of gradient-mismatch, or None.
    """
    from ..batch import first_sample_missing

    weak = [f for f in findings if f.id == "gradient-mismatch" and f.severity == "error"]
    if not weak or not first_sample_missing(problem, report, options):
        return None
    names = list(report.failing_blocks)
    test = ("your gradient stays exactly the same when the first sample's input changes, and "
            "moves when the second sample's input changes")
    out = [f for f in findings if f not in weak]
    out.append(INFO.finding(
        f"{', '.join(names)} fail{'s' if len(names) == 1 else ''}, and {test}: the first sample "
        "is left out of the gradient but not of the cost.", blocks=names,
        evidence={"test": test}))
    return out
