"""Layer rules: each names its cause only when the numbers confirmed it, in the layer's own words."""
import re
from pathlib import Path

import numpy as np
import pytest

import backprop_doctor as bd
from backprop_doctor.findings import get_rule
from backprop_doctor.runner_cases import run_case
from reference_models import all_cases
from reference_models.layer_library import conv, losses, norms
from reference_models.layer_library.cases import bn_inputs, conv_inputs, labels_inputs

CONTRACT_LAYER_RULES = (
    "statistics-treated-as-constant", "normalizer-mismatch", "wrong-axis",
    "wrong-activation-derivative", "mask-mismatch", "kernel-flipped", "padding-misaligned",
    "stride-ignored", "pool-routing", "indexed-add-drops-duplicates",
    "recurrent-gradient-not-accumulated", "reshape-instead-of-transpose", "wrong-cache-variable",
    "svm-margin-count",
)
LIBRARY = {n: c for n, c in all_cases().items() if "layer-library" in c.tags}


@pytest.mark.parametrize("rule_id", CONTRACT_LAYER_RULES + ("one-sample-gradient",))
def test_every_layer_rule_is_documented(rule_id):
    info = get_rule(rule_id)
    assert info.severity == "error" and info.kind == "layer"
    assert info.bad and info.good and "What it means" in info.explanation
    readme = (Path(__file__).parent.parent / "README.md").read_text()
    assert f"| `{rule_id}` |" in readme


def test_library_covers_every_family_with_correct_and_buggy_layers():
    correct = [n for n, c in LIBRARY.items() if c.correct]
    buggy = [n for n, c in LIBRARY.items() if not c.correct]
    assert len(correct) >= 20 and len(buggy) >= 30
    named = {r for c in LIBRARY.values() for r in c.rules}
    # every contract layer rule but the one that cannot be confirmed from outside is exercised
    assert set(CONTRACT_LAYER_RULES) - {"wrong-cache-variable"} <= named


@pytest.mark.parametrize("name", sorted(LIBRARY))
def test_layer_reports_speak_of_the_layer_inputs(name):
    report = run_case(LIBRARY[name], seed=1)
    text = " ".join(f.message for f in report.findings)
    assert not re.search(r"output layer|hidden layer|earlier layer", text), text


@pytest.mark.parametrize("name", sorted(n for n, c in LIBRARY.items() if not c.correct))
def test_one_cause_one_finding(name):
    """A bug is named by its rule alone: no generic finding beside it, one finding for all blocks."""
    case = LIBRARY[name]
    report = run_case(case, seed=0)
    errors = [f for f in report.findings if f.severity == "error"]
    assert {f.id for f in errors} == set(case.rules)
    if case.rules != ("gradient-mismatch",):
        assert len(errors) == 1 and set(errors[0].all_blocks) == set(case.failing_blocks)


def test_statistics_rule_says_which_term_is_missing():
    x, gamma, beta, p = bn_inputs(0)
    mean = bd.check_layer(norms.batchnorm_forward, norms.batchnorm_backward_no_mean_term, (x, gamma, beta, p))
    var = bd.check_layer(norms.batchnorm_forward, norms.batchnorm_backward_no_var_term, (x, gamma, beta, p))
    both = bd.check_layer(norms.batchnorm_forward, norms.batchnorm_backward_stats_constant, (x, gamma, beta, p))
    msg = {k: next(f.message for f in r.findings if f.id == "statistics-treated-as-constant")
           for k, r in (("mean", mean), ("var", var), ("both", both))}
    assert "the mean's dependence" in msg["mean"] and "normalised over axis 0" in msg["mean"]
    assert "the variance's dependence" in msg["var"]
    assert "both the mean's and the variance's" in msg["both"]


def test_conv_rules_report_the_shift_and_the_setting():
    inputs = conv_inputs(0)
    pad = bd.check_layer(conv.conv_forward, conv.conv_backward_pad_wrong_side, inputs)
    f = next(f for f in pad.findings if f.id == "padding-misaligned")
    assert "shifted by (-1, -1)" in f.message          # pad = 1, cut at [:H, :W]
    stride = bd.check_layer(conv.conv_forward, conv.conv_backward_stride_ignored, inputs)
    f = next(f for f in stride.findings if f.id == "stride-ignored")
    assert "conv_param['stride'] = 2 set to 1" in f.message


