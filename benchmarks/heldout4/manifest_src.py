"""Source of manifest.json for the fourth held-out batch (run this file to rewrite it).

Same record format as benchmarks/heldout/manifest_src.py. The bug line is found from
`bug_snippet` (text on that line of user.py). Expected answers come from the public
documentation of each bug (or from how the bug was written), never from what backprop-doctor
reports: this batch was written and its ground truth verified before the tool was run on it.
`truth_lr` (step programs) is the rate at which a correct step moves every block by
-truth_lr * gradient of the harness's cost; verify_truth.py checks the steps with it.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from heldout_manifest import RECON, WRITTEN, write  # noqa: E402,F401

HERE = Path(__file__).resolve().parent
STYLE = ("written in the style of public solutions / common practice (no code copied); "
         "the public source is cited for the convention")

STEP = ("backprop-doctor step harness.py:step --cost harness.py:cost "
        "--params harness.py:{p} --args harness.py:ARGS")
FCNET = "backprop-doctor check harness.py:model --args harness.py:ARGS"
DICTH = ("backprop-doctor check harness.py:grad --cost harness.py:cost "
         "--params harness.py:params --args harness.py:ARGS")

DSSE = "https://datascience.stackexchange.com/questions/104852"
DEEP = "https://github.com/arthurdouillard/deepcourse/issues/6 (fix: commit c746ff0)"
CBOW = ("https://github.com/rust0258/Deeplearning.ai-Natural-Language-Processing-"
        "Specialization/issues/62")
CBOW64 = ("https://github.com/rust0258/Deeplearning.ai-Natural-Language-Processing-"
          "Specialization/issues/64")
CBOWNOTE = ("C2W4 CBOW back_prop: grad_b1 = np.sum((1/batch_size)*np.dot(l1, x.T), axis=1, "
            "keepdims=True) and grad_b2 likewise from np.dot(yhat - y, h.T); the issue: 'the "
            "gradient for biases defined does not work', it should be l1 (resp. yhat - y) "
            "times a column of ones over batch_size")

NETWORKS = [
    # ---- documented (public) bugs and their fixes
    dict(id="dsse104852-logreg-step-descent", origin="found",
         provenance=RECON + "; LogitRegression(arr) returning a string is written as a step "
                            "updating a dict {'a', 'b'} of one-element arrays in place; the "
                            "np.round(..., 3) of the updated values is left out (it would move "
                            "the step off -lr * gradient by up to 5e-4); x = 0.7, y = 1, a = "
                            "0.4, b = -0.3 instead of all ones",
         source=DSSE,
         source_note="the asker's a = a - x * (z - y), b = b - (z - y) (lr 1) is marked "
                     "wrong by the exercise's grader; the comments disagree with the accepted "
                     "answer: for the stated loss -[y log z + (1-y) log(1-z)] this is the "
                     "gradient-descent step (the grader expected the reverted sign)",
         convention="training step on a dict of one-element arrays updated in place (step); "
                    "one-feature logistic regression, one sample",
         command=STEP.format(p="PARAMS"), expected="correct", truth_lr=1.0),
    dict(id="dsse104852-logreg-step-reverted-sign", origin="found",
         provenance=RECON + "; as above",
         source=DSSE,
         source_note="the version the asker says the grader accepts: a = a + x * (z - y), "
                     "b = b + (z - y); for the stated cross-entropy this is gradient ascent",
         convention="training step on a dict updated in place (step)",
         command=STEP.format(p="PARAMS"), expected="buggy", truth_lr=1.0,
         bug="the update adds lr * gradient: both parameters move uphill",
         failing_blocks=["a", "b"], cause=["misapplied-update", "sign-flip"],
         bug_snippet=["a += lr * x * (z - y)", "b += lr * (z - y)"]),
    dict(id="deepcourse-issue6-wh-from-grad-h", origin="found",
         provenance=RECON + "; torch tensors as numpy arrays (torch.mm as @, torch.eye as "
                            "np.eye), softmax / cross_entropy / grad_tanh helpers written "
                            "out; the version before the fix of issue 6, so the hidden bias "
                            "also still uses grad_h (fixed later in PR 9, a separate "
                            "documented bug); the harness loads the arrays into an MLP, "
                            "calls fit once and writes the new arrays back",
         source=DEEP,
         source_note="docs/code/backpropagation/mlp.py: 'Code solution backward pass for mlp, "
                     "switch grad_h by grad_htilde' — grad_wh = inputs.T @ grad_h skips the "
                     "tanh derivative",
         convention="class-based MLP whose fit() replaces its four arrays (step through a "
                    "harness writing them back into a dict); tanh hidden layer, softmax "
                    "cross-entropy averaged over the batch, 10 classes, learning rate 0.5",
         command=STEP.format(p="PARAMS"), expected="buggy", truth_lr=0.5,
         bug="the hidden layer's gradients use grad_h (before tanh') instead of grad_htilde: "
             "w_hidden and b_hidden move wrongly, the output layer is right",
         failing_blocks=["w_hidden", "b_hidden"],
         cause=["hidden-layer-mismatch", "wrong-cache-variable", "wrong-activation-derivative",
                "misapplied-update"],
         bug_snippet=["grad_wh = inputs.T @ grad_h / batch_size",
                      "grad_bh = np.sum(grad_h, axis=0) / batch_size"]),
    dict(id="dlai-nlp-cbow-bias-grad-summed", origin="found",
         provenance=RECON + "; the issue's repository also has compute_cost with a "
                            "(1-y) log(1-yhat) term; the course's cross-entropy "
                            "-1/m sum(y log yhat) is used instead (the documented bug is the "
                            "bias gradient); the harness wraps forward_prop / softmax / "
                            "back_prop as cost/grad on a dict; V = 6, N = 3, batch 4",
         source=CBOW, source_note=CBOWNOTE + ". The notebook's l1 = np.maximum(0, l1) (a "
                                              "ReLU of the back-propagated error instead of "
                                              "the mask h > 0) is kept as in the original",
         convention="dict params via a harness cost/grad around the notebook's functions "
                    "(columns are samples); ReLU hidden layer, softmax cross-entropy",
         command=DICTH, expected="buggy",
         bug="grad_b1, grad_b2 sum the weight gradients' rows instead of the errors over the "
             "batch; also W1 (and b1) use ReLU(l1) where the ReLU's mask on h belongs",
         failing_blocks=["W1", "b1", "b2"],
         cause=["bias-mismatch", "mask-mismatch", "wrong-activation-derivative",
                "hidden-layer-mismatch"],
         bug_snippet=["grad_b1 = np.sum((1 / batch_size) * np.dot(l1, x.T), axis=1, "
                      "keepdims=True)",
                      "grad_b2 = np.sum((1 / batch_size) * np.dot(yhat - y, h.T), axis=1, "
                      "keepdims=True)",
                      "l1 = np.maximum(0, l1)"]),
    dict(id="dlai-nlp-cbow-bias-grad-ones-relu-l1", origin="found",
         provenance=RECON + "; as above, with the issue's bias fix (error times a column of "
                            "ones over batch_size) and the notebook's ReLU on l1 kept",
         source=CBOW, source_note=CBOWNOTE + "; issue 64 proposes the same fix and the "
                                             "maintainer calls it equivalent to the course's; "
                                             "neither touches l1 = np.maximum(0, l1)",
         convention="dict params via a harness cost/grad around the notebook's functions",
         command=DICTH, expected="buggy",
         bug="the bias gradients are right now, but l1 = ReLU(W2^T (yhat - y)) is not the "
             "error through the hidden ReLU (that is W2^T (yhat - y) * (h > 0)): W1 and b1 "
             "wrong, W2 and b2 right",
         failing_blocks=["W1", "b1"],
         cause=["mask-mismatch", "wrong-activation-derivative", "hidden-layer-mismatch"],
         bug_snippet=["l1 = np.maximum(0, l1)"]),
    dict(id="dlai-nlp-cbow-bias-grad-ones-masked", origin="found",
         provenance=RECON + "; as above, with the issue's bias fix, and l1 masked by h > 0 "
                            "instead of the notebook's ReLU of l1 (that change is ours)",
         source=CBOW64, source_note="the fixed bias gradients of issues 62/64 with the "
                                     "ReLU's derivative taken from h",
         convention="dict params via a harness cost/grad around the notebook's functions",
         command=DICTH, expected="correct"),
    # ---- written
    dict(id="fcnet3-model-correct", origin="written", provenance=STYLE,
         source="https://cs231n.github.io/assignments (assignment 2, fc_net.py: "
                "0.5 * reg * sum(W**2), grads + reg * W)",
         source_note="a model object with three affine layers, two ReLUs, softmax, "
                     "L2 on W1, W2, W3 written out by hand (no layer functions)",
         convention="model object (params dict, loss(X, y) -> (loss, grads))",
         command=FCNET, expected="correct"),
    dict(id="fcnet3-model-reg-last-layer-only", origin="written", provenance=WRITTEN,
         source="https://cs231n.github.io/assignments (assignment 2, fc_net.py)",
         source_note="the loss regularizes all three weight matrices; the regularization "
                     "gradient is added where the last layer's gradient is computed and "
                     "forgotten for the hidden layers",
         convention="model object (params dict, loss(X, y) -> (loss, grads))",
         command=FCNET, expected="buggy",
         bug="reg * W added to grads['W3'] only: W1 and W2 lack their L2 term",
         failing_blocks=["W1", "W2"], cause=["regularization-mismatch"],
         bug_snippet=["grads['W3'] = h2.T.dot(dscores) + self.reg * W3"]),
    dict(id="sgd-step-mean-loss-correct", origin="written", provenance=STYLE,
         source="https://cs231n.github.io/neural-networks-case-study/ (dscores /= num_examples)",
         source_note="dict params, mean cross-entropy loss, gradients averaged, "
                     "params[k] -= lr * grads[k]",
         convention="training step on a dict updated in place (step)",
         command=STEP.format(p="PARAMS"), expected="correct", truth_lr=0.1),
    dict(id="sgd-step-summed-grads", origin="written", provenance=WRITTEN,
         source="https://cs231n.github.io/neural-networks-case-study/ (dscores /= num_examples)",
         source_note="the loss is the mean over the batch, the gradients are the sum (the "
                     "division of dscores by the batch size is missing)",
         convention="training step on a dict updated in place (step)",
         command=STEP.format(p="PARAMS"), expected="buggy", truth_lr=0.1,
         bug="every block moves by lr * N * gradient (N = 7) for a mean loss",
         failing_blocks=["W1", "b1", "W2", "b2"],
         cause=["misapplied-update", "scale-mismatch", "batch-mismatch"],
         bug_snippet=["dscores[np.arange(len(y)), y] -= 1"]),
]

PAIR = "layer pair: forward(*inputs) -> (out, cache), backward(dout, cache)"
LOSSL = "loss layer: f(x, y) -> (loss, dx)"
WRAP = "activation object / functions; harness adapts them to forward/backward"
WRAPPED = ("backprop-doctor layer harness.py:backward --forward harness.py:forward "
           "--inputs harness.py:INPUTS")
CS = "https://cs231n.github.io/assignments (assignment 2 layers.py)"


def pair(back, fwd):
    return (f"backprop-doctor layer user.py:{back} --forward user.py:{fwd} "
            "--inputs harness.py:INPUTS")


def loss_layer(fun):
    return f"backprop-doctor layer user.py:{fun} --inputs harness.py:INPUTS"


SMILE = "https://github.com/haifengl/smile/issues/528"
MLROSE = "https://github.com/hiive/mlrose/pull/5"
CRYSX = "https://github.com/manassharma07/crysx_nn/issues/7"

LAYERS = [
    # ---- documented bugs and their fixes
    dict(id="smile-relu-g-overwrites", origin="found",
         provenance=RECON + "; Java (smile 2.2.2 ActivationFunction.rectifier) ported to a "
                            "numpy class with f(x) and g(g, y) working in place on flat "
                            "arrays; the harness adapts it to a layer pair",
         source=SMILE,
         source_note="the rectifier's g(g, y) sets g[i] to 1 or 0 instead of multiplying it: "
                     "'A * is missing before =', the upstream gradient is discarded "
                     "(confirmed and fixed by the maintainer)",
         convention=WRAP, command=WRAPPED, expected="buggy",
         bug="the ReLU's backward returns the mask itself, not upstream gradient * mask",
         failing_blocks=["x"], cause=["mask-mismatch", "wrong-activation-derivative"],
         bug_snippet=["g.flat[i] = 1.0 if y.flat[i] > 0 else 0.0"]),
    dict(id="smile-relu-g-multiplies", origin="found", provenance=RECON + "; as above",
         source=SMILE, source_note="with the issue's fix: g[i] *= (y[i] > 0 ? 1 : 0)",
         convention=WRAP, command=WRAPPED, expected="correct"),
    dict(id="mlrose-relu-deriv-correct", origin="found",
         provenance=RECON + "; the module's relu and identity only; the harness uses "
                            "relu(x, deriv=True) as a layer's backward",
         source=MLROSE,
         source_note="the pull request says relu(x, deriv=True) returns x where x <= 0; the "
                     "author then withdrew it ('I think I'm wrong about this'): the negative "
                     "entries are zeroed before the derivative branch, which is right",
         convention=WRAP, command=WRAPPED, expected="correct"),
    dict(id="crysx-softmax-global-max-correct", origin="found",
         provenance=RECON + "; the numba decorators and float32 buffers left out (float64); "
                            "the harness multiplies dout by each sample's Jacobian",
         source=CRYSX,
         source_note="Softmax subtracts one max over the whole 2-d array, which the owner "
                     "calls a bug (the max 'was supposed to be calculated for each row') for "
                     "overflow; softmax is unchanged by any shift, so values and the "
                     "Jacobian are right at moderate logits",
         convention=WRAP + " (Jacobian per sample)", command=WRAPPED, expected="correct"),
    # ---- written
    dict(id="elu-pair-correct", origin="written", provenance=STYLE, source=CS,
         source_note="elu_forward(x, alpha) / elu_backward(dout, cache), alpha a plain number",
         convention=PAIR, command=pair("elu_backward", "elu_forward"), expected="correct"),
    dict(id="elu-pair-derivative-on-output", origin="written", provenance=WRITTEN, source=CS,
         source_note="the negative branch's derivative alpha * exp(x) is evaluated on the "
                     "cached output instead of the input",
         convention=PAIR, command=pair("elu_backward", "elu_forward"), expected="buggy",
         bug="alpha * exp(out) where alpha * exp(x) belongs (x <= 0 entries wrong)",
         failing_blocks=["x"],
         cause=["wrong-activation-derivative", "derivative-on-wrong-input",
                "wrong-cache-variable"],
         bug_snippet=["dx = dout * np.where(x > 0, 1.0, alpha * np.exp(out))"]),
    dict(id="huber-loss-correct", origin="written", provenance=STYLE, source="-",
         source_note="Huber loss (delta 1) summed over features, averaged over rows -> "
                     "(loss, dx)", convention=LOSSL, command=loss_layer("huber_loss"),
         expected="correct"),
    dict(id="huber-loss-dx-unclipped", origin="written", provenance=WRITTEN, source="-",
         source_note="the gradient is the squared-error one everywhere: the clip to "
                     "[-1, 1] of the linear zone is missing",
         convention=LOSSL, command=loss_layer("huber_loss"), expected="buggy",
         bug="dx = diff / N where |diff| > 1 should give sign(diff) / N",
         failing_blocks=["x"], cause=["gradient-mismatch", "mask-mismatch"],
         bug_snippet=["dx = diff / N"]),
    dict(id="global-avg-pool-correct", origin="written", provenance=STYLE, source=CS,
         source_note="global average pooling (N, C, H, W) -> (N, C), cache the input shape",
         convention=PAIR,
         command=pair("global_avg_pool_backward", "global_avg_pool_forward"),
         expected="correct"),
    dict(id="global-avg-pool-over-h-only", origin="written", provenance=WRITTEN, source=CS,
         source_note="the backward divides by H instead of H * W",
         convention=PAIR,
         command=pair("global_avg_pool_backward", "global_avg_pool_forward"),
         expected="buggy", bug="dx is W = 4 times too large",
         failing_blocks=["x"], cause=["scale-mismatch"],
         bug_snippet=["dx = np.ones((N, C, H, W)) * dout[:, :, None, None] / H"]),
]


if __name__ == "__main__":
    write(HERE, NETWORKS, LAYERS)
