"""indexed-add-drops-duplicates: `dW[idx] += dout` with repeated indices keeps one contribution."""
import numpy as np

from ..findings import RuleInfo, register

INFO = register(RuleInfo(
    id="indexed-add-drops-duplicates",
    title="a gradient scattered with dW[idx] += dout loses repeated indices",
    severity="error", kind="layer",
    explanation=(
        "What it means: the rows of this gradient that are wrong are exactly the rows whose index "
        "appears more than once in the layer's integer input (a word used twice in a batch); every "
        "row used once is right. numpy's `dW[idx] += dout` is buffered: for a repeated index it "
        "reads the old row once and writes once, so only one of the contributions survives.\n"
        "Why it matters: frequent words (the ones that matter most) get a fraction of their gradient."),
    fix="Accumulate with an unbuffered scatter: np.add.at(dW, idx, dout) (or loop over the indices "
        "and add one row at a time).",
    bad="dW = np.zeros_like(W)\ndW[x] += dout            # x holds repeated word ids",
    good="dW = np.zeros_like(W)\nnp.add.at(dW, x, dout)   # every occurrence is added",
))

TEST = "the failing rows are exactly the indices repeated in the layer's integer input"


def detect(probe, name):
    a = probe.analytic(name)
    if a.ndim < 2 or a.shape[0] < 2:
        return None
    failed_rows = set(np.flatnonzero(probe.failed(name).reshape(a.shape[0], -1).any(axis=1)).tolist())
    if not failed_rows:
        return None
    for idx_name in probe.index_inputs():
        idx = np.asarray(probe.value(idx_name)).ravel()
        if idx.min() < 0 or idx.max() >= a.shape[0]:
            continue
        counts = np.bincount(idx, minlength=a.shape[0])
        repeated = set(np.flatnonzero(counts > 1).tolist())
        once = set(np.flatnonzero(counts == 1).tolist())
        if not repeated:
            continue
        if failed_rows == repeated and once:
            rows = sorted(repeated)
            shown = ", ".join(f"{r} (x{counts[r]})" for r in rows[:6]) + (" ..." if len(rows) > 6 else "")
            return INFO.finding(
                f"the failing rows of {name} are exactly the {len(rows)} rows whose index appears "
                f"more than once in {idx_name}: {shown}; all {len(once)} rows used once are right. "
                "Repeated indices lose contributions.", block=name,
                evidence={"rows": rows, "index_input": idx_name})
        if failed_rows & repeated:
            return INFO.finding(
                f"some failing rows of {name} are indices repeated in {idx_name}, but not exactly "
                "those rows fail: not confirmed.", block=name, severity="info")
    return None
