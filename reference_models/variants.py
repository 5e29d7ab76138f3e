"""Gradient cases: each reference network as written right, and the mistakes people really make.

Every variant is a copy of the correct code with one change, marked `# BUG:`, and the case says
which blocks a gradient check at one point sees fail (measured by central differences in
tests/test_reference_variants.py, not guessed) and which rule names the mistake.  The `notes` say
why people write it.
"""
from __future__ import annotations

import functools

import numpy as np

from .cases import Case, register
from .nets import colmajor_softmax, dict_relu, list_softmax, logistic, tanh_mse, two_layer_sigmoid
from .nets.common import one_hot, sigmoid, softmax

# ==================================================================================================
# logistic regression: flat theta, bias theta[0], block "theta"
# ==================================================================================================


def logistic_grad_y_minus_p(theta, X, y, lam):
    m = len(y)
    h = sigmoid(X @ theta)
    reg = theta.copy()
    reg[0] = 0.0
    return X.T @ (y - h) / m + (lam / m) * reg  # BUG: error taken as y - h (the data term flips)


def logistic_grad_missing_1_over_m(theta, X, y, lam):
    h = sigmoid(X @ theta)
    reg = theta.copy()
    reg[0] = 0.0
    return X.T @ (h - y) + lam * reg  # BUG: no 1/m, while the cost is a mean


def logistic_grad_loop_skips_bias(theta, X, y, lam):
    m = len(y)
    h = sigmoid(X @ theta)
    grad = np.zeros_like(theta)
    for j in range(1, len(theta)):  # BUG: the loop meant for the regularised terms; grad[0] is never set
        grad[j] = np.sum((h - y) * X[:, j]) / m + lam / m * theta[j]
    return grad


def logistic_grad_no_lambda(theta, X, y, lam):
    h = sigmoid(X @ theta)
    return X.T @ (h - y) / len(y)  # BUG: the cost has lam/(2m)||theta[1:]||^2, the gradient forgot it


def logistic_cost_zeroes_theta0(theta, X, y, lam):
    m = len(y)
    h = sigmoid(X @ theta)
    data = -np.mean(y * np.log(h) + (1 - y) * np.log(1 - h))
    reg = theta  # BUG: Octave's `reg = theta; reg(1) = 0` copies; numpy's is the caller's array
    reg[0] = 0.0
    return float(data + lam / (2 * m) * np.sum(reg ** 2))


def compute_numerical_gradient(J, theta):
    """Seed 001's own checker: the loop starts at 1, so entry 0 is left at zero."""
    numgrad = np.zeros(theta.shape)
    perturb = np.zeros(theta.shape)
    e = 1e-4
    for p in range(1, np.size(theta)):  # BUG: range(1, ...) skips the first parameter
        perturb[p] = e
        numgrad[p] = (J(theta + perturb) - J(theta - perturb)) / (2 * e)
        perturb[p] = 0
    return numgrad


def _logistic_with_numeric(seed):
    return dict(logistic.build(seed), numeric=compute_numerical_gradient)


# ==================================================================================================
# two-layer sigmoid, fmin_cg style: flat theta with layout theta1=5x4,theta2=3x6
# ==================================================================================================


def _flipped_sigmoid(z):
    return 1 / (1 + np.exp(z))  # BUG: exp(z) instead of exp(-z)


def tls_cost_sigmoid_sign(theta, X, y, n_inputs, n_hidden, n_labels, lam):
    m = len(X)
    theta1, theta2 = two_layer_sigmoid.unroll(theta, n_inputs, n_hidden, n_labels)
    Y = one_hot(y, n_labels)
    a1 = np.hstack([np.ones((m, 1)), X])
    a2 = np.hstack([np.ones((m, 1)), _flipped_sigmoid(a1 @ theta1.T)])
    h = _flipped_sigmoid(a2 @ theta2.T)
    data = np.sum(-Y * np.log(h) - (1 - Y) * np.log(1 - h)) / m
    return float(data + lam / (2 * m) * (np.sum(theta1[:, 1:] ** 2) + np.sum(theta2[:, 1:] ** 2)))


