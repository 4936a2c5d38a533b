"""Markdown syntax: pipe-table rows and separators, headings, thematic breaks.

What the text loader needs to read markdown lines (the markdown loader is the text loader
with these switched on); no loader logic here.
"""
from __future__ import annotations

import html
import re

from .cells import number_lines, strip_cell

_PIPE = re.compile(r"(?<!\\)\|")
_SEP_STRICT = re.compile(r"^:?-{3,}:?$")
_SEP_LOOSE = re.compile(r"^:?-+:?$")
_BR = re.compile(r"<br\s*/?>", re.I)
_BR_DIGITS = re.compile(r"\d<br\s*/?>\d", re.I)  # digits printed over lines in one cell


def edgeless(line: str) -> bool:
    """A pipe-table line with a cell's text before its first pipe and after its last: a table
    written without outer pipes (pandoc's muse, a simple table)."""
    body = line.strip()
    return len(_PIPE.findall(body)) >= 2 and body[:1] != "|" and body[-1:] != "|" and "\\|" not in body


def wrapped_number(raw: str) -> tuple[str, ...]:
    """The lines of a cell that prints a number over lines ("5<br>3" -> ("5", "3")): every
    line a whole number; () for any other cell ("175.<br>52" is one number cut, not two)."""
    if "<" not in raw or _BR_DIGITS.search(raw) is None:
        return ()
    return number_lines(_BR.split(raw))
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_RULE = re.compile(r"^\s{0,3}(?:([-*_=])\s*){3,}$")  # thematic break / setext underline
# a delimiter row written without outer pipes: "---|---", or "---" under a one-cell header
_BARE_SEP = re.compile(r"^:?-+:?(?:\s*\|\s*:?-+:?)*\s*\|?$")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")  # a backslash escape of ASCII punctuation
_NUMBERS = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?")


def split_row(line: str, offset: int, outer: bool = True) -> list[tuple[str, int, int]]:
    """Cells of a pipe-table line as (text, start, end); offsets are into the document. In a
    table written without outer pipes (outer False) every pipe is between two cells: a line
    starting or ending with one has an empty first or last cell."""
    lead = len(line) - len(line.lstrip())
    body = line.strip()
    bounds = [m.start() for m in _PIPE.finditer(body)]
    if not outer or not bounds or bounds[0] != 0:
        bounds.insert(0, -1)  # row written without a leading pipe
    # a no-break space after the last pipe is a cell's text (a writer's blank cell, "|\xa0"
    # at the end of a row written without a closing pipe), not the space after the row's edge
    nbsp_end = line.rstrip(" \t\r").endswith("\xa0")
    if not outer or bounds[-1] != len(body) - 1 or nbsp_end:
        bounds.append(len(body))
    cells = []
    for a, b in zip(bounds, bounds[1:]):
        raw = body[a + 1:b]
        text = raw.strip()
        start = offset + lead + a + 1 + (len(raw) - len(raw.lstrip()))
        if text == f"Col{len(cells) + 1}":
            # an empty header cell the writer named by its place ("Col4" in the fourth
            # column: a table whose first row has blank cells written as its header)
            text = ""
        cells.append((clean_cell(text), start, start + len(text)))
    return cells


def joined_paragraph_rows(text: str) -> str:
    """A pipe table whose cells hold several paragraphs, as org's writer prints it: every
    line of a cell is a table line of its own, paragraphs apart by a line of blank cells -
    "| 结果 | 其他 | 总 |", "|  |  |  |", "| 纠正 | 结果 | 计 |" is the header row 结果纠正,
    其他结果, 总计. Such a row is joined back, cell by cell, when the rows around the blank
    line hold no number, the row above has two or more cells of text and every cell of the
    row below sits under one of them (a row of its own would start a cell of its own). Grid
    tables' rows (between `+---+` rules) are left as they are."""
    if "|" not in text:
        return text
    lines = text.split("\n")
    grid = _grid_lines(lines)
    out: list[str] = []
    i = 0
    while i < len(lines):
        if (out and i + 1 < len(lines) and i not in grid and _blank_row(lines[i])
                and _continues(out[-1], lines[i], lines[i + 1])):
            out[-1] = _joined_row(out[-1], lines[i + 1])
            i += 2
            continue
        out.append(lines[i])
        i += 1
    return "\n".join(out) if len(out) < len(lines) else text


