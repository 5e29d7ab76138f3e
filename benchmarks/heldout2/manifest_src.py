"""Source of manifest.json for the second held-out batch (run this file to rewrite it).

Same record format as benchmarks/heldout/manifest_src.py. The bug line is found from
`bug_snippet` (text on that line of user.py; when a snippet is part of several lines, the
line that is exactly the snippet is taken). Expected answers come from the public
documentation of each bug (or from how the bug was written), never from what backprop-doctor
reports: this batch was written and its ground truth verified before the tool was run on it.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from heldout_manifest import RECON, STYLE, WRITTEN, CHECK_GRAD, write  # noqa: E402,F401

HERE = Path(__file__).resolve().parent

SVM = ("backprop-doctor check user.py:svm_loss_vectorized --params harness.py:W "
       "--args harness.py:ARGS")
STEP = ("backprop-doctor step harness.py:step --cost harness.py:cost "
        "--params harness.py:WEIGHTS --args harness.py:ARGS")
EX4 = ("backprop-doctor check user.py:nnCostFunction --params harness.py:initial_nn_params "
       "--args harness.py:ARGS")
FCNET = "backprop-doctor check harness.py:model --args harness.py:ARGS"
DLAI = ("backprop-doctor check harness.py:grad --cost harness.py:cost "
        "--params harness.py:parameters --args harness.py:args")
W_ALIASES = {"W": ["theta", "params"]}

NETWORKS = [
    # ---- documented (public issues) bugs, their fixes, and refuted bug reports
    dict(id="zheng-svm-vec-loss-no-reg", origin="found", provenance=RECON,
         source="https://github.com/0809zheng/CS231n-assignment2019/issues/91",
         source_note="'svm_loss_vectorized's loss does not add the regularization term' "
                     "(translated); the gradient adds 2*reg*W. The issue notes the term is too "
                     "small to show when the notebook compares loop and vectorized losses.",
         convention="combined (loss, dW) on one array W (CS231n svm_loss_vectorized)",
         command=SVM, expected="buggy",
         bug="loss has no reg * sum(W*W) term while dW adds 2 * reg * W",
         failing_blocks=["W"], block_aliases=W_ALIASES, cause=["regularization-mismatch"],
         bug_snippet=["loss = np.sum(scores) / num_train", "dW += 2 * reg * W"]),
    dict(id="zheng-svm-vec-loss-reg-added", origin="found", provenance=RECON,
         source="https://github.com/0809zheng/CS231n-assignment2019/issues/91",
         source_note="the same function with the term the issue says is missing",
         convention="combined (loss, dW) on one array W", command=SVM, expected="correct"),
    dict(id="bruceoutdoors-svm-vec-assign-counts", origin="found", provenance=RECON,
         source="https://github.com/bruceoutdoors/CS231n/issues/5",
         source_note="the issue says X_mask[arange, y] = -incorrect_counts should be '-='; "
                     "the correct-class margins were zeroed, so X_mask is 0 there and '=' and "
                     "'-=' agree: the code is right (0.5 * reg * sum(W*W) with reg * W)",
         convention="combined (loss, dW) on one array W", command=SVM, expected="correct"),
    dict(id="packt-sigmoid-derivative-on-output", origin="found",
         provenance=RECON + "; backprop() is checked as a training step (it adds d_weights with "
                            "rate 1); the harness hands the weights to the object",
         source="https://github.com/PacktPublishing/Neural-Network-Projects-with-Python/issues/4",
         source_note="the issue calls sigmoid_derivative(x) = x*(1-x) wrong; the reply: it is "
                     "called on self.output and self.layer1, already sigmoid outputs, so it is "
                     "right",
         convention="class-based net updating its weights in place; training step (step)",
         command=STEP, expected="correct", truth_lr=1.0),
    dict(id="siraj-single-neuron-step", origin="found",
         provenance=RECON + "; Python 2 xrange written as range; train(..., 1) is the step",
         source="https://github.com/llSourcell/Make_a_neural_network/issues/1 (also #11)",
         source_note="readers report __sigmoid_derivative(x) = x*(1-x) as wrong; the answers: "
                     "x is the neuron's output, so it is sigmoid'(z)",
         convention="class with one weight array updated in place; training step (step)",
         command=STEP, expected="correct", truth_lr=1.0),
    dict(id="hanbt-lstm-bias-grad-from-forget-gate", origin="found",
         provenance=RECON + "; the Python 2 tutorial's print and plotting left out, the "
                            "activator classes inlined; the harness checks a one-step sequence "
                            "(the program's other shortcuts — x-weight gradients from the last "
                            "step only, no cell-state term in the earlier deltas — are exact for "
                            "one step, so only the documented bug is measured) with weights "
                            "drawn at scale 0.5 instead of 1e-4",
         source="https://github.com/hanbt/learn_dl/issues/53",
         source_note="lstm.py calc_gradient_t: bi_grad and bo_grad are taken from "
                     "delta_f_list; the issue: they should be delta_i_list and delta_o_list",
         convention="class-based LSTM layer (gradients stored on the object); harness passes a "
                    "dict of its 12 arrays",
         command=CHECK_GRAD.format(p="PARAMS"), expected="buggy",
         bug="input-gate and output-gate bias gradients copied from the forget gate's delta",
         failing_blocks=["bi", "bo"], cause=["bias-mismatch", "wrong-cache-variable"],
         bug_snippet=["bi_grad = self.delta_f_list[t]", "bo_grad = self.delta_f_list[t]"]),
    dict(id="hanbt-lstm-bias-grad-fixed", origin="found", provenance=RECON,
         source="https://github.com/hanbt/learn_dl/issues/53", source_note="with the issue's fix",
         convention="class-based LSTM layer; harness passes a dict",
         command=CHECK_GRAD.format(p="PARAMS"), expected="correct"),
    # ---- written: conventions no public report covered
    dict(id="ex4-combined-c-order-correct", origin="written", provenance=STYLE,
         source="https://github.com/dibgerge/ml-coursera-python-assignments (Exercise4 layout)",
         source_note="nnCostFunction -> (J, grad), flat theta reshaped row-major (numpy's "
                     "default) on both sides, lambda = 3",
         convention="combined (cost, grad), flat theta without layout, C order",
         command=EX4, expected="correct", truth_layout="Theta1=5x4,Theta2=3x6"),
    dict(id="ex4-combined-delta-not-averaged", origin="written", provenance=WRITTEN,
         source="https://www.coursera.org/learn/machine-learning (ex4.pdf, 2.4: 'divide the "
                "accumulated gradients by m')",
         source_note="the accumulated Delta matrices are used without the 1/m; the cost keeps "
                     "its 1/m, and the regularization term is right",
         convention="combined (cost, grad), flat theta without layout, C order",
         command=EX4, expected="buggy",
         bug="Theta_grad = Delta (no 1/m): the data term is m = 5 times too large; the lambda/m "
             "term is right",
         failing_blocks=["Theta1", "Theta2"], truth_layout="Theta1=5x4,Theta2=3x6",
         cause=["scale-mismatch", "batch-mismatch"],
         bug_snippet=["Theta1_grad = Delta1", "Theta2_grad = Delta2"]),
    dict(id="ex4-fmincg-grad-unrolled-c-cost-f", origin="written", provenance=WRITTEN,
         source="https://www.coursera.org/learn/machine-learning (ex4: nn_params unrolled "
                "column-major, Theta1(:) in Octave)",
         source_note="the port reshapes theta with order='F' as Octave does but unrolls the "
                     "gradient with flatten() (row-major)",
         convention="separate cost/grad for fmin_cg, flat theta without layout (column-major "
                    "reshape inside)",
         command="backprop-doctor check user.py:nnGrad --cost user.py:nnCost "
                 "--params harness.py:nn_params --args harness.py:args",
         expected="buggy",
         bug="gradient unrolled row-major while theta is read column-major: each block's "
             "entries land transposed",
         failing_blocks=["Theta1", "Theta2"], truth_layout="Theta1=5x5,Theta2=3x6",
         truth_order="F", cause=["transposed-gradient"],
         bug_snippet=["return np.concatenate([Theta1_grad.flatten(), Theta2_grad.flatten()])"]),
    dict(id="cs231n-fcnet-twolayer-correct", origin="written", provenance=STYLE,
         source="https://cs231n.github.io/assignments (assignment 2, fc_net.py TwoLayerNet)",
         source_note="TwoLayerNet built from affine_relu_forward / affine_forward / "
                     "softmax_loss, 0.5 * reg * sum(W**2)",
         convention="model object (params dict, loss(X, y) -> (loss, grads))",
         command=FCNET, expected="correct"),
    dict(id="cs231n-fcnet-twolayer-dscores-not-averaged", origin="written", provenance=WRITTEN,
         source="https://cs231n.github.io/assignments (assignment 2, layers.py softmax_loss)",
         source_note="softmax_loss divides the loss by N but not dx",
         convention="model object (params dict, loss(X, y) -> (loss, grads))",
         command=FCNET, expected="buggy",
         bug="dx /= N missing in softmax_loss: every data term N = 3 times too large (the "
             "regularization terms are right)",
         failing_blocks=["W1", "b1", "W2", "b2"], cause=["scale-mismatch", "batch-mismatch"],
         bug_snippet=["dx[np.arange(N), y] -= 1"]),
    dict(id="dlai-deep-nn-correct", origin="written", provenance=STYLE,
         source="deeplearning.ai course 1 week 4 'Building your Deep Neural Network: Step by "
                "Step'",
         source_note="L_model_forward / compute_cost / L_model_backward with parameters "
                     "W1..WL, b1..bL and caches",
         convention="dict params (assignment functions; harness maps dW1 -> W1)",
         command=DLAI, expected="correct"),
    dict(id="dlai-deep-nn-relu-mask-from-dA", origin="written", provenance=WRITTEN,
         source="deeplearning.ai course 1 week 4 (relu_backward, dZ[Z <= 0] = 0)",
         source_note="relu_backward masks where the upstream gradient dA is <= 0 instead of "
                     "where the pre-activation Z is",
         convention="dict params (assignment functions; harness maps dW1 -> W1)",
         command=DLAI, expected="buggy",
         bug="ReLU backward mask taken from dA instead of Z, in both hidden layers",
         failing_blocks=["W1", "b1", "W2", "b2"], cause=["mask-mismatch", "hidden-layer-mismatch"],
         bug_snippet=["dZ[dA <= 0] = 0"]),
    dict(id="nielsen-network-correct", origin="written", provenance=STYLE,
         source="https://github.com/mnielsen/neural-networks-and-deep-learning (network.py)",
         source_note="Network.backprop(x, y) -> (nabla_b, nabla_w) for one example",
         convention="class-based net (weights and biases lists); harness passes "
                    "[w0, w1, b0, b1]",
         command=CHECK_GRAD.format(p="PARAMS"), expected="correct"),
]

CS = "https://cs231n.github.io/assignments (assignment 2/3 layers.py, rnn_layers.py)"
PAIR = "layer pair: forward(*inputs) -> (out, cache), backward(dout, cache)"
LOSSL = "loss layer: f(x, y, mask) -> (loss, dx)"
WRAP = "class layer keeping its input; harness adapts it to forward/backward"
WRAPPED = ("backprop-doctor layer harness.py:backward --forward harness.py:forward "
           "--inputs harness.py:INPUTS")


def pair(back, fwd):
    return (f"backprop-doctor layer user.py:{back} --forward user.py:{fwd} "
            "--inputs harness.py:INPUTS")


DLAI_CONV = pair("conv_backward", "conv_forward")
NPML = pair("lstm_cell_backward", "lstm_cell_forward")

LAYERS = [
    # ---- documented bugs, fixes and refuted reports
    dict(id="interviewsai-sigmoid-backward-uses-input", origin="found", provenance=RECON,
         source="https://github.com/BoltzmannEntropy/interviews.ai/issues/15",
         source_note="solution 120: Sigmoid.backward returns self.x * (1 - self.x) * grad with "
                     "self.x the input; the issue: use the sigmoid output",
         convention=WRAP, command=WRAPPED, expected="buggy",
         bug="sigmoid derivative written x*(1-x) on the input x instead of on sigmoid(x)",
         failing_blocks=["x"], cause=["wrong-activation-derivative"],
         bug_snippet=["grad_input = self.x * (1 - self.x) * grad"]),
    dict(id="interviewsai-sigmoid-backward-fixed", origin="found", provenance=RECON,
         source="https://github.com/BoltzmannEntropy/interviews.ai/issues/15",
         source_note="the issue's corrected backward (recomputes the output from self.x)",
         convention=WRAP, command=WRAPPED, expected="correct"),
    dict(id="riccardo-maxpool-return-inside-loop", origin="found",
         provenance=RECON + "; the forward and patches_generator are written in the style of "
                            "the repo (the issue shows back_prop only)",
         source="https://github.com/riccardoandreoni0/CNN-from-scratch/issues/1",
         source_note="MaxPoolingLayer.back_prop's return is indented into the patch loop: it "
                     "returns after the first patch, so only the first window gets a gradient "
                     "(confirmed and merged by the author)",
         convention=WRAP + " (channels-last image)", command=WRAPPED, expected="buggy",
         bug="return inside the loop over windows: only the first window's max gets its "
             "gradient, all others stay 0",
         failing_blocks=["image"], cause=["gradient-mismatch"],
         bug_snippet=["            return dE_dk"]),
    dict(id="riccardo-maxpool-return-fixed", origin="found", provenance=RECON,
         source="https://github.com/riccardoandreoni0/CNN-from-scratch/issues/1",
         source_note="with the return moved out of the loop", convention=WRAP,
         command=WRAPPED, expected="correct"),
    dict(id="dlai-conv-backward-no-stride", origin="found",
         provenance=RECON + "; float(b) written b.item() (float() of an array is deprecated "
                            "in numpy 2)",
         source="https://github.com/Kulbear/deep-learning-coursera/pull/34 (also "
                "https://github.com/enggen/Deep-Learning-Coursera/issues/7)",
         source_note="'stride missing in conv_backward': vert_start = h, horiz_start = w where "
                     "h * stride, w * stride belong (merged); the enggen issue reports the "
                     "same in another copy",
         convention="deeplearning.ai layer pair conv_forward(A_prev, W, b, hparameters) -> "
                    "(Z, cache), conv_backward(dZ, cache) -> (dA_prev, dW, db), channels last",
         command=DLAI_CONV, expected="buggy",
         bug="backward windows start at h, w instead of h*stride, w*stride (stride 2)",
         failing_blocks=["A_prev", "W"], cause=["stride-ignored"],
         bug_snippet=["vert_start = h", "horiz_start = w"]),
    dict(id="dlai-conv-backward-fixed", origin="found", provenance=RECON,
         source="https://github.com/Kulbear/deep-learning-coursera/pull/34",
         source_note="after the PR", convention="deeplearning.ai conv layer pair",
         command=DLAI_CONV, expected="correct"),
    dict(id="kulbear-conv-single-step-no-bias", origin="found", provenance=RECON,
         source="https://github.com/Kulbear/deep-learning-coursera/pull/48",
         source_note="'add bias after Z = np.sum()': conv_single_step returned the sum without "
                     "b, while conv_backward still accumulates db",
         convention="deeplearning.ai conv layer pair", command=DLAI_CONV, expected="buggy",
         bug="the forward never adds b, so the true db is 0; the backward returns sum(dZ)",
         failing_blocks=["b"], cause=["bias-mismatch"], bug_snippet=["    Z = np.sum(s)"]),
    dict(id="wjbkimberly-batchnorm-dgamma-sum", origin="found", provenance=RECON,
         source="https://github.com/wjbKimberly/cs231n_spring_2017_assignment/issues/7",
         source_note="the issue asks whether dgamma = np.sum(dout*x_, axis=0) should be a mean "
                     "(it grows with the batch); the sum is right, the loss downstream already "
                     "carries any 1/N",
         convention=PAIR + " (batchnorm with bn_param)",
         command=pair("batchnorm_backward", "batchnorm_forward"), expected="correct"),
    dict(id="numpyml-lstm-gate-biases-typo", origin="found",
         provenance=RECON + "; numpy-ml's LSTMCell reduced to one step as a layer pair "
                            "lstm_cell_forward(...) -> (At, Ct, cache), "
                            "lstm_cell_backward(dAt, dCt, cache) (its backward written to match "
                            "the forward it intends)",
         source="https://github.com/ddbourgin/numpy-ml/issues/42",
         source_note="forward pass typos: _Gf and _Gu add bo instead of bf and bu (confirmed by "
                     "the maintainer); the backward treats bf, bu as used",
         convention="layer pair with two outputs (At, Ct) and backward(dAt, dCt, cache)",
         command=NPML, expected="buggy",
         bug="forget and update gates add the output gate's bias: bf and bu are unused (true "
             "gradient 0) and bo collects three gates' gradients",
         failing_blocks=["bf", "bu", "bo"], cause=["bias-mismatch"],
         bug_snippet=["_Gf = Zt @ Wf + bo", "_Gu = Zt @ Wu + bo"]),
    dict(id="numpyml-lstm-gate-biases-fixed", origin="found", provenance=RECON,
         source="https://github.com/ddbourgin/numpy-ml/issues/42",
         source_note="with bf and bu in their gates",
         convention="layer pair with two outputs", command=NPML, expected="correct"),
    # ---- written
    dict(id="cs231n-temporal-affine-correct", origin="written", provenance=STYLE, source=CS,
         source_note="temporal_affine_forward/backward on (N, T, D) inputs", convention=PAIR,
         command=pair("temporal_affine_backward", "temporal_affine_forward"),
         expected="correct"),
    dict(id="temporal-affine-dw-reshape-not-transpose", origin="written", provenance=WRITTEN,
         source=CS, source_note="dw built from x.reshape(D, N*T) instead of "
                                "x.reshape(N*T, D).T: same shape, entries scrambled",
         convention=PAIR, command=pair("temporal_affine_backward", "temporal_affine_forward"),
         expected="buggy", bug="x reshaped to (D, N*T) where a transpose belongs",
         failing_blocks=["w"], cause=["reshape-instead-of-transpose"],
         bug_snippet=["dw = x.reshape(D, N * T).dot(dout.reshape(N * T, M))"]),
    dict(id="cs231n-temporal-softmax-loss-correct", origin="written", provenance=STYLE,
         source=CS, source_note="temporal_softmax_loss(x, y, mask) -> (loss, dx)",
         convention=LOSSL, command="backprop-doctor layer user.py:temporal_softmax_loss "
                                   "--inputs harness.py:INPUTS", expected="correct"),
    dict(id="temporal-softmax-loss-dx-unmasked", origin="written", provenance=WRITTEN,
         source=CS, source_note="the loss is masked, dx is not (dx_flat *= mask missing)",
         convention=LOSSL, command="backprop-doctor layer user.py:temporal_softmax_loss "
                                   "--inputs harness.py:INPUTS", expected="buggy",
         bug="masked-out time steps still get a gradient", failing_blocks=["x"],
         cause=["mask-mismatch"], bug_snippet=["dx_flat /= N"]),
    dict(id="lstm-step-dnext-c-dropped", origin="written", provenance=WRITTEN, source=CS,
         source_note="dc takes only the path through next_h; the upstream dnext_c is not added",
         convention="layer pair with two outputs (next_h, next_c), backward(dnext_h, dnext_c, "
                    "cache)", command=pair("lstm_step_backward", "lstm_step_forward"),
         expected="buggy", bug="dc = dnext_h * o * (1 - tanh(c)^2) without + dnext_c",
         failing_blocks=["x", "prev_h", "prev_c", "Wx", "Wh", "b"],
         cause=["recurrent-gradient-not-accumulated"],
         bug_snippet=["dc = dnext_h * o * (1 - tanh_c ** 2)"]),
    dict(id="spatial-batchnorm-backward-reshape-only", origin="written", provenance=WRITTEN,
         source=CS, source_note="forward moves C last with transpose(0, 2, 3, 1) before the "
                                "reshape; backward only reshapes",
         convention=PAIR + " (spatial batchnorm over (N, C, H, W))",
         command=pair("spatial_batchnorm_backward", "spatial_batchnorm_forward"),
         expected="buggy", bug="backward reshapes (N, C, H, W) to (-1, C) and back without the "
                               "transposes the forward uses",
         failing_blocks=["x", "gamma", "beta"], cause=["reshape-instead-of-transpose"],
         bug_snippet=["dout_flat = dout.reshape(-1, C)", "dx = dx_flat.reshape(N, C, H, W)"]),
    dict(id="conv-backward-unpad-offset", origin="written", provenance=WRITTEN, source=CS,
         source_note="dx cut out of the padded gradient as dx_pad[:, :, :H, :W] instead of "
                     "[pad:pad + H, pad:pad + W]",
         convention=PAIR, command=pair("conv_backward_naive", "conv_forward_naive"),
         expected="buggy", bug="padding stripped at offset 0 instead of pad",
         failing_blocks=["x"], cause=["padding-misaligned"],
         bug_snippet=["dx = dx_pad[:, :, :H, :W]"]),
]


if __name__ == "__main__":
    write(HERE, NETWORKS, LAYERS)
