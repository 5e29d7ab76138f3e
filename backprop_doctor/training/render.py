"""Rich renderings of step and training reports: renderers return renderables, only the CLI prints."""
from __future__ import annotations

import io
from typing import TYPE_CHECKING, List, Optional, Sequence

import numpy as np
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..render_rich import findings_renderable, fmt
from .rules.misapplied_update import VAGUE

if TYPE_CHECKING:   # annotations only: step_report renders itself through this module
    from .step_report import StepReport

SPARK = "▁▂▃▄▅▆▇█"


def as_text(renderable: RenderableType, width: int = 100) -> str:
    console = Console(file=io.StringIO(), width=width, color_system=None, highlight=False)
    console.print(renderable)
    return console.file.getvalue()


def step_verdict(report: StepReport) -> Text:
    against = "your grad()" if report.gradient_source == "grad" else "the true gradient (central differences)"
    if report.ok:
        text = Text("PASSED ", style="bold green")
        text.append(f"step check: the step is -lr * gradient with lr = {fmt(report.lr, 8)} "
                    f"(relative residual {fmt(report.rel_residual, 2)}, compared with {against})")
        return text
    text = Text("FAILED ", style="bold red")
    text.append(f"step check: the step is not -lr * gradient for one lr > 0 (compared with {against})")
    named = [str(f.evidence.get("cause")) for f in report.findings
             if f.id == "misapplied-update" and f.evidence.get("cause") not in VAGUE]
    off = [f.block for f in report.findings if f.evidence.get("cause") == "off-gradient"
           and f.id != "misapplied-update"]
    seen = [str(f.evidence.get("cause")) for f in report.findings
            if f.evidence.get("cause") in VAGUE]
    if named:   # a cause whose prediction the numbers confirmed
        text.append(f". Likely cause: misapplied-update ({', '.join(named)})")
    elif off:
        text.append(f". The update rule is right; the gradient it applies to {', '.join(off)} is "
                    "wrong (no specific cause confirmed)")
    elif seen:
        text.append(f". No specific cause confirmed (seen: {', '.join(seen)})")
    return text


def step_blocks_table(report: StepReport) -> Table:
    table = Table(title="per block", title_justify="left")
    for col, just in (("block", "left"), ("shape", "left"), ("own lr", "right"),
                      ("rel residual", "right"), ("", "left")):
        table.add_column(col, justify=just)
    for b in report.blocks:
        mark = Text("ok", style="green") if b.ok else Text("FAIL", style="bold red")
        table.add_row(b.name, "x".join(map(str, b.shape)) or "scalar", fmt(b.lr, 6),
                      fmt(b.rel_residual, 2), mark)
    return table


def render_step_report(report: StepReport) -> RenderableType:
    parts: List[RenderableType] = [step_verdict(report), Text(""), step_blocks_table(report)]
    findings = findings_renderable(list(report.findings))
    if findings is not None:
        parts.append(findings)
    exact = next((f.evidence["exact_blocks"] for f in report.findings
                  if "exact_blocks" in f.evidence), None)
    if report.lr_source == "given":
        how = f"lr = {fmt(report.lr, 8)} (given with --lr)"
    elif exact:
        how = (f"lr = {fmt(report.lr, 8)} (the rate {', '.join(exact)} "
               f"{'moves' if len(exact) == 1 else 'move'} by exactly)")
    else:
        how = (f"fitted lr = -<delta, g>/<g, g> = {fmt(report.lr, 8)} (--lr RATE checks against "
               "the rate you meant: a step that is a multiple of the gradient fits any rate)")
    parts.append(Text(f"{how}; relative residual "
                      f"||delta + lr g||/||delta|| = {fmt(report.rel_residual, 2)} (allowed "
                      f"{fmt(report.tolerance, 2)}); cosine(delta, -g) = {fmt(report.cosine, 4)}; "
                      f"{report.n_params} parameters, {report.n_evaluations} cost evaluations",
                      style="dim"))
    if report.command:
        parts.append(Text.assemble(("reproduce: ", "bold"), report.command))
    return Group(*parts)


