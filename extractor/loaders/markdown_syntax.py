"""Markdown syntax: pipe-table rows and separators, headings, thematic breaks.

What the text loader needs to read markdown lines (the markdown loader is the text loader
with these switched on); no loader logic here.
"""
from __future__ import annotations

import html
import re

from .cells import strip_cell

_PIPE = re.compile(r"(?<!\\)\|")
_SEP_STRICT = re.compile(r"^:?-{3,}:?$")
_SEP_LOOSE = re.compile(r"^:?-+:?$")
_BR = re.compile(r"<br\s*/?>", re.I)
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_RULE = re.compile(r"^\s{0,3}(?:([-*_=])\s*){3,}$")  # thematic break / setext underline


def split_row(line: str, offset: int) -> list[tuple[str, int, int]]:
    """Cells of a pipe-table line as (text, start, end); offsets are into the document."""
    lead = len(line) - len(line.lstrip())
    body = line.strip()
    bounds = [m.start() for m in _PIPE.finditer(body)]
    if not bounds or bounds[0] != 0:
        bounds.insert(0, -1)  # row written without a leading pipe
    if bounds[-1] != len(body) - 1:
        bounds.append(len(body))
    cells = []
    for a, b in zip(bounds, bounds[1:]):
        raw = body[a + 1:b]
        text = raw.strip()
        start = offset + lead + a + 1 + (len(raw) - len(raw.lstrip()))
        cells.append((clean_cell(text), start, start + len(text)))
    return cells


def clean_cell(text: str) -> str:
    """Undo markdown/HTML escapes converters put in cells; '<br>' joins wrapped labels."""
    if "\\|" in text:
        text = text.replace("\\|", "|")
    if "<" in text:
        text = _BR.sub("", text)
    if "&" in text:
        text = html.unescape(text)
    for mark in ("**", "__"):  # bold labels: **规章** -> 规章
        if len(text) > 4 and text.startswith(mark) and text.endswith(mark):
            text = text[2:-2]
    return strip_cell(text)


def is_separator(cells: list[tuple[str, int, int]], second_line: bool) -> bool:
    """|---|---| rows. A lone '-' cell is a GFM delimiter only right under the header;
    elsewhere (011.md) '| - | - |' is a data row meaning "no value"."""
    pat = _SEP_LOOSE if second_line else _SEP_STRICT
    return bool(cells) and all(pat.match(t.replace(" ", "")) for t, _, _ in cells)


def heading(line: str) -> tuple[int, str] | None:
    """(level, text) of an ATX heading line ('## 一、总体情况' -> (2, '一、总体情况'))."""
    m = _HEADING.match(line)
    return (len(m.group(1)), m.group(2).strip()) if m else None


def is_rule(line: str) -> bool:
    """A thematic break or setext underline: printed as nothing."""
    return _RULE.match(line) is not None
