"""Source of manifest.json: one record per held-out program (run this file to rewrite it).

The bug line is found from `bug_snippet` (text on that line of user.py), so editing a program
cannot leave a stale line number behind. Expected answers come from the public documentation
of each bug (or from how the bug was written), never from what backprop-doctor reports.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from heldout_manifest import RECON, STYLE, WRITTEN, CHECK_GRAD, write  # noqa: E402,F401

HERE = Path(__file__).resolve().parent


# `cause`: every catalogued id whose meaning (CONTRACT.md, `backprop-doctor rules`) names the
# documented bug; the first is the one CONTRACT.md's table gives. Decided from the bug, not
# from the tool's output.
NETWORKS = [
    # ---- documented bugs (public Q&A / issues) and their fixes
    dict(id="dlai-gradcheck-buggy", origin="found", provenance=RECON,
         source="https://github.com/bighuang624/Andrew-Ng-Deep-Learning-notes/issues/10",
         source_note="deeplearning.ai course 2 week 1 'Gradient Checking': backward_propagation_n "
                     "ships with two errors; the issue names them (dW2 has '* 2', db1 has '4./m').",
         convention="dict params (assignment functions; harness maps the dW1/db1 keys onto W1/b1)",
         command=CHECK_GRAD.format(p="PARAMS"), expected="buggy",
         bug="dW2 multiplied by 2 and db1 by 4 (4./m instead of 1./m)",
         failing_blocks=["W2", "b1"], cause=["scale-mismatch"],
         bug_snippet=["dW2 = 1. / m * np.dot(dZ2, A1.T) * 2", "db1 = 4. / m"]),
    dict(id="dlai-gradcheck-fixed", origin="found", provenance=RECON,
         source="https://github.com/bighuang624/Andrew-Ng-Deep-Learning-notes/issues/10",
         source_note="the same functions with the fix given in the issue",
         convention="dict params (assignment functions; harness maps keys)",
         command=CHECK_GRAD.format(p="PARAMS"), expected="correct"),
    dict(id="so46395467-hidden-delta", origin="found", provenance=RECON + "; the question's "
         "update loop is written as a gradient function (error = output - label, so it is the "
         "gradient of 0.5*sum(err**2)), its 'record' typo read as 'inputs'",
         source="https://stackoverflow.com/questions/46395467",
         source_note="'Backpropagation: Why doesn't error approach zero...': the hidden delta uses "
                     "the output error instead of the error propagated through w_1; the answer "
                     "names that line.",
         convention="list params [w_0, w_1], columns = samples",
         command="backprop-doctor check user.py:gradients --cost user.py:loss "
                 "--params harness.py:WEIGHTS --args harness.py:ARGS",
         expected="buggy",
         bug="hidden delta = output error * sigmoid'(hidden): not propagated back through w_1 "
             "(nor through the output derivative)",
         failing_blocks=["params[0]"], cause=["hidden-layer-mismatch"],
         bug_snippet=["delta_hidden = error * sigmoid(hidden, True)"]),
    dict(id="so53287032-delta-skips-derivative", origin="found", provenance=RECON,
         source="https://stackoverflow.com/questions/53287032",
         source_note="4-layer sigmoid net: the asker's variant (2) `delta = W.T @ delta` (which "
                     "trained better) against (1) `delta = W.T @ tmp`; the chain rule the question "
                     "writes out gives (1): (2) drops sigma' of every layer it passes.",
         convention="class-based net, weights list; harness wraps the methods",
         command=CHECK_GRAD.format(p="WEIGHTS"), expected="buggy",
         bug="the delta sent to the earlier layer skips the activation derivative "
             "(W.T @ delta instead of W.T @ (delta * sigma'))",
         failing_blocks=["params[0]", "params[1]"], cause=["hidden-layer-mismatch"],
         bug_snippet=["delta = np.dot(self.weights[k].T, delta)  # (2)"]),
    dict(id="so53287032-correct", origin="found", provenance=RECON,
         source="https://stackoverflow.com/questions/53287032",
         source_note="the asker's variant (1), the one the chain rule gives",
         convention="class-based net, weights list; harness wraps the methods",
         command=CHECK_GRAD.format(p="WEIGHTS"), expected="correct"),
    dict(id="rasbt-softmax-bias-sum", origin="found",
         provenance=RECON + "; the torch tensors are numpy arrays here",
         source="https://github.com/rasbt/stat453-deep-learning-ss21/issues/5",
         source_note="softmax regression from scratch: grad_loss_wrt_b = -sum(y - probas) sums "
                     "over samples AND classes, one number for every bias (always ~0); the issue "
                     "gives the fix (sum over dim 0).",
         convention="class-based model (weight, bias); harness passes a dict",
         command=CHECK_GRAD.format(p="PARAMS"), expected="buggy",
         bug="bias gradient summed over the class axis too: one scalar (~0) for every class",
         failing_blocks=["bias"], cause=["bias-mismatch", "wrong-axis"],
         bug_snippet=["grad_loss_wrt_b = -np.sum(y - probas)"]),
    dict(id="rasbt-softmax-bias-fixed", origin="found", provenance=RECON,
         source="https://github.com/rasbt/stat453-deep-learning-ss21/issues/5",
         source_note="with the issue's fix", convention="class-based model; harness passes a dict",
         command=CHECK_GRAD.format(p="PARAMS"), expected="correct"),
    dict(id="kvfrans-bias-mean", origin="found",
         provenance=RECON + "; the JAX notes are numpy here",
         source="https://github.com/kvfrans/notes/issues/5",
         source_note="manual backprop in the notes: d_b1 = mean(d_h2, axis=1) should be a sum "
                     "(every other gradient sums over the batch); the reporter checked it against "
                     "jax.grad.",
         convention="tuple params (W1, b1, W2, b2), features x batch",
         command="backprop-doctor check user.py:manual_grad --cost user.py:loss_fn "
                 "--params harness.py:PARAMS --args harness.py:ARGS",
         expected="buggy", bug="hidden bias gradient averaged over the batch instead of summed "
                               "(1/N too small, N = 5)",
         failing_blocks=["params[1]"], cause=["scale-mismatch", "bias-mismatch", "batch-mismatch"],
         bug_snippet=["d_b1 = np.mean(d_h2, axis=1)"]),
    dict(id="kvfrans-bias-sum", origin="found", provenance=RECON,
         source="https://github.com/kvfrans/notes/issues/5", source_note="with the fix",
         convention="tuple params", command="backprop-doctor check user.py:manual_grad "
         "--cost user.py:loss_fn --params harness.py:PARAMS --args harness.py:ARGS",
         expected="correct"),
    # ---- Andrew Ng ex4 / ex2 ports
    dict(id="ex4-combined-correct", origin="written", provenance=STYLE,
         source="https://github.com/dibgerge/ml-coursera-python-assignments (Exercise4 layout)",
         source_note="nnCostFunction(nn_params, ..., X, y, lambda_) -> (J, grad), flat theta "
                     "sliced and reshaped inside, no layout given",
         convention="combined (cost, grad), flat theta without layout",
         command="backprop-doctor check user.py:nnCostFunction "
                 "--params harness.py:initial_nn_params --args harness.py:ARGS",
         expected="correct", truth_layout="Theta1=5x4,Theta2=3x6"),
    dict(id="ex4-combined-bias-regularized", origin="written", provenance=WRITTEN,
         source="https://www.coursera.org/learn/machine-learning (ex4.pdf, section 2.5); "
                "https://www.reddit.com/r/NeuralNetwork/comments/hqxonm",
         source_note="ex4 warns not to regularize the first (bias) column; the reddit question "
                     "asks why the Octave solution zeroes it",
         convention="combined (cost, grad), flat theta without layout",
         command="backprop-doctor check user.py:nnCostFunction "
                 "--params harness.py:initial_nn_params --args harness.py:ARGS",
         expected="buggy",
         bug="the gradient regularizes the bias column (column 0) of Theta1 and Theta2 while "
             "the cost does not",
         failing_blocks=["Theta1", "Theta2"], cause=["regularization-mismatch"],
         truth_layout="Theta1=5x4,Theta2=3x6",
         bug_snippet=["Theta1_grad = (1 / m) * Delta1 + (lambda_ / m) * Theta1",
                      "Theta2_grad = (1 / m) * Delta2 + (lambda_ / m) * Theta2"]),
    dict(id="ex4-fmincg-order-f-correct", origin="written", provenance=STYLE,
         source="https://www.coursera.org/learn/machine-learning (ex4, checkNNGradients)",
         source_note="separate cost and gradient for fmin_cg, Octave column-major unrolling",
         convention="separate cost/grad, flat theta with layout, --order F",
         command="backprop-doctor check user.py:nnGrad --cost user.py:nnCost "
                 "--params harness.py:nn_params --args harness.py:args "
                 "--blocks Theta1=5x4,Theta2=3x6 --order F",
         expected="correct"),
    dict(id="ex4-fmincg-sigmoidgradient-on-activation", origin="written", provenance=WRITTEN,
         source="https://www.coursera.org/learn/machine-learning (ex4, sigmoidGradient(z2))",
         source_note="sigmoidGradient applied to the hidden activation a2 instead of z2",
         convention="separate cost/grad, flat theta with layout, --order F",
         command="backprop-doctor check user.py:nnGrad --cost user.py:nnCost "
                 "--params harness.py:nn_params --args harness.py:args "
                 "--blocks Theta1=5x4,Theta2=3x6 --order F",
         expected="buggy", bug="hidden delta uses sigmoidGradient(a2) = sigma'(sigma(z2))",
         failing_blocks=["Theta1"],
         cause=["hidden-layer-mismatch", "wrong-activation-derivative", "derivative-on-wrong-input"],
         bug_snippet=["d2 = (Theta2[:, 1:].T @ d3) * sigmoidGradient(a2[1:])"]),
    dict(id="ex4-fmincg-no-layout-correct", origin="written", provenance=STYLE,
         source="https://www.coursera.org/learn/machine-learning (ex4, checkNNGradients)",
         source_note="the same program as ex4-fmincg-order-f-correct, checked the way a new user "
                     "first types it: no --blocks, no --order (the cost reshapes theta with "
                     "order='F' itself)",
         convention="separate cost/grad, flat theta without layout (column-major reshape inside)",
         command="backprop-doctor check user.py:nnGrad --cost user.py:nnCost "
                 "--params harness.py:nn_params --args harness.py:args",
         expected="correct", truth_layout="Theta1=5x4,Theta2=3x6", truth_order="F"),
    dict(id="ex4-fmincg-no-layout-sigmoidgradient-on-activation", origin="written",
         provenance=WRITTEN,
         source="https://www.coursera.org/learn/machine-learning (ex4, sigmoidGradient(z2))",
         source_note="the same program as ex4-fmincg-sigmoidgradient-on-activation, without "
                     "--blocks/--order",
         convention="separate cost/grad, flat theta without layout (column-major reshape inside)",
         command="backprop-doctor check user.py:nnGrad --cost user.py:nnCost "
                 "--params harness.py:nn_params --args harness.py:args",
         expected="buggy", bug="hidden delta uses sigmoidGradient(a2) = sigma'(sigma(z2))",
         failing_blocks=["Theta1"],
         cause=["hidden-layer-mismatch", "wrong-activation-derivative", "derivative-on-wrong-input"],
         truth_layout="Theta1=5x4,Theta2=3x6", truth_order="F",
         bug_snippet=["d2 = (Theta2[:, 1:].T @ d3) * sigmoidGradient(a2[1:])"]),
    dict(id="ex2-costfunction-correct", origin="written", provenance=STYLE,
         source="https://github.com/dibgerge/ml-coursera-python-assignments (Exercise2 layout)",
         source_note="costFunctionReg(theta, X, y, lambda_) -> (J, grad)",
         convention="combined (cost, grad), single flat theta",
         command="backprop-doctor check user.py:costFunctionReg "
                 "--params harness.py:initial_theta --args harness.py:ARGS",
         expected="correct"),
    dict(id="ex2-costfunction-error-y-minus-h", origin="written", provenance=WRITTEN,
         source="CONTRACT.md's own description of the mistake (error taken as y - p)",
         source_note="gradient written with (y - h) instead of (h - y)",
         convention="combined (cost, grad), single flat theta",
         command="backprop-doctor check user.py:costFunctionReg "
                 "--params harness.py:initial_theta --args harness.py:ARGS",
         expected="buggy", bug="data term of the gradient has the wrong sign (y - h); the "
                               "regularization term keeps the right sign",
         failing_blocks=["theta"], block_aliases={"theta": ["initial_theta", "params"]},
         cause=["sign-flip"], bug_snippet=["grad = (1 / m) * (y - h).dot(X)"]),
    # ---- CS231n
    dict(id="cs231n-softmax-naive-correct", origin="written", provenance=STYLE,
         source="https://stackoverflow.com/questions/41663874",
         source_note="softmax_loss_naive(W, X, y, reg) -> (loss, dW), (D, C) weights",
         convention="combined (loss, dW) on one array W",
         command="backprop-doctor check user.py:softmax_loss_naive --params harness.py:W "
                 "--args harness.py:ARGS", expected="correct"),
    dict(id="cs231n-softmax-naive-no-average", origin="written", provenance=WRITTEN,
         source="https://stackoverflow.com/questions/41663874",
         source_note="the loss is averaged over the batch, the gradient is not",
         convention="combined (loss, dW) on one array W",
         command="backprop-doctor check user.py:softmax_loss_naive --params harness.py:W "
                 "--args harness.py:ARGS", expected="buggy",
         bug="dW /= num_train missing (statement absent after `loss /= num_train`): data term "
             "6x too large",
         failing_blocks=["W"], block_aliases={"W": ["theta", "params"]},
         cause=["scale-mismatch", "batch-mismatch"], bug_snippet=["loss /= num_train"]),
    dict(id="cs231n-softmax-vec-correct", origin="written", provenance=STYLE,
         source="https://cs231n.github.io/assignments (assignment 1, softmax.py)",
         source_note="softmax_loss_vectorized(W, X, y, reg) -> (loss, dW)",
         convention="combined (loss, dW) on one array W",
         command="backprop-doctor check user.py:softmax_loss_vectorized --params harness.py:W "
                 "--args harness.py:ARGS", expected="correct"),
    dict(id="cs231n-softmax-vec-no-minus-one", origin="written", provenance=WRITTEN,
         source="https://cs231n.github.io/assignments (assignment 1, softmax.py)",
         source_note="dscores = probs, the '-1 at the correct class' forgotten",
         convention="combined (loss, dW) on one array W",
         command="backprop-doctor check user.py:softmax_loss_vectorized --params harness.py:W "
                 "--args harness.py:ARGS", expected="buggy",
         bug="softmax cross-entropy gradient taken as probs (the -1 at the label is missing)",
         failing_blocks=["W"], block_aliases={"W": ["theta", "params"]},
         cause=["missing-softmax-backprop"], bug_snippet=["dscores = probs.copy()"]),
    dict(id="cs231n-svm-naive-correct", origin="written", provenance=STYLE,
         source="https://github.com/PanXiebit/cs231n (svm_loss_naive)",
         source_note="svm_loss_naive(W, X, y, reg) -> (loss, dW) with loops",
         convention="combined (loss, dW) on one array W",
         command="backprop-doctor check user.py:svm_loss_naive --params harness.py:W "
                 "--args harness.py:ARGS", expected="correct"),
    dict(id="cs231n-svm-vec-margin-count", origin="written", provenance=WRITTEN,
         source="https://cs231n.github.io/optimization-1/ (the j != y_i in the gradient)",
         source_note="the correct class's margin (= 1) is counted among the positive margins",
         convention="combined (loss, dW) on one array W",
         command="backprop-doctor check user.py:svm_loss_vectorized --params harness.py:W "
                 "--args harness.py:ARGS", expected="buggy",
         bug="row_sum counts the correct class (its margin is 1 > 0), so the correct column "
             "gets -(count + 1) x_i",
         failing_blocks=["W"], block_aliases={"W": ["theta", "params"]},
         cause=["svm-margin-count"], bug_snippet=["binary[margins > 0] = 1"]),
    dict(id="cs231n-twolayernet-correct", origin="written", provenance=STYLE,
         source="https://github.com/g-eoj/cs231n (assignment 1 TwoLayerNet walkthrough)",
         source_note="TwoLayerNet.params dict, loss(X, y, reg) -> (loss, grads)",
         convention="model object (params dict, loss -> (loss, grads))",
         command="backprop-doctor check harness.py:net --args harness.py:ARGS",
         expected="correct"),
    dict(id="cs231n-twolayernet-reg-half", origin="written", provenance=WRITTEN,
         source="https://datascience.stackexchange.com/questions/111993",
         source_note="loss adds reg * sum(W*W) but the gradient adds reg * W (the 2 dropped; "
                     "the question asks where the 2*reg*W comes from)",
         convention="model object (params dict, loss -> (loss, grads))",
         command="backprop-doctor check harness.py:net --args harness.py:ARGS",
         expected="buggy", bug="regularization gradient reg*W for a reg*sum(W^2) loss",
         failing_blocks=["W1", "W2"], cause=["regularization-mismatch"],
         bug_snippet=["grads['W2'] = hidden.T.dot(dscores) + reg * W2",
                      "grads['W1'] = X.T.dot(dhidden) + reg * W1"]),
    dict(id="cs231n-twolayernet-no-relu-mask", origin="written", provenance=WRITTEN,
         source="https://github.com/g-eoj/cs231n (the dh1[h1 <= 0] = 0 step)",
         source_note="the ReLU mask on the hidden gradient is left out",
         convention="model object (params dict, loss -> (loss, grads))",
         command="backprop-doctor check harness.py:net --args harness.py:ARGS",
         expected="buggy", bug="ReLU not backpropagated: dhidden used unmasked",
         failing_blocks=["W1", "b1"], cause=["hidden-layer-mismatch", "mask-mismatch"],
         bug_snippet=["dhidden = dscores.dot(W2.T)"]),
    dict(id="cs231n-threelayer-correct", origin="written", provenance=STYLE,
         source="https://cs231n.github.io/assignments (assignment 2, fc_net.py)",
         source_note="FullyConnectedNet with affine/relu/softmax_loss helpers, params W1..W3",
         convention="model object (params dict, loss -> (loss, grads))",
         command="backprop-doctor check harness.py:model --args harness.py:ARGS",
         expected="correct"),
    # ---- others
    dict(id="dlai-planar-tanh-correct", origin="written", provenance=STYLE,
         source="deeplearning.ai course 1 week 3 'Planar data classification'",
         source_note="forward_propagation / compute_cost / backward_propagation with dicts",
         convention="dict params (harness maps dW1 -> W1)",
         command="backprop-doctor check harness.py:grad --cost harness.py:cost "
                 "--params harness.py:parameters --args harness.py:args",
         expected="correct"),
    dict(id="xor-list-correct", origin="written", provenance=WRITTEN,
         source="-", source_note="2-3-1 sigmoid XOR net, MSE, list params",
         convention="list params [W1, b1, W2, b2]",
         command="backprop-doctor check user.py:grad --cost user.py:cost "
                 "--params harness.py:weights --args harness.py:args",
         expected="correct"),
    # ---- more documented public bugs (second batch)
    dict(id="mlfs-softmax-elementwise-jacobian", origin="found", provenance=RECON + "; the "
         "library's NeuralNetwork/Dense/Activation classes cut down to what the check runs; "
         "the cost is the summed CrossEntropy (the gradient the library backpropagates is that "
         "of the sum)",
         source="https://github.com/eriklindernoren/ML-From-Scratch/issues/71",
         source_note="Softmax.gradient returns p * (1 - p), the diagonal of the Jacobian only; "
                     "the issue reports the softmax gradient as wrong.",
         convention="class-based net (layers list); harness passes [W1, w01, W2, w02]",
         command=CHECK_GRAD.format(p="PARAMS"), expected="buggy",
         bug="softmax backpropagated with the elementwise p*(1-p) instead of its Jacobian",
         failing_blocks=["params[0]", "params[1]", "params[2]", "params[3]"],
         cause=["missing-softmax-backprop"], bug_snippet=["return p * (1 - p)"]),
    dict(id="rnn-hidden-grad-not-carried", origin="found", provenance=RECON + "; the issue "
         "gives the corrected function, the bug is the same function without the carried "
         "dL_ht; the clip and the update are left out of the gradient",
         source="https://github.com/qixianbiao/RNN/issues/2",
         source_note="'backward seems wrong: the gradient of the later h is not passed to the "
                     "earlier step' (translated); the issue's fix carries Whh.T @ dt back.",
         convention="dict params (Wxh, Whh, Why, Bxh, Bhh, Byh), sequence of one-hot columns",
         command="backprop-doctor check user.py:backword --cost user.py:loss "
                 "--params harness.py:params --args harness.py:args",
         expected="buggy",
         bug="dL/dh_t takes only the output term; the gradient from step t+1 is never added",
         failing_blocks=["Wxh", "Whh", "Bxh", "Bhh"],
         cause=["recurrent-gradient-not-accumulated"],
         bug_snippet=["dL_ht = np.dot(np.transpose(Why), dQ)"]),
    dict(id="rnn-hidden-grad-carried", origin="found", provenance=RECON,
         source="https://github.com/qixianbiao/RNN/issues/2", source_note="the issue's fix",
         convention="dict params", command="backprop-doctor check user.py:backword "
         "--cost user.py:loss --params harness.py:params --args harness.py:args",
         expected="correct"),
    dict(id="deepcourse-mlp-bias-from-h", origin="found",
         provenance=RECON + "; torch tensors are numpy arrays, backward returns the gradients "
                            "instead of applying them",
         source="https://github.com/arthurdouillard/deepcourse/pull/9",
         source_note="'grad_bh depends on grad_htilde, not grad_h, since tanh is performed on "
                     "XW+b' (accepted by the author; also issue #6)",
         convention="class-based model; harness passes a dict",
         command=CHECK_GRAD.format(p="PARAMS"), expected="buggy",
         bug="hidden bias gradient summed from the gradient after tanh instead of before it",
         failing_blocks=["b_hidden"], cause=["bias-mismatch", "hidden-layer-mismatch"],
         bug_snippet=["grad_bh = np.sum(grad_h, axis=0) / batch_size"]),
    dict(id="deepcourse-mlp-fixed", origin="found", provenance=RECON,
         source="https://github.com/arthurdouillard/deepcourse/pull/9", source_note="the fix",
         convention="class-based model; harness passes a dict",
         command=CHECK_GRAD.format(p="PARAMS"), expected="correct"),
    dict(id="dlfs-old-softmax-whole-batch", origin="found", provenance=RECON,
         source="https://github.com/oreilly-japan/deep-learning-from-scratch/issues/85",
         source_note="gradient_check.py gave large differences; the reporter found the chapter-3 "
                     "softmax (max and sum over the whole array) was used with batches.",
         convention="book TwoLayerNet (params dict, layers holding the arrays); harness writes "
                    "values into them. (The book's fixed version is not in the correct set: its "
                    "cross_entropy_error adds 1e-7 inside the log, a real ~1e-7/p relative "
                    "mismatch, so calling it 'correct' would punish an exact checker.)",
         command=CHECK_GRAD.format(p="PARAMS"), expected="buggy",
         bug="softmax normalised over the whole batch (no axis) while the backward assumes a "
             "per-sample softmax",
         failing_blocks=["W1", "b1", "W2", "b2"],
         cause=["missing-softmax-backprop", "wrong-axis"],
         bug_snippet=["sum_exp_a = np.sum(exp_a)"]),
    dict(id="louisjc-step-updated-weights", origin="found",
         provenance=RECON + "; sizes 784-300-10 become 4-5-3, so the deleted column 200 (of "
                            "300) becomes 3 (of 5)",
         source="https://github.com/louisjc/mnist-neural-network/issues/1 (fix: commit b8d2c31)",
         source_note="two bugs in backpropagate: the output layer is updated before the hidden "
                     "deltas are computed from it, and the wrong column (not the bias column) "
                     "is deleted; the maintainer merged the reporter's fix.",
         convention="training step updating a class's weight list in place",
         command="backprop-doctor step harness.py:step --cost harness.py:cost "
                 "--params harness.py:LAYERS --args harness.py:ARGS",
         expected="buggy",
         bug="hidden deltas computed from the already-updated output weights, with a weight "
             "column dropped instead of the bias column",
         failing_blocks=["params[0]"], cause=["hidden-layer-mismatch"], truth_lr=0.1,
         bug_snippet=["np.dot(np.delete(self.layers[-1], 3, 1).T, output_deltas)"]),
    dict(id="louisjc-step-fixed", origin="found", provenance=RECON,
         source="https://github.com/louisjc/mnist-neural-network/issues/1 (fix: commit b8d2c31)",
         source_note="after the fix", convention="training step updating a weight list in place",
         command="backprop-doctor step harness.py:step --cost harness.py:cost "
                 "--params harness.py:LAYERS --args harness.py:ARGS",
         expected="correct", truth_lr=0.1),
    dict(id="dennybritz-loss-averaged-grad-summed", origin="found",
         provenance=RECON + "; the tutorial's globals (X, y, num_examples) become arguments and "
                            "build_model's backprop block a gradients(model, X, y) function; db1 keeps the "
                            "tutorial's shape (hdim,) against b1's (1, hdim)",
         source="https://github.com/dennybritz/nn-from-scratch/issues/13",
         source_note="'gradient checks do not match': calculate_loss averages the loss (and the "
                     "regularization) over the batch while build_model's gradients are summed, "
                     "not averaged.",
         convention="dict params (model dict W1, b1, W2, b2)",
         command="backprop-doctor check user.py:gradients --cost user.py:calculate_loss "
                 "--params harness.py:model --args harness.py:ARGS",
         expected="buggy", bug="the cost is (1/N)(data + reg) but the gradient is data + reg: "
                               "N times too large in every block",
         failing_blocks=["W1", "b1", "W2", "b2"], cause=["scale-mismatch", "batch-mismatch"],
         bug_snippet=["return 1./num_examples * data_loss", "dW2 = (a1.T).dot(delta3)"]),
    dict(id="dennybritz-fixed", origin="found", provenance=RECON,
         source="https://github.com/dennybritz/nn-from-scratch/issues/13",
         source_note="as the issue says it should be: only the data term averaged, in both",
         convention="dict params", command="backprop-doctor check user.py:gradients "
         "--cost user.py:calculate_loss --params harness.py:model --args harness.py:ARGS",
         expected="correct"),
    dict(id="opendeepml-neuron-mse-one-over-n", origin="found", provenance=RECON + "; the "
         "training loop's gradient lines as a function of (weights, bias)",
         source="https://github.com/Open-Deep-ML/DML-OpenProblem/issues/54",
         source_note="single sigmoid neuron with MSE: the solution used 1/n where the lesson "
                     "derives 2/n; the maintainer confirmed 2/n",
         convention="tuple params (weights, bias)",
         command="backprop-doctor check user.py:neuron_gradients --cost user.py:mse_loss "
                 "--params harness.py:PARAMS --args harness.py:ARGS",
         expected="buggy", bug="MSE gradient with 1/n instead of 2/n (half the true gradient)",
         failing_blocks=["params[0]", "params[1]"], cause=["scale-mismatch"],
         bug_snippet=["weight_gradients = (1 / n)", "bias_gradient = (1 / n)"]),
    dict(id="opendeepml-neuron-mse-fixed", origin="found", provenance=RECON,
         source="https://github.com/Open-Deep-ML/DML-OpenProblem/issues/54",
         source_note="with 2/n", convention="tuple params (weights, bias)",
         command="backprop-doctor check user.py:neuron_gradients --cost user.py:mse_loss "
                 "--params harness.py:PARAMS --args harness.py:ARGS", expected="correct"),
    dict(id="simple-backprop-sigmoid-prime-of-activation", origin="found",
         provenance=RECON + "; fit()'s per-sample deltas summed into a gradient function (the "
                            "repo adds learning_rate * outer(...) with momentum)",
         source="https://github.com/dmelcaz/simple-backprop/pull/5 (commit 4071c6f)",
         source_note="'Fix sigmoid output and bias backprop': sigmoid_prime(x) computed "
                     "sigmoid(x)*(1-sigmoid(x)) but was called on activations; the fix makes it "
                     "x*(1-x)",
         convention="class-based net (wi, wo with bias unit); harness passes a tuple",
         command=CHECK_GRAD.format(p="WEIGHTS"), expected="buggy",
         bug="sigmoid derivative applied to the activation (sigma'(sigma(z))), in both layers",
         failing_blocks=["params[0]", "params[1]"],
         cause=["wrong-activation-derivative", "derivative-on-wrong-input"],
         bug_snippet=["return sigmoid(x)*(1.0-sigmoid(x))"]),
    dict(id="simple-backprop-fixed", origin="found", provenance=RECON,
         source="https://github.com/dmelcaz/simple-backprop/pull/5 (commit 4071c6f)",
         source_note="after the fix", convention="class-based net; harness passes a tuple",
         command=CHECK_GRAD.format(p="WEIGHTS"), expected="correct"),
    dict(id="iamtrask-nonlin-correct", origin="found",
         provenance=RECON + "; the training loop's deltas returned as a gradient (the post adds "
                            "them to the weights, so the gradient is their negative)",
         source="https://github.com/iamtrask/iamtrask.github.io/issues/12 (and #25, #32)",
         source_note="'A Neural Network in 11 lines of Python': readers keep reporting "
                     "nonlin(x, deriv=True) = x*(1-x) as wrong; it is right because it is "
                     "called on the layer outputs l1, l2",
         convention="list params [syn0, syn1]",
         command="backprop-doctor check user.py:gradient --cost user.py:loss "
                 "--params harness.py:weights --args harness.py:args", expected="correct"),
    dict(id="iamtrask-nonlin-issue32-proposal", origin="found", provenance=RECON,
         source="https://github.com/iamtrask/iamtrask.github.io/issues/32",
         source_note="the issue's proposed nonlin computes sigmoid(x) inside the derivative; "
                     "with the post's calls nonlin(l2, deriv=True) that is sigma'(sigma(z))",
         convention="list params [syn0, syn1]",
         command="backprop-doctor check user.py:gradient --cost user.py:loss "
                 "--params harness.py:weights --args harness.py:args", expected="buggy",
         bug="sigmoid derivative evaluated on the activation (the proposed 'fix' applied to "
             "outputs)", failing_blocks=["params[0]", "params[1]"],
         cause=["wrong-activation-derivative", "derivative-on-wrong-input"],
         bug_snippet=["tmp = nonlin(x)"]),
    dict(id="bruceoutdoors-svm-naive-no-reg-grad", origin="found", provenance=RECON,
         source="https://github.com/bruceoutdoors/CS231n (commit ebe97d1 'ops. Didn't regularize "
                "the gradient')",
         source_note="svm_loss_naive adds 0.5 * reg * sum(W*W) to the loss but nothing to dW; "
                     "the author's next commit adds dW += reg*W",
         convention="combined (loss, dW) on one array W",
         command="backprop-doctor check user.py:svm_loss_naive --params harness.py:W "
                 "--args harness.py:ARGS", expected="buggy",
         bug="regularization term missing from the gradient", failing_blocks=["W"],
         block_aliases={"W": ["theta", "params"]}, cause=["regularization-mismatch"],
         bug_snippet=["    dW /= num_train"]),
    dict(id="bruceoutdoors-svm-naive-fixed", origin="found", provenance=RECON,
         source="https://github.com/bruceoutdoors/CS231n (after commit ebe97d1); issue #9",
         source_note="0.5 * reg * sum(W*W) with dW += reg*W is consistent; issue #9's 'should be "
                     "2*reg*W' applies to a reg * sum(W*W) loss, not this one",
         convention="combined (loss, dW) on one array W",
         command="backprop-doctor check user.py:svm_loss_naive --params harness.py:W "
                 "--args harness.py:ARGS", expected="correct"),
    dict(id="lawlite19-nngradient-mutates-params", origin="found", provenance=RECON + "; the "
         "comments translated from Chinese",
         source="https://github.com/lawlite19/MachineLearning_Python/issues/4",
         source_note="nnGradient sets Theta1[:,0] = 0 on reshape views of nn_params, zeroing the "
                     "caller's bias weights (the reporter: with a copy, accuracy 99%+); the "
                     "author added .copy()",
         convention="separate cost/grad for fmin_cg, flat column-vector theta without layout",
         command="backprop-doctor check user.py:nnGradient --cost user.py:nnCostFunction "
                 "--params harness.py:nn_params --args harness.py:args", expected="buggy",
         bug="the gradient function zeroes the bias columns of the caller's nn_params in place "
             "(the gradient values themselves are right)",
         failing_blocks=[], cause=["params-mutated"], truth_mutates=True,
         bug_snippet=["Theta1[:, 0] = 0"]),
    dict(id="lawlite19-nngradient-copy", origin="found", provenance=RECON,
         source="https://github.com/lawlite19/MachineLearning_Python/issues/4",
         source_note="after the fix (.copy() on the reshaped views)",
         convention="separate cost/grad for fmin_cg, flat column-vector theta without layout",
         command="backprop-doctor check user.py:nnGradient --cost user.py:nnCostFunction "
                 "--params harness.py:nn_params --args harness.py:args", expected="correct"),
    dict(id="suraggupta-costfunctionreg-mutates-theta", origin="found", provenance=RECON,
         source="https://github.com/suraggupta/coursera-machine-learning-solutions-python/issues/5",
         source_note="'temp = theta is wrong, it should be temp = theta.copy()': temp[0] = 0 zeroes "
                     "the caller's theta[0] (accuracy 66% instead of 83%)",
         convention="combined (J, grad), single flat theta",
         command="backprop-doctor check user.py:costFunctionReg --params harness.py:test_theta "
                 "--args harness.py:ARGS", expected="buggy",
         bug="theta[0] of the caller is set to 0 in place (J and grad are right at the point)",
         failing_blocks=[], cause=["params-mutated"], truth_mutates=True,
         bug_snippet=["temp = theta"]),
    dict(id="dibgerge-issue45-costfunctionreg", origin="found", provenance=RECON,
         source="https://github.com/dibgerge/ml-coursera-python-assignments/issues/45",
         source_note="'the first two grad values are incorrect': thetaZero = theta aliases theta "
                     "and thetaZero[1] = 0 zeroes the wrong entry, so theta[0] is regularized and "
                     "theta[1] is not (and the caller's theta[1] becomes 0)",
         convention="combined (J, grad), single flat theta (grad returned as a column)",
         command="backprop-doctor check user.py:costFunctionReg --params harness.py:test_theta "
                 "--args harness.py:ARGS", expected="buggy",
         bug="regularization applied to theta[0] and not to theta[1]; theta modified in place",
         failing_blocks=["theta"], block_aliases={"theta": ["test_theta", "params"]},
         cause=["regularization-mismatch", "params-mutated"], truth_mutates=True,
         bug_snippet=["thetaZero[1] = 0"]),
    dict(id="jwarmenhoven-ex4-reg-bias-ones", origin="found",
         provenance=RECON + "; pd.get_dummies(classes.ravel()).as_matrix() written with numpy "
                            "(same one-hot of the sorted labels; pandas is not a dependency here)",
         source="https://github.com/JWarmenhoven/Coursera-Machine-Learning/issues/3",
         source_note="ex4 notebook: the bias column of the regularization term is filled with "
                     "ones (np.ones) instead of zeros, so L/m is added to every bias gradient; "
                     "the issue points at both lines",
         convention="function returning (J, theta1_grad, theta2_grad); harness splits it into "
                    "cost and unrolled gradient; flat theta without layout",
         command="backprop-doctor check harness.py:grad --cost harness.py:cost "
                 "--params harness.py:params --args harness.py:ARGS",
         expected="buggy", bug="L/m added to the bias column of both gradients (np.ones where "
                               "np.zeros belongs)",
         failing_blocks=["theta1", "theta2"], truth_layout="theta1=5x4,theta2=3x6",
         cause=["bias-mismatch", "regularization-mismatch"],
         bug_snippet=["theta1_ = np.c_[np.ones(", "theta2_ = np.c_[np.ones("]),
    dict(id="jwarmenhoven-ex4-reg-bias-zeros", origin="found", provenance=RECON,
         source="https://github.com/JWarmenhoven/Coursera-Machine-Learning/issues/3",
         source_note="with the issue's fix (np.zeros)",
         convention="function returning (J, theta1_grad, theta2_grad); harness splits it",
         command="backprop-doctor check harness.py:grad --cost harness.py:cost "
                 "--params harness.py:params --args harness.py:ARGS",
         expected="correct", truth_layout="theta1=5x4,theta2=3x6"),
]

CS = "https://cs231n.github.io/assignments (assignment 2/3 layers.py, rnn_layers.py)"
PAIR = "layer pair: forward(*inputs) -> (out, cache), backward(dout, cache)"
LOSSL = "loss layer: f(x, y) -> (loss, dx)"
WRAP = "class layer (backward takes (X, grad)); harness adapts it to forward/backward"


def pair(back, fwd):
    return (f"backprop-doctor layer user.py:{back} --forward user.py:{fwd} "
            "--inputs harness.py:INPUTS")


def loss(fun):
    return f"backprop-doctor layer user.py:{fun} --inputs harness.py:INPUTS"


WRAPPED = ("backprop-doctor layer harness.py:backward --forward harness.py:forward "
           "--inputs harness.py:INPUTS")

FNS = {"affine": ("affine_backward", "affine_forward"), "relu": ("relu_backward", "relu_forward"),
       "batchnorm": ("batchnorm_backward", "batchnorm_forward"),
       "batchnorm-alt": ("batchnorm_backward_alt", "batchnorm_forward"),
       "layernorm": ("layernorm_backward", "layernorm_forward"),
       "dropout": ("dropout_backward", "dropout_forward"),
       "conv": ("conv_backward_naive", "conv_forward_naive"),
       "maxpool": ("max_pool_backward_naive", "max_pool_forward_naive"),
       "rnn": ("rnn_step_backward", "rnn_step_forward"),
       "lstm": ("lstm_step_backward", "lstm_step_forward"),
       "embed": ("word_embedding_backward", "word_embedding_forward")}


def correct(pid, kind, note):
    return dict(id=pid, origin="written", provenance=STYLE, source=CS, source_note=note,
                convention=PAIR, command=pair(*FNS[kind]), expected="correct")


LAYERS = [
    correct("cs231n-affine-correct", "affine", "affine layer on (N, 2, 3) inputs"),
    correct("cs231n-relu-correct", "relu", "ReLU layer"),
    correct("cs231n-batchnorm-correct", "batchnorm", "batchnorm, staged backward, train mode, "
            "bn_param dict passed through"),
    correct("cs231n-batchnorm-alt-correct", "batchnorm-alt", "batchnorm, simplified backward"),
    correct("cs231n-layernorm-correct", "layernorm", "layer norm over the feature axis"),
    correct("cs231n-dropout-correct", "dropout", "inverted dropout, train mode, seeded "
            "through dropout_param['seed'] as the assignment does"),
    correct("cs231n-conv-naive-correct", "conv", "naive convolution, stride 2, pad 1"),
    correct("cs231n-maxpool-naive-correct", "maxpool", "naive 2x2 max pool, stride 2"),
    correct("cs231n-maxpool-overlap-correct", "maxpool", "naive 3x3 max pool, stride 1 "
            "(overlapping windows, accumulating with +=)"),
    correct("cs231n-rnn-step-correct", "rnn", "vanilla RNN step"),
    correct("cs231n-lstm-step-correct", "lstm", "LSTM step: two outputs (next_h, next_c) and a "
            "cache; backward(dnext_h, dnext_c, cache)"),
    correct("cs231n-word-embedding-correct", "embed", "word embedding with np.add.at, integer "
            "indices with repeats"),
    dict(id="cs231n-softmax-loss-correct", origin="written", provenance=STYLE, source=CS,
         source_note="softmax_loss(x, y) -> (loss, dx)", convention=LOSSL,
         command=loss("softmax_loss"), expected="correct"),
    dict(id="cs231n-svm-loss-correct", origin="written", provenance=STYLE, source=CS,
         source_note="svm_loss(x, y) -> (loss, dx)", convention=LOSSL,
         command=loss("svm_loss"), expected="correct"),
    dict(id="tanh-layer-correct", origin="found", provenance=RECON,
         source="https://github.com/gy910210/neural-network-from-scratch (layer.py)",
         source_note="Tanh.backward = (1 - tanh^2) * top_diff, which issue #2 wrongly says "
                     "should be 1 + tanh^2",
         convention=WRAP, command=WRAPPED, expected="correct"),
    dict(id="sigmoid-layer-correct", origin="found", provenance=RECON,
         source="https://github.com/gy910210/neural-network-from-scratch (layer.py)",
         source_note="Sigmoid.backward recomputes the output from X", convention=WRAP,
         command=WRAPPED, expected="correct"),
    dict(id="dlfs2-rnn-cell-correct", origin="found", provenance=RECON,
         source="https://github.com/oreilly-japan/deep-learning-from-scratch-2 (common/time_layers.py RNN)",
         source_note="the book's RNN cell; issue #26 claims dt = dh_next * (1 - h_next ** 2) is "
                     "wrong, it is right",
         convention="class layer keeping its weights; harness adapts it to "
                    "forward(x, h_prev, Wx, Wh, b) / backward", command=WRAPPED,
         expected="correct"),
    # ---- documented bugs
    dict(id="maxpool-overlap-assign", origin="found", provenance=RECON,
         source="https://github.com/0809zheng/CS231n-assignment2019/issues/19",
         source_note="max_pool_backward_naive assigns dx[...] = dout: passes the notebook's "
                     "2x2/stride-2 test, fails with overlapping windows (the issue uses 3x3, "
                     "stride 1) where one input is the max of several windows",
         convention=PAIR, command=pair(*FNS["maxpool"]), expected="buggy",
         bug="gradient assigned instead of accumulated: an input that is the max of several "
             "overlapping windows keeps only the last window's gradient",
         failing_blocks=["x"], cause=["pool-routing", "indexed-add-drops-duplicates"],
         bug_snippet=["dx[n, c, i * stride + row, j * stride + col] = dout[n, c, i, j]"]),
    dict(id="embedding-assign-duplicates", origin="found",
         provenance=RECON + "; the book's Embedding class is written as CS231n's "
                            "word_embedding_forward/backward",
         source="https://github.com/oreilly-japan/deep-learning-from-scratch-2 (ch04 Embedding); "
                "https://github.com/yjung199/NLP (notebook marks dW[self.idx] = dout as wrong)",
         source_note="the book shows dW[idx] = dout first and explains it loses repeated "
                     "indices, then uses np.add.at",
         convention=PAIR, command=pair(*FNS["embed"]), expected="buggy",
         bug="dW[x] = dout keeps one contribution per repeated word",
         failing_blocks=["W"], cause=["indexed-add-drops-duplicates"],
         bug_snippet=["dW[x] = dout"]),
    dict(id="batchnorm-dx-without-gamma", origin="found",
         provenance=RECON + "; the Julia code's bug carried into a CS231n numpy batchnorm",
         source="https://github.com/denizyuret/Knet.jl/issues/288 (fix: PR #289)",
         source_note="batchnorm backward used dy where dxhat = gamma * dy belongs; gamma = 1 in "
                     "the tests hid it",
         convention=PAIR, command=pair(*FNS["batchnorm"]), expected="buggy",
         bug="dx computed from dout instead of dout * gamma (each column off by 1/gamma)",
         failing_blocks=["x"], cause=["gradient-mismatch"], bug_snippet=["dx_hat = dout"]),
    dict(id="relu-backward-times-x", origin="found", provenance=RECON,
         source="https://github.com/denggaoshan/DeepLearningStudy/issues/1",
         source_note="Relu.backward returns where(X > 0, X, 0) * grad; the issue: the "
                     "derivative is 1 for X > 0, 0 otherwise",
         convention=WRAP, command=WRAPPED, expected="buggy",
         bug="ReLU backward multiplies by X instead of by 1 where X > 0",
         failing_blocks=["x"], cause=["wrong-activation-derivative"],
         bug_snippet=["return np.where(X > 0, X, 0) * grad"]),
    dict(id="tanh-layer-one-plus-square", origin="found", provenance=RECON,
         source="https://github.com/gy910210/neural-network-from-scratch/issues/2",
         source_note="the issue proposes (1 + tanh^2) * top_diff (tan's derivative) for tanh",
         convention=WRAP, command=WRAPPED, expected="buggy",
         bug="tanh derivative written 1 + tanh^2", failing_blocks=["x"],
         cause=["wrong-activation-derivative"],
         bug_snippet=["return (1.0 + np.square(output)) * top_diff"]),
    dict(id="mllib-softmax-elementwise", origin="found",
         provenance=RECON + "; the autograd Function's forward/backward as plain functions",
         source="https://github.com/RoboticsClubIITJ/ML-DL-implementation/pull/153",
         source_note="'#151 introduced a wrong implementation of softmax function's derivative "
                     "in the backward pass': grad = o * (1 - o) * grad_output",
         convention=WRAP, command=WRAPPED, expected="buggy",
         bug="softmax backward uses the diagonal p*(1-p) only", failing_blocks=["x"],
         cause=["missing-softmax-backprop", "wrong-activation-derivative"],
         bug_snippet=["grad_o = o * (1 - o) * grad_output"]),
    dict(id="mllib-softmax-jacobian-column-sum", origin="found",
         provenance=RECON + "; the bug in this version is not documented in public: found here "
                            "and confirmed by verify_truth.py",
         source="https://github.com/RoboticsClubIITJ/ML-DL-implementation/pull/153 (commit 79808e5)",
         source_note="the merged 'fix' builds the Jacobian, sums it over axis 1 (its column sums, "
                     "zero for a softmax) and multiplies elementwise by grad_output: dx is ~0",
         convention=WRAP, command=WRAPPED, expected="buggy",
         bug="Jacobian summed over one axis then multiplied elementwise, instead of J^T @ dout",
         failing_blocks=["x"], cause=["missing-softmax-backprop", "wrong-axis"],
         bug_snippet=["grad_o = o.sum(axis=1)"]),
    dict(id="leaky-relu-correct", origin="found",
         provenance=RECON + "; the Zig layer written in numpy",
         source="https://github.com/SilasMarvin/dnns-from-scratch-in-zig/issues/5 (fix commit 9b92997)",
         source_note="leaky ReLU after the fix: 0.01 * grads[i] for non-positive inputs",
         convention="class layer keeping its input; harness adapts it", command=WRAPPED,
         expected="correct"),
    dict(id="leaky-relu-backward-drops-upstream", origin="found",
         provenance=RECON + "; the Zig layer written in numpy",
         source="https://github.com/SilasMarvin/dnns-from-scratch-in-zig/issues/5 (fix commit 9b92997)",
         source_note="'outputs[i] = 0.01' should be 'outputs[i] = 0.01 * grads[i]' (confirmed and "
                     "fixed by the author)",
         convention="class layer keeping its input; harness adapts it", command=WRAPPED,
         expected="buggy",
         bug="for non-positive inputs the backward returns the constant 0.01, dropping the "
             "upstream gradient", failing_blocks=["x"], cause=["gradient-mismatch"],
         bug_snippet=["outputs.flat[i] = 0.01"]),
    # ---- written bugs
    dict(id="batchnorm-stats-constant", origin="written", provenance=WRITTEN, source=CS,
         source_note="dx = dxhat / std: the mean and variance treated as constants",
         convention=PAIR, command=pair(*FNS["batchnorm"]), expected="buggy",
         bug="dx drops the dependence of the batch mean and variance on x",
         failing_blocks=["x"], cause=["statistics-treated-as-constant"],
         bug_snippet=["dx = dx_hat * inv_std"]),
    dict(id="batchnorm-alt-unbiased-var", origin="written", provenance=WRITTEN, source=CS,
         source_note="backward written for the unbiased (N-1) variance, forward uses np.var (N)",
         convention=PAIR, command=pair(*FNS["batchnorm-alt"]), expected="buggy",
         bug="variance term scaled by N/(N-1) in backward only",
         failing_blocks=["x"], cause=["normalizer-mismatch"],
         bug_snippet=["x_hat * dgamma * N / (N - 1)"]),
    dict(id="layernorm-sum-over-batch", origin="written", provenance=WRITTEN, source=CS,
         source_note="layernorm backward copied from batchnorm: sums over axis 0",
         convention=PAIR, command=pair(*FNS["layernorm"]), expected="buggy",
         bug="the two sums of the dx formula run over the batch axis instead of the features",
         failing_blocks=["x"], cause=["wrong-axis"],
         bug_snippet=["np.sum(dx_hat, axis=0, keepdims=True)",
                      "np.sum(dx_hat * x_hat, axis=0, keepdims=True)"]),
    dict(id="dropout-backward-no-scale", origin="written", provenance=WRITTEN, source=CS,
         source_note="backward applies the 0/1 mask without the 1/p of inverted dropout",
         convention=PAIR, command=pair(*FNS["dropout"]), expected="buggy",
         bug="dx = dout * (mask > 0): the 1/p scale is missing", failing_blocks=["x"],
         cause=["mask-mismatch"], bug_snippet=["dx = dout * (mask > 0)"]),
    dict(id="conv-backward-stride-ignored", origin="written", provenance=WRITTEN, source=CS,
         source_note="backward window offsets i, j instead of i*stride, j*stride",
         convention=PAIR, command=pair(*FNS["conv"]), expected="buggy",
         bug="backward ignores the stride (windows at i, j)", failing_blocks=["x", "w"],
         cause=["stride-ignored"], bug_snippet=["hs, ws = i, j"]),
    dict(id="maxpool-whole-window", origin="written", provenance=WRITTEN, source=CS,
         source_note="the window's gradient is added to every element, not the argmax",
         convention=PAIR, command=pair(*FNS["maxpool"]), expected="buggy",
         bug="max pool backward routes dout to the whole window", failing_blocks=["x"],
         cause=["pool-routing"], bug_snippet=["dx[n, c, i * stride:i * stride + pool_height"]),
    dict(id="rnn-step-derivative-of-prev-h", origin="written", provenance=WRITTEN, source=CS,
         source_note="tanh derivative evaluated on prev_h instead of next_h",
         convention=PAIR, command=pair(*FNS["rnn"]), expected="buggy",
         bug="dtanh uses (1 - prev_h**2)", failing_blocks=["x", "prev_h", "Wx", "Wh", "b"],
         cause=["wrong-cache-variable", "wrong-activation-derivative"],
         bug_snippet=["dtanh = dnext_h * (1 - prev_h ** 2)"]),
    dict(id="lstm-step-df-uses-next-c", origin="written", provenance=WRITTEN, source=CS,
         source_note="forget-gate gradient multiplied by next_c instead of prev_c",
         convention=PAIR, command=pair(*FNS["lstm"]), expected="buggy",
         bug="df = dc * next_c (should be prev_c)",
         failing_blocks=["x", "prev_h", "Wx", "Wh", "b"], cause=["wrong-cache-variable"],
         bug_snippet=["df = dc * next_c"]),
    dict(id="svm-loss-counts-correct-class", origin="written", provenance=WRITTEN, source=CS,
         source_note="the correct class's margin (1) is left in: num_pos counts it",
         convention=LOSSL, command=loss("svm_loss"), expected="buggy",
         bug="the correct class is counted among the positive margins",
         failing_blocks=["x"], cause=["svm-margin-count"],
         bug_snippet=["dx[np.arange(N), y] = -num_pos"]),
    dict(id="softmax-loss-no-average", origin="written", provenance=WRITTEN, source=CS,
         source_note="loss divided by N, dx not (dx /= N missing after the -1)",
         convention=LOSSL, command=loss("softmax_loss"), expected="buggy",
         bug="dx is N times too large", failing_blocks=["x"],
         cause=["scale-mismatch", "batch-mismatch"], bug_snippet=["dx[np.arange(N), y] -= 1"]),
    dict(id="affine-dw-transposed", origin="written", provenance=WRITTEN, source=CS,
         source_note="dw = dout.T @ x on a square weight (shapes agree, values transposed)",
         convention=PAIR, command=pair(*FNS["affine"]), expected="buggy",
         bug="dw is the transpose of the true gradient", failing_blocks=["w"],
         cause=["transposed-gradient"],
         bug_snippet=["dw = dout.T.dot(x.reshape(N, -1))"]),
]


if __name__ == "__main__":
    write(HERE, NETWORKS, LAYERS)
