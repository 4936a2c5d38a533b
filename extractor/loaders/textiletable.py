"""Textile tables whose cells run over lines (calibre's textile writer): rewritten as HTML.

Textile writes a table row as `|cell|cell|`, a cell's attributes before a dot (`\\N` spans N
columns, `/N` N rows, `=`/`<`/`>` align, `_` a header cell). A writer that puts paragraphs in
cells (calibre's `ebook-convert --txt-output-formatting=textile`) prints each cell's mark on a
line of its own, the cell's paragraphs on the lines after it and a lone `|` to end the row:

    table=.                 the table's attributes (ignored)
    =. |=\\3.                a row (its attributes "=." before the first "|"), a cell three wide
    p=. 一、本年新收…         the cell's paragraph ("p=. " / "p. " a paragraph mark)
    |=.                     the next cell
    p=. 7
    |                       the row ends

Read line by line as textile, such a table is marks and paragraphs with no row in them (a row's
numbers a line each, a blank cell's empty paragraph nothing). Each such table becomes an HTML
<table> (spans as colspan/rowspan) in place, so the markdown loader reads it as any raw HTML
table; a one-line row (`|a|b|`, pandoc's textile) is left to the pipe-table reader.
"""
from __future__ import annotations

import html
import re

# a cell's attributes: spans, alignment, header, style/class/language groups
_ATTRS = r"(?:[\\/]\d{1,4}|<>|[<>=^~_-]|\{[^}\n]*\}|\([^)\n]*\)|\[[^\]\n]*\])*"
# a cell mark alone on its line, a row's start (its attributes and ". ") before it or not
_CELL = re.compile(rf"^[ \t]*(?P<row>{_ATTRS}\.[ \t]+)?\|(?P<attrs>{_ATTRS})\.[ \t]*$")
_CELL_M = re.compile(_CELL.pattern, re.M)
# a cell that spans columns or rows, its text after the mark on the row's line
_SPAN_CELL = re.compile(r"\|(?:[\\/]\d{1,4}){1,2}[<>=^~_-]*\.[ \t]+[^|\s]")
_SPAN_CELL_M = re.compile(r"^[ \t]*\|(?:[^|\n]*\|)*?(?:[\\/]\d{1,4}){1,2}[<>=^~_-]*\.[ \t]+[^|\s]", re.M)
_ROW_END = re.compile(rf"^[ \t]*(?:\|{_ATTRS}\.)?[ \t]*\|[ \t]*$")  # a lone bar; an empty cell and one
_LONE_BAR = re.compile(r"^[ \t]*\|[ \t]*$")
_BAR = re.compile(rf"^[ \t]*(?:{_ATTRS}\.[ \t]+)?\|")  # a table line: a row's attributes, a bar
_CELL_TEXT = re.compile(rf"({_ATTRS})\.(?:[ \t]+|$)|()")  # a cell's attributes before its text
_TABLE = re.compile(rf"^[ \t]*table{_ATTRS}\.[ \t]*$")
_PARA = re.compile(rf"^[ \t]*(?:p|bq|h[1-6]){_ATTRS}\.(?:[ \t]+|$)")
_COLSPAN = re.compile(r"\\(\d{1,4})")
_ROWSPAN = re.compile(r"/(\d{1,4})")


def to_html(text: str) -> str | None:
    """The text with each multi-line textile table rewritten as an HTML table, or None when it
    has no such table (a table needs two cell marks and a row end)."""
    if "|" not in text or not has_tables(text):
        return None
    lines, out, i = text.split("\n"), [], 0
    while i < len(lines):
        j, rows = _table_at(lines, i)
        if rows:
            out.append(_html(rows))
            i = j
        else:
            out.append(lines[i])
            i += 1
    return "\n".join(out)


def has_tables(text: str) -> bool:
    """Does the text hold a multi-line textile table (two cell marks alone on their lines and a
    lone "|" ending a row)?"""
    if _SPAN_CELL_M.search(text):  # one-line rows with a span mark
        return True
    if not _CELL_M.search(text):  # (one scan; most texts with bars are pipe tables)
        return False
    marks = ends = 0
    for line in text.split("\n"):
        if _CELL.match(line):
            marks += 1
        elif _ROW_END.match(line):
            ends += 1
        if marks >= 2 and ends >= 1:
            return True
    return False


