"""Training steps and short training runs: a right step, the seeds' steps, and the usual mistakes.

Step cases (kind "step") are checked with `bd.check_step(step, grad, params, args, cost=cost)`;
their `lr` is the true rate of a right step.  Training cases (kind "training") run
`bd.check_training(step, cost, params, args, forward=forward, grad=grad)`.

The XOR network is seed 000's (UPDATE #2): 2 inputs, 2 sigmoid hidden units, a 2-way softmax,
the bias as each matrix's last column, samples as columns.  Its forward pass and right gradient
are `reference_models.nets.list_softmax`'s, which work for any sizes.
"""
from __future__ import annotations

import numpy as np

from .cases import Case, register
from .nets import list_softmax, logistic
from .nets.common import centred_init
from .seeds import seed003 as seed003_net
from .seeds.seed003_original import NeuralNetwork

XOR_SIZES = (2, 2, 2)
XOR_X = np.array([[0.0, 0.0, 1.0, 1.0],
                  [0.0, 1.0, 0.0, 1.0]])
XOR_Y = np.array([[1.0, 0.0, 0.0, 1.0],     # class 0 when the inputs are equal
                  [0.0, 1.0, 1.0, 0.0]])
XOR_ARGS = (XOR_X, XOR_Y)
RIGHT_LR = 0.05
XOR_LR = 2.0
XOR_STEPS = 1500


def xor_cost(weights, X, Y):
    return list_softmax.cost(weights, X, Y)


def xor_grad(weights, X, Y):
    return list_softmax.grad(weights, X, Y)


def xor_forward(weights, X):
    """Every layer's activations: the input, the hidden sigmoid, the softmax output last."""
    return list_softmax.feedforward(weights, X)


def xor_init(seed, scale=1.0):
    """Centred weights, as a working network starts."""
    rng = np.random.default_rng(seed)
    return [centred_init(rng, (n_out, n_in + 1), scale)
            for n_in, n_out in zip(XOR_SIZES[:-1], XOR_SIZES[1:])]


def seed000_init(seed):
    """UPDATE #2's `weights = [np.random.rand(2, 3) for _ in range(2)]`, seeded: all positive."""
    rng = np.random.default_rng(seed)
    return [rng.random((2, 3)) for _ in range(2)]


def gd_step(weights, X, Y, lr=RIGHT_LR):
    """The right step: every matrix moves by -lr * its gradient."""
    return [w - lr * g for w, g in zip(weights, xor_grad(weights, X, Y))]


def xor_gd_step(weights, X, Y):
    return gd_step(weights, X, Y, lr=XOR_LR)


def ascending_step(weights, X, Y, lr=RIGHT_LR):
    return [w + lr * g for w, g in zip(weights, xor_grad(weights, X, Y))]  # BUG: + climbs the loss


def weights_scaled_step(theta, X, y, lam, lr=0.5):
    """Logistic regression updated with the weights in the step."""
    theta -= lr * theta * logistic.grad(theta, X, y, lam)  # BUG: lr * theta * grad, not lr * grad


def seed000_step(weights, X, Y):
    """UPDATE #2's update, in place, with the batch gradient (its loop body over the four samples
    as one step).  The hidden layer's derivative is taken right here (the seed's `sigmoid(z0,
    True)` is a gradient bug, the gradient check's business): only the update is the seed's."""
    dcdw0, dcdw1 = xor_grad(weights, X, Y)
    weights[0] -= .03 * weights[0] * dcdw0  # BUG (the seed's): scaled by the weights
    weights[1] -= .03 * weights[1] * dcdw1


def seed003_step(params, X, T, lr=0.1):
    """The small adapter a user writes for a class-based step: put the parameters into the
    object, call its training method, read them back.  The method is seed 003's train_batch."""
    net = NeuralNetwork.__new__(NeuralNetwork)
    net.inodes, net.hnodes, net.onodes = X.shape[0], params["wih"].shape[0], params["who"].shape[0]
    net.activation_function, net.lr = seed003_net.sigmoid, lr
    net.wih, net.who = params["wih"], params["who"]
    net.train_batch(X.T, T.T)  # BUG (the seed's): error taken as label - output, and more
    return {"wih": net.wih, "who": net.who}


def make_accumulating_step(lr=RIGHT_LR):
    """A step whose gradient accumulator lives outside the step and is never reset (seed 000's
    class keeps grad_w across epochs)."""
    accumulated = []

    def accumulating_step(weights, X, Y):
        grads = xor_grad(weights, X, Y)
        if not accumulated:
            accumulated.extend(np.zeros_like(g) for g in grads)
        for total, g in zip(accumulated, grads):
            total += g  # BUG: summed over every call, never reset
        return [w - lr * total for w, total in zip(weights, accumulated)]

    return accumulating_step