def test_one_sample_gradient_names_the_last_image():
    report = bd.check_layer(conv.conv_forward, conv.conv_backward_dw_last_image, conv_inputs(0))
    f = next(f for f in report.findings if f.id == "one-sample-gradient")
    assert f.block == "w" and "the last sample alone (sample 1 of 2" in f.message


def test_svm_is_never_called_a_softmax():
    for seed in range(4):
        x, y = labels_inputs(seed, classes=5)
        for dtype in (np.float64, np.float32):
            report = bd.check_layer(losses.svm_loss_counts_correct_class, None, (x.astype(dtype), y))
            assert "missing-softmax-backprop" not in report.finding_ids()


def test_unconfirmed_cause_stays_a_candidate():
    report = run_case(all_cases()["layers/lstm-step-forget-next-c"])
    errors = {f.id for f in report.findings if f.severity == "error"}
    infos = {f.id for f in report.findings if f.severity == "info"}
    assert errors == {"gradient-mismatch"} and "wrong-cache-variable" in infos
    assert "no specific cause was confirmed" in " ".join(f.message for f in report.findings
                                                          if f.id == "gradient-mismatch")


def test_a_random_error_in_a_layer_names_no_layer_cause():
    """Noise added to a correct backward fits none of the hypotheses: no specific layer rule."""
    layer_ids = set(CONTRACT_LAYER_RULES) | {"one-sample-gradient"}
    rng = np.random.default_rng(5)
    for name in ("layers/conv", "layers/batchnorm", "layers/max-pool", "layers/rnn", "layers/dropout",
                 "layers/relu", "layers/word-embedding"):
        p = LIBRARY[name].build(0)

        def noisy(*args, bw=p["backward"]):
            res = bw(*args)
            res = res if isinstance(res, tuple) else (res,)
            return tuple(g + 0.05 * rng.standard_normal(np.shape(g)) for g in res)

        report = bd.check_layer(p["forward"], noisy, p["inputs"])
        assert not report.ok
        assert not layer_ids & {f.id for f in report.findings if f.severity == "error"}, name


def test_scale_in_a_layer_is_read_against_the_layer_sizes_without_choosing_by_luck():
    only = run_case(all_cases()["layers/softmax-loss-missing-1-over-n"])
    msg = next(f.message for f in only.findings if f.id == "scale-mismatch")
    assert "c = 6 is the size of axis 0 of x" in msg          # N = 6: the 1/N is missing
    several = run_case(all_cases()["layers/attention-no-scale"])
    msg = next(f.message for f in several.findings if f.id == "scale-mismatch")
    # c = 3 is both T_q and sqrt(d = 9): both readings are offered, neither is chosen
    assert "cannot tell which" in msg and "sqrt(9)" in msg and "axis 1 of q" in msg


@pytest.mark.parametrize("name", sorted(n for n, c in LIBRARY.items() if c.correct))
def test_correct_layers_pass_in_float32(name):
    p = LIBRARY[name].build(2)
    inputs = tuple(v.astype(np.float32) if isinstance(v, np.ndarray) and v.dtype.kind == "f" else v
                   for v in p["inputs"])
    report = bd.check_layer(p["forward"], p["backward"], inputs, seed=2)
    assert report.ok, str(report)


def test_relu_kinks_and_tied_max_pool_windows_are_not_flagged():
    from reference_models.layer_library import basic

    x = np.array([[0.0, 1.0, -1.0, 0.0], [2.0, 0.0, -0.5, 0.3]])
    report = bd.check_layer(basic.relu_forward, basic.relu_backward, (x,))
    assert report.ok, str(report)
    tied = np.tile(np.array([[1.0, 1.0, 0.0, 2.0], [1.0, 0.5, 2.0, 2.0]]), (1, 1, 2, 1))
    tied = np.stack([tied[0], -tied[0]])                        # (2, 1, 4, 4), ties in windows
    report = bd.check_layer(conv.max_pool_forward, conv.max_pool_backward,
                            (tied, {"pool_height": 2, "pool_width": 2, "stride": 2}))
    assert report.ok, str(report)


