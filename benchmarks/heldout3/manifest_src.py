"""Source of manifest.json for the third held-out batch (run this file to rewrite it).

Same record format as benchmarks/heldout/manifest_src.py. The bug line is found from
`bug_snippet` (text on that line of user.py; when a snippet is part of several lines, the
line that is exactly the snippet is taken). Expected answers come from the public
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
SVM = ("backprop-doctor check user.py:svm_loss_naive --params harness.py:W "
       "--args harness.py:ARGS")
FLAT = ("backprop-doctor check user.py:grad --cost user.py:cost --params harness.py:theta "
        "--args harness.py:ARGS")
TUPLE = ("backprop-doctor check user.py:loss_and_grads --params harness.py:params "
         "--args harness.py:ARGS")
DICT = ("backprop-doctor check user.py:grad --cost user.py:cost --params harness.py:params "
        "--args harness.py:ARGS")
UFLDL = ("backprop-doctor check user.py:softmaxCost --params harness.py:theta "
         "--args harness.py:ARGS")

BOT = "https://github.com/Bot-Academy/NeuralNetworkFromScratch/pull/3"
BOGO = ("https://datascience.stackexchange.com/questions/37545/"
        "neural-network-example-not-working-with-sigmoid-activation-function")
BURTON = "https://github.com/Burton2000/CS231n-2017/issues/9"
JING = "https://github.com/jingtinghuang/CS231n-Spring-2017/issues/3"

NETWORKS = [
    # ---- documented (public) bugs and their fixes
    dict(id="botacademy-step-original", origin="found",
         provenance=RECON + "; the tutorial's top-level training loop body is written as a "
                            "function train_on_image(...) updating its arrays in place, the "
                            "784-20-10 MNIST net shrunk to 6-4-3 with one image; biases start "
                            "small and random instead of 0",
         source=BOT,
         source_note="PR 'Fixed formally wrong backpropagation/gradient descent': the output "
                     "delta o - l lacks the sigmoid's derivative for the code's squared error "
                     "e = 1/len(o) * sum((o - l)**2), and w_h_o is updated before delta_h is "
                     "computed from it",
         convention="training step on four arrays (dict) updated in place (step); one sigmoid "
                    "hidden layer, sigmoid outputs, squared error",
         command=STEP.format(p="PARAMS"), expected="buggy", truth_lr=0.015,
         bug="output delta o - l without o*(1-o) for a squared-error cost, and the hidden "
             "delta computed from the already-updated w_h_o: no block moves by -lr * gradient "
             "for any single rate",
         failing_blocks=["w_i_h", "b_i_h", "w_h_o", "b_h_o"],
         cause=["missing-softmax-backprop", "misapplied-update"],
         bug_snippet=["delta_o = o - l",
                      "delta_h = np.transpose(w_h_o) @ delta_o * (h * (1 - h))"]),
    dict(id="botacademy-step-pr3-fixed", origin="found", provenance=RECON + "; as above",
         source=BOT,
         source_note="with both of the PR's fixes (delta_o carries o*(1-o); delta_h is computed "
                     "before the weights change). With e = (1/3) * sum((o - l)**2) the step "
                     "is -0.01 * (3/2) * grad e, one rate 0.015",
         convention="training step on four arrays (dict) updated in place (step)",
         command=STEP.format(p="PARAMS"), expected="correct", truth_lr=0.015),
    dict(id="bogotobogo-sigmoid-prime-on-activation", origin="found",
         provenance=RECON + "; fit() is checked as one training step: the harness hands it "
                            "one XOR row and epochs=1 (its random sample index is then 0)",
         source=BOGO,
         source_note="BogoToBogo's NeuralNetwork([2, 2, 1], 'sigmoid') does not learn XOR; the "
                     "accepted answer: the derivatives are called on activations a, and "
                     "tanh_prime(x) = 1 - x**2 expects that, but sigmoid_prime(x) = "
                     "sigmoid(x)*(1 - sigmoid(x)) applies the sigmoid again",
         convention="class-based net, list of weight matrices updated in place by fit() "
                    "(step); learning rate 0.2, loss 0.5 * (y - a)**2",
         command=STEP.format(p="WEIGHTS"), expected="buggy", truth_lr=0.2,
         bug="sigmoid_prime evaluated on the activation: sigma'(sigma(z)) in both layers' deltas",
         failing_blocks=["params[0]", "params[1]"],
         cause=["wrong-activation-derivative", "derivative-on-wrong-input"],
         bug_snippet=["return sigmoid(x) * (1.0 - sigmoid(x))"]),
    dict(id="bogotobogo-tanh-correct", origin="found", provenance=RECON + "; as above",
         source=BOGO,
         source_note="the same program with its default activation 'tanh', which the question "
                     "reports learns XOR; tanh_prime(a) = 1 - a**2 on the activation is right",
         convention="class-based net, weights list updated in place by fit() (step)",
         command=STEP.format(p="WEIGHTS"), expected="correct", truth_lr=0.2),
    dict(id="burton2000-twolayer-bias-reg-not-in-grad", origin="found",
         provenance=RECON + "; the harness sets the biases to small random values (the "
                            "constructor's zeros would hide the missing term)",
         source=BURTON,
         source_note="neural_net.py: the loss adds reg * sum(b1*b1) and reg * sum(b2*b2), but "
                     "grads['b1'] and grads['b2'] have no 2 * reg * b term (the owner then "
                     "removed the biases from the loss)",
         convention="model object (params dict, loss(X, y, reg) -> (loss, grads))",
         command=FCNET, expected="buggy",
         bug="biases regularized in the loss but not in the gradient",
         failing_blocks=["b1", "b2"], cause=["regularization-mismatch", "bias-mismatch"],
         bug_snippet=["grads['b2'] = np.sum(db2, axis=0)", "grads['b1'] = np.sum(db1, axis=0)"]),
    dict(id="burton2000-twolayer-bias-reg-removed", origin="found", provenance=RECON,
         source=BURTON, source_note="after the owner's fix: the loss regularizes W1, W2 only",
         convention="model object (params dict, loss(X, y, reg) -> (loss, grads))",
         command=FCNET, expected="correct"),
    dict(id="jingtinghuang-svm-naive-reg-grad-no-2", origin="found", provenance=RECON,
         source=JING,
         source_note="linear_svm.py svm_loss_naive: loss += reg * sum(W * W) but dW += reg * W; "
                     "the issue: 'this line should be dW += 2*reg*W'",
         convention="combined (loss, dW) on one array W (CS231n svm_loss_naive)",
         command=SVM, expected="buggy",
         bug="regularization gradient reg * W for a reg * sum(W**2) loss (half the true term)",
         failing_blocks=["W"], block_aliases={"W": ["theta", "params"]},
         cause=["regularization-mismatch"], bug_snippet=["dW += reg * W"]),
    dict(id="jingtinghuang-svm-naive-reg-grad-2", origin="found", provenance=RECON,
         source=JING, source_note="with the issue's fix dW += 2 * reg * W",
         convention="combined (loss, dW) on one array W", command=SVM, expected="correct"),
    dict(id="hankcs-q2-neural-hidden-averaged-twice", origin="found",
         provenance=RECON + "; the learner's own backward section (before the file's "
                            "'standard code' block overrides it) is the program; comments "
                            "translated; softmax, sigmoid and sigmoid_grad from the other "
                            "assignment files inlined; the gradcheck lambda written as a named "
                            "function in the harness",
         source="https://github.com/hankcs/CS224n/blob/master/assignment1/q2_neural.py",
         source_note="the learner's forward_backward_prop divides the hidden layer's error by "
                     "M again ('the summed error averaged again') although grad_cost1 is "
                     "already averaged; the file then recomputes every gradient with the "
                     "'STANDRED CODE' block (d3 / M once), which is what it returns",
         convention="function returning (cost, grad) on a flat params vector of four blocks, "
                    "no layout (CS224n forward_backward_prop, params third; harness wraps it)",
         command="backprop-doctor check harness.py:nn --params harness.py:params",
         expected="buggy",
         bug="hidden-layer error divided by M twice: gradW1 and gradb1 are M = 20 times too "
             "small, gradW2 and gradb2 right",
         failing_blocks=["W1", "b1"], truth_layout="W1=10x5,b1=1x5,W2=5x10,b2=1x10",
         cause=["scale-mismatch", "batch-mismatch", "hidden-layer-mismatch"],
         bug_snippet=["grad_cost2 = sigmoid_grad(h) * tmp / data.shape[0]"]),
    dict(id="hankcs-q2-neural-standard", origin="found", provenance=RECON + "; as above",
         source="https://github.com/hankcs/CS224n/issues/17",
         source_note="the issue asks why the softmax's gradient is never computed (d3 = yhat - "
                     "labels); the reply: with cross-entropy the softmax's derivative reduces "
                     "to yhat - labels, the code is right (the file's standard block)",
         convention="function returning (cost, grad) on a flat params vector, no layout",
         command="backprop-doctor check harness.py:nn --params harness.py:params",
         expected="correct", truth_layout="W1=10x5,b1=1x5,W2=5x10,b2=1x10"),
    dict(id="bpjsincl-a3-softmax-error-deriv", origin="found",
         provenance=RECON + "; the FFNeuralNet methods loss and _d_loss_by_d_model written "
                            "as functions of the model dict (the original stores the gradient "
                            "on self, unrolled); Python 2 to 3",
         source="https://github.com/bpjsincl/coursera-neural-net/issues/14",
         source_note="the issue says error_deriv = class_prob - targets is a squared-error "
                     "derivative while the loss is log loss; for a softmax output with "
                     "cross-entropy it is the right derivative (no reply needed: it is the "
                     "course's formula)",
         convention="dict params ('inputToHid', 'hidToClass'), separate cost/grad, data cases "
                    "in columns, weight decay on all weights",
         command="backprop-doctor check user.py:d_loss_by_d_model --cost user.py:loss "
                 "--params harness.py:model --args harness.py:ARGS",
         expected="correct"),
    dict(id="miniflow-sigmoid-backward-correct", origin="found",
         provenance=RECON + "; the lesson's miniflow.py (Node, Input, Linear, Sigmoid, MSE, "
                            "topological_sort, forward_and_backward) in one file; the harness "
                            "builds the graph for each evaluation",
         source="https://github.com/udacity/sdc-issue-reports/issues/134 (also #94)",
         source_note="learners' Sigmoid.backward (sigmoid * (1 - sigmoid) * grad_cost) gave "
                     "gradients that did not match the values printed in nn.py; the staff: the "
                     "printed values had been computed incorrectly and were replaced; the "
                     "backward is right",
         convention="computational-graph nodes (miniflow); harness reads the gradients of the "
                    "W and b input nodes into a dict",
         command="backprop-doctor check harness.py:grad --cost harness.py:cost "
                 "--params harness.py:PARAMS --args harness.py:ARGS",
         expected="correct"),
    # ---- written: conventions thinly covered by public reports
    dict(id="flat-theta-3layer-tanh-correct", origin="written", provenance=STYLE,
         source="https://www.coursera.org/learn/machine-learning (ex4 unrolled parameters, "
                "extended to two hidden layers)",
         source_note="separate cost/grad on a flat theta holding three matrices with bias "
                     "columns, no layout given; tanh hidden layers, sigmoid outputs, lambda 1",
         convention="separate cost/grad, flat theta with three blocks, no layout (row-major)",
         command=FLAT, expected="correct", truth_layout="Theta1=4x4,Theta2=4x5,Theta3=2x5"),
    dict(id="flat-theta-3layer-tanh-derivative-of-a2", origin="written", provenance=WRITTEN,
         source="https://www.coursera.org/learn/machine-learning (ex4 backpropagation, "
                "delta^(l) uses g'(z^(l)) of its own layer)",
         source_note="the second hidden layer's delta takes tanh' from the first hidden "
                     "layer's activation a2 (same width) instead of its own a3",
         convention="separate cost/grad, flat theta with three blocks, no layout",
         command=FLAT, expected="buggy",
         bug="d3 uses (1 - a2**2) where (1 - a3**2) belongs: Theta2 and Theta1 wrong, Theta3 "
             "right",
         failing_blocks=["Theta1", "Theta2"], truth_layout="Theta1=4x4,Theta2=4x5,Theta3=2x5",
         cause=["hidden-layer-mismatch", "wrong-cache-variable", "wrong-activation-derivative",
                "derivative-on-wrong-input"],
         bug_snippet=["d3 = (d4 @ Theta3)[:, 1:] * (1 - a2[:, 1:] ** 2)"]),
    dict(id="xor-tuple-returns-correct", origin="written", provenance=STYLE,
         source="README 'One gradient per matrix' convention (J, dW1, ...) for a list of "
                "parameters",
         source_note="2-3-1 XOR net, tanh hidden, one sigmoid output unit (W2 of shape (3, 1)), "
                     "mean binary cross-entropy; returns J, dW1, db1, dW2, db2",
         convention="function returning (J, dW1, db1, dW2, db2) for params = [W1, b1, W2, b2]",
         command=TUPLE, expected="correct"),
    dict(id="xor-tuple-returns-bce-delta-times-sigmoid-prime", origin="written",
         provenance=WRITTEN,
         source="https://www.deeplearning.ai (course 1 week 3: dZ2 = A2 - Y for a sigmoid "
                "output with cross-entropy)",
         source_note="the output delta keeps the sigmoid's derivative although the "
                     "cross-entropy already cancels it",
         convention="function returning (J, dW1, db1, dW2, db2) for a list of params",
         command=TUPLE, expected="buggy",
         bug="dz2 = (a2 - y) * a2 * (1 - a2) for a binary cross-entropy loss: every block wrong",
         failing_blocks=["params[0]", "params[1]", "params[2]", "params[3]"],
         cause=["missing-softmax-backprop"],
         bug_snippet=["dz2 = (a2 - y) * a2 * (1 - a2)"]),
    dict(id="leaky-relu-mse-regressor-correct", origin="written", provenance=STYLE,
         source="-", source_note="3-6-1 leaky-ReLU (alpha 0.01) regressor, mean squared error, "
                                 "dict params, separate cost/grad",
         convention="dict params, separate cost/grad; MSE regression", command=DICT,
         expected="correct"),
    dict(id="leaky-relu-mse-regressor-relu-derivative", origin="written", provenance=WRITTEN,
         source="-", source_note="the leaky ReLU's derivative is written as ReLU's (0 for "
                                 "negative inputs instead of alpha)",
         convention="dict params, separate cost/grad; MSE regression", command=DICT,
         expected="buggy", bug="leaky ReLU derivative 0 instead of alpha where z <= 0",
         failing_blocks=["W1", "b1"], cause=["wrong-activation-derivative", "mask-mismatch"],
         bug_snippet=["return np.where(z > 0, 1.0, 0.0)"]),
    dict(id="ufldl-softmax-cost-correct", origin="written", provenance=STYLE,
         source="http://ufldl.stanford.edu/wiki/index.php/Exercise:Softmax_Regression",
         source_note="softmaxCost(theta, numClasses, inputSize, lambda, data, labels) -> "
                     "(cost, grad) on a flat theta; data is (inputSize, m), max subtracted per "
                     "column",
         convention="combined (cost, grad), flat theta reshaped inside, samples in columns",
         command=UFLDL, expected="correct"),
    dict(id="ufldl-softmax-cost-max-over-samples", origin="written", provenance=WRITTEN,
         source="http://ufldl.stanford.edu/wiki/index.php/Exercise:Softmax_Regression "
                "('subtract max(M) from each column' tip)",
         source_note="the stabilising max is taken per class over the samples (axis=1) instead "
                     "of per sample over the classes; the 'probabilities' then depend on theta "
                     "through the max, which the usual gradient ignores",
         convention="combined (cost, grad), flat theta reshaped inside",
         command=UFLDL, expected="buggy",
         bug="max subtracted over the wrong axis: the cost is no longer softmax cross-entropy "
             "of theta @ data, but the gradient is",
         failing_blocks=["theta"], block_aliases={"theta": ["params", "W"]},
         cause=["wrong-axis", "missing-softmax-backprop"],
         bug_snippet=["M = M - np.max(M, axis=1, keepdims=True)"]),
    dict(id="sgd-weight-decay-step-correct", origin="written", provenance=STYLE,
         source="https://cs231n.github.io/neural-networks-3/ (SGD; L2 on weights, not biases)",
         source_note="train_step computes the data gradients and adds reg * W in the update for "
                     "the weights only; the loss regularizes W1, W2",
         convention="training step on a dict updated in place (step)",
         command=STEP.format(p="PARAMS"), expected="correct", truth_lr=0.1),
    dict(id="sgd-weight-decay-step-decays-bias", origin="written", provenance=WRITTEN,
         source="https://cs231n.github.io/neural-networks-2/ ('it is not common to regularize "
                "the bias parameters')",
         source_note="the update adds reg * param for every key, biases included, while the "
                     "loss regularizes the weights only",
         convention="training step on a dict updated in place (step)",
         command=STEP.format(p="PARAMS"), expected="buggy", truth_lr=0.1,
         bug="weight decay applied to b1 and b2 in the update; the cost has no bias term",
         failing_blocks=["b1", "b2"],
         cause=["regularization-mismatch", "misapplied-update", "bias-mismatch"],
         bug_snippet=["params[k] -= lr * (grads[k] + reg * params[k])"]),
    dict(id="momentum-step-correct", origin="written", provenance=STYLE,
         source="https://cs231n.github.io/neural-networks-3/#sgd (v = mu * v - lr * dx; x += v)",
         source_note="an SGDMomentum class; the step is one update from zero velocity",
         convention="optimizer object updating a dict in place (step)",
         command=STEP.format(p="PARAMS"), expected="correct", truth_lr=0.05),
    dict(id="momentum-step-position-before-velocity", origin="written", provenance=WRITTEN,
         source="https://cs231n.github.io/neural-networks-3/#sgd (integrate velocity, then "
                "position)",
         source_note="the two lines of the update in the wrong order: the position moves by "
                     "the old velocity, then the velocity takes the new gradient",
         convention="optimizer object updating a dict in place (step)",
         command=STEP.format(p="PARAMS"), expected="buggy", truth_lr=0.05,
         bug="x += v before v = mu * v - lr * dx: from rest the step does not move at all "
             "(the gradient only reaches the next step)",
         failing_blocks=["W1", "b1", "W2", "b2"], cause=["misapplied-update"],
         bug_snippet=["params[k] += v"]),
]

CS = "https://cs231n.github.io/assignments (assignment 2 layers.py)"
PAIR = "layer pair: forward(*inputs) -> (out, cache), backward(dout, cache)"
LOSSL = "loss layer: f(x, y) -> (loss, dx)"
WRAP = "class layer keeping its input; harness adapts it to forward/backward"
WRAPPED = ("backprop-doctor layer harness.py:backward --forward harness.py:forward "
           "--inputs harness.py:INPUTS")


def pair(back, fwd):
    return (f"backprop-doctor layer user.py:{back} --forward user.py:{fwd} "
            "--inputs harness.py:INPUTS")


def loss_layer(fun):
    return f"backprop-doctor layer user.py:{fun} --inputs harness.py:INPUTS"


ANDERS = "https://github.com/andersbll/nnet/issues/4"
NPML = "https://github.com/ddbourgin/numpy-ml/issues/94"
DLAIRNN = "https://github.com/sagarnildass/andrew_ng_deep_learning/issues/1"

LAYERS = [
    # ---- documented bugs and their fixes
    dict(id="andersbll-tanh-d-returns-tanh", origin="found",
         provenance=RECON + "; helpers and the Activation layer in one file, the Linear and "
                            "loss layers left out",
         source=ANDERS,
         source_note="helpers.py tanh_d(x) computes (e^(2x) - 1)/(e^(2x) + 1), which is tanh "
                     "itself; the issue (second comment, confirmed in the thread): it should "
                     "be 1 - tanh(x)**2",
         convention=WRAP, command=WRAPPED, expected="buggy",
         bug="tanh's derivative returns tanh(x)", failing_blocks=["input"],
         cause=["wrong-activation-derivative"],
         bug_snippet=["return (e - 1) / (e + 1)"]),
    dict(id="andersbll-tanh-d-fixed", origin="found", provenance=RECON, source=ANDERS,
         source_note="with the issue's tanh_d: e = tanh(x); return 1 - e**2",
         convention=WRAP, command=WRAPPED, expected="correct"),
    dict(id="numpyml-dropout-backward-unmasked", origin="found",
         provenance=RECON + "; the wrapped layer is a small fully connected layer written for "
                            "the purpose (numpy-ml wraps any layer); the wrapper's in-place "
                            "dLdy *= ... is written dLdy = dLdy * ... so the harness's upstream "
                            "gradient is not scaled in place (not the documented bug); the "
                            "harness seeds numpy before each forward so the mask is fixed",
         source=NPML,
         source_note="wrappers.py Dropout.backward scales dLdy by 1/(1-p) and hands it to the "
                     "wrapped layer but never applies the forward's dropout mask to the "
                     "input gradient",
         convention=WRAP + " (dropout wrapper around a layer)", command=WRAPPED,
         expected="buggy", bug="dropped inputs still receive a gradient: the mask is missing "
                               "from dX",
         failing_blocks=["X"], cause=["mask-mismatch"],
         bug_snippet=["return self._base_layer.backward(dLdy)"]),
    dict(id="numpyml-dropout-backward-masked", origin="found", provenance=RECON, source=NPML,
         source_note="the backward multiplies the wrapped layer's input gradient by the "
                     "stored mask, as the issue proposes", convention=WRAP, command=WRAPPED,
         expected="correct"),
    dict(id="dlai-rnn-backward-da-prevt-not-updated", origin="found",
         provenance=RECON + "; the issue shows the symptom, not the line: the per-step "
                            "da_prev is unpacked into a variable of another name, one way to "
                            "leave da_prevt at zero; the harness adapts rnn_forward/"
                            "rnn_backward to a layer pair over x, a0, Wax, Waa, ba",
         source=DLAIRNN,
         source_note="'Building a Recurrent Neural Network - Step by Step': the last gradient "
                     "values do not match the expected ones and 'da_prevt never get update, "
                     "always zeros'",
         convention="deeplearning.ai rnn_forward / rnn_backward (gradients dict), adapted to a "
                    "layer pair with five inputs",
         command=WRAPPED, expected="buggy",
         bug="the gradient flowing back through a_prev is never carried to the earlier step; "
             "da0 stays 0",
         failing_blocks=["x", "a0", "Wax", "Waa", "ba"],
         cause=["recurrent-gradient-not-accumulated"],
         bug_snippet=["dxt, da_prev, dWaxt, dWaat, dbat = gradients["]),
    dict(id="dlai-rnn-backward-correct", origin="found", provenance=RECON, source=DLAIRNN,
         source_note="with da_prevt taken from the cell's gradients each step",
         convention="deeplearning.ai rnn_forward / rnn_backward adapted to a layer pair",
         command=WRAPPED, expected="correct"),
    # ---- written
    dict(id="avg-pool-naive-correct", origin="written", provenance=STYLE, source=CS,
         source_note="average pooling in the style of max_pool_forward_naive (pool_param dict)",
         convention=PAIR,
         command=pair("avg_pool_backward_naive", "avg_pool_forward_naive"), expected="correct"),
    dict(id="avg-pool-backward-no-area", origin="written", provenance=WRITTEN, source=CS,
         source_note="the backward spreads dout over the window without dividing by its area",
         convention=PAIR,
         command=pair("avg_pool_backward_naive", "avg_pool_forward_naive"), expected="buggy",
         bug="dx is pool_height * pool_width = 4 times too large",
         failing_blocks=["x"], cause=["scale-mismatch"],
         bug_snippet=["dout[:, :, i, j][:, :, None, None]"]),
    dict(id="cs231n-affine-relu-correct", origin="written", provenance=STYLE,
         source="https://cs231n.github.io/assignments (assignment 2 layer_utils.py)",
         source_note="affine_relu_forward / affine_relu_backward sandwich with the notebook's "
                     "shapes", convention=PAIR,
         command=pair("affine_relu_backward", "affine_relu_forward"), expected="correct"),
    dict(id="mse-loss-correct", origin="written", provenance=STYLE, source="-",
         source_note="mean squared error over all entries -> (loss, dx)", convention=LOSSL,
         command=loss_layer("mse_loss"), expected="correct"),
    dict(id="mse-loss-dx-over-rows", origin="written", provenance=WRITTEN, source="-",
         source_note="the loss averages over all N*D entries, dx divides by N only",
         convention=LOSSL, command=loss_layer("mse_loss"), expected="buggy",
         bug="dx = 2 * diff / N for a loss averaged over N*D entries: D = 3 times too large",
         failing_blocks=["x"], cause=["scale-mismatch"],
         bug_snippet=["dx = 2 * diff / x.shape[0]"]),
    dict(id="sigmoid-bce-loss-correct", origin="written", provenance=STYLE, source="-",
         source_note="binary cross-entropy on logits with integer labels -> (loss, dx)",
         convention=LOSSL, command=loss_layer("sigmoid_cross_entropy_loss"),
         expected="correct"),
    dict(id="leaky-relu-pair-correct", origin="written", provenance=STYLE, source=CS,
         source_note="leaky_relu_forward(x, alpha) / leaky_relu_backward(dout, cache), alpha a "
                     "plain number passed through", convention=PAIR,
         command=pair("leaky_relu_backward", "leaky_relu_forward"), expected="correct"),
]


if __name__ == "__main__":
    write(HERE, NETWORKS, LAYERS)
