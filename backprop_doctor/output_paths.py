"""Files a command writes (--plot, --html, --svg): checked before the check runs, so a typo in a
folder name costs nothing, and the message afterwards names the file actually written."""
from __future__ import annotations

import os
from typing import Tuple

from .errors import InputError

TEXT_FORMATS = {"html": (".html", ".htm"), "svg": (".svg",)}


def plot_formats() -> Tuple[str, ...]:
    """The picture formats matplotlib can write (png, pdf, svg, ...), without importing pyplot."""
    from matplotlib.backend_bases import FigureCanvasBase

    return tuple(sorted(FigureCanvasBase.get_supported_filetypes()))


def plot_path(path: str, flag: str = "--plot") -> str:
    """The file a picture will be written to: `path` (its extension gives the format) or, with no
    extension, `path.png`.  An unknown extension, a folder or a missing folder is an InputError."""
    _check_place(path, flag, "check.png")
    suffix = os.path.splitext(path)[1].lower().lstrip(".")
    if not suffix:
        path = path + ".png"
        _check_place(path, flag, "check.png")
    elif suffix not in plot_formats():
        raise InputError(f"cannot write {flag} {path}: matplotlib cannot write .{suffix} pictures; use one of "
                         f"{', '.join('.' + f for f in plot_formats())} (e.g. {flag} check.png).")
    return path


def text_path(path: str, kind: str) -> str:
    """The file an --html/--svg export goes to; any extension is honoured (the content is `kind`)."""
    _check_place(path, f"--{kind}", f"report.{kind}")
    return path


def describe_saved(path: str, kind: str) -> str:
    """`saved report.txt (HTML)`: the format is named when the extension does not say it."""
    suffix = os.path.splitext(path)[1].lower()
    if suffix in TEXT_FORMATS.get(kind, ()) or (kind == "plot" and suffix):
        return f"saved {path}"
    return f"saved {path} ({kind.upper()})"


def _check_place(path: str, flag: str, example: str) -> None:
    if not path or not path.strip():
        raise InputError(f"{flag} needs a file name, e.g. {flag} {example}.")
    if os.path.isdir(path):
        raise InputError(f"cannot write {flag} {path}: {path} is a folder; give a file name in it, e.g. "
                         f"{flag} {os.path.join(path, example)}.")
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise InputError(f"cannot write {flag} {path}: the folder {folder} does not exist; "
                         "create it first.")
    if not os.access(folder, os.W_OK):
        raise InputError(f"cannot write {flag} {path}: the folder {folder} is not writable.")
    if os.path.exists(path) and not os.access(path, os.W_OK):
        raise InputError(f"cannot write {flag} {path}: the file is not writable.")
