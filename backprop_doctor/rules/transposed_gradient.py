"""transposed-gradient: the analytic block is the transpose (or a wrong reshape) of the true one."""
import numpy as np

from ..findings import RuleInfo, register

INFO = register(RuleInfo(
    id="transposed-gradient", title="the gradient block is transposed or unrolled in the wrong order",
    severity="error", kind="gradient",
    explanation=(
        "What it means: the numbers of this block are right but in the wrong places: your block "
        "equals the transpose of the true one, or it was unrolled in one order (row-major, numpy's "
        "ravel) and rolled back in the other (column-major, Octave's theta(:)).\n"
        "Why it matters: a square weight matrix hides a transpose from shape checks, and a wrong "
        "unroll order keeps the size; the updates then go to the wrong weights."),
    fix="Compute the weight gradient in the weight's own shape (dW = X.T @ delta for z = X @ W; "
        "dW = delta @ X.T for z = W @ X) and unroll and reshape with the same order everywhere "
        "(np.ravel(order='F') with reshape(..., order='F'), or C with C).",
    bad="dW = delta.T @ X        # (H x D) for W of shape (D x H), square when D == H",
    good="dW = X.T @ delta        # same shape and layout as W",
))

_TRIALS = (
    ("the transpose of the true block", lambda A, N: (A, N.T) if N.shape[0] == N.shape[1] else None),
    ("the true block unrolled column-major (order F) and read back row-major",
     lambda A, N: (A.ravel(order="C"), N.ravel(order="F"))),
    ("the true block unrolled row-major (order C) and read back column-major",
     lambda A, N: (A.ravel(order="F"), N.ravel(order="C"))),
    ("the transpose of the true block reshaped to the block's shape",
     lambda A, N: (A.ravel(), N.T.ravel()) if N.shape[0] != N.shape[1] else None),
)


def detect(ctx):
    found = []
    for ev in ctx.unexplained_failing():
        b = ev.block
        if len(b.shape) != 2 or min(b.shape) < 2 or not b.fully_checked or not np.all(ev.usable):
            continue
        A, N = b.analytic, b.numeric
        for text, trial in _TRIALS:
            pair = trial(A, N)
            if pair is None:
                continue
            _, y = pair
            # the candidate is the true block rearranged, laid out as the user's block is
            cand = _as_laid_out(y, A, text)
            test = ev.test(cand.ravel()[ev.usable.ravel()], 0, fit_tol=ctx.tol)
            if test.confirmed(ctx.tol):
                found.append((ev, text, test))
                break
    for text in dict.fromkeys(t for _, t, _ in found):
        group = [(ev, test) for ev, t, test in found if t == text]
        names = [ev.name for ev, _ in group]
        parts = [f"{ev.name}: {test.describe()}, while as laid out {ev.block.n_failed} of "
                 f"{ev.block.n_checked} entries disagree" for ev, test in group]
        yield INFO.finding(
            f"{', '.join(names)} hold{'s' if len(names) == 1 else ''} {text}. Test: the true "
            f"block rearranged that way was compared with yours. " + "; ".join(parts) + ".",
            blocks=names, evidence={"pattern": text, "test": "; ".join(parts)})


def _as_laid_out(y: np.ndarray, A: np.ndarray, text: str) -> np.ndarray:
    """The rearranged true block as an array in A's shape and A's C order."""
    y = np.asarray(y)
    if y.shape == A.shape:
        return y
    flat = y.ravel()
    if "read back column-major" in text:
        # the trial compared A.ravel(order="F") with y: entry k of y sits at A's F-position k
        return flat.reshape(A.shape, order="F")
    return flat.reshape(A.shape)