def tls_grad_sigmoid_sign(theta, X, y, n_inputs, n_hidden, n_labels, lam):
    m = len(X)
    theta1, theta2 = two_layer_sigmoid.unroll(theta, n_inputs, n_hidden, n_labels)
    Y = one_hot(y, n_labels)
    a1 = np.hstack([np.ones((m, 1)), X])
    z2 = a1 @ theta1.T
    a2 = np.hstack([np.ones((m, 1)), _flipped_sigmoid(z2)])
    h = _flipped_sigmoid(a2 @ theta2.T)
    delta3 = h - Y
    sig_grad = _flipped_sigmoid(z2) * (1 - _flipped_sigmoid(z2))  # symmetric: equals sigmoid'(z2)
    delta2 = (delta3 @ theta2[:, 1:]) * sig_grad
    theta1_grad, theta2_grad = delta2.T @ a1 / m, delta3.T @ a2 / m
    theta1_grad[:, 1:] += lam / m * theta1[:, 1:]
    theta2_grad[:, 1:] += lam / m * theta2[:, 1:]
    return np.hstack([theta1_grad.ravel(), theta2_grad.ravel()])


def _tls_backward(theta, X, y, n_inputs, n_hidden, n_labels, lam, hidden_delta=None, reg_cols=1,
                  order="C"):
    """The correct backward pass with one piece swappable, so each variant below states only its bug."""
    m = len(X)
    theta1, theta2 = two_layer_sigmoid.unroll(theta, n_inputs, n_hidden, n_labels)
    Y = one_hot(y, n_labels)
    a1, z2, a2, h = two_layer_sigmoid.feedforward(theta1, theta2, X)
    delta3 = h - Y
    if hidden_delta is None:
        delta2 = (delta3 @ theta2[:, 1:]) * two_layer_sigmoid.sigmoid_gradient(z2)
    else:
        delta2 = hidden_delta(delta3, theta2, z2, a2)
    theta1_grad, theta2_grad = delta2.T @ a1 / m, delta3.T @ a2 / m
    theta1_grad[:, reg_cols:] += lam / m * theta1[:, reg_cols:]
    theta2_grad[:, reg_cols:] += lam / m * theta2[:, reg_cols:]
    return np.hstack([theta1_grad.ravel(order=order), theta2_grad.ravel(order=order)])


def tls_grad_regularised_bias(theta, *args):
    # BUG: `theta1_grad += lam/m * theta1` regularises column 0, the bias, which the cost skips
    return _tls_backward(theta, *args, reg_cols=0)


def tls_grad_unrolled_fortran(theta, *args):
    # BUG: `grad = [Theta1_grad(:); Theta2_grad(:)]` ported from Octave: column-major unrolling of
    # blocks that the cost reshapes row-major
    return _tls_backward(theta, *args, order="F")


def tls_grad_derivative_on_activation(theta, *args):
    def hidden_delta(delta3, theta2, z2, a2):
        # BUG: sigmoid_gradient expects z2 and is given the activation a2 (sigmoid applied twice)
        return (delta3 @ theta2[:, 1:]) * two_layer_sigmoid.sigmoid_gradient(a2[:, 1:])
    return _tls_backward(theta, *args, hidden_delta=hidden_delta)


def tls_grad_bias_dropped_wrong_end(theta, *args):
    def hidden_delta(delta3, theta2, z2, a2):
        z2_with_bias = np.hstack([np.ones((len(z2), 1)), z2])
        delta2 = (delta3 @ theta2) * two_layer_sigmoid.sigmoid_gradient(z2_with_bias)
        return delta2[:, :-1]  # BUG: the bias unit is column 0; this drops the last hidden unit
    return _tls_backward(theta, *args, hidden_delta=hidden_delta)


def tls_grad_numeric_loop_from_1(theta, *args):
    # BUG: the backprop did not check out, so the numerical gradient became fprime; its loop starts at 1
    return compute_numerical_gradient(lambda t: two_layer_sigmoid.cost(t, *args), theta)


def tls_grad_sample_loop_from_1(theta, X, y, n_inputs, n_hidden, n_labels, lam):
    """The course's per-sample backprop loop, translated from MATLAB's `for t = 1:m`."""
    m = len(X)
    theta1, theta2 = two_layer_sigmoid.unroll(theta, n_inputs, n_hidden, n_labels)
    Delta1, Delta2 = np.zeros_like(theta1), np.zeros_like(theta2)
    for t in range(1, m):  # BUG: sample 0 never reaches the gradient (the cost uses it)
        a1 = np.concatenate([[1.0], X[t]])
        z2 = theta1 @ a1
        a2 = np.concatenate([[1.0], sigmoid(z2)])
        a3 = sigmoid(theta2 @ a2)
        yt = np.zeros(n_labels)
        yt[y[t]] = 1.0
        d3 = a3 - yt
        d2 = (theta2[:, 1:].T @ d3) * two_layer_sigmoid.sigmoid_gradient(z2)
        Delta1 += np.outer(d2, a1)
        Delta2 += np.outer(d3, a2)
    g1, g2 = Delta1 / m, Delta2 / m
    g1[:, 1:] += lam / m * theta1[:, 1:]
    g2[:, 1:] += lam / m * theta2[:, 1:]
    return np.hstack([g1.ravel(), g2.ravel()])


