"""Markdown -> blocks: pipe-table rows become cells, everything else a line.

Real markdown reports are PDF/OCR conversions whose tables are mangled (labels on
separate lines, stray |---| rows, rows of values only); they are represented as printed.
"""
from __future__ import annotations

import html
import re

from ..model import Block, Document, Source
from .text import parse_header

_PIPE = re.compile(r"(?<!\\)\|")
_SEP_STRICT = re.compile(r"^:?-{3,}:?$")
_SEP_LOOSE = re.compile(r"^:?-+:?$")
_BR = re.compile(r"<br\s*/?>", re.I)
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_RULE = re.compile(r"^\s{0,3}(?:([-*_=])\s*){3,}$")  # thematic break / setext underline


def is_pipe_row(line: str) -> bool:
    s = line.strip()
    return len(s) > 1 and s[0] == "|" and s.count("|") >= 2 and s.strip("|").strip() != ""


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
    return text.strip().strip("|").strip()


def is_separator(cells: list[tuple[str, int, int]], second_line: bool) -> bool:
    """|---|---| rows. A lone '-' cell is a GFM delimiter only right under the header;
    elsewhere (011.md) '| - | - |' is a data row meaning "no value"."""
    pat = _SEP_LOOSE if second_line else _SEP_STRICT
    return bool(cells) and all(pat.match(t.replace(" ", "")) for t, _, _ in cells)


def parse(text: str, source: Source) -> Document:
    blocks: list[Block] = []
    lines = text.split("\n")
    title, meta = parse_header(lines)
    row = -1
    table = -1
    table_lines = 0  # lines of the current contiguous pipe table so far (0: not in one)
    pos = 0
    for line in lines:
        start = pos
        pos += len(line) + 1
        if is_pipe_row(line):
            cells = split_row(line, start)
            if table_lines == 0:
                table += 1
            table_lines += 1
            if is_separator(cells, table_lines == 2):
                continue
            row += 1
            for col, (t, a, b) in enumerate(cells):
                blocks.append(Block(t, "cell", a, b, row=row, col=col, table=table, blank=not t))
            continue
        table_lines = 0
        s = line.strip()
        if not s or _RULE.match(line):
            if blocks and blocks[-1].kind != "break":
                row += 1
                blocks.append(Block("", "break", start, start, row=row))
            continue
        m = _HEADING.match(line)
        if m:
            s = m.group(2).strip()
            if not s:
                continue
            if title is None and len(m.group(1)) == 1:
                title = s
        a = start + max(line.find(s), 0)
        row += 1
        blocks.append(Block(s, "line", a, a + len(s), row=row))
    while blocks and blocks[-1].kind == "break":
        blocks.pop()
    return Document(source=source, text=text, blocks=blocks, title=title, meta=meta)
