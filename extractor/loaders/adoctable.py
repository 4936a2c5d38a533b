"""AsciiDoc tables rewritten as HTML tables (and AsciiDoc headings as markdown headings).

An AsciiDoc table is no line-per-row table: between its `|===` delimiters every `|` starts
a cell, wherever it stands, and the column count cuts the cells into rows:

    [cols="25%,25%,25%,25%",]     the column count: its entries (or "4*"); without it,
    |===                          the cells on the table's first line
    |第二十条第（一）项 | | |
    |信息内容 |本年新制作数量 |本年新 +
    公开数量 |对外公开 +         a cell's text runs on over lines (" +": a line break)
    总数量
    2+|合计 |9                    "2+|" spans two columns, ".2+|" two rows
    |===

Read a line at a time, a row written over two lines ("| |（二）部分公开… | |243 |10" then
"|1 | |7 | |261") is two rows of five cells, and a cell's second line a line of text. Each
table becomes an HTML <table> in place, so the markdown loader reads it as any raw HTML
table (html.py builds the grid, spans expanded).
"""
from __future__ import annotations

import re

from .. import limits
from ..model import LoadError

_DELIM = re.compile(r"^[ \t]*\|===+[ \t]*\r?$")
_COLS = re.compile(r"""^\[.*\bcols\s*=\s*(?:"([^"]*)"|'([^']*)'|([^,\]\s]+))""")
_MULTIPLIER = re.compile(r"^\s*(\d{1,6})\s*\*")
# a cell specifier right before its "|" (after a space or at a line's start): "2+" spans
# two columns, ".3+" three rows, "2.3+" both, "3*" repeats the cell; a style letter may follow
_SPEC = re.compile(r"(?:^|(?<=\s))(?:(\d{1,6})?(?:\.(\d{1,6}))?\+|(\d{1,6})\*)[<^>]?(?:\.[<^>])?[adehlmsv]?$")
_SEP = re.compile(r"(?<!\\)\|")
_HEADING = re.compile(r"^(={1,6})[ \t]+(\S[^\n]*)$", re.M)
_MAX_COLS = 1000


def tables(text: str) -> bool:
    """Does the text hold an AsciiDoc table: two `|===` lines with a cell line between?"""
    opened = cells = False
    for line in text.split("\n"):
        if _DELIM.match(line):
            if opened and cells:
                return True
            opened, cells = not opened, False
        elif opened and line.lstrip().startswith("|"):
            cells = True
    return False


def to_html(text: str) -> str | None:
    """The text with its AsciiDoc tables as HTML tables, or None when it holds none."""
    if "|==" not in text or not tables(text):
        return None
    lines = _HEADING.sub(lambda m: "#" * len(m.group(1)) + " " + m.group(2).rstrip(), text).split("\n")
    out: list[str] = []
    body: list[str] | None = None
    cols = 0
    for line in lines:
        if body is None:
            if _DELIM.match(line):
                body = []
                m = _COLS.match(out[-1].strip()) if out else None
                cols = _count_cols(next(g for g in m.groups() if g is not None)) if m else 0
                if m:
                    out.pop()  # the attribute line prints nothing
            else:
                out.append(line)
        elif _DELIM.match(line):
            out.append(_html(body, cols))
            body = None
        else:
            body.append(line)
    if body is not None:  # an unclosed table runs to the end
        out.append(_html(body, cols))
    return "\n".join(out)


def _count_cols(spec: str) -> int:
    m = _MULTIPLIER.match(spec)
    return min(int(m.group(1)), _MAX_COLS) if m else spec.count(",") + 1


def _cells(body: list[str]) -> tuple[list[tuple[str, int, int]], int]:
    """(text, rowspan, colspan) of every cell in order, and the cells on the first line."""
    parts = _SEP.split("\n".join(ln.rstrip("\r") for ln in body))
    first = next((ln for ln in body if ln.strip()), "")
    cells = []
    spec = None  # the specifier that ended the part before: this cell's
    for k, part in enumerate(parts):
        nxt = _SPEC.search(part) if k + 1 < len(parts) else None
        if nxt:
            part = part[:nxt.start()]
        if k > 0:
            cs, rs, times = 1, 1, 1
            if spec and spec.group(3):
                times = min(int(spec.group(3)), _MAX_COLS)
            elif spec:
                cs, rs = int(spec.group(1) or 1), int(spec.group(2) or 1)
            cells += [(_cell_text(part), min(rs, limits.MAX_SPAN), min(cs, limits.MAX_SPAN))] * times
            if len(cells) > limits.MAX_GRID_CELLS:
                raise LoadError(_TOO_MANY)
        spec = nxt
    return cells, len(_SEP.findall(first))


def _cell_text(part: str) -> str:
    """A cell's text: its lines joined, AsciiDoc's " +" line breaks and escapes dropped."""
    lines = [ln.strip() for ln in part.split("\n")]
    return "".join(ln[:-2].rstrip() if ln.endswith(" +") or ln == "+" else ln for ln in lines).replace("\\|", "|")


_TOO_MANY = (f"AsciiDoc tables span more than {limits.MAX_GRID_CELLS:,} grid cells (spans and repeats "
             f"expanded; XXGK_MAX_GRID_CELLS): not a report's tables")


def _html(body: list[str], cols: int) -> str:
    cells, on_first = _cells(body)
    cols = cols or on_first or 1
    if sum(rs * cs for _, rs, cs in cells) > limits.MAX_GRID_CELLS:
        raise LoadError(_TOO_MANY)
    rows: list[list[str]] = []
    taken: set[tuple[int, int]] = set()  # grid slots covered by rowspans from rows above
    r, c = 0, 0
    for text, rs, cs in cells:
        while (r, c) in taken:
            c += 1
            if c >= cols:
                r, c = r + 1, 0
        while len(rows) <= r:
            rows.append([])
        span = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
        rows[r].append(f"<td{span}>{_escaped(text)}</td>")
        for dr in range(1, rs):
            for dc in range(cs):
                taken.add((r + dr, c + dc))
        c += cs
        if c >= cols:
            r, c = r + 1, 0
    return "<table>" + "".join(f"<tr>{''.join(row)}</tr>" for row in rows) + "</table>"


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
