"""wrong-activation-derivative: an activation's derivative evaluated on the wrong quantity.

For an elementwise layer the user's slope dx/dout per entry is compared with f'(out) (the
derivative evaluated on the activation instead of the input), with phi(x), where phi(f(u)) =
f'(u) is the derivative written in terms of the activation (1 - a**2 for tanh) but fed the input,
and with the derivatives of the common activations (a backward copied from another layer).  The
first two predictions come from the user's own forward f, by differences.
"""
import numpy as np

from ..findings import RuleInfo, register

INFO = register(RuleInfo(
    id="wrong-activation-derivative",
    title="an activation's derivative is evaluated on the wrong quantity",
    severity="error", kind="layer",
    explanation=(
        "What it means: an elementwise activation a = f(x) has dx = dout * f'(x). The derivative "
        "is often written in terms of the activation (sigmoid: a * (1 - a); tanh: 1 - a**2), and "
        "then it must be fed a, not x; written in terms of x (sigmoid(x) * (1 - sigmoid(x))), it "
        "must be fed x, not a. The check measured your slope dx/dout at every entry and found it "
        "equal to f' evaluated at the wrong one.\n"
        "Why it matters: the slope is wrong everywhere except where x and a happen to be close."),
    fix="Cache what the formula needs: for tanh, cache out and use 1 - out**2; for sigmoid, cache "
        "out and use out * (1 - out); for GELU or any formula in x, cache x and evaluate f'(x).",
    bad="out = np.tanh(x); cache = x\ndx = dout * (1 - cache ** 2)     # 1 - x**2, not 1 - tanh(x)**2",
    good="out = np.tanh(x); cache = out\ndx = dout * (1 - cache ** 2)",
))

TEST = "your slope dx/dout equals the activation's derivative evaluated at the wrong quantity, at every entry"


def detect(probe, name):
    if probe.is_loss_layer or len(probe.outputs) != 1:
        return None
    x = np.asarray(probe.value(name), dtype=np.float64)
    out, upstream = probe.outputs[0], probe.upstreams[0]
    if out.shape != x.shape or x.size < 2:
        return None
    others = {k: v for k, v in probe.start().items() if k != name}

    def F(v):
        return probe.outputs_with({**others, name: v})[0]

    if not _is_elementwise(F, x):
        return None
    ok = np.abs(upstream) > 1e-3
    if not np.any(ok):
        return None
    g = probe.analytic(name)[ok] / upstream[ok]

    def slope(v):
        h = 1e-6 * np.maximum(1.0, np.abs(v))
        return (F(v + h) - F(v - h)) / (2 * h)

    at_output = slope(out)[ok]
    if _close(g, at_output):
        return INFO.finding(
            f"the derivative in backward is evaluated on the layer's output (the activation) "
            f"instead of its input {name}: dx / dout matches f'(out) at all {int(ok.sum())} "
            "entries checked.", block=name, evidence={"pattern": "f'(activation)"})
    phi = _phi_polynomial(F, x.shape)
    if phi is not None and _close(g, np.polyval(phi, x)[ok]):
        return INFO.finding(
            f"the derivative in backward is written in terms of the activation (like 1 - a**2 "
            f"for tanh or a*(1-a) for a sigmoid) but applied to the layer's input {name}: "
            "feed it the activation, or use the formula in terms of the input.", block=name,
            evidence={"pattern": "phi(input)"})
    true_slope = slope(x)[ok]
    for label, other in _OTHER_DERIVATIVES:
        for where, at in (("input", x), ("output", out)):
            cand = other(at)[ok]
            if _close(g, cand) and not _close(true_slope, cand):
                return INFO.finding(
                    f"dx / dout of {name} equals {label} evaluated on the layer's {where} at all "
                    f"{int(ok.sum())} entries checked, while your forward's own slope differs: the "
                    "backward uses another activation's derivative.", block=name,
                    evidence={"pattern": label, "at": where})
    return None


def _sig(v):
    return 1 / (1 + np.exp(-v))


# Derivatives of the common activations: a backward copied from another layer matches one of them.
_OTHER_DERIVATIVES = (
    ("ReLU's derivative (v > 0)", lambda v: (v > 0).astype(float)),
    ("the sigmoid's derivative", lambda v: _sig(v) * (1 - _sig(v))),
    ("tanh's derivative", lambda v: 1 - np.tanh(v) ** 2),
    ("the identity's derivative (1)", lambda v: np.ones_like(v)),
)


def _phi_polynomial(F, x_shape):
    """phi with phi(f(u)) = f'(u) as a polynomial of degree <= 3 in the activation, if one is exact.

    The derivative written in terms of the activation (a*(1-a), 1-a**2) is a low-degree
    polynomial for the classic activations; it is found on a grid of inputs (run through the
    user's own forward) and then evaluated wherever the user fed it.
    """
    size = int(np.prod(x_shape))
    if size < 8:
        return None
    u = np.linspace(-4, 4, size).reshape(x_shape)
    h = 1e-6 * np.maximum(1.0, np.abs(u))
    a = F(u).ravel()
    d = ((F(u + h) - F(u - h)) / (2 * h)).ravel()
    if np.ptp(a) < 1e-6:
        return None
    for deg in (1, 2, 3):
        coef = np.polyfit(a, d, deg)
        if np.max(np.abs(np.polyval(coef, a) - d)) <= 1e-6 * max(1.0, float(np.max(np.abs(d)))):
            return coef
    return None


def _close(a: np.ndarray, b: np.ndarray) -> bool:
    return a.size > 0 and bool(np.all(np.abs(a - b) <= 1e-4 * np.maximum(np.abs(b), 1e-3)))


def _is_elementwise(F, x: np.ndarray) -> bool:
    rng = np.random.default_rng(0)
    mask = rng.random(x.shape) < 0.5
    if not mask.any() or mask.all():
        return x.size == 1
    base = F(x)
    moved = F(np.where(mask, x, x + 0.1))
    return base.shape == x.shape and np.array_equal(base[mask], moved[mask])
