"""Every layer of the library as a reference case: correct layers pass, each bug names its rule.

Inputs are tuples (names come from the forward's signature) holding what the assignments pass:
dicts of settings, integer ids and labels, boolean masks and plain-number hyperparameters next to
the float arrays.  A case with `backward=None` is a loss layer returning (loss, dx).
"""
import numpy as np

from ..cases import Case, register
from . import attention as att
from . import basic, conv, dropout, embedding, losses, norms, recurrent as rec


def _rng(seed, k):
    return np.random.default_rng([seed, 12, k])


def _away_from_zero(x, gap=0.05):
    return np.where(np.abs(x) < gap, np.sign(x + 1e-12) * 0.5, x)


# -- inputs ---------------------------------------------------------------------------------------

def affine_inputs(seed):
    r = _rng(seed, 1)
    return (r.normal(size=(5, 4)), r.normal(size=(4, 3)), r.normal(size=3))


def temporal_affine_inputs(seed):
    r = _rng(seed, 2)
    return (r.normal(size=(2, 3, 4)), r.normal(size=(4, 5)), r.normal(size=5))


def x_inputs(seed):
    return (_away_from_zero(_rng(seed, 3).normal(size=(5, 4))),)


def leaky_inputs(seed):
    return (_away_from_zero(_rng(seed, 4).normal(size=(5, 4))), 0.1)


def labels_inputs(seed, classes=4, n=6):
    r = _rng(seed, 5)
    return (r.normal(size=(n, classes)), r.integers(0, classes, size=n))


def temporal_loss_inputs(seed):
    r = _rng(seed, 6)
    mask = r.random((2, 4)) < 0.7
    mask[:, 0] = True
    mask[0, -1] = False
    return (r.normal(size=(2, 4, 5)), r.integers(0, 5, size=(2, 4)), mask)


def bn_inputs(seed):
    r = _rng(seed, 7)
    return (2 * r.normal(size=(8, 4)) + 1, r.normal(size=4), r.normal(size=4),
            {"mode": "train", "eps": 1e-5})


def sbn_inputs(seed):
    r = _rng(seed, 8)
    return (2 * r.normal(size=(3, 2, 3, 3)) - 1, r.normal(size=2), r.normal(size=2),
            {"mode": "train", "eps": 1e-5})


def ln_inputs(seed):
    r = _rng(seed, 9)
    return (r.normal(size=(4, 6)) * 1.5 + 0.5, r.normal(size=6), r.normal(size=6), {"eps": 1e-5})


def gn_inputs(seed):
    r = _rng(seed, 10)
    return (r.normal(size=(2, 4, 2, 2)) * 1.5, r.normal(size=(1, 4, 1, 1)),
            r.normal(size=(1, 4, 1, 1)), 2, {"eps": 1e-5})


def dropout_inputs(seed):
    return (_rng(seed, 11).normal(size=(6, 5)), {"p": 0.6, "seed": 3})


def conv_inputs(seed):
    r = _rng(seed, 12)
    return (r.normal(size=(2, 2, 5, 5)), r.normal(size=(3, 2, 3, 3)), r.normal(size=3),
            {"stride": 2, "pad": 1})


def pool_inputs(seed):
    r = _rng(seed, 13)
    return (r.normal(size=(2, 2, 4, 4)), {"pool_height": 2, "pool_width": 2, "stride": 2})


def embedding_inputs(seed):
    r = _rng(seed, 14)
    x = np.array([[0, 3, 3, 1], [5, 0, 2, 3], [4, 4, 0, 2]])
    return (x, r.normal(size=(7, 3)))


def rnn_step_inputs(seed):
    r = _rng(seed, 15)
    return (r.normal(size=(3, 4)), r.normal(size=(3, 5)), 0.4 * r.normal(size=(4, 5)),
            0.4 * r.normal(size=(5, 5)), 0.1 * r.normal(size=5))


def rnn_inputs(seed):
    r = _rng(seed, 16)
    return (r.normal(size=(2, 3, 4)), r.normal(size=(2, 5)), 0.4 * r.normal(size=(4, 5)),
            0.4 * r.normal(size=(5, 5)), 0.1 * r.normal(size=5))


def lstm_step_inputs(seed):
    r = _rng(seed, 17)
    return (r.normal(size=(3, 4)), r.normal(size=(3, 5)), r.normal(size=(3, 5)),
            0.4 * r.normal(size=(4, 20)), 0.4 * r.normal(size=(5, 20)), 0.1 * r.normal(size=20))


def lstm_inputs(seed):
    r = _rng(seed, 18)
    return (r.normal(size=(2, 3, 4)), r.normal(size=(2, 5)), 0.4 * r.normal(size=(4, 20)),
            0.4 * r.normal(size=(5, 20)), 0.1 * r.normal(size=20))


