"""Sharing a report: the rich report as HTML or SVG (as it looks in a terminal), the notebook
view, and the JSON Schema of `--json`.

Exports go through rich's recording console, so the file shows the same tables, colours and
wrapping as the terminal at a fixed width (100 columns: wide enough for the diagnosis table,
narrow enough for an issue or a forum post).
"""
from __future__ import annotations

import io
import json
from typing import Any, Dict

from rich.console import Console, RenderableType

EXPORT_WIDTH = 100
SCHEMAS = {"check": "report_schema.json", "layer": "report_schema.json",
           "step": "step_schema.json", "lint": "lint_schema.json"}

# A fragment, not a page: a notebook cell must not restyle the notebook's <body>.
NOTEBOOK_HTML_FORMAT = ("<pre style=\"white-space:pre;overflow-x:auto;line-height:normal;"
                        "font-family:Menlo,'DejaVu Sans Mono',consolas,'Courier New',monospace\">"
                        "{code}</pre>")


# A standalone page: rich's own template plus a <title>, for a browser tab and a forum attachment.
PAGE_HTML_FORMAT = """<!DOCTYPE html>
<html>
<head>
<meta charset="UTF-8">
<title>backprop-doctor report</title>
<style>
{stylesheet}
body {{
    color: {foreground};
    background-color: {background};
}}
</style>
</head>
<body>
    <pre style="font-family:Menlo,'DejaVu Sans Mono',consolas,'Courier New',monospace"><code style="font-family:inherit">{code}</code></pre>
</body>
</html>
"""


def recorded(renderable: RenderableType, width: int = EXPORT_WIDTH) -> Console:
    """A console that has recorded `renderable` (and printed it nowhere)."""
    console = Console(record=True, file=io.StringIO(), width=width, highlight=False,
                      force_terminal=True, color_system="truecolor")
    console.print(renderable)
    return console


def to_html(renderable: RenderableType, width: int = EXPORT_WIDTH) -> str:
    """A standalone HTML page (styles inline, so it survives being pasted or attached)."""
    return recorded(renderable, width).export_html(inline_styles=True, code_format=PAGE_HTML_FORMAT)


def to_svg(renderable: RenderableType, width: int = EXPORT_WIDTH,
           title: str = "backprop-doctor") -> str:
    return recorded(renderable, width).export_svg(title=title)


def notebook_html(renderable: RenderableType, width: int = EXPORT_WIDTH) -> str:
    """The report for Jupyter's `_repr_html_`: a <pre> fragment with inline styles."""
    return recorded(renderable, width).export_html(inline_styles=True,
                                                   code_format=NOTEBOOK_HTML_FORMAT)


def save_html(renderable: RenderableType, path: str, width: int = EXPORT_WIDTH) -> str:
    _write(path, to_html(renderable, width))
    return path


def save_svg(renderable: RenderableType, path: str, width: int = EXPORT_WIDTH,
             title: str = "backprop-doctor") -> str:
    _write(path, to_svg(renderable, width, title))
    return path


def report_schema(kind: str = "check") -> Dict[str, Any]:
    """The JSON Schema (draft 2020-12) that `backprop-doctor <kind> --json` output follows."""
    from importlib import resources

    try:
        name = SCHEMAS[kind]
    except KeyError:
        raise ValueError(f"no schema for {kind!r}; known: {', '.join(SCHEMAS)}") from None
    text = resources.files("backprop_doctor").joinpath(name).read_text(encoding="utf-8")
    return json.loads(text)


def _write(path: str, text: str) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)


__all__ = ["to_html", "to_svg", "notebook_html", "save_html", "save_svg", "report_schema",
           "EXPORT_WIDTH"]
