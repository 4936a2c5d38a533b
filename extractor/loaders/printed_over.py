"""Cells printed over a label's bytes, in UTF-8 cut at byte positions (encoding.cut_utf8).

A tool that lays a table out counting widths in bytes (the C++ html2text) writes each cell at
its byte column, and a label longer than its column is written over: "行政许\ufffd1       68      24"
is 行政许可 whose 可 lost its last byte to the cell "1" (and 其他对外管理服务事项 printed as
"其他对\ufffd0管理\ufffd6\ufffd务事617": cells 0, 6, 617 over 外, 服 and 项). A digit run bordered
by a cut character is such a cell: the line is read as its label up to that run, then its
cells at their places, the label's bytes left between them blanked (they are no cell).
Only lines of text decoded as cut UTF-8, and not drawn ones (| rules: boxdrawn reads those).
"""
from __future__ import annotations

import re

from .aligned import display_width

_CUT = "\ufffd"
# a cell's number: signed (a change "-42", "+3"), with its decimals or digit groups
_NUMBER = re.compile("[-+]?[0-9]+(?:[.,][0-9]+)*")
_ENUMERATOR_MARK = ".、．"  # "4.保护第三方..." - an item's number, part of its label
_DRAWN = re.compile("[|｜]")


def heads(text: str) -> set[str]:
    """The labels (as relaid_line leaves them) of the lines holding cells printed over them."""
    return {head(ln) for ln in text.split("\n") if relaid_here(ln)} - {""}


def relaid(text: str) -> str:
    """`text` with each line holding cells printed over its label laid out as label, cells
    (a drawn line: each cell's number without the label's bytes left beside it)."""
    return "\n".join(relaid_line(ln) if relaid_here(ln) else drawn_relaid(ln) or ln for ln in text.split("\n"))


# a drawn cell: its number, then a few bytes of a label printed under it ("|_23\ufffd|", "|__0,\ufffd|") -
# the cell was written over the label's overflow; the digits are the cell's, the rest the label's.
# Not an item's number and its label ("|1、本机关不掌\ufffd|": a mark after the digits, the text longer)
_DRAWN_CELL = re.compile("([\\s_]*[-+]?[0-9]+(?:[.,][0-9]+)*)((?![" + _ENUMERATOR_MARK + "])(?=[^\\s0-9]{1,3}\\s*$)"
                         "[^\\s0-9]*" + _CUT + "[^\\s0-9]*)\\s*")


def drawn_heads(text: str) -> set[str]:
    """The labels (underscores and spaces left out) of the drawn lines drawn_relaid rewrites."""
    return {h for ln in text.split("\n") if drawn_relaid(ln) for h in [_drawn_head(ln)] if h}


def drawn_relaid(line: str) -> str | None:
    """A drawn line (| bars) of cells written over a label's overflow: each such cell's number
    alone at its place, the label's bytes beside it blanked at their width, and the label's rest
    printed past the last bar blanked (the row's bars close it); None where no cell was."""
    if _CUT not in line or not _DRAWN.search(line):
        return None
    parts = _DRAWN.split(line)
    hit = False
    for i in range(1, len(parts) - 1):
        m = _DRAWN_CELL.fullmatch(parts[i])
        if m:
            parts[i] = m.group(1) + " " * display_width(parts[i][m.end(1):])
            hit = True
    if not hit:
        return None
    parts[-1] = " " * display_width(parts[-1])
    bars = _DRAWN.findall(line)
    return "".join(p + (bars[i] if i < len(bars) else "") for i, p in enumerate(parts)).rstrip()


def _drawn_head(line: str) -> str:
    """The last cell of text before the first cell drawn_relaid rewrites: the row's label."""
    head = ""
    for cell in _DRAWN.split(line)[1:-1]:
        if _DRAWN_CELL.fullmatch(cell):
            break
        if not _NUMBER.fullmatch(cell.strip(" _\xa0")):
            head = re.sub(r"[\s_]", "", cell) or head
    return head


def relaid_here(line: str) -> bool:
    """An undrawn line holding a number printed over a cut character."""
    return _CUT in line and not _DRAWN.search(line) and _first_printed_over(line) is not None


def head(line: str) -> str:
    """The label up to the first number printed over a cut character."""
    return line[:_first_printed_over(line).start()].strip()


def relaid_line(line: str) -> str:
    """The label up to the first number printed over a cut character, then every number from
    there at its place, the label's pieces between them blanked at their widths (every cell
    keeps its column: the other rows' cells stand there too); the line's rest kept where its
    last number stands apart (a cell printed after the label ended: "  0元", its unit),
    blanked where that number was printed inside the label ("\ufffd6形）": the label's rest)."""
    first = _first_printed_over(line)
    out, at, last = [line[:first.start()]], first.start(), first
    for m in _cells(line, first.start()):
        out += [" " * display_width(line[at:m.start()]), m.group()]
        at, last = m.end(), m
    rest = line[at:]
    apart = line[last.start() - 1:last.start()].isspace()
    out.append(rest if apart else " " * display_width(rest))
    return "".join(out).rstrip()


def _cells(line: str, start: int = 0) -> list[re.Match]:
    """The numbers from `start` that are no item's number."""
    return [m for m in _NUMBER.finditer(line, start) if line[m.end():m.end() + 1] not in _ENUMERATOR_MARK
            or not line[m.end():m.end() + 1]]


def _printed_over(line: str, m: re.Match) -> bool:
    return _CUT in (line[m.start() - 1:m.start()], line[m.end():m.end() + 1])


def _first_printed_over(line: str) -> re.Match | None:
    """The first number that a cut character borders (written over that character's bytes)."""
    return next((m for m in _cells(line) if _printed_over(line, m)), None)
