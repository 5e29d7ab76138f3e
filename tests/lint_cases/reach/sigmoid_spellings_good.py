# Look-alikes that are right: sigmoid(-x) on purpose, correct sigmoids under every spelling.
import math
import numpy
import numpy as xp
from math import exp


def transfer(activation):
    return 1.0 / (1.0 + math.exp(-activation))


def forward_propagate(network, row):
    for neuron in network:
        neuron["output"] = transfer(row)
    return row


ACTIVATIONS = {
    "sigmoid": (lambda z: 1.0 / (1.0 + xp.exp(-z)), lambda a: a * (1 - a)),
    "tanh": (xp.tanh, lambda a: 1 - a ** 2),
}


def fermi_dirac(energy, mu, kT):
    """Occupation of a level: 1 / (1 + exp((E - mu) / kT)), sigmoid(-x) by physics."""
    return 1.0 / (1.0 + numpy.exp((energy - mu) / kT))


def fermi(x):
    return 1 / (1 + math.exp(x))


occupations = {"fermi": lambda e: 1 / (1 + exp(e)), "bose": lambda e: 1 / (exp(e) - 1)}


def bpr_update(U, V, u, i, j, lr, reg):
    x_uij = U[u] @ (V[i] - V[j])
    weight = 1.0 / (1.0 + xp.exp(x_uij))  # sigmoid(-x): the BPR gradient's weight
    U[u] += lr * (weight * (V[i] - V[j]) - reg * U[u])
    return U


def bpr_loss_grad(x):
    return 1 / (1 + math.exp(x))


def train_bpr(samples, U, V):
    for u, i, j in samples:
        scale = bpr_loss_grad(U[u] @ (V[i] - V[j]))
        U[u] += scale * V[i]


def logistic_loss_weights(w, X, y):
    margins = y * (X @ w)
    coef = 1 / (1 + numpy.exp(margins))
    return -(X.T @ (y * coef))


def sigmoid(z, exp_=numpy.exp):
    return 1 / (1 + exp_(-z))


rates = [lambda t: 1 / (1 + exp(t)), lambda t: 0.1]  # learning-rate schedules, not activations
