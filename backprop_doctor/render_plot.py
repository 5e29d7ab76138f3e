"""Pictures of a gradient check: where in each block the error sits, and what shape it has.

Per block, two panels:
- a heat map of the relative error laid out in the block's own shape, on a log scale shared by
  every block, so a bias column, a single row or a whole block lights up; entries not checked (a
  screened big model) are grey;
- analytic against numerical values of the checked entries with the line y = x: a sign flip
  falls on y = -x (drawn lightly), a scale mistake on a line y = c x (drawn when the failing
  entries fit one).

matplotlib is optional (the `plot` extra) and imported only here, through the object API with
the Agg canvas: no pyplot state, no change to the backend of a notebook that imports us.
"""
from __future__ import annotations

import math
from typing import List, Optional, Sequence, Tuple

import numpy as np

from .errors import optional_import
from .report import BELOW_NOISE, FAILED, KINK, NOT_CHECKED, PASSED, BlockResult, Report

ERROR_FLOOR = 1e-16          # rel errors below this (exact agreement) are drawn at the floor
ERROR_CEILING = 2.0          # the largest possible rel error (opposite signs)
ERROR_VMIN = 1e-12           # bottom of the colour scale: float64 agreement is 1e-7 .. 1e-11
STRIP_WIDTH = 64             # 1-D blocks longer than this wrap into rows of this width
ROW_HEIGHT = 3.2             # inches per block
FAIL_COLOR, PASS_COLOR, KINK_COLOR, NOISE_COLOR = "#d62728", "#1f77b4", "#ff7f0e", "#9e9e9e"
NOT_CHECKED_COLOR = "#8c8c8c"
SCALE_FIT_MIN_R2 = 0.98      # draw y = c x only when the failing entries really lie on it


def require_matplotlib():
    """matplotlib, or InputError "plotting needs matplotlib: pip install 'backprop-doctor[plot]'"."""
    return optional_import("matplotlib", "plot", "plotting")


def plot_report(report: Report, path: str, dpi: int = 110) -> str:
    """Save the report's picture to `path` (format from the extension: png, svg, pdf)."""
    figure = report_figure(report)
    figure.savefig(path, dpi=dpi)
    return path


def report_figure(report: Report):
    """A matplotlib Figure: the verdict on top, one row (heat map, scatter) per block."""
    require_matplotlib()
    from matplotlib.figure import Figure

    blocks = list(report.blocks)
    figure = Figure(figsize=(11, 1.2 + ROW_HEIGHT * max(1, len(blocks))), layout="constrained")
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(figure)
    from .render_rich import verdict

    figure.suptitle(_wrap(verdict(report).plain, 110), fontsize=12, fontweight="bold",
                    color=PASS_COLOR if report.ok else FAIL_COLOR)
    if not blocks:
        return figure
    axes = figure.subplots(len(blocks), 2, squeeze=False, width_ratios=[1.35, 1])
    findings_by_block = _findings_by_block(report)
    image = None
    rtol = report.settings.rtol
    for row, block in enumerate(blocks):
        image = plot_block(block, axes[row][0], axes[row][1], rtol=rtol,
                           findings=findings_by_block.get(block.name, ()))
    colorbar = figure.colorbar(image, ax=[a[0] for a in axes], location="right", pad=0.02,
                               shrink=min(1.0, 0.35 + 0.6 / len(blocks)), aspect=25)
    colorbar.set_label("relative error |a - n| / max(|a|, |n|)", fontsize=8)
    colorbar.ax.tick_params(labelsize=7)
    colorbar.ax.axhline(rtol, color="black", linewidth=1.2)
    colorbar.ax.text(-0.2, rtol, f"tol {rtol:g}", transform=colorbar.ax.get_yaxis_transform(),
                     va="center", ha="right", fontsize=7)
    return figure


def plot_block(block: BlockResult, heat_ax, scatter_ax, rtol: float = 1e-6,
               findings: Sequence[str] = ()):
    """Draw one block on two axes (usable without a Report); returns the heat map image."""
    image = _heat_map(block, heat_ax, findings, rtol)
    _scatter(block, scatter_ax, rtol)
    return image


# -- heat map --------------------------------------------------------------------------------
def relative_error(block: BlockResult) -> np.ndarray:
    """Per-entry |a - n| / max(|a|, |n|) in the block's shape; NaN where not checked."""
    a = np.asarray(block.analytic, dtype=np.float64)
    n = np.asarray(block.numeric, dtype=np.float64)
    scale = np.maximum(np.abs(a), np.abs(n))
    with np.errstate(invalid="ignore", divide="ignore"):
        rel = np.where(scale > 0, np.abs(a - n) / np.where(scale > 0, scale, 1.0), 0.0)
    rel = np.where(np.asarray(block.status) == NOT_CHECKED, np.nan, rel)
    return rel