def softmax_inputs(seed):
    return (_rng(seed, 19).normal(size=(4, 5)),)


def attention_inputs(seed):
    r = _rng(seed, 20)
    return (r.normal(size=(2, 3, 9)), r.normal(size=(2, 4, 9)), r.normal(size=(2, 4, 5)))


# -- the table ----------------------------------------------------------------------------------

def _layer(forward, backward, inputs):
    return lambda seed: dict(forward=forward, backward=backward, inputs=inputs(seed))


def _ok(name, desc, forward, backward, inputs, **kw):
    return Case(f"layers/{name}", desc, _layer(forward, backward, inputs), kind="layer",
                correct=True, tags=("layer-library",) + kw.pop("tags", ()), **kw)


def _bug(name, desc, forward, backward, inputs, failing, rule, notes=""):
    return Case(f"layers/{name}", desc, _layer(forward, backward, inputs), kind="layer",
                failing_blocks=tuple(failing), rules=(rule,), tags=("layer-library",), notes=notes)


CASES = (
    # affine and activations
    _ok("affine", "affine x @ w + b", basic.affine_forward, basic.affine_backward, affine_inputs),
    _ok("temporal-affine", "affine over (N, T, D) sequences", basic.temporal_affine_forward,
        basic.temporal_affine_backward, temporal_affine_inputs),
    _ok("relu", "ReLU", basic.relu_forward, basic.relu_backward, x_inputs),
    _ok("leaky-relu", "leaky ReLU with alpha passed as a plain number", basic.leaky_relu_forward,
        basic.leaky_relu_backward, leaky_inputs),
    _ok("sigmoid", "sigmoid", basic.sigmoid_forward, basic.sigmoid_backward, x_inputs),
    _ok("tanh", "tanh", basic.tanh_forward, basic.tanh_backward, x_inputs),
    _ok("gelu", "GELU (tanh approximation)", basic.gelu_forward, basic.gelu_backward, x_inputs),
    _bug("affine-db-first-row", "db = dout[0]", basic.affine_forward,
         basic.affine_backward_db_first_row, affine_inputs, ["b"], "one-sample-gradient",
         "the one-sample formula kept after batching"),
    _bug("temporal-affine-dx-reshaped", "dx computed time-major and reshaped, not transposed",
         basic.temporal_affine_forward, basic.temporal_affine_backward_dx_reshaped,
         temporal_affine_inputs, ["x"], "reshape-instead-of-transpose"),
    _bug("relu-mask-out-ge-0", "ReLU backward with dout * (out >= 0)", basic.relu_forward_keep_out,
         basic.relu_backward_out_ge_0, x_inputs, ["x"], "mask-mismatch",
         "out = max(x, 0) is never negative, so the mask lets everything through"),
    _bug("leaky-relu-like-relu", "leaky ReLU backward copied from ReLU", basic.leaky_relu_forward,
         basic.leaky_relu_backward_like_relu, leaky_inputs, ["x"], "wrong-activation-derivative"),
    _bug("sigmoid-derivative-on-input", "s * (1 - s) evaluated with x", basic.sigmoid_forward_keep_x,
         basic.sigmoid_backward_on_input, x_inputs, ["x"], "wrong-activation-derivative"),
    _bug("tanh-derivative-on-input", "1 - t**2 evaluated with x", basic.tanh_forward_keep_x,
         basic.tanh_backward_on_input, x_inputs, ["x"], "wrong-activation-derivative"),
    _bug("gelu-derivative-on-output", "gelu'(x) evaluated on the activation",
         basic.gelu_forward_keep_out, basic.gelu_backward_on_output, x_inputs, ["x"],
         "wrong-activation-derivative"),
    # losses (one function returning (loss, dx))
    _ok("softmax-loss", "softmax cross-entropy loss layer", losses.softmax_loss, None, labels_inputs),
    _ok("svm-loss", "multiclass SVM loss layer", losses.svm_loss, None,
        lambda s: labels_inputs(s, classes=5)),
    _ok("temporal-softmax-loss", "masked temporal softmax loss", losses.temporal_softmax_loss, None,
        temporal_loss_inputs),
    _bug("softmax-loss-missing-1-over-n", "dx not divided by N", losses.softmax_loss_missing_1_over_n,
         None, labels_inputs, ["x"], "scale-mismatch"),
    _bug("svm-loss-counts-correct-class", "the correct class counted among the margins",
         losses.svm_loss_counts_correct_class, None, lambda s: labels_inputs(s, classes=5), ["x"],
         "svm-margin-count"),
    _bug("temporal-softmax-loss-mask-forgotten", "padding steps get a gradient",
         losses.temporal_softmax_loss_mask_forgotten, None, temporal_loss_inputs, ["x"],
         "mask-mismatch"),
    # normalisation
    _ok("batchnorm", "batch norm (train mode)", norms.batchnorm_forward, norms.batchnorm_backward,
        bn_inputs),
    _ok("spatial-batchnorm", "spatial batch norm", norms.spatial_batchnorm_forward,
        norms.spatial_batchnorm_backward, sbn_inputs),
    _ok("layernorm", "layer norm", norms.layernorm_forward, norms.layernorm_backward, ln_inputs),
    _ok("groupnorm", "group norm, G = 2", norms.groupnorm_forward, norms.groupnorm_backward, gn_inputs),
    _bug("batchnorm-stats-constant", "dx = dout * gamma / std", norms.batchnorm_forward,
         norms.batchnorm_backward_stats_constant, bn_inputs, ["x"], "statistics-treated-as-constant"),
    _bug("batchnorm-no-mean-term", "the path through the mean left out", norms.batchnorm_forward,
         norms.batchnorm_backward_no_mean_term, bn_inputs, ["x"], "statistics-treated-as-constant"),
    _bug("batchnorm-no-var-term", "the path through the variance left out", norms.batchnorm_forward,
         norms.batchnorm_backward_no_var_term, bn_inputs, ["x"], "statistics-treated-as-constant"),
    _bug("batchnorm-n-minus-1", "the variance term with 1/(N-1), the forward with 1/N",
         norms.batchnorm_forward, norms.batchnorm_backward_n_minus_1, bn_inputs, ["x"],
         "normalizer-mismatch"),
    _bug("layernorm-wrong-axis", "layer norm backward with batch norm's axis", norms.layernorm_forward,
         norms.layernorm_backward_wrong_axis, ln_inputs, ["x"], "wrong-axis"),
    _bug("layernorm-stats-constant", "layer norm dx = dout * gamma / std", norms.layernorm_forward,
         norms.layernorm_backward_stats_constant, ln_inputs, ["x"], "statistics-treated-as-constant"),
    _bug("spatial-batchnorm-no-var-term", "spatial batch norm without the variance path",
         norms.spatial_batchnorm_forward, norms.spatial_batchnorm_backward_no_var_term, sbn_inputs,
         ["x"], "statistics-treated-as-constant"),
    _bug("groupnorm-stats-constant", "group norm dx = dout * gamma / std", norms.groupnorm_forward,
         norms.groupnorm_backward_stats_constant, gn_inputs, ["x"], "statistics-treated-as-constant"),
    # dropout
    _ok("dropout", "inverted dropout, seeded mask", dropout.dropout_forward, dropout.dropout_backward,
        dropout_inputs),
    _bug("dropout-no-mask", "the mask not applied in backward", dropout.dropout_forward,
         dropout.dropout_backward_no_mask, dropout_inputs, ["x"], "mask-mismatch"),
    _bug("dropout-no-scale", "the 1/p missing in backward", dropout.dropout_forward,
         dropout.dropout_backward_no_scale, dropout_inputs, ["x"], "mask-mismatch"),
    _bug("dropout-fresh-mask", "a new random mask drawn in backward", dropout.dropout_forward,
         dropout.dropout_backward_fresh_mask, dropout_inputs, ["x"], "mask-mismatch"),
    # convolution and pooling
    _ok("conv", "naive convolution, stride 2, pad 1", conv.conv_forward, conv.conv_backward, conv_inputs),
    _ok("max-pool", "2x2 max pooling, stride 2", conv.max_pool_forward, conv.max_pool_backward,
        pool_inputs),
    _ok("avg-pool", "2x2 average pooling, stride 2", conv.avg_pool_forward, conv.avg_pool_backward,
        pool_inputs),
    _bug("conv-kernel-flipped", "dx with the kernel rotated by 180 degrees", conv.conv_forward,
         conv.conv_backward_kernel_flipped, conv_inputs, ["x"], "kernel-flipped"),
    _bug("conv-pad-wrong-side", "padding stripped from the bottom/right only", conv.conv_forward,
         conv.conv_backward_pad_wrong_side, conv_inputs, ["x"], "padding-misaligned"),
    _bug("conv-stride-ignored", "dx windows stepped by 1", conv.conv_forward,
         conv.conv_backward_stride_ignored, conv_inputs, ["x"], "stride-ignored"),
    _bug("conv-dw-last-image", "dw assigned per image: the last one wins", conv.conv_forward,
         conv.conv_backward_dw_last_image, conv_inputs, ["w"], "one-sample-gradient"),
    _bug("max-pool-whole-window", "the gradient sent to every element of the window",
         conv.max_pool_forward, conv.max_pool_backward_whole_window, pool_inputs, ["x"], "pool-routing"),
    _bug("max-pool-wrong-argmax", "argmax unravelled column-major", conv.max_pool_forward,
         conv.max_pool_backward_wrong_argmax, pool_inputs, ["x"], "pool-routing"),
    _bug("max-pool-stride-ignored", "pooling windows stepped by 1 in backward", conv.max_pool_forward,
         conv.max_pool_backward_stride_ignored, pool_inputs, ["x"], "stride-ignored"),
    _bug("avg-pool-no-divide", "average pooling backward without 1/(ph*pw)", conv.avg_pool_forward,
         conv.avg_pool_backward_no_divide, pool_inputs, ["x"], "scale-mismatch"),
    # embedding
    _ok("word-embedding", "word embedding with np.add.at", embedding.word_embedding_forward,
        embedding.word_embedding_backward, embedding_inputs),
    _bug("word-embedding-buffered-add", "dW[x] += dout with repeated word ids",
         embedding.word_embedding_forward, embedding.word_embedding_backward_buffered,
         embedding_inputs, ["W"], "indexed-add-drops-duplicates"),
    # recurrent
    _ok("rnn-step", "vanilla RNN step", rec.rnn_step_forward, rec.rnn_step_backward, rnn_step_inputs),
    _ok("rnn", "vanilla RNN over a sequence", rec.rnn_forward, rec.rnn_backward, rnn_inputs),
    _ok("lstm-step", "LSTM step returning (next_h, next_c, cache)", rec.lstm_step_forward,
        rec.lstm_step_backward, lstm_step_inputs),
    _ok("lstm", "LSTM over a sequence", rec.lstm_forward, rec.lstm_backward, lstm_inputs),
    _bug("rnn-no-dprev", "dprev_h from the later step not added", rec.rnn_forward,
         rec.rnn_backward_no_dprev, rnn_inputs, ["x", "h0", "Wx", "Wh", "b"],
         "recurrent-gradient-not-accumulated"),
    _bug("rnn-only-dprev", "dh[:, t] of earlier steps not added", rec.rnn_forward,
         rec.rnn_backward_only_dprev, rnn_inputs, ["x", "h0", "Wx", "Wh", "b"],
         "recurrent-gradient-not-accumulated"),
    _bug("rnn-time-major-reshape", "dx collected (T, N, D) and reshaped", rec.rnn_forward,
         rec.rnn_backward_time_major_reshape, rnn_inputs, ["x"], "reshape-instead-of-transpose"),
    _bug("lstm-step-no-dnext-c", "dnext_c not added to dc", rec.lstm_step_forward,
         rec.lstm_step_backward_no_dnext_c, lstm_step_inputs,
         ["x", "prev_h", "prev_c", "Wx", "Wh", "b"], "recurrent-gradient-not-accumulated"),
    _bug("lstm-step-forget-next-c", "the forget gate's derivative with next_c for prev_c",
         rec.lstm_step_forward, rec.lstm_step_backward_forget_next_c, lstm_step_inputs,
         ["x", "prev_h", "Wx", "Wh", "b"], "gradient-mismatch",
         "wrong-cache-variable is the cause, but no experiment from outside the layer confirms "
         "it: the honest report is gradient-mismatch with wrong-cache-variable as a candidate"),
    _bug("lstm-no-dprev-c", "the cell state's gradient from the later step dropped", rec.lstm_forward,
         rec.lstm_backward_no_dprev_c, lstm_inputs, ["x", "h0", "Wx", "Wh", "b"], "gradient-mismatch",
         "only the cell path through time is cut, the hidden path is kept: no experiment on the "
         "whole sequence layer isolates it, so the cause stays a candidate"),
    # softmax and attention
    _ok("softmax", "softmax over the last axis", att.softmax_forward, att.softmax_backward,
        softmax_inputs),
    _ok("attention", "scaled dot-product attention", att.attention_forward, att.attention_backward,
        attention_inputs),
    _bug("softmax-backward-wrong-axis", "softmax backward summing over axis 0",
         att.softmax_forward, att.softmax_backward_wrong_axis, softmax_inputs, ["x"], "wrong-axis"),
    _bug("attention-no-scale", "1/sqrt(d) missing in dq and dk", att.attention_forward,
         att.attention_backward_no_scale, attention_inputs, ["q", "k"], "scale-mismatch",
         "d = 9: dq and dk are 3 times the truth"),
    _bug("attention-softmax-wrong-axis", "the scores' softmax backward over the query axis",
         att.attention_forward, att.attention_backward_softmax_wrong_axis, attention_inputs,
         ["q", "k"], "gradient-mismatch",
         "the softmax sits inside the layer, out of reach of an experiment from outside"),
)

register(*CASES)