def _tls_minibatch_cost(seed):
    rng = np.random.default_rng(seed + 99)

    def cost(theta, X, y, *sizes_and_lam):
        rows = rng.choice(len(X), size=len(X))  # BUG: a bootstrap sample drawn at every call
        return two_layer_sigmoid.cost(theta, X[rows], y[rows], *sizes_and_lam)

    return cost


def _tls_build_minibatch(seed):
    return two_layer_sigmoid.build(seed, cost=_tls_minibatch_cost(seed))


# ==================================================================================================
# list of weight matrices, bias as the last column, samples as columns: blocks params[0], params[1]
# ==================================================================================================


def _list_backward(weights, X, Y, output_delta=None, hidden_derivative=None, layer_input=None):
    """list_softmax.grad with one piece swappable."""
    activations = list_softmax.feedforward(weights, X)
    m = X.shape[1]
    p = activations[-1]
    delta = (p - Y) / m if output_delta is None else output_delta(p, Y, m)
    grads = [None] * len(weights)
    for i in range(len(weights) - 1, -1, -1):
        a_in = activations[i] if layer_input is None else layer_input(activations, i, len(weights))
        grads[i] = delta @ list_softmax.with_ones(a_in).T
        if i > 0:
            a = activations[i]
            z = weights[i - 1] @ list_softmax.with_ones(activations[i - 1])
            deriv = a * (1 - a) if hidden_derivative is None else hidden_derivative(z, a)
            delta = (weights[i][:, :-1].T @ delta) * deriv
    return grads


def list_grad_y_minus_p(weights, X, Y):
    # BUG: the output error written as target minus prediction
    return _list_backward(weights, X, Y, output_delta=lambda p, Y, m: (Y - p) / m)


def list_grad_mse_delta(weights, X, Y):
    # BUG: the sigmoid/MSE delta (p - y) * p * (1 - p) kept after switching the output to softmax + CE
    return _list_backward(weights, X, Y, output_delta=lambda p, Y, m: (p - Y) * p * (1 - p) / m)


def _sigmoid_deriv_from_output(n):
    return n * (1 - n)  # correct only when n is already sigmoid(z)


def list_grad_deriv_of_z(weights, X, Y):
    # BUG: seed 000: sigmoid(n, deriv=True) returns n*(1-n), which wants the activation, and is given z
    return _list_backward(weights, X, Y, hidden_derivative=lambda z, a: _sigmoid_deriv_from_output(z))


def list_grad_bias_column_one_sample(weights, X, Y):
    activations = list_softmax.feedforward(weights, X)
    delta = (activations[-1] - Y) / X.shape[1]
    grads = [None] * len(weights)
    for i in range(len(weights) - 1, -1, -1):
        # BUG: seed 000's np.hstack((dW, delta)) was written for one column-vector sample; with a
        # batch, delta has m columns and the bias column keeps only the first sample's
        grads[i] = np.hstack([delta @ activations[i].T, delta[:, :1]])
        if i > 0:
            a = activations[i]
            delta = (weights[i][:, :-1].T @ delta) * a * (1 - a)
    return grads


DEEP_SIZES = (3, 3, 4, 3)  # inputs as wide as the first hidden layer, so the wrong input fits


def list_grad_off_by_one_activation(weights, X, Y):
    def layer_input(activations, i, n_layers):
        if i == n_layers - 1:
            return activations[i]  # the output layer is done apart, and right
        return activations[max(0, i - 1)]  # BUG: seed 000's index: the input of layer i is activations[i]
    return _list_backward(weights, X, Y, layer_input=layer_input)


def _list_stale_grad():
    grad_w = None  # BUG: the accumulator lives outside the call and is never reset

    def grad(weights, X, Y):
        nonlocal grad_w
        new = list_softmax.grad(weights, X, Y)
        grad_w = new if grad_w is None else [g + n for g, n in zip(grad_w, new)]
        return [g.copy() for g in grad_w]

    return grad


def _warmed_up(grad, build, seed):
    """The training loop already ran one step (at another point) before the check: state is in."""
    problem = build(seed)
    earlier = build(seed + 1000)["params"]
    grad(earlier, *problem["args"])
    return problem


def _list_build_stale(seed):
    grad = _list_stale_grad()
    return _warmed_up(grad, functools.partial(list_softmax.build, grad=grad), seed)