def grid_of(values: np.ndarray, fill: float = np.nan) -> Tuple[np.ndarray, str, str]:
    """The block as a 2-D grid for display, with the row and column axis labels.

    Scalars are 1x1, vectors a 1xN strip (long ones wrapped row-major into a grid about four
    times wider than tall, the tail padded with `fill`), matrices as they are, higher ranks with
    the first axis as rows and the remaining axes flattened into columns.
    """
    values = np.asarray(values, dtype=np.float64)
    if values.ndim == 0:
        return values.reshape(1, 1), "", ""
    if values.ndim == 1:
        n = values.size
        if n <= STRIP_WIDTH:
            return values.reshape(1, n), "", "index"
        width = wrap_width(n)
        rows = math.ceil(n / width)
        padded = np.full(rows * width, fill)
        padded[:n] = values
        return padded.reshape(rows, width), f"index // {width}", f"index % {width}"
    if values.ndim == 2:
        return values, "row (axis 0)", "column (axis 1)"
    rest = "x".join(map(str, values.shape[1:]))
    return (values.reshape(values.shape[0], -1), "axis 0",
            f"axes 1..{values.ndim - 1} flattened ({rest}, row-major)")


def wrap_width(n: int) -> int:
    """Row width for a long vector: rows ~ width / 4, rounded up to a multiple of 10."""
    return int(10 * math.ceil(math.sqrt(4 * n) / 10))


def _heat_map(block: BlockResult, ax, findings: Sequence[str], rtol: float):
    from matplotlib.colors import LogNorm

    rel = relative_error(block)
    grid, ylabel, xlabel = grid_of(np.clip(rel, ERROR_FLOOR, ERROR_CEILING))
    failed, _, _ = grid_of(np.asarray(block.status) == FAILED)
    kinks, _, _ = grid_of(np.asarray(block.status) == KINK)
    image = ax.imshow(np.ma.masked_invalid(grid), cmap=error_colormap(rtol),
                      norm=LogNorm(vmin=ERROR_VMIN, vmax=ERROR_CEILING),
                      aspect="equal" if max(grid.shape) <= 24 else "auto",
                      interpolation="nearest")
    padding, _, _ = grid_of(np.zeros(block.shape), fill=1.0)
    if np.any(padding == 1):  # the tail of a wrapped vector: not an entry at all, so white
        overlay = np.zeros(padding.shape + (4,))
        overlay[padding == 1] = (1.0, 1.0, 1.0, 1.0)
        ax.imshow(overlay, aspect=image.axes.get_aspect(), interpolation="nearest")
    rows, cols = np.nonzero(failed == 1)
    if 0 < len(rows) <= 400:
        ax.scatter(cols, rows, marker="x", s=_marker_size(grid.shape), color="white",
                   linewidths=1.2, label="failed")
    rows, cols = np.nonzero(kinks == 1)
    if 0 < len(rows) <= 400:
        ax.scatter(cols, rows, marker="^", s=_marker_size(grid.shape), facecolors="none",
                   edgecolors=KINK_COLOR, linewidths=1.2, label="kink")
    _integer_ticks(ax, grid.shape)
    ax.set_ylabel(ylabel, fontsize=8)
    ax.set_xlabel(xlabel, fontsize=8)
    shape = "x".join(map(str, block.shape)) or "scalar"
    verdict = "ok" if block.ok else f"FAILED {block.n_failed} of {block.n_checked}"
    if block.n_checked < int(np.prod(block.shape, dtype=np.int64)):
        verdict += f" (checked {block.n_checked} of {int(np.prod(block.shape, dtype=np.int64))}; grey: not checked)"
    title = f"{block.name} ({shape}): {verdict}"
    if findings:
        title += "\n" + ", ".join(findings)
    ax.set_title(title, fontsize=10, loc="left", color=PASS_COLOR if block.ok else FAIL_COLOR)
    return image


def error_colormap(rtol: float):
    """Pale blue below the tolerance (agreement), light orange to dark red above it (lit).

    The break sits at `rtol` on the log scale from ERROR_VMIN to ERROR_CEILING, so "clean" and
    "lit" mean the same thing as the verdict; unchecked entries are grey."""
    from matplotlib.colors import LinearSegmentedColormap

    lo, hi = math.log10(ERROR_VMIN), math.log10(ERROR_CEILING)
    t = min(max((math.log10(rtol) - lo) / (hi - lo), 0.05), 0.95)
    cmap = LinearSegmentedColormap.from_list("bd_rel_error", [
        (0.0, "#f7fbff"), (t * 0.999, "#9ecae1"), (t, "#fdd49e"), (t + (1 - t) * 0.5, "#ef6548"),
        (1.0, "#7f0000")])
    return cmap.with_extremes(bad=NOT_CHECKED_COLOR)


