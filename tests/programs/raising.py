import numpy as np

W = np.arange(6, dtype=float).reshape(2, 3)
X = np.ones((4, 3))
params = {"W": W}
args = (X,)
CALLS = {"n": 0}


def cost(params, X):
    CALLS["n"] += 1
    params["W"] += 1.0          # mutates what it was given, then fails halfway through the check
    X *= 2.0
    if CALLS["n"] > 5:
        raise ValueError("shapes do not match in my_layer")
    return float(np.sum((X @ params["W"].T) ** 2))


def grad(params, X):
    return {"W": 2 * (X @ params["W"].T).T @ X}