# ==================================================================================================
# CS231n dict: W1 (D x H), b1, W2, b2; ReLU; softmax + CE; reg * ||W||^2
# ==================================================================================================


def _relu_backward(params, X, y, reg, probs_of=None, dscores_scale=None, reg_factor=2.0,
                   bias_of=None, dW1_of=None):
    """dict_relu.grad with one piece swappable."""
    z1, h = dict_relu.hidden(params, X)
    scores = h @ params["W2"] + params["b2"]
    probs = softmax(scores, axis=1) if probs_of is None else probs_of(scores)
    n = len(X) if dscores_scale is None else dscores_scale
    dscores = (probs - one_hot(y, probs.shape[1])) / n
    dh = dscores @ params["W2"].T * (z1 > 0)
    bias = (lambda d: d.sum(axis=0)) if bias_of is None else bias_of
    dW1 = X.T @ dh if dW1_of is None else dW1_of(X, dh)
    return {"W1": dW1 + reg_factor * reg * params["W1"], "b1": bias(dh),
            "W2": h.T @ dscores + reg_factor * reg * params["W2"], "b2": bias(dscores)}


def relu_grad_bias_first_sample(params, X, y, reg):
    # BUG: `db = dscores[0]`: the bias gradient of one sample, not the sum over the batch
    return _relu_backward(params, X, y, reg, bias_of=lambda d: d[0])


def relu_grad_lambda_mis_scaled(params, X, y, reg):
    # BUG: d/dW of reg * ||W||^2 is 2 * reg * W; this is the gradient of 0.5 * reg * ||W||^2
    return _relu_backward(params, X, y, reg, reg_factor=1.0)


def relu_grad_missing_1_over_n(params, X, y, reg):
    # BUG: the loss is a mean over the batch, dscores is not divided by N
    return _relu_backward(params, X, y, reg, dscores_scale=1.0)


def relu_grad_softmax_wrong_axis(params, X, y, reg):
    # BUG: softmax normalised down the batch (axis 0) instead of over the classes (axis 1)
    return _relu_backward(params, X, y, reg, probs_of=lambda s: softmax(s, axis=0))


def relu_grad_transposed_W1(params, X, y, reg):
    # BUG: dW1 = dh^T X is (H x D); with D == H it has the right shape and nothing complains
    return _relu_backward(params, X, y, reg, dW1_of=lambda X, dh: dh.T @ X)


def _relu_build_dropout(seed):
    return dict_relu.build(seed, cost=_relu_dropout_cost(seed))


def _relu_dropout_cost(seed, keep=0.5):
    rng = np.random.default_rng(seed + 99)

    def cost(params, X, y, reg):
        z1, h = dict_relu.hidden(params, X)
        h = h * (rng.random(h.shape) < keep) / keep  # BUG: training-time dropout left on in the cost
        probs = softmax(h @ params["W2"] + params["b2"], axis=1)
        return dict_relu.loss(probs, y) + reg * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))

    return cost


class AccumulatingTwoLayerNet:
    """A PyTorch habit in numpy: gradients are added into self.grads and zero_grad() is never called."""

    def __init__(self):
        self.grads = None

    def grad(self, params, X, y, reg):
        new = dict_relu.grad(params, X, y, reg)
        if self.grads is None:
            self.grads = {k: np.zeros_like(v) for k, v in new.items()}
        for k in new:
            self.grads[k] += new[k]  # BUG: accumulated across calls, never zeroed
        return {k: v.copy() for k, v in self.grads.items()}


def _relu_build_stale(seed):
    grad = AccumulatingTwoLayerNet().grad
    return _warmed_up(grad, functools.partial(dict_relu.build, grad=grad), seed)


# ==================================================================================================
# features x samples, given as forward / loss / grad: W1 (H x D), b1 (H x 1), W2, b2
# ==================================================================================================


def _col_backward(params, X, Y, output_delta=None, bias_of=None):
    m = X.shape[1]
    A1 = colmajor_softmax.hidden(params, X)
    Z2 = params["W2"] @ A1 + params["b2"]
    dZ2 = (softmax(Z2, axis=0) - Y) / m if output_delta is None else output_delta(Z2, Y, m)
    dZ1 = params["W2"].T @ dZ2 * A1 * (1 - A1)
    bias = (lambda d: d.sum(axis=1, keepdims=True)) if bias_of is None else bias_of
    return {"W1": dZ1 @ X.T, "b1": bias(dZ1), "W2": dZ2 @ A1.T, "b2": bias(dZ2)}


def col_forward_sigmoid_then_softmax(params, X):
    Z2 = params["W2"] @ colmajor_softmax.hidden(params, X) + params["b2"]
    return softmax(sigmoid(Z2), axis=0)  # seed 003: an activation squeezed in before the softmax


