"""Line localisation: real buggy reference programs are traced to their marked bug line, correct
programs never get a line-level error, and tracing changes neither the verdict nor the user's data."""
import copy
import io
import json
import os

import numpy as np
import pytest

import backprop_doctor as bd
from backprop_doctor.observe import RecordingTooLong, record_lines
from reference_models import all_cases


def _kwargs(case, seed=0):
    p = case.build(seed)
    return dict(cost=p.get("cost"), grad=p["grad"], params=p["params"], args=p.get("args") or (),
                blocks=p.get("blocks"), order=p.get("order") or "C", forward=p.get("forward"),
                loss=p.get("loss"))


def _located(report):
    """The finding that carries the line tracer's result (a cause it located, or wrong-line)."""
    found = [f for f in report.findings if "trace" in f.evidence and f.id != "no-line-found"]
    assert len(found) <= 1
    return found[0] if found else None


def _bug_lines(path):
    """Lines marked `# BUG` and the statement right under a comment-only BUG line."""
    with open(path) as fh:
        lines = fh.read().splitlines()
    out = set()
    for i, text in enumerate(lines, 1):
        if "# BUG" in text:
            out.add(i)
            if text.strip().startswith("#"):
                out.add(i + 1)
    return out


# -- the recorder ------------------------------------------------------------------------------

def _loop_backward(W, X):
    h = X @ W
    acc = np.zeros_like(h)
    for t in range(3):
        step = h * t
        acc = acc + step
    return acc


def test_record_lines_sees_each_binding_and_each_loop_iteration():
    W, X = np.eye(2), np.arange(6.0).reshape(3, 2)
    _, rec = record_lines(_loop_backward, W, X)
    first = _loop_backward.__code__.co_firstlineno
    names = [(b.name, b.line - first) for b in rec.bindings if not b.is_argument]
    assert names[:2] == [("h", 1), ("acc", 2)]
    steps = [b for b in rec.bindings if b.name == "step"]
    assert [b.key.occurrence for b in steps] == [0, 1, 2]
    np.testing.assert_array_equal(steps[2].value, (X @ W) * 2)
    assert not rec.truncated


def test_record_lines_replaces_a_value_where_it_is_bound_without_touching_the_original():
    W, X = np.eye(2), np.arange(6.0).reshape(3, 2)
    before = X.copy()
    _, rec = record_lines(_loop_backward, W, X)
    h_key = next(b.key for b in rec.bindings if b.name == "h")
    out, rec2 = record_lines(_loop_backward, W, X, inject=h_key, replace=lambda h: h + 1.0)
    assert rec2.injected
    np.testing.assert_allclose(out, (X @ W + 1.0) * 3)
    np.testing.assert_array_equal(X, before)


def test_record_lines_replaces_an_argument_before_the_first_line_runs():
    def inner(z):
        return z * 2.0

    def outer(a):
        b = inner(a + 1.0)
        return b

    _, rec = record_lines(outer, np.ones(3))
    z_key = next(b.key for b in rec.bindings if b.name == "z")
    out, rec2 = record_lines(outer, np.ones(3), inject=z_key, replace=lambda z: z * 0)
    assert rec2.injected
    np.testing.assert_array_equal(out, np.zeros(3))


def test_record_lines_stops_a_call_that_binds_too_many_arrays():
    def many(x):
        for _ in range(50):
            x = x + 1.0
        return x

    with pytest.raises(RecordingTooLong, match="more than 10 arrays"):
        record_lines(many, np.ones(2), max_bindings=10)


def test_record_lines_restores_the_previous_trace_hook():
    import sys

    before = sys.gettrace()
    record_lines(_loop_backward, np.eye(2), np.ones((3, 2)))
    assert sys.gettrace() is before


# -- the reference programs --------------------------------------------------------------------

LOCATED = ["two-layer-sigmoid/derivative-on-activation",     # a wrong adjoint, inputs agree
           "two-layer-sigmoid/bias-unit-dropped-wrong-end",
           "list-softmax/error-y-minus-p",
           "colmajor-softmax/error-y-minus-p",
           "colmajor-softmax/sigmoid-not-backpropagated",     # the adjoint of the wrong intermediate
           "dict-relu/bias-first-sample",                     # a block formed from agreeing arrays
           "colmajor-softmax/bias-mean-not-sum"]


@pytest.mark.parametrize("name", LOCATED)
def test_buggy_reference_program_is_traced_to_its_bug_line(name):
    case = all_cases()[name]
    report = bd.check(**_kwargs(case), lint=False)
    f = _located(report)
    assert f.severity == "error" and f.id != "wrong-line"   # the cause it locates carries it
    assert f.line in _bug_lines(f.file), (f.file, f.line, f.message)
    assert f.evidence["trace"]["confirmed"] is True
    assert [g for g in report.findings if g.severity == "error" and g.file] == [f]


def test_a_factor_never_divided_out_is_placed_where_it_enters_at_info_level():
    """dscores = (probs - Y) / n with n = 1: every intermediate is N times its derivative; dividing
    dscores by N in a re-run makes every block right. Where to divide is a choice, so the line is
    info (the scale-mismatch cause stays unlocated), reached from the variant's call that passes
    n = 1."""
    case = all_cases()["dict-relu/missing-1-over-n"]
    report = bd.check(**_kwargs(case), lint=False)
    f = _located(report)
    assert f.id == "wrong-line" and f.severity == "info"
    assert "dscores = (probs - one_hot(y, probs.shape[1])) / n" in f.evidence["trace"]["source"]
    assert "10 times the true derivative" in f.message
    caller = f.evidence["trace"]["reached_from"]
    assert caller[1] in _bug_lines(caller[0])
    assert any(g.id == "scale-mismatch" and g.severity == "error" and g.file is None
               for g in report.findings)


