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
    for ev in ctx.failing():
        b = ev.block
        if ctx.explained(ev.name) or len(b.shape) != 2 or min(b.shape) < 2 or not b.fully_checked:
            continue
        A, N = b.analytic, b.numeric
        if not np.all(np.isfinite(N)):
            continue
        scale = max(np.linalg.norm(A), np.linalg.norm(N), 1e-300)
        for text, trial in _TRIALS:
            pair = trial(A, N)
            if pair is None:
                continue
            x, y = pair
            resid = float(np.linalg.norm(x - y)) / scale
            if resid <= ctx.tol:
                yield INFO.finding(
                    f"{ev.name} holds {text} (difference {resid:.1e} relative, while as laid out "
                    f"{b.n_failed} of {b.n_checked} entries disagree).",
                    block=ev.name, evidence={"residual": resid, "pattern": text})
                break