def _table_at(lines: list[str], i: int) -> tuple[int, list]:
    """(the line after the table, its rows [[(attrs, paragraphs)]]) of a table starting at line
    i (a "table." line or a cell's bar alone on its line); no rows when none starts there."""
    start = i
    if _TABLE.match(lines[i]):
        i += 1
    if i >= len(lines) or not (_CELL.match(lines[i]) or _opens_cell(lines, i) or _spanned_rows(lines, i)):
        return start, []
    rows, row, ended = [], None, 0
    while i < len(lines):
        bar = _BAR.match(lines[i])
        if bar:
            body = lines[i][bar.end():]
            parts = body.split("|")
            if len(parts) > 1 and not parts[-1].strip():  # cells and a bar ending the line: the row ends
                cells, closed = parts[:-1], True
            elif body.strip():  # a cell's mark: its text on this line or the next
                cells, closed = parts, False
            else:  # a lone bar opens a cell when its text follows at once, else ends the row
                cells, closed = ([""], False) if _opens_cell(lines, i) else ([], True)
            for cell in cells:
                m = _CELL_TEXT.match(cell)
                row = [] if row is None else row
                row.append((m.group(1) or "", [cell[m.end():].strip()]))
            if closed and row is not None:
                rows.append(row)
                row, ended = None, ended + 1
        elif row:  # a paragraph of the open cell, or the rest of its last one
            _add_line(row[-1][1], lines[i])
        else:
            break
        i += 1
    if row:  # an unclosed row runs to the table's end
        rows.append(row)
    ok = ended >= 1 and sum(len(r) for r in rows) >= 2  # a row ended by a bar, two cells
    return (i, rows) if ok else (start, [])


def _add_line(paras: list[str], line: str) -> None:
    """A cell's line: a paragraph when it starts with a paragraph mark ("p=. "), else the rest
    of the paragraph above (calibre wraps a cell's text: "p=. 科研" then "机构")."""
    text = _PARA.sub("", line, count=1).strip()
    if _PARA.match(line) or not paras or not paras[-1] or not text:
        paras.append(text)
    else:
        joint = " " if paras[-1][-1].isascii() and text[0].isascii() else ""
        paras[-1] += joint + text


def _spanned_rows(lines: list[str], i: int) -> bool:
    """Do the one-line rows from line i on (`|a|b|`, the first of their run) mark a cell's span
    (`|\\3. 2293|`: textile's, which pipe tables have not)?"""
    if i > 0 and _BAR.match(lines[i - 1]):
        return False
    while i < len(lines) and _BAR.match(lines[i]):
        if _SPAN_CELL.search(lines[i]):
            return True
        i += 1
    return False


def _opens_cell(lines: list[str], i: int) -> bool:
    """Is line i a lone bar with a cell's text right under it (calibre prints a cell with no
    attributes as a bar, its paragraphs on the next lines; the bar ending a row is followed by
    the next row's bar or by a blank line after the table)?"""
    nxt = lines[i + 1] if i + 1 < len(lines) else ""
    return bool(_LONE_BAR.match(lines[i])) and bool(nxt.strip()) and not _BAR.match(nxt)


def _html(rows: list) -> str:
    trs = []
    for row in rows:
        tds = []
        for attrs, paras in row:
            span = ""
            c, r = _COLSPAN.search(attrs), _ROWSPAN.search(attrs)
            if c and int(c.group(1)) > 1:
                span += f' colspan="{int(c.group(1))}"'
            if r and int(r.group(1)) > 1:
                span += f' rowspan="{int(r.group(1))}"'
            body = "".join(f"<p>{html.escape(p)}</p>" for p in paras if p)
            tds.append(f"<td{span}>{body}</td>")
        trs.append("<tr>" + "".join(tds) + "</tr>")
    return "<table>" + "".join(trs) + "</table>"