def test_the_located_line_carries_its_evidence_in_json_and_the_rich_view():
    case = all_cases()["two-layer-sigmoid/derivative-on-activation"]
    report = bd.check(**_kwargs(case), lint=False)
    doc = json.loads(report.to_json())
    f = next(f for f in doc["findings"] if "trace" in f)
    assert f["id"] == "hidden-layer-mismatch" and f["severity"] == "error"
    assert f["file"].endswith("variants.py") and isinstance(f["line"], int)
    trace = f["trace"]
    assert any(a["name"] == "delta3" for a in trace["agree"])
    assert any(d["name"] == "delta2" and d["matches"] == "z2" for d in trace["disagree"])
    assert "sigmoid_gradient(a2[:, 1:])" in trace["source"]
    text = " ".join(str(report).split())
    assert f"{f['line']} | return (delta3 @ theta2[:, 1:])" in text
    assert "variants.py:" + str(f["line"]) in text


def _correct_cases():
    return sorted(n for n, c in all_cases().items() if c.kind == "gradient" and c.correct)


@pytest.mark.parametrize("name", _correct_cases())
def test_correct_program_traced_anyway_gets_no_line_level_error(name, monkeypatch):
    from backprop_doctor import localize

    case = all_cases()[name]
    plain = bd.check(**_kwargs(case), lint=False, trace=False)
    monkeypatch.setattr(localize, "should_trace", lambda report, options: True)
    traced = bd.check(**_kwargs(case), lint=False)   # traced although the check passed
    assert traced.ok == plain.ok
    assert [f for f in traced.findings if "trace" in f.evidence]
    assert not [f for f in traced.findings if "trace" in f.evidence and f.severity == "error"]


@pytest.mark.parametrize("name", ["two-layer-sigmoid/derivative-on-activation",
                                  "dict-relu/missing-1-over-n", "logistic/error-y-minus-p"])
def test_tracing_changes_neither_verdict_nor_the_users_arrays(name):
    case = all_cases()[name]
    k = _kwargs(case)
    before = copy.deepcopy((k["params"], k["args"]))
    on = bd.check(**k, lint=False)
    off = bd.check(**k, lint=False, trace=False)
    assert (on.ok, on.n_failed, on.failing_blocks) == (off.ok, off.n_failed, off.failing_blocks)
    assert not [f for f in off.findings if "trace" in f.evidence]
    assert [f for f in on.findings if "trace" in f.evidence]
    params, args = before
    if isinstance(params, dict):
        for key in params:
            np.testing.assert_array_equal(k["params"][key], params[key])
    else:
        np.testing.assert_array_equal(np.asarray(k["params"]), np.asarray(params))
    for a, b in zip(k["args"], args):
        if isinstance(a, np.ndarray):
            np.testing.assert_array_equal(a, b)


def test_no_line_found_says_why_when_the_gradient_reruns_the_cost():
    case = all_cases()["two-layer-sigmoid/numeric-fprime-from-1"]
    report = bd.check(**_kwargs(case), lint=False)
    f = next(f for f in report.findings if f.id == "no-line-found")
    assert f.severity == "info" and f.line is None
    assert f.evidence["trace"]["reason"] == "gradient-calls-cost"
    assert "numerical gradient" in f.message


def test_a_gradient_with_no_named_intermediate_gets_its_forming_line_as_info_only():
    """logistic: `return X.T @ (y - h) / m + ...` names no delta; the line that forms the block is
    reported, at info level, since nothing it reads could be compared with a derivative."""
    case = all_cases()["logistic/error-y-minus-p"]
    report = bd.check(**_kwargs(case), lint=False)
    f = next(f for f in report.findings if f.id == "wrong-line")
    assert f.severity == "info" and f.line in _bug_lines(f.file)
    assert f.evidence["trace"]["confirmed"] is False


def test_cli_no_trace_switches_tracing_off(capsys):
    from backprop_doctor.cli import main

    path = os.path.join(os.path.dirname(__file__), "programs", "seed001_buggy.py")
    assert main(["check", path + ":grad", "--json", "--no-trace"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert not [f for f in doc["findings"] if "trace" in f]
    assert main(["check", path + ":grad", "--json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert [f for f in doc["findings"] if "trace" in f]


def test_the_arguments_the_check_hands_in_never_disagree():
    """A layer's upstream gradient (dout) is an input of the backward, not an adjoint the user's
    code made: matched by shape to another intermediate it used to be listed as a disagreement."""
    from backprop_doctor.runner_cases import run_case
    from reference_models import all_cases

    report = run_case(all_cases()["layers/layernorm-wrong-axis"])
    traces = [f.evidence["trace"] for f in report.findings if "trace" in f.evidence]
    assert traces
    for trace in traces:
        assert "dout" not in [d["name"] for d in trace.get("disagree", [])]
        assert [d["name"] for d in trace.get("disagree", [])] == ["dx"]
