"""Comma-separated tables in a text: rewritten as tab-separated rows.

Researchers save scraped tables as CSV (pandas `read_html` then `to_csv`, a spreadsheet's
export) and paste them between the page's paragraphs. A run of lines that parse (CSV
quoting: a cell with a comma or a line break is quoted) into the same number of fields,
three or more, with numbers among them, is a table: each record becomes one tab-separated
row, so the text loader reads its fields as cells at their grid columns (a quoted line
break inside a cell is a space). A first record that only numbers the columns (0, 1, 2 …:
the names pandas gives the columns of a table with no header cells) names no cell of the
report and is left out, and so is a first column that only numbers the rows (0, 1, 2 … under
an empty header field: the index pandas writes by default). A column of counts a data frame
held as floats ("6.0": a missing value made it float) gives its counts ("6"). A table reader
that merged neighbouring columns into one field ("…数量 23", "0 0 0 0": `_merged_columns`)
wrote no grid: each of its records becomes a line of text, its fields apart by spaces.
"""
from __future__ import annotations

import csv
import re

from .cells import cell_numbers

_MIN_FIELDS = 3
_MIN_ROWS = 3
_NUMBER = re.compile(r"^[-+]?\d[\d,]*(?:\.\d+)?(?:万元|元)?$")
_MAX_RECORD_LINES = 16  # lines one quoted record may run over (a cell's line breaks: a group label one character a line)


def _records(lines: list[str]) -> list[tuple[int, int, list[str] | None]]:
    """(first line, end line, fields) of each line or quoted multi-line record; fields None
    for a line that is not a comma-separated record (no comma, a tab, unbalanced quotes)."""
    out = []
    i = 0
    while i < len(lines):
        ln = lines[i]
        # (a record may open with a quoted cell whose first line holds no comma: '"三')
        if ("," not in ln and not ln.startswith('"')) or "\t" in ln:
            out.append((i, i + 1, None))
            i += 1
            continue
        j = i + 1
        rec = ln
        while rec.count('"') % 2 and j < len(lines) and j - i < _MAX_RECORD_LINES:
            rec += "\n" + lines[j]
            j += 1
        if rec.count('"') % 2:
            out.append((i, i + 1, None))
            i += 1
            continue
        try:
            fields = next(csv.reader([rec]))
        except (csv.Error, StopIteration):
            fields = None
        out.append((i, j, fields))
        i = j
    return out


def _field(f: str) -> str:
    """A field as a tab row's cell: its line breaks a space - except between the numbers of a
    field printing one on each line ("53\n0"), kept as "<br>" as markdown writes them, so the
    text loader reads the lines (cells.cell_numbers)."""
    lines = cell_numbers(f)
    return "<br>".join(lines) if lines else " ".join(f.split())


def _column_numbers(fields: list[str]) -> bool:
    return [f.strip() for f in fields] in ([str(i) for i in range(len(fields))],
                                           [str(i) for i in range(1, len(fields) + 1)])


_FLOAT_WHOLE = re.compile(r"^[-+]?\d+\.0$")
_DECIMAL = re.compile(r"^[-+]?\d+\.\d+$")


def _whole_floats(rows: list[list[str]]) -> list[list[str]]:
    """A data frame writes a column of counts with a missing value as floats ("6.0", "0.0"): in a
    column whose every bare decimal number ends in ".0", they are the counts 6 and 0."""
    width = len(rows[0])
    for c in range(width):
        nums = [f[c].strip() for f in rows if _DECIMAL.match(f[c].strip())]
        if nums and all(_FLOAT_WHOLE.match(x) for x in nums):
            for f in rows:
                if _FLOAT_WHOLE.match(f[c].strip()):
                    f[c] = f[c].strip()[:-2]
    return rows


def _indexed(rows: list[list[str]]) -> bool:
    """A table saved with its row index (pandas to_csv() by default): the header's first field
    empty, every other row's first field its number 0, 1, 2 … in turn. A header of several
    lines (a table whose head rows became the frame's column levels) leaves the index's field
    empty on each of them: the rows after them are numbered from 0."""
    head = next((k for k, f in enumerate(rows) if f[0].strip()), len(rows))
    return 0 < head < len(rows) and [f[0].strip() for f in rows[head:]] == [str(i) for i in range(len(rows) - head)]


def retab(text: str) -> str | None:
    """`text` with its comma-separated tables rewritten as tab-separated rows, or None when it
    has none."""
    if text.count(",") < _MIN_FIELDS * _MIN_ROWS:
        return None
    lines = text.split("\n")
    recs = _records(lines)
    tables: list[list[tuple[int, int, list[str]]]] = []
    run: list[tuple[int, int, list[str]]] = []
    for rec in recs + [(len(lines), len(lines), None)]:
        f = rec[2]
        if f is not None and len(f) >= _MIN_FIELDS and (not run or len(f) == len(run[0][2])):
            run.append(rec)  # (type: fields known)
            continue
        if len(run) >= _MIN_ROWS and _is_table(run):
            tables.append(run)
        run = [rec] if f is not None and len(f) >= _MIN_FIELDS else []
    if not tables:
        return None
    at: dict[int, list[str]] = {}  # line -> the tab rows printed before it
    skip: set[int] = set()  # lines left out (a grid's records, the text copy of a grid)
    lo = end = 0  # where the text a grid may copy starts; where the grid before ends
    # the tables of one text are one reader's: merged columns in them (judged over all) make
    # none of them a grid - each record a line of text, its fields apart by spaces
    merged = _merged_columns([fields for run in tables for _, _, fields in run])
    for run in tables:
        rows = [fields for _, _, fields in run]
        if merged:
            at[run[0][0]] = [" ".join(" ".join(f.split()) for f in fields if f.strip()) for fields in rows]
            skip.update(range(run[0][0], run[-1][1]))
            end = lo = run[-1][1]
            continue
        if _indexed(rows):
            rows = [f[1:] for f in rows]  # the row index: no column of the report
        rows = _whole_floats(rows)
        tabbed = []
        for n, fields in enumerate(rows):
            if n == 0 and _column_numbers(fields):
                tabbed.append("")  # the columns' numbers, not a row of the report
                continue
            tabbed.append("\t".join(_field(f) for f in fields))
        start = run[0][0]
        if any(lines[k].strip() for k in range(end, start)):
            lo = end  # text between this grid and the one before: the text of its page
        copy = _text_copy(lines, lo, start, rows)
        if copy is not None:  # the grid in its text copy's place (see _text_copy)
            at[copy[0]] = tabbed
            skip.update(range(*copy))
            lo = copy[1]
        else:
            at[start] = tabbed
        skip.update(range(start, run[-1][1]))
        end = run[-1][1]
    out: list[str] = []
    for k, ln in enumerate(lines):
        out += at.get(k, [])
        if k not in skip:
            out.append(ln)
    return "\n".join(out)


