"""Renderers on a fixed report: the rich text a user reads and the notebook HTML."""
import io

import numpy as np
import pytest
from rich.console import Console

import backprop_doctor as bd
import fmincg_net


@pytest.fixture(scope="module")
def failing_report():
    cost, grad = fmincg_net.make(buggy=True)
    theta, args = fmincg_net.point(0)
    return bd.check(cost, grad, theta, args, blocks=fmincg_net.BLOCKS,
                    command="backprop-doctor check net.py:grad --blocks theta1=5x4,theta2=3x6 --seed 0")


def render(report, width=80):
    console = Console(file=io.StringIO(), width=width, color_system=None, highlight=False)
    console.print(report)
    return console.file.getvalue()


def test_failing_report_text(failing_report):
    text = render(failing_report)
    assert text.startswith("FAILED gradient check: 18 of 38 entries disagree, in theta2")
    assert "theta1 │ 5x4   │      20 │      0" in text
    assert "theta2[0,0]" in text and "-1" in text      # the ratio column shows the sign flip
    assert "rel error = |analytic - numeric|" in text   # the legend explains the numbers
    assert "reproduce: backprop-doctor check net.py:grad" in text


def test_report_fits_80_columns_and_has_no_colour_codes(failing_report):
    text = render(failing_report, width=80)
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "\x1b[" not in text


def test_passing_report_text():
    cost, grad = fmincg_net.make(buggy=False)
    theta, args = fmincg_net.point(0)
    text = render(bd.check(cost, grad, theta, args, blocks=fmincg_net.BLOCKS))
    assert text.startswith("PASSED gradient check: all 38 checked entries agree")
    assert "worst entries" not in text


def test_str_and_notebook_html(failing_report):
    assert "FAILED" in str(failing_report)
    html = failing_report._repr_html_()
    assert html.lstrip().startswith("<pre")          # a fragment: a cell must not restyle the page
    assert "theta2" in html


def test_non_finite_numbers_are_null_in_json():
    import json

    report = bd.check(lambda w: float(w @ w), lambda w: 2 * w, np.array([1.0, 2.0]), max_checks=1)
    doc = json.loads(report.to_json())
    assert doc["mode"] == "screen"
    assert all(isinstance(b["max_rel_error"], (float, type(None))) for b in doc["blocks"])
