"""Rich rendering of a gradient-check report: renderers return renderables, only the CLI prints."""
from __future__ import annotations

import io
from typing import TYPE_CHECKING, List, Optional

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from .findings import Finding

if TYPE_CHECKING:   # annotations only: the report module renders itself through this one
    from .report import Report

WORST_SHOWN = 10
_SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}

LEGEND = (
    "rel error = |analytic - numeric| / max(|analytic|, |numeric|): about 1e-7 or less means the two "
    "agree (float64); 1e-4 to 1e-2 is a small bug or float32; near 1 the gradient is wrong, 2 means "
    "the opposite sign.",
    "ratio = analytic / numeric: -1 is a sign flip, a constant like 0.5 or 2 is a scale mistake. "
    "Entries are checked against their own noise-based tolerance, so tiny entries are not failed "
    "for rounding.",
)


def fmt(value: Optional[float], digits: int = 6) -> str:
    if value is None:
        return "-"
    if value != value:  # NaN
        return "nan"
    return f"{value:.{digits}g}"


def verdict(report: Report) -> Text:
    where = ", ".join(report.failing_blocks[:4]) + (" ..." if len(report.failing_blocks) > 4 else "")
    errors = [f for f in report.findings if f.severity == "error"]
    what = report.title
    short = [b for b in report.blocks if b.screened_only]
    if report.ok and short:     # the user asked for the screen: say what it covered, not PASSED
        text = Text("SCREENED ", style="bold yellow")
        text.append(f"{what}: no single-entry error above {fmt(report.screen_floor, 2)} relative "
                    f"(in {', '.join(b.name for b in short[:4])}); run --full to check below. "
                    f"{report.n_checked} of {report.n_params} entries checked one by one")
        return text
    if report.ok:
        text = Text("PASSED ", style="bold green")
        text.append(f"{what}: all {report.n_checked} checked entries agree with the numerical "
                    f"gradient (max rel error {fmt(report.max_rel_error, 2)})")
        if report.mode == "screen":
            text.append(f"; screened {report.n_checked} of {report.n_params} entries one by one, "
                        f"every block down to single-entry errors of "
                        f"{fmt(report.screen_floor, 2)} relative (what --full fails)")
        return text
    if not report.n_failed and short and all(f.id == "screen-incomplete" for f in errors):
        text = Text("SCREENED ", style="bold yellow")
        text.append(f"{what}: no single-entry error above {fmt(report.screen_floor, 2)} relative "
                    f"(in {', '.join(b.name for b in short[:4])}); --full fails smaller ones: run "
                    "--full to check below, or --screen to accept this floor")
        return text
    text = Text("FAILED ", style="bold red")
    if report.n_failed:
        text.append(f"{what}: {report.n_failed} of {report.n_checked} entries disagree, in {where}")
    else:
        text.append(f"{what}: no entry disagrees, but {len(errors)} problem"
                    f"{'s' if len(errors) != 1 else ''} make the result untrustworthy")
    from .findings import is_candidate, is_confirmed_cause

    named = [f.id for f in errors if is_confirmed_cause(f) and f.id != "wrong-line"]  # a place
    if named:
        text.append(f". Likely cause: {', '.join(dict.fromkeys(named))}")
    elif any(f.id == "gradient-mismatch" for f in errors):
        candidates = [f.id for f in report.findings if is_candidate(f)]
        text.append(". No specific cause confirmed" + (
            f" (candidates: {', '.join(dict.fromkeys(candidates))})" if candidates else "")
            + "; see the diagnosis")
    return text


def blocks_table(report: Report) -> Table:
    table = Table(title="per block", title_justify="left", expand=False)
    for col, just in (("block", "left"), ("shape", "left"), ("checked", "right"),
                      ("failed", "right"), ("max rel error", "right"), ("", "left")):
        table.add_column(col, justify=just)
    for b in report.blocks:
        mark = Text("ok", style="green") if b.ok else Text("FAIL", style="bold red")
        if b.screened_only:
            mark = Text(f"screened to {fmt(b.screen.floor, 2)}", style="yellow")
        table.add_row(b.name, "x".join(map(str, b.shape)) or "scalar", str(b.n_checked),
                      str(b.n_failed), fmt(b.max_rel_error, 2), mark)
    return table


def worst_table(report: Report, limit: int = WORST_SHOWN) -> Optional[Table]:
    if not report.failures:
        return None
    shown = report.failures[:limit]
    title = f"worst entries ({len(shown)} of {len(report.failures)} failing)"
    table = Table(title=title, title_justify="left")
    for col in ("entry", "analytic", "numeric", "ratio", "rel error"):
        table.add_column(col, justify="left" if col == "entry" else "right")
    for e in shown:
        ratio = e.analytic / e.numeric if e.numeric not in (0.0,) and e.numeric == e.numeric else None
        table.add_row(e.label, fmt(e.analytic), fmt(e.numeric), fmt(ratio, 3), fmt(e.rel_error, 2))
    return table


