"""A table printed by a data-frame library (pandas `print(df)` / `df.to_string()`), as a
plain space-aligned table.

A printed DataFrame starts every row with its index (0, 1, 2 … at the line's start), heads
the columns with their names (0 1 2 … where the scraped table had no header cells) and
prints a missing value as NaN. None of that is the report's: the index would be read as a
value column, the names as a row of numbers, NaN as text. Under a header line of column
numbers, every column ends where its number does (pandas right-aligns a column to its widest
text, two spaces apart): the rows are rewritten as tab-separated cells, exactly as printed,
NaN an empty cell (a blank whose place is printed). So too under a line of the columns'
names (a frame whose head rows became its column names) that names each column right-aligned
over the ends every row's cells share: that line and the rows. Otherwise the index is blanked
(spaces of the same width: the columns stay aligned for aligned.py), and NaN blanked where it
stands as a cell. Where every bare decimal number of a printed table ends in ".0", they are counts a
missing value made floats ("6.0" is 6).
"""
from __future__ import annotations

import re

from .aligned import display_width

_INDEX = re.compile(r"(\d+)(?=\s{2,}\S)")
_COLUMN_NUMBERS = re.compile(r"\s+0(?:\s+\d+)+\s*")
_NAN = re.compile(r"(?<=\s)NaN(?=\s|$)")
_MIN_ROWS = 3
_DECIMAL = re.compile(r"(?<=\s)[-+]?\d+\.\d+(?=\s|$)")  # a bare decimal number as a cell


def _index_run(lines: list[str], i: int) -> int:
    """How many lines from i start with the index 0, 1, 2 … in turn."""
    k = 0
    while i + k < len(lines):
        m = _INDEX.match(lines[i + k])
        if not m or m.group(1) != str(k):
            break
        k += 1
    return k


def _under_levels(lines: list[str], i: int, n: int) -> bool:
    """Rows numbered 0, 1 … (fewer than make an index by themselves) under a frame's column
    levels (a table whose head rows became the columns' names, printed one level a line): the
    line above them leaves the index's place empty (indented past the number) and names one
    column fewer than each row has cells - the row's first number is its index."""
    if i == 0 or not lines[i - 1].strip():
        return False
    above = lines[i - 1]
    names = above.split()
    if any(_NUMBER_CELL.fullmatch(x) for x in names):
        return False
    for r in range(i, i + n):
        idx = _INDEX.match(lines[r]).group(1)
        if len(above) - len(above.lstrip(" ")) <= len(idx):
            return False
        if len(lines[r].split()) != len(names) + 1 and not _under_names(above, lines[r]):
            return False
    return True


def _under_names(above: str, line: str) -> bool:
    """Each cell of `line` after its first ends where a name of the line above ends (the frame
    right-aligns a column's cells under its name), and the names fill those columns and no
    more: none crosses a column's edge, none stands past the last. A name may hold a space
    ('结果 维持'), so the names are counted by the columns they stand in, not by the spaces."""
    cells = [m.end() for m in re.finditer(r"\S+", line)][1:]
    spans = [(m.start(), m.end()) for m in re.finditer(r"\S+", above)]
    if not cells or not spans:
        return False
    ends = {e for _, e in spans}
    if any(e not in ends for e in cells) or spans[-1][1] != cells[-1]:
        return False
    return not any(s < e < t for s, t in spans for e in cells)


_NUMBER_CELL = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?")


def _cells(header: str, rows: list[str]) -> list[list[str]] | None:
    """Each row's cells (index left out, NaN empty), cut where the header's column numbers
    end; None when a row does not keep to those columns (a name wider than its number, text
    running over a column's end). A column of text (pandas' string dtype) may print its cells
    one character wider than its number: where every row has text one past a number's end
    and a space after that, the column ends there."""
    ends = [m.end() for m in re.finditer(r"\S+", header)]
    return _cut(ends, rows) or _cut([e + 1 if _wider(rows, e) else e for e in ends], rows)


def _wider(rows: list[str], end: int) -> bool:
    return all(line[end:end + 1].strip() and not line[end + 1:end + 2].strip() for line in rows)


def _cut(ends: list[int], rows: list[str]) -> list[list[str]] | None:
    out = []
    for line in rows:
        at = _INDEX.match(line).end()
        if at > ends[0] - 1 or len(line.rstrip()) > ends[-1]:
            return None
        row = []
        for j, end in enumerate(ends):
            # right-aligned under its number, two spaces at least after the column before
            if j + 1 < len(ends) and line[end:end + 2].strip():
                return None
            if line[at:end].strip() and line[end - 1:end] == " ":
                return None
            cell = line[at:end].strip()
            row.append("" if cell == "NaN" else cell)
            at = end
        out.append(row)
    return out


