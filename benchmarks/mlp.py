"""Flat-theta sigmoid networks of any shape (Coursera ex4 style), for the screening benchmarks.

`Net((784, 100, 10), samples=10)` builds a network whose theta unrolls one matrix per layer,
`L{k}` of shape (n_out, n_in + 1) with the bias in column 0, row-major; the cost is the mean
cross-entropy plus lambda/2m times the squared non-bias weights.  `net.grad` is exact;
`net.wrong_entry(k, rel)` returns a gradient whose flat entry k is off by `rel` relative, and
`net.typical_entry(block)` picks an entry whose |gradient| is the block's median.

The objects pickle (module-level class), so process pools can run them.
"""
from __future__ import annotations

from typing import Sequence, Tuple

import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


class Net:
    def __init__(self, sizes: Sequence[int], samples: int = 10, lam: float = 0.3, seed: int = 0):
        self.sizes = tuple(int(s) for s in sizes)
        self.shapes = [(self.sizes[k + 1], self.sizes[k] + 1) for k in range(len(self.sizes) - 1)]
        self.offsets = np.cumsum([0] + [r * c for r, c in self.shapes])
        self.n_params = int(self.offsets[-1])
        rng = np.random.default_rng(seed)
        self.X = rng.random((samples, self.sizes[0]))
        self.Y = np.eye(self.sizes[-1])[rng.integers(0, self.sizes[-1], samples)]
        self.lam = lam
        self.theta0 = rng.uniform(-0.12, 0.12, self.n_params)
        self.layout = ",".join(f"L{k + 1}={r}x{c}" for k, (r, c) in enumerate(self.shapes))
        self.args: Tuple = ()

    def label(self) -> str:
        return "-".join(map(str, self.sizes))

    def unroll(self, theta):
        return [theta[self.offsets[k]:self.offsets[k + 1]].reshape(s)
                for k, s in enumerate(self.shapes)]

    def cost(self, theta):
        Ts = self.unroll(theta)
        a = self.X
        m = a.shape[0]
        for T in Ts:
            a = sigmoid(np.hstack([np.ones((m, 1)), a]) @ T.T)
        data = -np.sum(self.Y * np.log(a) + (1 - self.Y) * np.log(1 - a)) / m
        return data + self.lam / (2 * m) * sum(np.sum(T[:, 1:] ** 2) for T in Ts)

    def grad(self, theta):
        Ts = self.unroll(theta)
        m = self.X.shape[0]
        acts = [np.hstack([np.ones((m, 1)), self.X])]
        for k, T in enumerate(Ts):
            a = sigmoid(acts[-1] @ T.T)
            acts.append(a if k == len(Ts) - 1 else np.hstack([np.ones((m, 1)), a]))
        delta = acts[-1] - self.Y
        grads = []
        for k in range(len(Ts) - 1, -1, -1):
            g = delta.T @ acts[k] / m
            g[:, 1:] += self.lam / m * Ts[k][:, 1:]
            grads.append(g.ravel())
            if k:
                a = acts[k][:, 1:]
                delta = (delta @ Ts[k][:, 1:]) * a * (1 - a)
        return np.concatenate(grads[::-1])

    def typical_entry(self, block: int, rng=None) -> int:
        """A flat index in block `block` whose |gradient| is the block's median."""
        g = self.grad(self.theta0)[self.offsets[block]:self.offsets[block + 1]]
        k = int(np.argsort(np.abs(g))[g.size // 2])
        return int(self.offsets[block]) + k

    def wrong_entry(self, k: int, rel: float) -> "WrongEntry":
        return WrongEntry(self, k, rel)

    def scaled_block(self, block: int, factor: float) -> "ScaledBlock":
        return ScaledBlock(self, block, factor)


class WrongEntry:
    """net.grad with flat entry k multiplied by (1 + rel)."""

    def __init__(self, net: Net, k: int, rel: float):
        self.net, self.k, self.rel = net, k, rel

    def __call__(self, theta):
        g = self.net.grad(theta)
        g[self.k] *= 1 + self.rel
        return g


class ScaledBlock:
    """net.grad with one whole block multiplied by factor (a missing 1/m, a wrong scale)."""

    def __init__(self, net: Net, block: int, factor: float):
        self.net, self.block, self.factor = net, block, factor

    def __call__(self, theta):
        g = self.net.grad(theta)
        g[self.net.offsets[self.block]:self.net.offsets[self.block + 1]] *= self.factor
        return g


NETWORKS = {"10k": (400, 25, 10), "80k": (784, 100, 10), "270k": (784, 300, 100, 10),
            "1.8M": (784, 1000, 1000, 10)}
