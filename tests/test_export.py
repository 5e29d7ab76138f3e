"""--html/--svg exports and the notebook view show the same report as the terminal."""
import html
import json
import os
import re
import xml.etree.ElementTree as ET

import pytest

import backprop_doctor as bd
from backprop_doctor import export
from backprop_doctor.cli import main
from backprop_doctor.render_rich import render_report, report_text

PROGRAMS = os.path.join(os.path.dirname(__file__), "programs")
SEED001_BUGGY = os.path.join(PROGRAMS, "seed001_buggy.py")


@pytest.fixture(scope="module")
def failing_report():
    import fmincg_net

    cost, grad = fmincg_net.make(buggy=True)
    theta, args = fmincg_net.point(0)
    return bd.check(cost, grad, theta, args, blocks=fmincg_net.BLOCKS, lint=False, config=False,
                    command="backprop-doctor check seed001_buggy.py:grad --seed 0")


def visible_text(markup: str) -> str:
    """What a browser shows inside the <pre>: tags dropped, entities decoded."""
    body = re.search(r"<pre[^>]*>(.*)</pre>", markup, re.S).group(1)
    return html.unescape(re.sub(r"<[^>]+>", "", body))


def terminal_lines(report):
    return [line.rstrip() for line in report_text(report, width=export.EXPORT_WIDTH).splitlines()]


def test_html_page_shows_exactly_the_terminal_text(failing_report):
    page = export.to_html(render_report(failing_report))
    assert page.startswith("<!DOCTYPE html>") and "<title>backprop-doctor report</title>" in page
    shown = [line.rstrip() for line in visible_text(page).splitlines()]
    assert shown == terminal_lines(failing_report)
    assert "┃ block  ┃" in visible_text(page) and "theta2[0,0]" in visible_text(page)


def test_html_keeps_the_colours(failing_report):
    page = export.to_html(render_report(failing_report))
    # the FAILED verdict is bold red, the ok mark green: styles are inline, no stylesheet needed
    assert re.search(r'<span style="[^"]*color: #[0-9a-f]{6}[^"]*font-weight: bold">FAILED', page)
    assert re.search(r'<span style="color: #[0-9a-f]{6}[^"]*">ok', page)


def test_svg_is_well_formed_and_has_the_tables(failing_report):
    svg = export.to_svg(render_report(failing_report), title="seed 001")
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    text = html.unescape(" ".join(t.text or "" for t in root.iter() if t.tag.endswith("text")))
    text = text.replace("\xa0", " ")
    for expected in ("FAILED", "theta1", "theta2", "sign-flip", "seed 001", "reproduce:"):
        assert expected in text


def test_notebook_html_is_a_fragment_with_the_rich_report(failing_report):
    fragment = failing_report._repr_html_()
    assert fragment.startswith("<pre") and fragment.rstrip().endswith("</pre>")
    # a whole page inside a cell would restyle the notebook: no <body>, no body{} rule
    assert "<body" not in fragment and "body {" not in fragment and "<style" not in fragment
    shown = [line.rstrip() for line in visible_text(fragment).splitlines()]
    assert shown == terminal_lines(failing_report)


def test_ipython_displays_the_report_as_html(failing_report):
    formatters = pytest.importorskip("IPython.core.formatters")
    shown = formatters.HTMLFormatter()(failing_report)
    assert shown == failing_report._repr_html_()
    assert "FAILED gradient check" in visible_text(shown)


def test_save_functions_write_utf8_files(failing_report, tmp_path):
    page = export.save_html(render_report(failing_report), str(tmp_path / "r.html"))
    picture = export.save_svg(render_report(failing_report), str(tmp_path / "r.svg"))
    assert "┏" in open(page, encoding="utf-8").read()
    ET.parse(picture)


def test_cli_html_and_svg_beside_json(tmp_path, capsys):
    page, picture = tmp_path / "report.html", tmp_path / "report.svg"
    code = main(["check", SEED001_BUGGY + ":grad", "--json", "--html", str(page), "--svg", str(picture)])
    out, err = capsys.readouterr()
    assert code == 1
    doc = json.loads(out)                           # stdout: exactly the JSON document
    text = visible_text(page.read_text(encoding="utf-8"))
    assert "FAILED gradient check: 18 of 38 entries disagree, in theta2" in text
    assert doc["command"] in " ".join(text.split())
    ET.parse(str(picture))
    assert f"saved {page}" in " ".join(err.split()) and f"saved {picture}" in " ".join(err.split())


def test_cli_html_matches_the_terminal_output(tmp_path, capsys):
    page = tmp_path / "report.html"
    code = main(["check", SEED001_BUGGY + ":grad", "--html", str(page)])
    out, _ = capsys.readouterr()
    assert code == 1
    # the terminal here is a captured stream of rich's default width (80); compare words
    assert " ".join(visible_text(page.read_text(encoding="utf-8")).split()).startswith(
        "FAILED gradient check: 18 of 38 entries disagree")
    for word in ("theta2[0,0]", "sign-flip", "per block", "worst entries", "diagnosis", "reproduce:"):
        assert word in out and word in page.read_text(encoding="utf-8")