def joined_groups(text: str) -> str:
    """XWiki's groups: a cell holding paragraphs is written "(((" … ")))" over lines
    ("|(((2660", "))) |(((120", ")))"): the group is the cell's text, its lines (and its
    forced line breaks, "科研\\\\机构") one line, so the row is one line again; an empty group a
    no-break space (a blank cell). An empty header row ("|= |= |=") prints nothing."""
    if "(((" not in text:
        return text
    out, at = [], 0
    while True:
        a = text.find("(((", at)
        b = text.find(")))", a + 3) if a != -1 else -1
        if b == -1:
            break
        out.append(text[at:a])
        inner = text[a + 3:b].replace("\n", "").replace("\\\\", "").strip()  # (and its forced line breaks)
        # an empty group is a blank cell printed: a no-break space keeps it a cell at the end of
        # a row ("|(((1", "))) |(((", ")))": the row's last cell blank), where "|" alone would
        # read as the row's closing edge (split_row)
        out.append(inner or "\xa0")
        at = b + 3
    out.append(text[at:])
    return _EMPTY_HEADER.sub("", "".join(out))


_EMPTY_HEADER = re.compile(r"(?m)^[ \t]*\|=(?:[ \t]*\|=)*[ \t]*$")


def joined_wrapped_rows(text: str) -> str:
    """A pipe-table row written over lines, each cell's text ended by a line break (Zim's
    writer: "|信息内容", "     |本年制发件数", "|现行有效件数", "|"): a line that starts with a
    pipe and does not end with one runs on into the next lines that start with a pipe, up to
    the pipe that closes the row - together one row. Where the table has a delimiter row
    ("|---|---|"), it says how many cells a row has, so a blank cell's lone pipe is not
    taken for the row's end; elsewhere the row ends at the first line ending in a pipe (or at
    a second lone pipe after one: a blank last cell). Only runs that do end so are joined."""
    if "|" not in text:
        return text
    lines = text.split("\n")
    widths = _delimited_widths(lines)
    out: list[str] = []
    i = 0
    while i < len(lines):
        j, failed = _row_end(lines, i, widths.get(i))
        if j is not None:
            out.append(lines[i].rstrip() + "".join(ln.strip() for ln in lines[i + 1:j + 1]))
            i = j + 1
            continue
        out.extend(lines[i:failed + 1])  # (no row starting in the run that failed ends either)
        i = failed + 1
    return "\n".join(out) if len(out) < len(lines) else text


_WIDEST = 64  # cells a delimiter row may give a row (a report's tables have at most 16)


def _row_end(lines: list[str], i: int, width: int | None) -> tuple[int | None, int]:
    """(the last line of a row written over lines from line i, or None; the last line that no
    row starting there can end at, when there is none: a later line of the same run of open
    lines fails the same way, so each line is looked at once)."""
    if not _open_row(lines[i]):
        return None, i
    if width and width <= _WIDEST:  # the row ends with its (width + 1)th pipe
        pipes, j = lines[i].count("|"), i
        while pipes < width + 1 and j + 1 < len(lines) and lines[j + 1].lstrip().startswith("|"):
            j += 1
            pipes += lines[j].count("|")
        ok = j > i and pipes == width + 1 and lines[j].rstrip().endswith("|") and _cell_a_line(lines[i:j + 1])
        return (j, j) if ok else (None, i)
    j = i
    while j < len(lines) and _open_row(lines[j]) and j + 1 < len(lines) and lines[j + 1].lstrip().startswith("|"):
        j += 1
    if j > i and lines[j].rstrip().endswith("|") and _cell_a_line(lines[i:j + 1]):
        if lines[j].strip() == "|" and j + 1 < len(lines) and lines[j + 1].strip() == "|":
            j += 1  # a lone pipe, then another: a blank last cell, then the row's end
        return j, j
    return None, j  # (a row starting later in lines i..j runs on to the same line j)


def _delimited_widths(lines: list[str]) -> dict[int, int]:
    """Cells a row has, by line, for the lines of a run of pipe lines that holds a delimiter
    row ("|---|---|": its cells)."""
    out: dict[int, int] = {}
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and lines[j].lstrip().startswith("|"):
            j += 1
        for k in range(i, j):
            s = lines[k].strip()
            if s.startswith("|-") and s.endswith("|") and not s.strip("|-: "):
                out.update(dict.fromkeys(range(i, j), s.count("|") - 1))
                break
        i = max(j, i + 1)
    return out


def _cell_a_line(run: list[str]) -> bool:
    """The run's lines hold different numbers of cells, or one each: rows of a table written
    without closing pipes ("| 规章 | 3", "| 规范性文件 | ") are whole rows a line, each with
    the table's cells, and are never joined."""
    counts = {ln.count("|") for ln in run}
    return len(counts) > 1 or counts == {1}


def _open_row(line: str) -> bool:
    s = line.strip()
    return s[:1] == "|" and not s.endswith("|") and not s.startswith(("|-", "|=", "|}", "|+"))


