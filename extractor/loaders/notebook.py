"""A Jupyter notebook (nbformat 4: what `pandoc -t ipynb` writes, what an analyst's notebook of a
scraped report saves): JSON whose "cells" each hold a "source", a string or a list of lines.

Read as text, every line of the report is a JSON string - indented, quoted, its escapes
(\\n, \\", \\u4e00) written out, ending `\\n",` - so a table's row is no row and a cell's text
not the text printed. What the notebook shows is its cells' text in order: a markdown or raw
cell's source, and what a code cell printed (a stream's text, a result's text/markdown or
text/plain); the code itself and the metadata (kernel, language, ids) are never report text.
The text is then read as any text is (markdown tables as tables).
"""
from __future__ import annotations

import json
import re

_SNIFF = re.compile(r'^\s*\{\s*"(?:cells|metadata|nbformat|nbformat_minor)"\s*:')
_SHOWN = ("text/markdown", "text/plain")  # a result's representations that are text, best first


def _joined(v) -> str:
    """A notebook string: one string, or a list of lines each ending with its own line end."""
    if isinstance(v, str):
        return v
    if isinstance(v, list):
        return "".join(s for s in v if isinstance(s, str))
    return ""


def _printed(output) -> str:
    if not isinstance(output, dict):
        return ""
    if output.get("output_type") == "stream":
        return _joined(output.get("text"))
    data = output.get("data")
    if isinstance(data, dict):
        return next((_joined(data[k]) for k in _SHOWN if k in data), "")
    return ""


def _cell_text(cell) -> str:
    if not isinstance(cell, dict):
        return ""
    if cell.get("cell_type") == "code":
        outputs = cell.get("outputs")
        return "\n".join(t for t in map(_printed, outputs if isinstance(outputs, list) else []) if t.strip())
    return _joined(cell.get("source"))


def text_of(text: str) -> str | None:
    """The notebook's shown text, its cells apart by an empty line; None where `text` is no
    notebook."""
    if not _SNIFF.match(text[:200]):
        return None
    try:
        nb = json.loads(text)
    except ValueError:
        return None
    if not isinstance(nb, dict) or "nbformat" not in nb or not isinstance(nb.get("cells"), list):
        return None
    return "\n\n".join(t.strip("\n") for t in map(_cell_text, nb["cells"]) if t.strip())
