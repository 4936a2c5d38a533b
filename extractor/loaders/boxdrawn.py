"""Tables drawn with box characters in text: ┌─┬─┐ │ a │ b │ (text browsers, converters)
and ASCII grids +---+---+ | a | b | (pandoc grid tables, database clients).

A row of such a table lies between two rule lines (lines of nothing but rule characters);
its cells lie between the vertical bars of each text line, measured in terminal columns
(a CJK character takes two), and a cell's text wrapped over several lines of the row is
joined. Every cell is kept, blank ones included, in its place: the drawing says where the
blanks are, which a text dump without rules loses ("258 12 1 1" read back as 2|5|8|1|2|1).
A cell merged over rows is blank in the rows below its text (the rule under it is open).

The text loader rewrites each drawn row as one tab-separated line (its layout (a)), so
Document.text holds the rows as tab-separated lines; the cells carry their columns.
"""
from __future__ import annotations

import re
from functools import lru_cache

from . import residue
from .aligned import Frag, display_width, join_text

_BOX = "─━│┃┄┅┆┇┈┉┊┋┌┍┎┏┐┑┒┓└┕┖┗┘┙┚┛├┝┞┟┠┡┢┣┤┥┦┧┨┩┪┫┬┭┮┯┰┱┲┳┴┵┶┷┸┹┺┻┼┽┾┿╀╁╂╃╄╅╆╇╈╉╊╋═║╒╓╔╕╖╗╘╙╚╛╜╝╞╟╠╡╢╣╤╥╦╧╨╩╪╫╬"
_VBAR = "│┃║|┆┊"
_RULE_CHARS = set(_BOX) | set("+-=|: ")
_ASCII_RULE = re.compile(r"^\s*\+[-=+:]*[-=][-=+:]*\+\s*$")
_RULE_RUN = re.compile(r"[-=+]{2,}")  # an ASCII rule's piece filling a cell ("------+---")


def _is_rule(line: str) -> bool:
    """A line of rule characters with a horizontal stroke in it: "│   │   │" (bars and spaces
    only) is a row of empty cells, drawn between two rules (a table row printed all blank).
    An ASCII rule may end in bars (text browsers' tables: _barred_rule)."""
    s = line.strip()
    return bool(s) and all(ch in _RULE_CHARS for ch in s) and (
        any(ch in _BOX and ch not in _VBAR for ch in s) or bool(_ASCII_RULE.match(s))
        or _barred_rule(s))


def _barred_rule(s: str) -> bool:
    """"|------+---|", "|      |-------|" (a rule under the cells right of one merged over
    rows): every cell between the bars a rule run or blank; joints, a blank cell or one run
    across (a markdown table's "|---|---|" has none of them)."""
    if len(s) < 4 or s[0] != "|" or s[-1] != "|":
        return False
    cells = s[1:-1].split("|")
    runs = [c for c in cells if _RULE_RUN.fullmatch(c)]
    return bool(runs) and all(c in runs or not c.strip() for c in cells) and (
        "+" in s or len(cells) == 1 or len(runs) < len(cells))


def _is_content(line: str) -> bool:
    s = line.strip()
    return len(s) >= 2 and s[0] in _VBAR and s[-1] in _VBAR


def _is_mixed(line: str) -> bool:
    """A rule line that passes through a merged cell's text: "│(三)不予公开├────┼──┤"."""
    s = line.strip()
    if len(s) >= 2 and s[0] == "|" == s[-1] and not _is_rule(line):
        # ASCII: "|(三)不予公开|--------+---+--|": a cell that is all rule, no padding, and text
        cells = s[1:-1].split("|")
        return any(_RULE_RUN.fullmatch(c) for c in cells) and any(c.strip() and not _RULE_RUN.fullmatch(c)
                                                                  for c in cells)
    return (len(s) >= 2 and s[0] in _BOX and s[-1] in _BOX and not _is_rule(line)
            and any(ch in _JOINTS for ch in s))


_JOINTS = "├┤┼┬┴╠╣╬╞╡╪╟╢╫┝┥┿"