def _named_cells(above: str, rows: list[str]) -> list[list[str]] | None:
    """The names line above a frame's rows and the rows as cells (index left out, NaN empty),
    cut where the columns end: every row prints a cell in every column (NaN where missing),
    right-aligned, so the ends common to all rows are the columns' ends; the names line must
    name each column right-aligned over it (a name may hold a space: '其 他'), none crossing
    an edge. A value column no row fills (NaN all down) keeps its place - blanked, it left no
    mark and its neighbours' numbers were read under the wrong names. None otherwise."""
    common = None
    for line in rows:
        ends = {m.end() for m in re.finditer(r"\S+", line)}
        common = ends if common is None else common & ends
    at = max(_INDEX.match(line).end() for line in rows)
    edges = sorted(e for e in common or () if e > at)
    spans = [(m.start(), m.end()) for m in re.finditer(r"\S+", above)]
    if len(edges) < 2 or not spans or spans[0][0] < at or spans[-1][1] != edges[-1]:
        return None
    name_ends = {t for _, t in spans}
    if any(e not in name_ends for e in edges) or any(s < e < t for s, t in spans for e in edges):
        return None
    out = []
    for line in [above] + rows:
        if len(line.rstrip()) > edges[-1]:
            return None
        start = len(_INDEX.match(line).group(0)) if out else 0
        row = []
        for e in edges:
            cell = line[start:e].strip()
            row.append("" if cell == "NaN" and out else cell)
            start = e
        out.append(row)
    return out


def _float_counts(rows: list[list[str]]) -> bool:
    """Every decimal number of the table ends in ".0": counts a missing value made floats
    ("6.0" is 6, as printed in the report). Decided once per table."""
    decimals = [c for row in rows for c in row if _DECIMAL_CELL.fullmatch(c)]
    return bool(decimals) and all(d.endswith(".0") for d in decimals)


_FLOAT_COUNT = re.compile(r"[-+]?\d+\.0")
_DECIMAL_CELL = re.compile(r"[-+]?\d+\.\d+")


# --- a frame printed by a table formatter under a ruler (tabulate's "simple", "rst") ----------

_RULER_LINE = re.compile(r"[-=]{2,}(?: {2,}[-=]{2,}){2,}[ \t]*")
MISSING = frozenset({"nan", "NaN"})  # how pandas prints a missing value in a table formatter's frame
MAX_RULED_ROWS = 400  # rows one ruler may head (a report's table prints < 60)


def ruled(text: str) -> str | None:
    """`text` with its frames printed under a column ruler rewritten as tab-separated rows, or
    None when it prints none. A table formatter (tabulate's "simple" and "rst") pads every
    cell to its column's run of the ruler ("-----  -------", two spaces apart; "rst" also
    closes the table with one) and prints a missing value as nan: where every row under a
    ruler keeps to its runs - nothing but spaces between two runs, nothing past the last -
    each run is one column, a nan an empty cell (a blank whose place is printed), the line of
    column numbers a frame without names prints over the ruler no row. Asked only of a frame
    that shows it is one (a nan cell or that line of numbers); runs measured in characters,
    else in terminal columns (a formatter that counts a wide glyph two)."""
    if "--  --" not in text and "==  ==" not in text:
        return None
    lines = text.split("\n")
    changed = False
    numbered = -1  # the ruler under an "rst" line of column numbers
    i = 0
    while i < len(lines):
        if not _RULER_LINE.fullmatch(lines[i]):
            i += 1
            continue
        runs = [(m.start(), m.end()) for m in re.finditer(r"[-=]+", lines[i])]
        j = i + 1
        while j < len(lines) and j - i <= MAX_RULED_ROWS and lines[j].strip() and not _RULER_LINE.fullmatch(lines[j]):
            j += 1
        if j < len(lines) and _RULER_LINE.fullmatch(lines[j]) and lines[j - 1].strip() and j - 1 > i + 1 \
                and _numbers_line(lines[j - 1], len(lines[j].split())):
            j -= 1  # the next table's line of column numbers right over its ruler
        cells = _ruled_cells(runs, lines[i + 1:j]) if j > i + 1 else None
        if cells is not None:
            j = i + 1 + len(cells)
        rows = lines[i + 1:j]
        heads = i == numbered or (i > 0 and _numbers_line(lines[i - 1], len(runs)))
        if cells is None or not (heads or any(c in MISSING for row in cells for c in row)
                                 or (len(rows) == 1 and _numbers_line(rows[0], len(runs)))):
            i = j if cells is not None else i + 1
            continue
        if len(rows) == 1 and _numbers_line(rows[0], len(runs)):
            lines[i + 1] = ""  # ("rst": the line of column numbers between two rulers)
            numbered = j
        else:
            lines[i + 1:j] = ["\t".join("" if c in MISSING else c for c in row) for row in cells]
        if heads:
            lines[i - 1] = ""
        lines[i] = ""
        if j < len(lines) and _RULER_LINE.fullmatch(lines[j]) and not (j + 1 < len(lines) and lines[j + 1].strip()):
            lines[j] = ""  # the closing ruler
        changed = True
        i = j
    return "\n".join(lines) if changed else None