_LONG_LINE = 60  # a line of prose, not a row of a table's text copy


def _text_copy(lines: list[str], lo: int, hi: int, rows: list[list[str]]) -> tuple[int, int] | None:
    """The lines lo..hi that print the grid's rows again as text, as a PDF reader that
    writes a page's text and then each of its tables as CSV does: (first, end) of the
    lines from the first to the last row printed with the same label and the same numbers
    in order (blank cells dropped), when most of the grid's rows with numbers (four in
    five, three at least; each of one or two labelled ones) are so printed, in order, with no prose between; None otherwise. The grid keeps where its
    blank cells stand, which the text copy does not: the grid is read in its place."""
    wanted = []
    for f in rows:
        vals = [k for k, x in enumerate(f) if _NUMBER.match(x.strip())]
        if not vals:
            continue
        names = [x for x in f[:vals[0]] if x.strip()]
        key = "".join(names[-1].split("\n")[0].split()) if names else ""
        wanted.append((key, [f[k].strip() for k in vals if k >= vals[0]]))
    if not wanted or (len(wanted) < _MIN_ROWS and not all(key for key, _ in wanted)):
        return None
    # each line's trailing numbers and the text before them, looked up by the numbers (each
    # line read once: a long grid after a long text is searched in linear time)
    printed: dict[tuple[str, ...], list[tuple[int, str, bool]]] = {}
    for j in range(lo, hi):
        toks = lines[j].split()
        n = len(toks)
        while n and _NUMBER.match(toks[n - 1]):
            n -= 1
        if n < len(toks):
            printed.setdefault(tuple(toks[n:]), []).append((j, "".join(toks[:n]), n == 0))
    found: list[int] = []
    k = lo
    for key, nums in wanted:
        for j, text, bare in printed.get(tuple(nums), ()):
            if j >= k and (key in text if key else bare):
                found.append(j)
                k = j + 1
                break
    # (a grid of one or two labelled rows with numbers - a table's first rows at the foot of
    # a page - only when each is printed so)
    if len(found) < min(_MIN_ROWS, len(wanted)) or len(found) * 5 < len(wanted) * 4:
        return None
    a, b = found[0], found[-1] + 1
    if any(len(lines[j].strip()) > _LONG_LINE or lines[j].rstrip().endswith("。") for j in range(a, b)):
        return None
    return a, b


_GROUPED = re.compile(r"\d,\d{3}(?!\d)")
_NUMBERS_APART = re.compile(r"\S.* [-+]?\d+(?:\.\d+)?")  # words and a number after them
_MIN_MERGED_ROWS = 3


def _merged_columns(rows: list[list[str]]) -> bool:
    """A table reader that merged neighbouring columns into one field (text-aligned PDF tables:
    "一、本年新收政府信息公开申请数量 23", "0 0 0 0", "0", "23"): three rows at least, and a
    third of the rows with numbers, print a field that ends in a number set apart by a space
    from the label or the numbers before it. Its
    empty fields stand for no particular blank cells and its fields for no columns: each
    record is a line of text, read as a PDF's text is ("…数量 23 0 0 0 0 0 23")."""
    numbered = [f for f in rows if any(re.search(r"\d", x) for x in f)]
    merged = sum(1 for f in numbered if any(_NUMBERS_APART.fullmatch(x.strip()) for x in f))
    return merged >= _MIN_MERGED_ROWS and 3 * merged >= len(numbered)


def _is_table(run: list[tuple[int, int, list[str]]]) -> bool:
    """Rows of a table, not prose with commas nor space-aligned numbers with thousands
    separators ("行政许可   1,234   2,345"): a row prints numbers in fields of their own or only
    empty fields (or the first row numbers the columns, as a data frame's does), the
    fields are short (cells, not clauses) and never padded with runs of spaces, and most
    rows have a comma that is not inside a grouped number."""
    rows = [f for _, _, f in run]
    named = _column_numbers(rows[0]) or _indexed(rows)  # a data frame's column or row numbers
    if named:
        rows = rows[1:]
    # a row printing a number in a field of its own, or only empty fields (a blank row)
    with_numbers = sum(1 for f in rows if any(_NUMBER.match(x.strip()) for x in f) or not "".join(f).strip())
    cells = [x for _, _, f in run for x in f]
    delimiting = sum(1 for _, _, f in run if _GROUPED.sub("", ",".join(f)).count(",") > 0)
    return ((named or with_numbers >= 1) and sum(len(x) <= 60 for x in cells) >= 0.9 * len(cells)
            and not any("  " in x.strip() for x in cells) and delimiting >= 0.5 * len(run))
