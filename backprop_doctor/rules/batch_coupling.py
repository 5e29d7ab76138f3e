"""batch-coupling: one sample's loss depends on other samples' inputs."""
from ..findings import RuleInfo, register

INFO = register(RuleInfo(
    id="batch-coupling", title="one sample's loss depends on the other samples (normalised over the batch?)",
    severity="warning", kind="probe",
    explanation=(
        "What it means: changing the input of one sample changed the batch loss by a different "
        "multiple of that sample's own loss change for different samples, so the samples are coupled. "
        "A softmax normalised over the batch axis (np.sum(exps) with no axis, or axis=0 on "
        "samples x classes) is the usual cause; batch normalisation couples samples on purpose.\n"
        "Why it matters: a gradient check can pass (cost and gradient agree) while the model "
        "computes the wrong thing: each prediction depends on what else is in the batch."),
    fix="Normalise per sample: exps / exps.sum(axis=1, keepdims=True) for samples x classes "
        "(axis=0 for classes x samples). Ignore this warning if you use batch normalisation.",
    bad="p = np.exp(z) / np.sum(np.exp(z))            # over the whole batch",
    good="p = np.exp(z) / np.sum(np.exp(z), axis=1, keepdims=True)",
))


def probe(problem, options):
    """Change one sample's input: the batch cost should move by one constant times that sample's own."""
    import numpy as np

    from ..batch import coupling

    result = coupling(problem, np.random.default_rng(getattr(options, "seed", 0)))
    if result is None or result["spread"] < 1e-3:
        return []
    ratios = ", ".join(f"{r:.3g}" for r in result["ratios"])
    test = (f"changing one sample's input moved the batch cost by {ratios} times that sample's own "
            f"cost change, for {len(result['ratios'])} different samples of {result['m']}")
    return [INFO.finding(
        f"{test}; uncoupled samples give one constant (1 for a sum, 1/m for a mean).",
        evidence=dict(result, test=test))]
