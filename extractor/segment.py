"""Split text lines into label and value pieces.

Scraped reports often lose their cell boundaries: a whole table (or page) becomes one
line such as ``规章000行政规范性文件693665第二十条第（五）项…``. This component cuts such
lines into pieces — runs of numbers, and text split before part/row numbering — so the
classifier sees one candidate label or value at a time. Table cells from real grids are
left whole: their boundaries are already known.
"""
from __future__ import annotations

import functools
import re

from . import limits
from . import templates as T
from .templates.identities import row_sums
from .labels import is_page_number
from .model import Block, Document, LoadError
from .values import DIGIT_GROUPS

# A run of numbers as printed in a table: digits with spaces, signs, decimals, a money unit.
# Digits directly followed by a unit of prose (年, 件, %, …) are prose, not table values.
_ATOM = r"(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?"  # thousands separators keep a number whole
_WS = r"[^\S\xa0]"  # whitespace, but not a no-break space: one alone is an empty cell (_BLANK_CELL)
_NUMBER_RUN = re.compile(rf"(?<![\d.])[-+]?{_ATOM}(?:{_WS}*[-+]?{_WS}*{_ATOM})*{_WS}*(?:万元|元)?")
# a no-break space standing alone between spaces: how a page prints an empty table cell
# ("规章 \xa0 \xa0 \xa0 规范性文件 0 0 4"): a blank cell of its own, never part of a label or a run
_BLANK_CELL = re.compile(r"(?<![^\s])\xa0(?![^\s])")
_PROSE_UNIT = re.compile(r"\s*[年月日件条个人次%％余多家名号期批宗户天位份篇场届部台套万亿倍岁小分]")
# Numbering that starts a label: 一、 （一） (一) 1. 1、 第二十条
_LABEL_START = re.compile(
    r"(?:[一二三四五六七八九十]+、|(?<!第)[（(]\s*[一二三四五六七八九十]+\s*[）)]|第二十条|注[:：]|(?<![\d.])[1-9]\s*[.、．](?=\s*[\u4e00-\u9fff\"“]))"
)
_SUB_NUMBER_TAIL = re.compile(r"[1-9]\s*$")  # "00000002" + ".其他…": the 2 is numbering


def _value_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in _NUMBER_RUN.finditer(text):
        s, e = m.start(), m.end()
        raw = text[s:e]
        stripped = raw.rstrip()
        e = s + len(stripped)
        if _PROSE_UNIT.match(text, e) and not stripped.endswith("元"):
            continue
        # a trailing digit followed by '.'/'、' + CJK is the next label's numbering (a space
        # before its dot too: "… 6 3 .补正后…", as a text joining cells by spaces prints it)
        nxt = text[e:e + 6]
        if re.match(r"[^\S\n]?[.、．]\s*[\u4e00-\u9fff\"“]|[.、．]$", nxt or "") and not stripped.endswith("元"):
            if len(stripped.replace(" ", "")) <= 1:
                continue
            tail = _SUB_NUMBER_TAIL.search(stripped)
            if tail:
                e = s + tail.start()
                stripped = text[s:e].rstrip()
                e = s + len(stripped)
                if not stripped:
                    continue
        if e > s:
            spans.append((s, e))
    return spans


def _text_cuts(text: str, lo: int, hi: int) -> list[int]:
    """Offsets inside text[lo:hi] where a new label starts."""
    return [m.start() for m in _LABEL_START.finditer(text, lo, hi) if m.start() > lo]


