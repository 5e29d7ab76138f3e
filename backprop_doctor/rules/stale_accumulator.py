"""stale-accumulator: the gradient differs between two calls at the same point."""
from ..findings import RuleInfo, register

INFO = register(RuleInfo(
    id="stale-accumulator", title="the gradient keeps state between calls",
    severity="error", kind="probe",
    explanation=(
        "What it means: calling your gradient twice at exactly the same point gave different "
        "answers. Something outside the function (a global, a class attribute, a default argument "
        "like grads=[]) is added to on every call and never reset.\n"
        "Why it matters: every training step then adds the previous steps' gradients, the updates "
        "grow and the network never settles."),
    fix="Create the accumulator inside the function (grad = np.zeros_like(W)) or reset it at the "
        "start of every call/epoch (self.grad_w = [np.zeros_like(w) for w in self.weights]).",
    bad="grad_w = [np.zeros_like(w) for w in weights]\nfor epoch in range(E):\n    for x, y in data:\n        grad_w = [g + d for g, d in zip(grad_w, backprop(x, y))]",
    good="for epoch in range(E):\n    grad_w = [np.zeros_like(w) for w in weights]\n    for x, y in data:\n        ...",
))
