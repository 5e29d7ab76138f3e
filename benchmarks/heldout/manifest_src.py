"""Source of manifest.json: one record per held-out program (run this file to rewrite it).

The bug line is found from `bug_snippet` (text on that line of user.py), so editing a program
cannot leave a stale line number behind. Expected answers come from the public documentation
of each bug (or from how the bug was written), never from what backprop-doctor reports.
"""

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
RECON = ("reconstructed: re-typed in our own words from the public case (same convention, "
         "structure and bug); the original code is not copied")
STYLE = ("written in the style of public solutions to this assignment (no code copied); "
         "the public source is cited for the convention")
WRITTEN = "written: a mistake learners make, written by us (no public program copied)"

CHECK_GRAD = ("backprop-doctor check harness.py:grad --cost harness.py:cost "
              "--params harness.py:{p} --args harness.py:ARGS")

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
]

LAYERS = []


def resolve_lines(entry):
    """bug_line from bug_snippet: the 1-based lines of user.py holding each snippet."""
    snippets = entry.get("bug_snippet")
    if not snippets:
        return entry
    path = HERE / entry["dir"] / entry.get("bug_file", "user.py")
    lines = path.read_text().splitlines()
    found = []
    for snippet in snippets:
        hits = [i + 1 for i, line in enumerate(lines) if snippet in line]
        if len(hits) != 1:
            raise SystemExit(f"{entry['id']}: snippet {snippet!r} found {len(hits)} times")
        found.append(hits[0])
    entry["bug_line"] = found
    entry.setdefault("bug_file", "user.py")
    return entry


def build():
    programs = []
    for set_name, entries in (("networks", NETWORKS), ("layers", LAYERS)):
        for entry in entries:
            entry = dict(entry, set=set_name, dir=f"{set_name}/{entry['id']}")
            entry.setdefault("license", "our own code (MIT with the project); source cited "
                                        "for provenance only")
            if not (HERE / entry["dir"] / "user.py").exists():
                raise SystemExit(f"{entry['id']}: no user.py")
            programs.append(resolve_lines(entry))
    ids = [p["id"] for p in programs]
    assert len(ids) == len(set(ids)), "duplicate ids"
    return {"schema": 1, "note": "never tune rules on these programs; see README.md",
            "programs": programs}


if __name__ == "__main__":
    (HERE / "manifest.json").write_text(json.dumps(build(), indent=1) + "\n")
    print("wrote", HERE / "manifest.json")