def _numbers_line(line: str, n: int) -> bool:
    return line.split() == [str(k) for k in range(n)]


def _ruled_cells(runs: list[tuple[int, int]], rows: list[str]) -> list[list[str]] | None:
    """The cells of the rows that keep to the runs, from the first on (a formatter's "simple"
    table has no closing ruler: the text after it, the next table's header, do not keep to
    them); characters first, then terminal columns."""
    for wide in (False, True):
        out = []
        for line in rows:
            cols = _columns_of(line) if wide else None
            row = _cut_runs(line, runs, cols)
            if row is None or 2 * sum(1 for c in row if c) < len(row):
                break  # (a frame prints every cell, nan where missing: a line of one cell is text after it)
            out.append(row)
        if out:
            return out
    return None


def _columns_of(line: str) -> list[int]:
    """The terminal column each character of `line` starts at (a wide glyph takes two)."""
    out, at = [], 0
    for ch in line:
        out.append(at)
        at += display_width(ch)
    return out


def _cut_runs(line: str, runs, cols: list[int] | None) -> list[str] | None:
    pos = cols if cols is not None else list(range(len(line)))
    k = 0
    for ch, x in zip(line, pos):
        while k < len(runs) and x >= runs[k][1]:
            k += 1
        if ch != " " and (k == len(runs) or x < runs[k][0]):
            return None  # between two runs or past the last
    # (cell text keeps its inner spaces: '科研 机构')
    out = []
    for (a, b) in runs:
        seg = "".join(ch for ch, x in zip(line, pos) if a <= x < b)
        out.append(seg.strip())
    return out


def plain(text: str) -> str | None:
    """`text` with its printed DataFrames' index, column numbers and NaN blanked, or None
    when it prints none."""
    if "\n0 " not in text and not text.startswith("0 "):
        return None
    lines = text.split("\n")
    changed = False
    i = 0
    while i < len(lines):
        n = _index_run(lines, i) if lines[i].startswith("0") else 0
        if n < _MIN_ROWS and not (n and _under_levels(lines, i, n)):
            i += 1
            continue
        above = lines[i - 1] if i else ""
        nums = above.split()
        numbered = bool(_COLUMN_NUMBERS.fullmatch(above)) and nums == [str(j) for j in range(len(nums))]
        if numbered:
            lines[i - 1] = ""
            cells = _cells(above, lines[i:i + n])
            if cells is not None:
                floats = _float_counts(cells)
                lines[i:i + n] = ["\t".join(c[:-2] if floats and _FLOAT_COUNT.fullmatch(c) else c for c in row)
                                  for row in cells]
                changed = True
                i += n
                continue
        named = _named_cells(above, lines[i:i + n]) if i and not numbered else None
        if named is not None:
            floats = _float_counts(named[1:])
            lines[i - 1:i + n] = ["\t".join(c[:-2] if floats and _FLOAT_COUNT.fullmatch(c) else c
                                            for c in row) for row in named]
            changed = True
            i += n
            continue
        for r in range(i, i + n):
            idx = _INDEX.match(lines[r]).group(1)
            lines[r] = _NAN.sub("   ", " " * len(idx) + lines[r][len(idx):])
        block = lines[i:i + n]
        decimals = [m.group(0) for ln in block for m in _DECIMAL.finditer(ln)]
        if decimals and all(d.endswith(".0") for d in decimals):
            # counts held as floats (a missing value made the column float): "6.0" is 6,
            # right-aligned as printed
            lines[i:i + n] = [_DECIMAL.sub(lambda m: "  " + m.group(0)[:-2], ln) for ln in block]
        changed = True
        i += n
    return "\n".join(lines) if changed else None
