"""The loss curve (and each block's step size) as a picture; matplotlib is the optional `plot` extra."""
from __future__ import annotations

import numpy as np

from ..errors import optional_import


def save_training_plot(report, path: str) -> str:
    """Write a PNG of the run to `path`; InputError naming the extra when matplotlib is missing."""
    matplotlib = optional_import("matplotlib", "plot", "--plot")
    matplotlib.use("Agg", force=False)
    plt = optional_import("matplotlib.pyplot", "plot", "--plot")
    losses = np.asarray(report.losses, dtype=np.float64)
    steps = np.arange(losses.size)
    panels = 2 if report.update_rms is not None and report.update_rms.size else 1
    fig, axes = plt.subplots(1, panels, figsize=(5.5 * panels, 3.8), squeeze=False)
    ax = axes[0, 0]
    ax.plot(steps, losses, color="tab:blue")
    finite = losses[np.isfinite(losses)]
    if finite.size and np.all(finite > 0) and finite.max() > 10 * finite.min():
        ax.set_yscale("log")  # a curve over decades; a flat one stays linear so it looks flat
    ax.set_xlabel("step")
    ax.set_ylabel("loss")
    ids = ", ".join(dict.fromkeys(f.id for f in report.findings if f.severity == "error"))
    ax.set_title(("ok" if report.ok else "FAILED: " + ids)[:70], fontsize=9)
    if panels == 2:
        ax2 = axes[0, 1]
        upd = report.update_rms
        for i, b in enumerate(report.blocks):
            values = np.where(upd[:, i] > 0, upd[:, i], np.nan)
            ax2.plot(np.arange(1, upd.shape[0] + 1), values, label=b.name)
        ax2.set_yscale("log")
        ax2.set_xlabel("step")
        ax2.set_ylabel("step size (RMS per entry)")
        ax2.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path