def col_grad_sigmoid_not_backpropagated(params, X, Y):
    def output_delta(Z2, Y, m):
        P = softmax(sigmoid(Z2), axis=0)
        return (P - Y) / m  # BUG: p - y is the gradient w.r.t. sigmoid(Z2); sigmoid' is never applied
    return _col_backward(params, X, Y, output_delta=output_delta)


def col_grad_elementwise_softmax(params, X, Y):
    def output_delta(Z2, Y, m):
        P = softmax(Z2, axis=0)
        dP = -Y / P / m
        return dP * P * (1 - P)  # BUG: treats softmax like sigmoid; its Jacobian is not diagonal
    return _col_backward(params, X, Y, output_delta=output_delta)


def col_grad_mean_bias(params, X, Y):
    # BUG: dZ is already divided by m; np.mean divides by m again
    return _col_backward(params, X, Y, bias_of=lambda d: np.mean(d, axis=1, keepdims=True))


def col_grad_y_minus_p(params, X, Y):
    # BUG: seed 003's `error = label - final_outputs` used as dZ2
    return _col_backward(params, X, Y, output_delta=lambda Z2, Y, m: (Y - softmax(Z2, axis=0)) / m)


# ==================================================================================================
# tanh + MSE, nested dict: hidden.W, hidden.b, out.W, out.b
# ==================================================================================================


def _tanh_backward(params, X, Y, error_scale=1.0, hidden_derivative=None):
    z1 = X @ params["hidden"]["W"] + params["hidden"]["b"]
    h = np.tanh(z1)
    Yhat = h @ params["out"]["W"] + params["out"]["b"]
    dYhat = error_scale * (Yhat - Y) / len(Y)
    deriv = 1 - h ** 2 if hidden_derivative is None else hidden_derivative(z1, h)
    dz1 = dYhat @ params["out"]["W"].T * deriv
    return {"hidden": {"W": X.T @ dz1, "b": dz1.sum(axis=0)},
            "out": {"W": h.T @ dYhat, "b": dYhat.sum(axis=0)}}


def tanh_grad_factor_2(params, X, Y):
    # BUG: the derivative of mean((yhat - y)^2), while the cost is HALF the mean
    return _tanh_backward(params, X, Y, error_scale=2.0)


def tanh_grad_derivative_on_activation(params, X, Y):
    # BUG: tanh'(z) = 1 - tanh(z)^2 evaluated at h = tanh(z1), i.e. 1 - tanh(tanh(z1))^2
    return _tanh_backward(params, X, Y, hidden_derivative=lambda z1, h: 1 - np.tanh(h) ** 2)


def tanh_cost_centres_X_in_place(params, X, Y):
    X -= X.mean(axis=0)  # BUG: in-place centring: the caller's data changes at every call
    return tanh_mse.cost(params, X, Y)


# ==================================================================================================
# the table
# ==================================================================================================

P = functools.partial
TLS = ("theta1", "theta2")
LIST2 = ("params[0]", "params[1]")
RELU = ("W1", "b1", "W2", "b2")
TANH = ("hidden.W", "hidden.b", "out.W", "out.b")