# -- builds ----------------------------------------------------------------------------------------

def _xor_step_case(step, params, grad=xor_grad, lr=None):
    return dict(step=step, grad=grad, cost=xor_cost, params=params, args=XOR_ARGS, lr=lr,
                blocks=None)


def build_right_step(seed):
    return _xor_step_case(gd_step, xor_init(seed), lr=RIGHT_LR)


def build_ascending_step(seed):
    return _xor_step_case(ascending_step, xor_init(seed))


def build_seed000_step(seed):
    return _xor_step_case(seed000_step, seed000_init(seed))


def build_weights_scaled_step(seed):
    built = logistic.build(seed)
    return dict(step=weights_scaled_step, grad=logistic.grad, cost=logistic.cost,
                params=built["params"], args=built["args"], lr=None, blocks=None)


def build_seed003_step(seed):
    params, args = seed003_net.problem_point(np.random.default_rng(seed))
    return dict(step=seed003_step, grad=None, cost=seed003_net.cost, params=params, args=args,
                lr=None, blocks=None)


def build_accumulating_step(seed):
    return _xor_step_case(make_accumulating_step(), xor_init(seed))


def _xor_training(step, params):
    return dict(step=step, cost=xor_cost, params=params, args=XOR_ARGS, forward=xor_forward,
                grad=xor_grad)


def build_xor_training(seed):
    return _xor_training(xor_gd_step, xor_init(seed))


def build_seed000_training(seed):
    return _xor_training(seed000_step, seed000_init(seed))


def build_accumulator_training(seed):
    return _xor_training(make_accumulating_step(lr=0.5), xor_init(seed))


def build_zero_init_training(seed):
    return _xor_training(xor_gd_step, [np.zeros((2, 3)), np.zeros((2, 3))])


register(
    Case("step/right", "plain gradient descent, lr 0.05, on seed 000's XOR network",
         build_right_step, kind="step", correct=True, tags=("step",)),
    Case("step/ascending", "w + lr * grad: the step climbs the loss", build_ascending_step,
         kind="step", rules=("misapplied-update",), tags=("step",),
         notes="A sign slip in the update (or an error taken as y - p) makes gradient ascent."),
    Case("step/seed000-weights-scaled", "seed 000 UPDATE #2: w -= .03 * w * grad",
         build_seed000_step, kind="step", rules=("misapplied-update",), tags=("step", "from-seed"),
         notes="Multiplying by the weights makes the rate per entry: weights near zero never move."),
    Case("step/weights-scaled", "logistic regression: theta -= lr * theta * grad",
         build_weights_scaled_step, kind="step", rules=("misapplied-update",), tags=("step",)),
    Case("step/seed003-ascending", "seed 003's train_batch: error taken as label - output",
         build_seed003_step, kind="step", rules=("misapplied-update",), tags=("step", "from-seed"),
         notes="Compared with the true gradient of the cost it descends, the step climbs it."),
    Case("step/stale-accumulator", "a gradient accumulator kept across calls, never reset",
         build_accumulating_step, kind="step", rules=("misapplied-update",), tags=("step",),
         notes="Seed 000's class sums grad_w over every epoch: each step adds all earlier ones."),
)

register(
    Case("training/xor-right", "XOR, 2-2-2 sigmoid/softmax, centred init, gradient descent lr 2",
         build_xor_training, kind="training", correct=True, tags=("training",),
         notes="Learns XOR in about 1000 full-batch steps from most centred initialisations."),
    Case("training/seed000-weights-scaled", "seed 000 UPDATE #2: rand init, w -= .03 * w * grad",
         build_seed000_training, kind="training",
         rules=("misapplied-update", "outputs-stuck"), tags=("training", "from-seed"),
         notes="The outputs stay near 0.5 for both classes, as the asker saw."),
    Case("training/stale-accumulator", "XOR trained by a step whose gradient sum is never reset",
         build_accumulator_training, kind="training", rules=("misapplied-update",),
         tags=("training",),
         notes="The steps grow with every call: the loss falls at first, then the weights run off."),
    Case("training/zero-init", "XOR with every weight initialised to zero",
         build_zero_init_training, kind="training",
         rules=("symmetric-units", "loss-not-falling"), tags=("training",),
         notes="Identical units get identical gradients; on balanced XOR the gradient is exactly zero."),
)