def _grid_lines(lines: list[str]) -> set[int]:
    """Lines of grid tables (`+---+---+` rules around rows): there a row's lines are one row
    already, read by their columns (aligned.py), and must keep them."""
    out: set[int] = set()
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and lines[j].lstrip()[:1] in ("|", "+"):
            j += 1
        if any(lines[k].lstrip().startswith(("+-", "+=")) for k in range(i, j)):
            out.update(range(i, j))
        i = max(j, i + 1)
    return out


def _row_cells(line: str) -> list[str] | None:
    s = line.strip()
    if len(s) < 2 or s[0] != "|" or s[-1] != "|" or "\\|" in s:
        return None
    return [c.strip() for c in s[1:-1].split("|")]


def _blank_row(line: str) -> bool:
    cells = _row_cells(line)
    return cells is not None and len(cells) >= 2 and not any(cells)


def _continues(above: str, blank: str, below: str) -> bool:
    a, b, c = _row_cells(above), _row_cells(blank), _row_cells(below)
    if a is None or c is None or not (len(a) == len(b) == len(c)) or not any(c):
        return False
    if any(_holds_value(t) for t in a + c if t):
        return False
    return sum(1 for t in a if t) >= 2 and all(a[k] for k, t in enumerate(c) if t)


_VALUE = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?(?:万元|元)?")


def _holds_value(cell: str) -> bool:
    """A cell that is, or has a line that is, a number or an amount ("454万元"; "政府集中采购<br>5",
    a label and its value that a table reader put in one cell): a row of values, no header's
    paragraph."""
    return any(_VALUE.fullmatch(p.strip()) for p in _BR.split(cell) if p.strip())


def _joined_row(above: str, below: str) -> str:
    a, c = _row_cells(above), _row_cells(below)
    lead = above[:len(above) - len(above.lstrip())]
    return lead + "| " + " | ".join(x + y for x, y in zip(a, c)) + " |"


def unescape(text: str) -> str:
    """Text less its backslash escapes of ASCII punctuation ("\\-29" -> "-29", "1\\." -> "1.")."""
    return _ESCAPE.sub(r"\1", text)


def clean_cell(text: str) -> str:
    """Undo markdown/HTML escapes converters put in cells; '<br>' joins wrapped labels."""
    if "\\" in text:  # "\\|" in a cell, "1\\." of a numbered label (html2text)
        text = unescape(text)
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


def bare_tables(lines: list[str]) -> list[tuple[int, int]]:
    """Line ranges [header, end) of pipe tables written without outer pipes (html2text):
    a header line, a delimiter row not starting with a pipe, then rows up to the first
    blank line. A one-column delimiter ("---") is a table only when the next line holds a
    pipe (else it is a setext underline or a thematic break)."""
    out = []
    i = 1
    while i < len(lines):
        sep = lines[i].strip()
        head = lines[i - 1].strip()
        if (sep and head and not sep.startswith("|") and _BARE_SEP.match(sep) and not heading(lines[i - 1])
                # a header with outer pipes over a delimiter without them is a GFM table;
                # html2text's header has as many cells as its delimiter row
                and (not head.startswith("|") or len(_PIPE.findall(head)) == sep.count("|"))
                and ("|" in sep or (len(sep.strip(":")) >= 3 and i + 1 < len(lines)
                                    and _PIPE.search(lines[i + 1])))):
            end = i + 1
            while end < len(lines) and lines[end].strip():
                end += 1
            out.append((i - 1, end))
            i = end + 1
        else:
            i += 1
    return out


def split_bare_row(line: str, offset: int) -> list[tuple[str, int, int]]:
    """Cells of a row of a table without outer pipes: every unescaped pipe separates two
    cells, so a leading pipe is an empty first cell and a trailing one an empty last cell
    ("| 1| 2" = '', 1, 2; "x| | 3| " = x, '', 3, '')."""
    bounds = [-1] + [m.start() for m in _PIPE.finditer(line)] + [len(line)]
    cells = []
    for a, b in zip(bounds, bounds[1:]):
        raw = line[a + 1:b]
        text = raw.strip()
        start = offset + a + 1 + (len(raw) - len(raw.lstrip()))
        cells.append((clean_cell(text), start, start + len(text)))
    return cells


def is_bare_separator(line: str) -> bool:
    s = line.strip()
    return bool(s) and _BARE_SEP.match(s) is not None


def merged_numbers(text: str) -> list[str] | None:
    """The numbers of a cell that prints two or more whole numbers side by side ("64 0"):
    a PDF table reader that missed a column rule merges neighbouring value cells."""
    parts = text.split()
    if len(parts) >= 2 and all(_NUMBERS.fullmatch(p) for p in parts):
        return parts
    return None