CASES = (
    # -- correct programs ---------------------------------------------------------------------------
    Case("logistic/correct", "logistic regression, flat theta, L2 skipping the bias",
         logistic.build, correct=True),
    Case("two-layer-sigmoid/correct", "seed 001's fmin_cg network, fixed (theta1=5x4,theta2=3x6)",
         two_layer_sigmoid.build, correct=True),
    Case("two-layer-sigmoid/float32", "the fmin_cg network computing in float32 inside",
         two_layer_sigmoid.build_float32, correct=True,
         tags=("float32",), notes="float32 round-off swamps a 1e-6 difference step: the check has to "
         "say low-precision, not blame the gradient."),
    Case("list-softmax/correct", "seed 000's list of weights (bias last column), fixed",
         list_softmax.build, correct=True),
    Case("list-softmax/deep-correct", "the list network with two hidden layers",
         P(list_softmax.build, sizes=DEEP_SIZES), correct=True),
    Case("dict-relu/correct", "CS231n two-layer net: dict W1,b1,W2,b2, ReLU, softmax + CE",
         dict_relu.build, correct=True),
    Case("dict-relu/forward-loss", "the CS231n net given as forward, loss and grad",
         dict_relu.build_forward_loss, correct=True),
    Case("dict-relu/kink", "the CS231n net at a point where ReLU pre-activations are exactly 0",
         dict_relu.build_kink, correct=True, tags=("kink",),
         notes="zero input rows and zero biases put hidden units exactly on the ReLU corner: central "
         "differences of those b1 entries see half a slope. Not a bug; the check says kink."),
    Case("dict-relu/float32", "the CS231n net computing in float32 inside",
         dict_relu.build_float32, correct=True,
         tags=("float32",)),
    Case("colmajor-softmax/correct", "seed 003's features x samples network, fixed, as forward/loss/grad",
         colmajor_softmax.build, correct=True),
    Case("tanh-mse/correct", "tanh regression, nested dict params, 0.5 * mean squared error",
         tanh_mse.build, correct=True),
    Case("tanh-mse/centred-copy", "tanh regression that centres a copy of X (no mutation)",
         tanh_mse.build_centred, correct=True),

    # -- sign-flip ----------------------------------------------------------------------------------
    Case("logistic/error-y-minus-p", "gradient uses y - h; the regularisation term keeps its sign",
         P(logistic.build, grad=logistic_grad_y_minus_p), failing_blocks=("theta",),
         rules=("sign-flip",),
         notes="the perceptron/ascent update w += lr*(y - h)x is copied into a gradient for a minimiser."),
    Case("two-layer-sigmoid/sigmoid-sign", "sigmoid written 1/(1+exp(z)) in cost and gradient (seed 001)",
         P(two_layer_sigmoid.build, cost=tls_cost_sigmoid_sign, grad=tls_grad_sigmoid_sign),
         failing_blocks=("theta2",), rules=("sign-flip",), tags=("seed-like",),
         notes="the minus in exp(-z) is lost. The output delta h - y then has the wrong sign; the "
         "hidden layer is right again because sigmoid'(z) is even and the two sign errors cancel; "
         "the L2 term keeps its sign, so theta2 is flipped only in its data term."),
    Case("list-softmax/error-y-minus-p", "output delta written y - p",
         P(list_softmax.build, grad=list_grad_y_minus_p), failing_blocks=LIST2, rules=("sign-flip",),
         notes="'error = target - output' from the delta-rule tutorials; without L2 every block is "
         "exactly the negative."),
    Case("colmajor-softmax/error-y-minus-p", "dZ2 = (Y - P)/m (seed 003's label - final_outputs)",
         P(colmajor_softmax.build, grad=col_grad_y_minus_p), failing_blocks=RELU,
         rules=("sign-flip",)),

    # -- scale-mismatch -----------------------------------------------------------------------------
    Case("logistic/missing-1-over-m", "gradient without 1/m while the cost is a mean",
         P(logistic.build, grad=logistic_grad_missing_1_over_m), failing_blocks=("theta",),
         rules=("scale-mismatch",),
         notes="sum and mean are mixed between cost and gradient; c = m = 12 (the L2 term lost its 1/m too)."),
    Case("tanh-mse/factor-2", "gradient of mean squared error, cost is half of it",
         P(tanh_mse.build, grad=tanh_grad_factor_2), failing_blocks=TANH,
         rules=("scale-mismatch",), notes="0.5 * MSE in the cost, 2 * (yhat - y) in the gradient: c = 2."),
    Case("dict-relu/missing-1-over-n", "dscores not divided by N, no L2",
         P(dict_relu.build, grad=relu_grad_missing_1_over_n, reg=0.0), failing_blocks=RELU,
         rules=("scale-mismatch",), notes="c = N = 10."),

    # -- skipped-first-parameter --------------------------------------------------------------------
    Case("logistic/loop-skips-bias", "per-feature gradient loop from 1, grad[0] never set",
         P(logistic.build, grad=logistic_grad_loop_skips_bias), failing_blocks=("theta",),
         rules=("skipped-first-parameter",),
         notes="the loop written for the regularised features; the unregularised theta[0] line is forgotten."),
    Case("two-layer-sigmoid/numeric-fprime-from-1", "the numerical gradient used as fprime, loop from 1",
         P(two_layer_sigmoid.build, grad=tls_grad_numeric_loop_from_1), failing_blocks=("theta1",),
         rules=("skipped-first-parameter",),
         notes="MATLAB's 1-based `for p = 1:numel(theta)` becomes range(1, n)."),
    Case("two-layer-sigmoid/sample-loop-from-1", "per-sample backprop loop from 1: sample 0 left out",
         P(two_layer_sigmoid.build, grad=tls_grad_sample_loop_from_1), failing_blocks=("theta1", "theta2"),
         rules=("skipped-first-sample",),
         notes="MATLAB's `for t = 1:m` becomes range(1, m): the cost averages every sample, the "
         "gradient all but the first, and fmin_cg stops with 'precision loss'."),
    Case("logistic/numgrad-skips-first", "the user's own numerical checker starts its loop at 1",
         _logistic_with_numeric, rules=("skipped-first-parameter",),
         notes="the gradient is right; the user's checker is not, and says theta[0] is wrong. No "
         "block of the gradient fails: the finding is about the checker (source audit)."),

    # -- missing-softmax-backprop -------------------------------------------------------------------
    Case("list-softmax/mse-style-delta", "output delta (p - y) p (1 - p) with softmax + CE",
         P(list_softmax.build, grad=list_grad_mse_delta), failing_blocks=LIST2,
         rules=("missing-softmax-backprop",),
         notes="the sigmoid + MSE delta survives a switch to softmax + cross-entropy."),
    Case("dict-relu/softmax-wrong-axis", "gradient's softmax normalised over the batch",
         P(dict_relu.build, grad=relu_grad_softmax_wrong_axis), failing_blocks=RELU,
         rules=("missing-softmax-backprop",),
         notes="axis=0 vs axis=1 when samples are rows; the cost is right, only the gradient's softmax is not."),
    Case("colmajor-softmax/sigmoid-not-backpropagated",
         "a sigmoid before the softmax, missing from the backward pass (seed 003)",
         P(colmajor_softmax.build, forward=col_forward_sigmoid_then_softmax,
           grad=col_grad_sigmoid_not_backpropagated), failing_blocks=RELU,
         rules=("missing-softmax-backprop",), tags=("seed-like",),
         notes="p - y is the delta at the softmax's input; an activation in front of it needs its own factor."),
    Case("colmajor-softmax/elementwise-softmax-derivative", "softmax backpropagated as p * (1 - p)",
         P(colmajor_softmax.build, grad=col_grad_elementwise_softmax), failing_blocks=RELU,
         rules=("missing-softmax-backprop",),
         notes="the softmax Jacobian is diag(p) - p p^T, not diag(p(1-p)); the off-diagonal part is lost."),

    # -- regularization-mismatch --------------------------------------------------------------------
    Case("logistic/lambda-missing-in-grad", "cost has L2, gradient does not",
         P(logistic.build, grad=logistic_grad_no_lambda), failing_blocks=("theta",),
         rules=("regularization-mismatch",)),
    Case("two-layer-sigmoid/regularised-bias", "gradient regularises the bias column the cost skips",
         P(two_layer_sigmoid.build, grad=tls_grad_regularised_bias), failing_blocks=TLS,
         rules=("regularization-mismatch",),
         notes="`grad += lam/m * theta` on the whole matrix is shorter than slicing off column 0."),
    Case("dict-relu/lambda-mis-scaled", "reg * W in the gradient of reg * ||W||^2",
         P(dict_relu.build, grad=relu_grad_lambda_mis_scaled), failing_blocks=("W1", "W2"),
         rules=("regularization-mismatch",),
         notes="CS231n variants use 0.5 * reg * ||W||^2 or reg * ||W||^2; the gradient follows the other one."),

    # -- bias-mismatch ------------------------------------------------------------------------------
    Case("dict-relu/bias-first-sample", "db = dscores[0]: one sample's bias gradient",
         P(dict_relu.build, grad=relu_grad_bias_first_sample), failing_blocks=("b1", "b2"),
         rules=("bias-mismatch",), notes="written for one sample, then batched; the bias line was not."),
    Case("list-softmax/bias-column-one-sample", "the bias column (last) holds one sample's delta",
         P(list_softmax.build, grad=list_grad_bias_column_one_sample), failing_blocks=LIST2,
         rules=("bias-mismatch",), tags=("seed-like",),
         notes="a per-sample backprop batched by stacking samples as columns; only the bias column, "
         "the last one of each matrix, is wrong."),
    Case("colmajor-softmax/bias-mean-not-sum", "db = mean of dZ that already has 1/m",
         P(colmajor_softmax.build, grad=col_grad_mean_bias), failing_blocks=("b1", "b2"),
         rules_any=("bias-mismatch", "scale-mismatch"),
         notes="the bias blocks are 1/m of the truth: a bias-only error that is also a per-block scale."),

    # -- transposed-gradient ------------------------------------------------------------------------
    Case("two-layer-sigmoid/unrolled-fortran-order", "gradient unrolled column-major, cost row-major",
         P(two_layer_sigmoid.build, grad=tls_grad_unrolled_fortran), failing_blocks=TLS,
         rules=("transposed-gradient",), notes="Octave's Theta1_grad(:) is column-major; numpy's ravel is not."),
    Case("dict-relu/transposed-square-W1", "dW1 = dh^T X with a square W1",
         P(dict_relu.build, grad=relu_grad_transposed_W1, d=5, h=5, reg=0.0), failing_blocks=("W1",),
         rules=("transposed-gradient",),
         notes="with D == H the transposed gradient has the right shape, so nothing raises. No L2 "
         "here, so the block is exactly the transpose (with L2 only its data term would be)."),

    # -- hidden-layer-mismatch ----------------------------------------------------------------------
    Case("two-layer-sigmoid/derivative-on-activation", "sigmoid_gradient(a2) instead of sigmoid_gradient(z2)",
         P(two_layer_sigmoid.build, grad=tls_grad_derivative_on_activation), failing_blocks=("theta1",),
         rules=("hidden-layer-mismatch",)),
    Case("two-layer-sigmoid/bias-unit-dropped-wrong-end", "hidden delta drops the last unit, not the bias",
         P(two_layer_sigmoid.build, grad=tls_grad_bias_dropped_wrong_end), failing_blocks=("theta1",),
         rules=("hidden-layer-mismatch",), notes="the bias is prepended as column 0 but removed with [:-1]."),
    Case("list-softmax/derivative-of-z", "deriv n*(1-n) applied to z (seed 000)",
         P(list_softmax.build, grad=list_grad_deriv_of_z), failing_blocks=("params[0]",),
         rules=("hidden-layer-mismatch",), tags=("seed-like",),
         notes="a derivative written in terms of the output, called with the pre-activation."),
    Case("list-softmax/off-by-one-activation", "layer i uses activations[i-1] as its input (seed 000)",
         P(list_softmax.build, grad=list_grad_off_by_one_activation, sizes=DEEP_SIZES),
         failing_blocks=("params[1]",), rules=("hidden-layer-mismatch",), tags=("seed-like",),
         notes="seed 000's activations[max(0, i-1)] is harmless with one hidden layer and wrong with two."),
    Case("tanh-mse/derivative-on-activation", "1 - tanh(h)^2 with h already tanh(z)",
         P(tanh_mse.build, grad=tanh_grad_derivative_on_activation),
         failing_blocks=("hidden.W", "hidden.b"), rules=("hidden-layer-mismatch",)),

    # -- stale-accumulator --------------------------------------------------------------------------
    Case("list-softmax/accumulator-not-reset", "grad_w accumulates across calls (seed 000)",
         _list_build_stale, failing_blocks=LIST2, rules=("stale-accumulator",), tags=("seed-like",),
         notes="build() calls the gradient once at another point (a training step ran first), so the "
         "state is already in: at the check point every block is the true gradient plus the old one."),
    Case("dict-relu/grads-never-zeroed", "a model object adds into self.grads and never zeroes them",
         _relu_build_stale, failing_blocks=RELU, rules=("stale-accumulator",),
         notes="PyTorch's zero_grad() habit without PyTorch; one earlier call at another point, so "
         "every block is off at the check point and drifts at every call."),

    # -- nondeterministic-loss ----------------------------------------------------------------------
    Case("dict-relu/dropout-left-on", "the cost applies a fresh dropout mask at every call",
         _relu_build_dropout, rules=("nondeterministic-loss",),
         notes="the training forward pass reused for the check; differences of two random costs are "
         "noise. No failing blocks are declared: the cost's own noise is as large as the differences, "
         "so a noise-aware check has no block verdict, only the program-wide finding. (A fixed "
         "tolerance would call every block wrong.)"),
    Case("two-layer-sigmoid/bootstrap-in-cost", "the cost draws a random sample of rows at every call",
         _tls_build_minibatch, rules=("nondeterministic-loss",),
         notes="minibatch sampling inside the cost function. No block verdict, as for dropout."),

    # -- params-mutated -----------------------------------------------------------------------------
    Case("logistic/cost-zeroes-theta0", "`reg = theta; reg[0] = 0` zeroes the caller's bias",
         P(logistic.build, cost=logistic_cost_zeroes_theta0), rules=("params-mutated",),
         notes="Octave copies on assignment, numpy does not. The cost's value is right; with fresh "
         "copies per call no block fails, but the user's theta[0] is 0 after one call."),
    Case("tanh-mse/cost-centres-X-in-place", "X -= X.mean(axis=0) inside the cost",
         P(tanh_mse.build, cost=tanh_cost_centres_X_in_place, grad=tanh_mse.grad_centred),
         rules=("params-mutated",),
         notes="an in-place normalisation of the data inside the cost. Centring is idempotent, so the "
         "values stay right and no block fails; the data the user passed is changed."),
)

register(*CASES)