def sparkline(values: Sequence[float], width: int = 60) -> str:
    """The loss curve in block characters, resampled to `width`; non-finite values show as '!'."""
    v = np.asarray(values, dtype=np.float64)
    if v.size == 0:
        return ""
    if v.size > width:
        edges = np.linspace(0, v.size, width + 1).astype(int)
        v = np.array([np.mean(v[a:b]) if np.all(np.isfinite(v[a:b])) else np.nan
                      for a, b in zip(edges[:-1], edges[1:])])
    finite = v[np.isfinite(v)]
    if finite.size == 0:
        return "!" * v.size
    lo, hi = float(finite.min()), float(finite.max())
    span = hi - lo
    out = []
    for x in v:
        if not np.isfinite(x):
            out.append("!")
        elif span <= 0:
            out.append(SPARK[0])
        else:
            out.append(SPARK[int(round((x - lo) / span * (len(SPARK) - 1)))])
    return "".join(out)


def loss_line(losses: Sequence[float], label: Optional[str] = None) -> Text:
    v = np.asarray(losses, dtype=np.float64)
    text = Text(f"{label or 'loss'}  ", style="bold")
    text.append(f"{fmt(v[0], 4)} ")
    text.append(sparkline(v), style="cyan")
    text.append(f" {fmt(v[-1], 4)}  ({len(v) - 1} steps)")
    return text


def training_verdict(report) -> Text:
    errors = [f for f in report.findings if f.severity == "error"]
    warnings = [f for f in report.findings if f.severity == "warning"]
    start, end = report.initial_loss, report.final_loss
    if report.ok and not warnings:
        text = Text("PASSED ", style="bold green")
        text.append(f"training run: {report.n_steps} steps, loss {fmt(start, 4)} -> {fmt(end, 4)}, "
                    "no symptom of a broken setup")
        return text
    if report.ok:
        text = Text("PASSED ", style="bold yellow")
        text.append(f"training run: {report.n_steps} steps, loss {fmt(start, 4)} -> {fmt(end, 4)}, "
                    f"with {len(warnings)} warning{'s' if len(warnings) != 1 else ''}: "
                    + ", ".join(dict.fromkeys(f.id for f in warnings)))
        return text
    text = Text("FAILED ", style="bold red")
    text.append(f"training run: {report.n_steps} steps, loss {fmt(start, 4)} -> {fmt(end, 4)}. "
                "Found: " + ", ".join(dict.fromkeys(f.id for f in errors)))
    return text


def training_blocks_table(report) -> Table:
    table = Table(title="per block (RMS per entry)", title_justify="left")
    cols = ["block", "shape", "weights start", "weights end", "first step", "last step"]
    with_grad = any(b.grad_rms_start is not None for b in report.blocks)
    if with_grad:
        cols += ["grad start", "grad end"]
    for c in cols:
        table.add_column(c, justify="left" if c in ("block", "shape") else "right")
    for b in report.blocks:
        row = [b.name, "x".join(map(str, b.shape)) or "scalar", fmt(b.weight_rms_start, 3),
               fmt(b.weight_rms_end, 3), fmt(b.update_rms_first, 3), fmt(b.update_rms_last, 3)]
        if with_grad:
            row += [fmt(b.grad_rms_start, 3), fmt(b.grad_rms_end, 3)]
        table.add_row(*row)
    return table


def render_training_report(report) -> RenderableType:
    parts: List[RenderableType] = [training_verdict(report), Text(""), loss_line(report.losses)]
    if report.accuracy_end is not None:
        parts.append(Text(f"accuracy  {report.accuracy_start:.0%} -> {report.accuracy_end:.0%}"))
    parts.append(training_blocks_table(report))
    findings = findings_renderable(list(report.findings))
    if findings is not None:
        parts.append(findings)
    if report.skipped:
        parts.append(Text("not checked: " + "; ".join(f"{s.rule} ({s.reason})" for s in report.skipped),
                          style="dim"))
    if report.command:
        parts.append(Text.assemble(("reproduce: ", "bold"), report.command))
    return Group(*parts)