def _marker_size(shape: Tuple[int, int]) -> float:
    return float(np.clip(900.0 / max(shape), 6.0, 60.0))


def _integer_ticks(ax, shape: Tuple[int, int]) -> None:
    from matplotlib.ticker import MaxNLocator

    for axis, size in ((ax.yaxis, shape[0]), (ax.xaxis, shape[1])):
        if size == 1:
            axis.set_ticks([])
        elif size <= 20:
            axis.set_ticks(range(size))
        else:
            axis.set_major_locator(MaxNLocator(integer=True, nbins=8))
    ax.tick_params(labelsize=7)


# -- scatter ---------------------------------------------------------------------------------
def _scatter(block: BlockResult, ax, rtol: float) -> None:
    a = np.asarray(block.analytic, dtype=np.float64).ravel()
    n = np.asarray(block.numeric, dtype=np.float64).ravel()
    status = np.asarray(block.status).ravel()
    checked = (status != NOT_CHECKED) & np.isfinite(n) & np.isfinite(a)
    ax.set_xlabel("numerical (central differences)", fontsize=8)
    ax.set_ylabel("analytic (your gradient)", fontsize=8)
    ax.tick_params(labelsize=7)
    if not np.any(checked):
        ax.text(0.5, 0.5, "no entry checked one by one", ha="center", va="center",
                transform=ax.transAxes, color="grey")
        return
    lim = 1.12 * float(np.max(np.abs(np.concatenate([a[checked], n[checked]]))))
    lim = lim if lim > 0 else 1.0
    line = np.array([-lim, lim])
    ax.plot(line, line, color="black", linewidth=1, label="y = x (right)", zorder=1)
    ax.plot(line, -line, color="grey", linewidth=0.8, linestyle="--", alpha=0.6,
            label="y = -x (sign flip)", zorder=1)
    for code, color, marker, label, size in (
            (PASSED, PASS_COLOR, "o", "ok", 14), (BELOW_NOISE, NOISE_COLOR, "o", "below noise", 10),
            (KINK, KINK_COLOR, "^", "kink", 24), (FAILED, FAIL_COLOR, "x", "failed", 28)):
        sel = checked & (status == code)
        if np.any(sel):
            ax.scatter(n[sel], a[sel], s=size, marker=marker, color=color, label=f"{label} ({int(sel.sum())})",
                       zorder=3 if code == FAILED else 2, alpha=0.85, linewidths=1.2)
    scale = fitted_scale(a[checked & (status == FAILED)], n[checked & (status == FAILED)])
    if scale is not None and abs(scale - 1) > 0.05 and abs(scale + 1) > 0.05:
        ax.plot(line, scale * line, color=FAIL_COLOR, linewidth=0.9, linestyle=":",
                label=f"y = {scale:.3g} x (fit to failed)", zorder=1)
    ax.set_xlim(-lim, lim)
    ax.set_ylim(-lim, lim)
    ax.set_aspect("equal", adjustable="box")
    ax.axhline(0, color="#eeeeee", linewidth=0.6, zorder=0)
    ax.axvline(0, color="#eeeeee", linewidth=0.6, zorder=0)
    ax.legend(fontsize=7, loc="best", framealpha=0.8)
    count = int(checked.sum())
    ax.set_title(f"analytic vs numerical ({count} entr{'y' if count == 1 else 'ies'})",
                 fontsize=9, loc="left")


def fitted_scale(analytic: np.ndarray, numeric: np.ndarray) -> Optional[float]:
    """c in analytic ~ c * numeric (least squares through 0), when the points fit it well."""
    if analytic.size < 2:
        return None
    denom = float(np.dot(numeric, numeric))
    if denom == 0:
        return None
    c = float(np.dot(analytic, numeric)) / denom
    total = float(np.dot(analytic, analytic))
    residual = float(np.sum((analytic - c * numeric) ** 2))
    if total == 0 or 1.0 - residual / total < SCALE_FIT_MIN_R2:
        return None
    return c


def _findings_by_block(report: Report) -> dict:
    from .findings import is_candidate

    out: dict = {}
    for f in report.findings:
        if f.source == "lint" or is_candidate(f):
            continue    # candidates are not causes: a plot panel names what was found only
        for block in f.all_blocks:
            out.setdefault(block, [])
            if f.id not in out[block]:
                out[block].append(f.id)
    return out


def _wrap(text: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width)) or text


__all__: List[str] = ["plot_report", "report_figure", "plot_block", "relative_error", "grid_of",
                      "fitted_scale", "require_matplotlib"]
