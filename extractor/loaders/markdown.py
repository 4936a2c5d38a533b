"""The markdown loader (its syntax: markdown_syntax.py).

Real markdown reports are PDF/OCR conversions whose tables are mangled (labels on
separate lines, stray |---| rows, rows of values only); they are represented as printed:
each pipe row is a layout row of cells, each contiguous run of pipe rows one table.
"""
from __future__ import annotations

from ..model import Document, Source
from . import text as _text
from .markdown_syntax import clean_cell, heading, is_rule, is_separator, split_row  # noqa: F401 (re-exported)


def parse(text: str, source: Source) -> Document:
    """Markdown is text with markdown syntax: the same line engine, headings unwrapped.
    (Converted reports also carry text layouts, and markdown rows occur in .txt files.)"""
    return _text.parse(text, source, markdown=True)
