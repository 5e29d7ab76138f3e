# Sigmoids spelled the ways learners write them, each with the minus sign missing.
import math
import numpy
import numpy as xp
from math import exp
from numpy import exp as npexp

e = numpy.exp


def transfer(activation):
    return 1.0 / (1.0 + math.exp(activation))  # expect: sigmoid-sign


def forward_propagate(network, row):
    inputs = row
    for layer in network:
        new_inputs = []
        for neuron in layer:
            activation = neuron["weights"][-1] + sum(w * x for w, x in zip(neuron["weights"], inputs))
            neuron["output"] = transfer(activation)
            new_inputs.append(neuron["output"])
        inputs = new_inputs
    return inputs


ACTIVATIONS = {
    "sigmoid": (lambda z: 1.0 / (1.0 + xp.exp(z)), lambda a: a * (1 - a)),  # expect: sigmoid-sign
    "tanh": (xp.tanh, lambda a: 1 - a ** 2),
}

activation_functions = [lambda z: 1 / (1 + npexp(z)), xp.tanh]  # expect: sigmoid-sign


def logistic(z, exp_=numpy.exp):
    return 1 / (1 + exp_(z))  # expect: sigmoid-sign


def squash(z):
    return 1 / (1 + e(z))  # expect: sigmoid-sign


def make_layer(n_in, n_out, activation=lambda v: 1 / (1 + exp(v))):  # expect: sigmoid-sign
    return n_in, n_out, activation


def forward(X, W1, W2):
    def f(z):
        return 1.0 / (1.0 + xp.exp(z))  # expect: sigmoid-sign

    a1 = f(X @ W1)
    return f(a1 @ W2)


def get_activation(name):
    if name == "sigmoid":
        return lambda z: 1 / (1 + xp.exp(z))  # expect: sigmoid-sign
    return xp.tanh


class Net:
    sigmoid = staticmethod(lambda z: 1 / (1 + numpy.exp(z)))  # expect: sigmoid-sign