def _pieces(line: str, width=display_width) -> list[tuple[float, float, str]]:
    """Text pieces of a mixed line, x in terminal columns (rule runs left out)."""
    out = []
    if line.strip()[:1] == "|":  # ASCII: the text cells between bars, not the rule pieces
        for x0, x1, t in _cells(line, width):
            if t and not _RULE_RUN.fullmatch(t):
                out.append((x0, x1, t))
        return out
    for m in re.finditer(f"[^{re.escape(_BOX)}]+", line):
        t = m.group(0).strip()
        if t:
            x0 = width(line[:m.start()])
            out.append((x0, x0 + width(m.group(0)), t))
    return out


def _cells(line: str, width=display_width) -> list[tuple[float, float, str]]:
    """(x0, x1, text) between the bars of one line, x in terminal columns (`width`: len or
    display_width, each a sum over the characters - measured on from the last bar, not from the
    line's start again at every bar)."""
    return list(_bar_cells(line, width))


@lru_cache(maxsize=4096)
def _bar_cells(line: str, width) -> tuple[tuple[float, float, str], ...]:
    """_cells, kept while one text is rewritten (retab clears it: a document's cost is its own):
    a drawn row's lines are read again as every line joins it (_rows_by_line)."""
    out = []
    bars = [i for i, ch in enumerate(line) if ch in _VBAR]
    x0 = at = 0  # x0: the width of line[:at]
    for a, b in zip(bars, bars[1:]):
        x0 += width(line[at:a + 1])
        at = a + 1
        out.append((x0, x0 + width(line[a + 1:b]), line[a + 1:b].strip()))
    return tuple(out)


def _measure(block: list[str]):
    """How the drawing counts columns: terminal columns (a CJK character two wide) or
    characters (some text browsers pad a CJK character as one column, "|    信息内容    |"
    under "|------------+"). The measure under which more bars of the text lines stand on a
    rule's joints."""
    joints = {x for ln in block if _is_rule(ln) for x, ch in enumerate(ln) if ch not in " -=─━═"}

    def hits(width) -> int:
        return sum(width(ln[:i]) in joints for ln in block if not _is_rule(ln)
                   for i, ch in enumerate(ln) if ch in _VBAR)

    return len if hits(len) > hits(display_width) else display_width


def retab(text: str) -> tuple[str, dict[int, list[Frag | None]]] | None:
    """`text` with its drawn tables rewritten as tab-separated rows, and the box of each
    field by line of the new text; None when it has no drawn table."""
    _bar_cells.cache_clear()
    lines = text.split("\n")
    out: list[str] = []
    geom: dict[int, list[Frag | None]] = {}
    i, n, found, tables = 0, len(lines), False, 0
    while i < n:
        if not _is_rule(lines[i]):
            out.append(lines[i])
            i += 1
            continue
        # a drawn table: rule lines and content lines, starting and ending with a rule
        j = i
        while j < n and (_is_rule(lines[j]) or _is_content(lines[j]) or _is_mixed(lines[j])):
            j += 1
        block = lines[i:j]
        if not any(_is_content(ln) for ln in block) or sum(_is_rule(ln) for ln in block) < 2:
            out.extend(block)
            i = j
            continue
        found = True
        width = _measure(block)
        # the table's column joints: where its rule lines cross a column edge (every rule's)
        joints = sorted({x for ln in block if _is_rule(ln) for x in _joints(ln, width)})
        grid = (GRID_BASE + tables, joints)
        tables += 1
        row: list[int] = []  # line numbers of the current drawn row
        carry: list = []  # text of a merged cell printed on a rule line: goes to the next row
        for k in range(i, j):
            if _is_rule(lines[k]) or _is_mixed(lines[k]):
                if row:
                    _emit(lines, row, out, geom, carry, width, grid)
                    row, carry = [], []
                if _is_mixed(lines[k]):
                    carry += _pieces(lines[k], width)
            else:
                row.append(k)
            if row and _rows_by_line(lines, row, width):  # a row a line: no rule between rows
                for k2 in row[:-1]:
                    _emit(lines, [k2], out, geom, carry, width, grid)
                    carry = []
                row = row[-1:]
        if row:
            _emit(lines, row, out, geom, carry, width, grid)
        i = j
    return ("\n".join(out), geom) if found else None


_COUNT = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?")