def test_a_zero_gradient_is_not_read_as_a_scale():
    """Rounding-level numbers fit a = c * n with c ~ 1e-17; that is a zero gradient, not a scale."""
    from reference_models.layer_library import attention as att

    def backward_rounding_zeros(dout, p):
        return 1e-17 * att.softmax_backward(dout, p)

    report = bd.check_layer(att.softmax_forward, backward_rounding_zeros, (np.eye(3) + 0.5,))
    errors = {f.id for f in report.findings if f.severity == "error"}
    assert errors == {"gradient-mismatch"}
    assert "zero everywhere" in next(f.message for f in report.findings if f.id == "gradient-mismatch")


# -- zeros in a pooling gradient are not a mask --------------------------------------------------
def _pool_forward(x):
    N, C, H, W = x.shape
    out = np.zeros((N, C, H // 2, W // 2))
    for i in range(H // 2):
        for j in range(W // 2):
            out[:, :, i, j] = x[:, :, 2 * i:2 * i + 2, 2 * j:2 * j + 2].max(axis=(2, 3))
    return out, x


def _pool_backward_stops_early(dout, cache):
    x = cache
    dx = np.zeros_like(x)
    N, C, H, W = x.shape
    for i in range(H // 2):
        for j in range(W // 2):
            win = x[:, :, 2 * i:2 * i + 2, 2 * j:2 * j + 2]
            hit = win == win.max(axis=(2, 3), keepdims=True)
            dx[:, :, 2 * i:2 * i + 2, 2 * j:2 * j + 2] += hit * dout[:, :, i:i + 1, j:j + 1]
            return dx          # leaves after the first window


def test_a_pooling_backward_that_stops_early_is_not_called_a_mask_mistake():
    x = np.random.default_rng(0).normal(size=(2, 2, 4, 4))
    report = bd.check_layer(_pool_forward, _pool_backward_stops_early, (x,), config=False)
    assert not report.ok and report.failing_blocks == ["x"]
    assert "mask-mismatch" not in report.finding_ids()


def test_the_line_found_stays_beside_a_confirmed_layer_cause():
    """Where (the tracer's line) and why (the layer rule) are different findings: a confirmed
    cause no longer drops the line."""
    import inspect

    from reference_models.layer_library import recurrent

    report = run_case(all_cases()["layers/rnn-no-dprev"])
    ids = report.finding_ids()
    assert "recurrent-gradient-not-accumulated" in ids and "wrong-line" in ids
    line = next(f for f in report.findings if f.id == "wrong-line")
    source, start = inspect.getsourcelines(recurrent)
    marked = [start + i for i, text in enumerate(source) if "# BUG" in text]
    assert any(abs(line.line - m) <= 1 for m in marked)


def _marked_lines(module):
    import inspect

    source, start = inspect.getsourcelines(module)
    return [start + i for i, text in enumerate(source) if "# BUG" in text]


def test_a_confirmed_line_travels_with_the_layer_cause_that_replaces_the_check_finding():
    from reference_models.layer_library import attention, norms

    report = run_case(all_cases()["layers/softmax-backward-wrong-axis"])
    cause = next(f for f in report.findings if f.id == "wrong-axis")
    assert cause.line is not None and any(abs(cause.line - m) <= 1
                                          for m in _marked_lines(attention))
    assert "\nWhere: line" in cause.message
    # a line inside a helper the backward calls (an axis passed in) is shown apart, as info
    report = run_case(all_cases()["layers/layernorm-wrong-axis"])
    cause = next(f for f in report.findings if f.id == "wrong-axis")
    apart = [f for f in report.findings if f.id == "wrong-line"]
    assert cause.line is None and len(apart) == 1 and apart[0].severity == "info"
    assert "a function your layer calls" in apart[0].message
    assert not any(abs(apart[0].line - m) <= 1 for m in _marked_lines(norms))