def findings_renderable(findings: List[Finding]) -> Optional[Table]:
    if not findings:
        return None
    table = Table(title="diagnosis", title_justify="left", show_lines=True)
    wheres = [_where(f) for f in findings]
    table.add_column("rule", no_wrap=True)
    # `file.py:123` must stay whole (it is what the user types into an editor): as wide as the
    # longest place, up to a third of an 80-column terminal; block lists wrap at commas.
    table.add_column("where", min_width=min(MAX_WHERE, max(len(w) for w in wheres)))
    table.add_column("what we saw, and the fix", ratio=1)
    for f, where in zip(findings, wheres):
        rule = Text(f.id, style=_SEVERITY_STYLE.get(f.severity, ""))
        rule.append(f"\n{f.severity}", style="dim")
        body = _message_text(f)
        body.append("\nfix: ", style="bold")
        body.append(f.fix)
        table.add_row(rule, where, body)
    return table


def _message_text(f: Finding) -> Text:
    """The message; a traced finding's quoted source line (`    41 | code`) is highlighted."""
    trace = f.evidence.get("trace") if isinstance(f.evidence, dict) else None
    if not trace or not f.line or "\n" not in f.message:
        return Text(f.message)
    head, _, quoted = f.message.rpartition("\n")
    text = Text(head)
    text.append("\n")
    text.append(quoted, style="bold yellow" if f.severity == "error" else "yellow")
    return text


MAX_WHERE = 28


def _where(f: Finding) -> str:
    if f.file:
        import os

        base = os.path.basename(f.file)
        return f"{base}:{f.line}" if f.line else base
    return ", ".join(f.all_blocks) or "whole program"


def render_report(report: Report) -> RenderableType:
    parts: List[RenderableType] = [verdict(report), Text("")]
    parts.append(blocks_table(report))
    layout = layout_line(report)
    if layout is not None:
        parts.append(layout)
    worst = worst_table(report)
    if worst is not None:
        parts.append(worst)
    findings = findings_renderable(list(report.findings))
    if findings is not None:
        parts.append(findings)
    summary = Text(f"{report.n_evaluations} cost evaluations, mode {report.mode}, "
                   f"relative difference ||a-n||/||a+n|| = {fmt(report.relative_difference, 2)}, "
                   f"steps {fmt(report.settings.step_factor, 2)} x max(1,|x|), "
                   f"cost noise {fmt(report.settings.noise_relative, 2)} relative", style="dim")
    parts.append(summary)
    if worst is not None:   # the legend explains the worst-entries table: only shown with it
        for line in LEGEND:
            parts.append(Text(line, style="dim"))
    from .config import config_line

    shown = config_line(report.settings.config)
    if shown:
        parts.append(Text(shown, style="dim"))
    if report.command:
        parts.append(Text.assemble(("reproduce: ", "bold"), report.command))
    return Group(*parts)


def layout_line(report: Report) -> Optional[Text]:
    """Where the block names came from, when the user can act on it (copy it into --blocks)."""
    info = report.layout or {}
    if info.get("source") == "inferred":
        order = f" --order {info['order']}" if info.get("order") == "F" else ""
        return Text.assemble(("blocks inferred from how your cost slices theta: ", "dim"),
                             f"--blocks {info['blocks']}{order}",
                             (" (pass it yourself to fix the names)", "dim"))
    if info.get("source") in ("wrt-matched", "wrt-first"):
        others = " or ".join(info.get("alternatives") or [])
        if info["source"] == "wrt-matched":
            how = (f"the gradients are taken for {info['blocks']}: they have the shape of "
                   f"{others} too, and match {info['blocks']}'s numerical gradient")
        else:
            how = (f"the gradients are taken for {info['blocks']}, the first inputs of their "
                   f"shape (as layers return gradients in input order); they match neither that "
                   f"nor {others}")
        return Text(f"{how}; --wrt NAME chooses (API: wrt=...).", style="dim")
    if info.get("source") == "none" and not report.ok:
        return Text("theta is checked as one flat block (no layout given, none inferred from how "
                    "the cost uses it); if it holds several matrices, --blocks NAME=ROWSxCOLS,... "
                    "(e.g. theta1=5x4,theta2=3x6) would sharpen the diagnosis.", style="dim")
    return None


def report_text(report: Report, width: int = 100) -> str:
    console = Console(file=io.StringIO(), width=width, color_system=None, highlight=False)
    console.print(render_report(report))
    return console.file.getvalue()


def report_html(report: Report, width: int = 100) -> str:
    """For notebooks: an HTML fragment (a full page would restyle the notebook's body)."""
    from .export import notebook_html

    return notebook_html(render_report(report), width)