def _rows_by_line(lines: list[str], row: list[int], width=display_width) -> bool:
    """Are the lines between two rules rows of their own, not one row's wrapped cells? Some
    tables rule off only the header and the ends (tabulate's "psql", database clients: "+--+"
    above and below, "|--+--|" under the header) and print a record a line. A drawn row's
    cells wrap only their text, a number printed once, on one line: where two of its lines
    each print a number alone in the same cell, or a line of nothing but numbers (three or more
    alone in their cells) follows a line with text in one of its cells, each line is a row. A
    cell's text flows down from its top: a wrapped label's first line may be its numbering
    ("2" over "、其他法律行政法规禁止公开"), never a heading's last; a label centred beside its
    numbers leaves the number cells empty on its other lines. A number is alone only with
    room to spare in its cell: a column too narrow for its text (pandoc's one-character
    columns) wraps a number a digit a line."""
    if len(row) < 2:
        return False
    first = _cells(lines[row[0]], width)
    if len(first) < 3:
        return False
    bounds = [(a, b) for a, b, _ in first]

    def by_cell(k: int) -> dict[int, str]:
        got: dict[int, str] = {}
        for x0, x1, t in _cells(lines[k], width):
            if t:
                mid = (x0 + x1) / 2
                c = next((c for c, (a, b) in enumerate(bounds) if a <= mid <= b), None)
                if c is not None:
                    got[c] = (got.get(c, "") + " " + t).strip()
        return got

    def alone(c: int, t: str) -> bool:  # a number with room beside it in its cell: no wrap cut it there
        return bool(_COUNT.fullmatch(t)) and bounds[c][1] - bounds[c][0] - 2 >= width(t) + 2

    cells = [by_cell(k) for k in row]
    numbered = [{c for c, t in got.items() if alone(c, t)} for got in cells]
    if any(len(a & b) >= 1 for x, a in enumerate(numbered) for b in numbered[x + 1:]):
        return True
    for x, got in enumerate(cells):
        if len(numbered[x]) >= 3 and all(_COUNT.fullmatch(t) for t in got.values()):
            if any(c in got for other in cells[:x] for c in other):
                return True
    return False


def _ruled(line: str, a: float, b: float, width=display_width) -> bool:
    """Does a rule run along columns a..b of `line` (nothing but rule characters there)?"""
    at, seen = 0, False
    for ch in line:
        if at >= b:
            break
        if at >= a:
            if ch.isspace() or not (ch in _BOX or ch in "+-=:"):
                return False
            seen = True
        at += width(ch)
    return seen


_BR = re.compile(r"<br\s*/?>", re.I)


_OPEN_TAG = re.compile(r"<(?:/?[A-Za-z][^<>]*|/)?$")  # a tag begun, not ended: "<", "<cl", "</ve"


def _tags_mended(pieces: list[str]) -> list[str]:
    """A tag broken over a cell's lines ("<cl" / "ass>212</class>") is one tag again: a line
    that ends inside a tag runs on into the next with no space, or the tag is no tag and its
    text ("<cl ass>212") no number."""
    out: list[str] = []
    for p in pieces:
        p = p.strip()
        if out and _OPEN_TAG.search(out[-1]):
            out[-1] += p
        else:
            out.append(p)
    return out


def _cell_text(pieces: list[str]) -> str:
    """A cell's lines joined; markup that prints nothing is no text, even broken over the
    cell's lines: Muse writes a blank cell as "<verbatim></verbatim>" wrapped in a narrow
    column ("<v", "erba", "tim>", "</ve", …), a line break as a "<br>" line of its own."""
    if not any("<" in p or ">" in p for p in pieces):
        return residue.unmarked(join_text(pieces))
    pieces = _tags_mended(pieces)
    if not residue.unmarked("".join(pieces)).strip():
        return ""
    return residue.unmarked(join_text([p for p in pieces if residue.unmarked(p).strip() and not _BR.fullmatch(p.strip())]))


# a number as a cell prints it: a count (_COUNT), an amount with its unit
_NUMBER = re.compile(_COUNT.pattern + r"(?:万元|元|万)?")


