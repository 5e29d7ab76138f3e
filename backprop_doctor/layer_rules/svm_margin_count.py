"""svm-margin-count: the hinge loss gradient counts the correct class among the margins.

Confirmed from the numbers and the labels: your dx differs from the true one only at each row's
correct-class entry, by exactly one (or more) unit of the per-margin gradient.
"""
import numpy as np

from ..findings import RuleInfo, register

INFO = register(RuleInfo(
    id="svm-margin-count", title="the hinge loss gradient counts the correct class among the margins",
    severity="error", kind="layer",
    explanation=(
        "What it means: for the multiclass SVM loss, each class j != y with a positive margin "
        "x_j - x_y + 1 adds 1 to dx_j and -1 to dx_y. The correct class itself has margin exactly "
        "1 > 0 when it is not excluded, so counting positive margins without zeroing it first "
        "subtracts one unit too many at dx_y. Your dx is off by exactly that unit at the label "
        "entries and right everywhere else.\n"
        "Why it matters: the correct class is pushed down on every sample."),
    fix="Exclude the correct class before counting: margins[np.arange(N), y] = 0, then "
        "count = (margins > 0).sum(axis=1); dx[np.arange(N), y] -= count.",
    bad="margins = np.maximum(0, x - x[np.arange(N), y][:, None] + 1)\n"
        "count = (margins > 0).sum(axis=1)     # includes the correct class (margin 1)",
    good="margins[np.arange(N), y] = 0\ncount = (margins > 0).sum(axis=1)",
))

TEST = "the error sits only at the correct-class entries and is a whole number of margin units"


def detect(probe, name):
    a = probe.analytic(name)
    if a.ndim != 2 or a.shape[1] < 2:
        return None
    N, C = a.shape
    n = probe.true(name)
    if n is None:
        return None
    for label_name in probe.index_inputs():
        y = np.asarray(probe.value(label_name)).ravel()
        if y.size != N or y.min() < 0 or y.max() >= C:
            continue
        at_label = np.zeros(a.shape, dtype=bool)
        at_label[np.arange(N), y] = True
        e = a - n
        scale = max(float(np.max(np.abs(n))), 1e-300)
        zero, close = (1e-6, 1e-4) if probe.tol <= 1e-4 else (1e-2, 2e-2)   # float32: looser
        if np.any(np.abs(e[~at_label]) > zero * scale) or not np.any(np.abs(e[at_label]) > zero * scale):
            continue
        off = n[~at_label]
        positive = off[np.abs(off) > zero * scale]
        if positive.size == 0:
            continue
        unit = float(np.median(np.abs(positive)))
        if np.any(np.abs(np.abs(positive) - unit) > close * unit):
            continue  # the off-label gradient is not a count of margins
        k = e[at_label] / unit
        if np.all(np.abs(k - np.round(k)) < close) and np.all(np.round(k) != 0):
            counts = sorted(set(int(v) for v in np.round(k)))
            return INFO.finding(
                f"{name} is right everywhere except at each row's correct-class entry (labels "
                f"from {label_name}), where it is off by {', '.join(map(str, counts))} x the "
                f"per-margin unit {unit:.3g}: the correct class is counted among the positive "
                "margins.", block=name, evidence={"unit": unit, "counts": counts})
        return INFO.finding(
            f"{name} differs only at the correct-class entries, but not by whole margin units: "
            "not confirmed.", block=name, severity="info")
    return None