def split_line(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, is_value) pieces of one line, in order, whitespace trimmed; an empty cell
    printed as a lone no-break space is a value piece of that one character (blank)."""
    pieces: list[tuple[int, int, bool]] = []
    pos = 0
    spans = sorted(_value_spans(text) + [(m.start(), m.end()) for m in _BLANK_CELL.finditer(text)])
    for s, e in spans + [(len(text), len(text))]:
        if s > pos:
            cuts = [pos] + _text_cuts(text, pos, s) + [s]
            for a, b in zip(cuts, cuts[1:]):
                seg = text[a:b]
                lstrip = len(seg) - len(seg.lstrip())
                a2, b2 = a + lstrip, a + len(seg.rstrip())
                if b2 > a2:
                    pieces.append((a2, b2, False))
        if e > s:
            pieces.append((s, e, True))
        pos = e
    return _trailing_blanks_dropped(text, pieces)


def _trailing_blanks_dropped(text: str, pieces: list[tuple[int, int, bool]]) -> list[tuple[int, int, bool]]:
    """Lone no-break spaces after a row's last number (before the next label or the end) are
    left out: a padding cell and an empty last column look alike there (as before they were
    read), and so is a single one between two labels (a header's corner). Those between
    numbers, or several after a label with no number (a row all blank), stay."""
    def blank(p):
        return p[2] and text[p[0]:p[1]] == "\xa0"
    out = []
    for i, p in enumerate(pieces):
        if blank(p):
            j = i - 1
            while j >= 0 and blank(pieces[j]):
                j -= 1
            k = i + 1
            while k < len(pieces) and blank(pieces[k]):
                k += 1
            if j >= 0 and pieces[j][2] and (k == len(pieces) or not pieces[k][2]):
                continue
            if (j < 0 or not pieces[j][2]) and k - j - 1 < 2 and (k == len(pieces) or not pieces[k][2]):
                continue  # one after a label, none after it: a header's corner cell, not a row
        out.append(p)
    return out


# a text joining a row's cells by single spaces and printing an empty cell as an empty string:
# n + 1 spaces between two numbers are n empty cells ("（二）部分公开  12  1   1 14")
_JOINED = re.compile(r"\d \d")  # two cells joined by one space: the spaces are separators
_FULL_SPACED_ROW = re.compile(r"(?<![\d.])\d+(?: \d+){6,}(?![\d.])")


@functools.lru_cache(maxsize=1)
def _run_shapes() -> dict[int, tuple]:
    """{cells: the row identities over them (part indexes, total indexes)} of the statutory rows a
    text prints as one run of numbers (templates): a table-三 row across its columns, and table
    四's three groups side by side."""
    shapes: dict[int, tuple] = {}
    for v in T.versions("requests"):
        t = T.revision("requests", v)
        row = max(t.rows, key=lambda r: len(r.columns))
        shapes.setdefault(len(row.columns), row_sums(t, row))
    sums, width = [], 0
    for r in T.REVIEW.rows:
        sums += row_sums(T.REVIEW, r, width)
        width += len(r.columns)
    shapes.setdefault(width, tuple(sums))
    return shapes


def _joined_cells(run: str) -> list[int | None] | None:
    """A run of numbers read as cells joined by single spaces (n + 1 spaces: n empty cells, None);
    None where it is no plain run of numbers with a run of spaces in it."""
    if not DIGIT_GROUPS.fullmatch(run) or "  " not in run:
        return None
    cells: list[int | None] = []
    for m in re.finditer(r"\d+|  +", run):
        if m.group().startswith(" "):
            cells.extend([None] * (len(m.group()) - 1))
        else:
            cells.append(int(m.group()))
    return cells


def _row_holds(cells: list[int | None]) -> bool:
    """The counted cells make exactly a statutory row's width and its sums hold (blanks as 0)."""
    sums = _run_shapes().get(len(cells))
    vals = [c or 0 for c in cells]
    return bool(sums) and all(sum(vals[i] for i in parts) == sum(vals[j] for j in totals) for parts, totals in sums)


_SHORT_ROWS = 4


def counting_proven(lines) -> bool:
    """Whether the runs of spaces of a text (its lines, stripped) count empty cells, where no run prints a single-space
    join of its own (rows that print only a value and its total: "26      26"): at least two runs of
    table 三's row width whose sums hold, and no run that counts wider than the widest statutory
    row (`_run_shapes`) - a text aligning columns by padding ("0    0    0 …") counts its gaps
    wider than any row, one joining cells by single spaces never does. Or, in a table that prints
    few values (rows of a value and its total, totals alone: "（七）总计        14"), `_SHORT_ROWS` lines
    whose last run, right-aligned to the row's total by its spaces, has just the empty cells before
    it that the spaces count (`_right_aligned`: a spanned label's at most) - padding that aligns a
    column would leave a gap that grows as the label shortens."""
    widest = max(_run_shapes())
    narrow = min(_run_shapes())
    rows = short = 0
    for text in lines:
        if "  " not in text or not any(ch.isdigit() for ch in text):
            continue
        pieces = split_line(text)
        for i, (s, e, is_value) in enumerate(pieces):
            cells = _joined_cells(text[s:e]) if is_value else None
            if cells is not None and len(cells) > widest:
                return False
            if cells is not None and len(cells) == narrow:
                rows += _row_holds(cells)
            elif is_value and i == len(pieces) - 1:
                short += _right_aligned(text, pieces, i) is not None
    return rows >= 2 or short >= _SHORT_ROWS


def _counting_proven(doc: Document) -> bool:
    return counting_proven(b.text for b in doc.blocks if b.kind == "line")


def counts_cells(text: str) -> bool:
    """A plain text joining a row's cells by single spaces whose runs of spaces count empty cells
    (a full row joined by single spaces somewhere, `counting_proven`): its gaps are no gutters
    between aligned columns (loaders.text leaves its lines to split_runs)."""
    lines = [ln.strip() for ln in text.split("\n")]
    return any(_FULL_SPACED_ROW.search(ln) for ln in lines) and counting_proven(lines)


def _count_blanks(text: str, s: int, e: int, proven: bool = False) -> list[tuple[int, int, bool]] | None:
    """A value run's pieces where its runs of spaces count its empty cells: only where the
    counts make the run exactly a statutory row's width (`_run_shapes`: 申请 counts, 复议/诉讼) from its
    first column to its last and the row's sums hold (blanks as 0) - the spaces proven to be
    cell separators by a single-space join in the run itself or, `proven`, by the document's
    other rows (`_counting_proven`); else None (read as before). Each number is a piece of its
    own (a cell), each empty cell a blank piece (no text) at one of its spaces."""
    run = text[s:e]
    cells = _joined_cells(run)
    if cells is None or not (proven or _JOINED.search(run)):
        return None  # no run of spaces, or only runs (columns aligned by padding, not joined)
    if not _row_holds(cells):
        return None
    return _count_blanks_at(text, s, cells)


def _count_blanks_at(text: str, s: int, cells: list[int | None]) -> list[tuple[int, int, bool]]:
    """The pieces of a run at s counted as `cells`: each number a piece, each empty cell a blank
    piece (no text) at one of its spaces."""
    spans = [(s + m.start(), s + m.end()) for m in re.finditer(r"\d+", text[s:])][:sum(c is not None for c in cells)]
    out: list[tuple[int, int, bool]] = []
    blank_at = s
    for c in cells:
        if c is None:
            blank_at += 1
            out.append((blank_at, blank_at, True))
        else:
            a, b = spans.pop(0)
            out.append((a, b, True))
            blank_at = b
    return out


def _empty_cells_after(doc: Document, b: Block) -> int:
    """In a text whose runs of spaces count empty cells (`_counting_proven`): the empty cells a line
    of words with no number (numbering aside: "1、属于国家秘密") prints after its last word - n spaces, n cells - where they are at least
    a statutory row's cells (a row of table 三 printed all blank: "二、上年结转政府信息公开申请数量" and
    seven or more spaces to the line's end); 0 for any other line (a heading's words apart by runs
    of spaces, a number, fewer spaces)."""
    if b.kind != "line" or not b.text or "  " in b.text or is_page_number(b.text) \
            or (any(ch.isdigit() for ch in b.text) and any(v for _, _, v in split_line(b.text))):
        return 0
    end = doc.text.find("\n", b.end)
    tail = doc.text[b.end:len(doc.text) if end < 0 else end]
    if tail.strip(" ") or len(tail) < min(_run_shapes()) or doc.text[b.start:b.end] != b.text:
        return 0
    return len(tail)


# the empty cells a spanned label of table 三 adds before a row's values (a label over three columns)
_SPAN_CELLS = 2


def _right_aligned(text: str, pieces: list[tuple[int, int, bool]], i: int) -> list[tuple[int, int, bool]] | None:
    """In a text whose runs of spaces count empty cells (`_counting_proven`): a value run after a
    label that counts fewer cells than a row of table 三 (its first cells blank: "(三)不予公开 …   3  1 4")
    ends at the row's total - the only place where the row's sums hold, its last number the total
    of the others (a total alone: not itemised) - where the spaces before it hold the empty cells
    that puts there and at most `_SPAN_CELLS` more (a spanned label's). The run's pieces with those
    leading empty cells, or None."""
    k = min(_run_shapes())
    s, e, _ = pieces[i]
    if i == 0 or pieces[i - 1][2]:
        return None
    run = text[s:e]
    cells = [int(run)] if run.isdigit() else _joined_cells(run)
    if cells is None or not len(cells) < k:
        return None
    gap = text[pieces[i - 1][1]:s]
    if gap.strip(" ") or not 0 <= len(gap) - 1 - (k - len(cells)) <= _SPAN_CELLS:
        return None
    row = [None] * (k - len(cells)) + cells
    for parts, totals in _run_shapes()[k]:
        printed = [row[j] for j in parts if row[j] is not None]
        if printed and sum(printed) != sum(row[j] or 0 for j in totals):
            return None
    lead = [(s - j, s - j, True) for j in range(k - len(cells), 0, -1)]
    return lead + ([pieces[i]] if len(cells) == 1 else _count_blanks_at(text, s, cells))


# a change printed in words ("减4", "增加3"): the 2019 form's 本年增/减 column, its sign written out
_SIGN_WORD = re.compile(r"^\s*(增加|增|减少|减)\s*(\d[\d,，]*)\s*$")


def signed_words(doc: Document) -> Document:
    """Pipeline component: a cell or line that is only a change in words ("减4", "增加3") is the
    signed number it states ("-4", "+3"); its place in the text is kept. A number after other
    words ("增加了3件") is prose, left as it is."""
    for b in doc.blocks:
        if b.kind in ("cell", "line") and (m := _SIGN_WORD.match(b.text)):
            b.text = ("-" if m.group(1).startswith("减") else "+") + m.group(2)
    return doc


def split_runs(doc: Document) -> Document:
    """Pipeline component: replace mixed text/number lines by their pieces."""
    out: list[Block] = []
    # the layout: somewhere a full row of numbers joined by single spaces
    spaced = any(b.kind == "line" and _FULL_SPACED_ROW.search(b.text) for b in doc.blocks)
    proven = spaced and _counting_proven(doc)
    for b in doc.blocks:
        empty = _empty_cells_after(doc, b) if proven else 0
        if empty:
            # a row printing its label and nothing but empty cells: each a blank piece
            pieces = split_line(b.text) + [(len(b.text) + i, len(b.text) + i, True) for i in range(empty)]
        elif b.kind != "line" or not (any(ch.isdigit() for ch in b.text) or _BLANK_CELL.search(b.text)) \
                or is_page_number(b.text):
            out.append(b)
            continue
        else:
            pieces = split_line(b.text)
        if spaced:
            counted = []
            for j, p in enumerate(pieces):
                c = _count_blanks(b.text, p[0], p[1], proven) if p[2] else None
                if c is None and p[2] and proven:
                    c = _right_aligned(b.text, pieces, j)
                counted.extend(c if c is not None else [p])
            pieces = counted
        if len(pieces) <= 1:
            out.append(b)
            continue
        base = b.start
        for i, (s, e, is_value) in enumerate(pieces):
            blank = b.text[s:e] == "\xa0" or s == e
            out.append(Block(
                text="" if blank else b.text[s:e], kind="piece" if is_value else "line",
                start=base + s, end=base + e, row=b.row, col=b.col + i,
                table=b.table, page=b.page, text_confidence=b.text_confidence, blank=blank,
            ))
        if len(out) > limits.MAX_BLOCKS:
            raise LoadError(f"the document cuts into more than {limits.MAX_BLOCKS:,} text pieces, over the cap "
                            "for one report (XXGK_MAX_BLOCKS): not a report, or many reports in one file")
    doc.blocks = out
    return doc