def _cut_number(pieces: list[str], room: float, width=display_width) -> str | None:
    """One number a column too narrow for it cut over the cell's lines ("8" / "087315" in a
    column six wide; "2" / "6" in one a character wide): its digits joined with no space.
    Only where the number is wider than its column (the column had to cut it, wherever the
    digits part) and each cut is where a line full of the column ends (the next line's text
    would not have fitted after it): a break the text chose with room to spare is a break the
    source printed (two numbers, or digit groups apart), and stays a gap (values.malformed_*)."""
    if len(pieces) < 2 or any(not _NUMBER.fullmatch(p) and not re.fullmatch(r"[-+]?\d[\d,]*\.", p) for p in pieces[:-1]):
        return None
    joined = "".join(pieces)
    if not _NUMBER.fullmatch(joined) or width(joined) <= room:
        return None
    if any(width(p) + 1 + width(q) <= room for p, q in zip(pieces, pieces[1:])):
        return None
    return joined


def unmarked_around(text: str, inside: bool = False) -> str:
    """residue.unmarked on every line but a drawn table's content lines ("| a | b |"): there
    the markup stands inside cells whose bars must stay where they are drawn (`_cell_text`
    unmarks each cell). With `inside`, on those lines only: the ones no drawn table took
    (a markdown table's rows), once the tables are read."""
    if not any(ch in text for ch in _VBAR):
        return text if inside else residue.unmarked(text)
    return "\n".join(residue.unmarked(line) if _is_content(line) == inside else line for line in text.split("\n"))


GRID_BASE = 1000  # drawn tables' indices (Block.table), apart from a text's markdown tables (0, 1, ...)


def _joints(rule: str, width=display_width) -> list[float]:
    """Where a rule line crosses a column edge ("+", "┼", a barred rule's "|"), in `width`'s columns."""
    out, at = [], 0
    for ch in rule:
        if ch not in " -=─━═:":
            out.append(at)
        at += width(ch)
    return out


def _full_row(first: list[tuple[float, float, str]], joints: list[float]) -> bool:
    """Does the row print a cell between every two of its table's column joints (each bar
    nearest the joint of its place: pandoc pads a CJK line a column off)? Then its cells'
    places are the table's grid columns - a spanned label's padding cells stand in the label's
    columns, a blank total in the total's, as in every other such row of the table."""
    if len(first) != len(joints) - 1:
        return False

    def near(x: float) -> int:
        return min(range(len(joints)), key=lambda j: abs(joints[j] - x))

    return [near(a - 1) for a, _, _ in first] + [near(first[-1][1])] == list(range(len(joints)))


def _emit(lines: list[str], row: list[int], out: list[str], geom: dict, carry: list, width=display_width,
          grid: tuple[int, list[float]] | None = None) -> None:
    """One drawn row: cells from its first line's bars, each line's pieces (and the pieces
    carried from a mixed rule line above) joined into the cell they fall in. A row that prints
    every grid column of its table carries the table (Frag.grid) on each cell."""
    first = _cells(lines[row[0]], width)
    if not first:
        return
    table = grid[0] if grid is not None and _full_row(first, grid[1]) else None
    texts: list[list[str]] = [[] for _ in first]
    for x0, x1, t in carry + [p for k in row for p in _cells(lines[k], width)]:
        if not t:
            continue
        mid = (x0 + x1) / 2
        c = next((c for c, (a, b, _) in enumerate(first) if a <= mid <= b), None)
        if c is None:
            c = min(range(len(first)), key=lambda c: abs((first[c][0] + first[c][1]) / 2 - mid))
        texts[c].append(t)
    cells = [_cut_number(ts, b - a - 2, width) or _cell_text(ts) for ts, (a, b, _) in zip(texts, first)]
    above, below = lines[row[0] - 1] if row[0] else "", lines[row[-1] + 1] if row[-1] + 1 < len(lines) else ""
    # a blank cell ruled off above and below is a printed blank (seen); one the rule leaves
    # open is part of a cell merged over rows
    geom[len(out)] = [Frag(t, a, b, row[0], row[-1] + 1, grid=table) if t else
                      Frag("", a, b, row[0], row[-1] + 1, seen=True, grid=table)
                      if _ruled(above, a, b, width) and _ruled(below, a, b, width)
                      else Frag("", a, b, row[0], row[-1] + 1, grid=table) if table is not None
                      else None for t, (a, b, _) in zip(cells, first)]
    out.append("\t".join(c.replace("\t", " ") for c in cells))
