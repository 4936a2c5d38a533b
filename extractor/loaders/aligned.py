"""Tables laid out by position: rows and columns rebuilt from where text is printed.

Several inputs carry a table only as positions: `pdftotext -layout` and text-browser dumps
align columns with spaces (x in character columns), PDF-to-HTML converters and PDF viewers'
"save as HTML" place every run of text with `position:absolute; top; left` (x in px). The
loaders turn what they read into visual lines of fragments (Frag: text and its box); this
module finds the table regions among those lines and gives every fragment its column.

* a table region is a run of lines where most lines hold several fragments (a label and
  numbers, or numbers alone); single-fragment lines inside it are wrapped labels;
* value columns come from the numbers only: the gutters between the x-intervals of all
  numeric fragments of the region (a merged label cell spans several visual lines and
  label text can run into a value column, so labels never decide a column). A fragment
  left of the first value column is a label; anything else goes to the value column it
  overlaps most. A fragment holding as many numbers as the value columns it spans
  ("3001 53": adjacent cells printed as one run) is split into them;
* a row is printed as its label fragments (left to right) followed by one cell per value
  column, blank where nothing is printed there: blank cells keep their position, and a
  row under a merged label (no label printed on it) keeps its values in their columns;
* a line with values but no label right above a line with a label but no values (a value
  printed level with the middle of a label that wraps over lines) is one row, and so is a
  label line without numbering under a row (a label wrapped onto the next line);
* in text that sets rows apart by empty lines (a PDF's rows through pdftotext -layout, each
  cell centred in its row), a row's band runs from an empty line to the next: a numbered
  row's cells printed on two lines of its band (those that wrap and those that do not) are
  one row, and so are a cell printed above its row's label at the band's start and a
  numbered label line with the values of the unnumbered line under it (its wrapped rest);
* a row whose narrow cells wrap (Chromium's print through pdftotext -layout: "49" over "48",
  each cell centred in its row) prints three lines, the wrapped cells' first lines, the
  label and one-line cells, the wrapped cells' last lines: one row, the digits stacked (and
  a row's blanks over or under numbers of an unlabelled line next to it are not seen);
* a run of rows printed pressed left (pdftotext places a row's numbers by the characters
  before them: rows under other labels end a column left of the rows around them) has its
  numbers put back where the others print theirs, in doubt (_rescaled);
* a column ruler above the rows ("------ ------- -----": pandoc's simple and multiline
  tables, reStructuredText's "=== ==="), one run of dashes per column, gives the columns as
  printed: where every number stands inside one run, the runs right of the last label are
  the value columns and a run with nothing printed under it is a blank seen;
* in character-column text, the header words above the rows show columns no number is
  printed in (科研机构 blank in every row): where each value column has a heading word
  starting exactly at its left edge, every other heading word past the first value column
  starts a column of its own, and a row's blanks are seen. Where no number starts at its
  heading's edge, each value column goes under the lowest heading it stands under
  (_centred_columns); a part column whose numbers reach another heading's characters is in
  doubt (_at_heading_edges: character text places headings and numbers each by its own line).

Geometry is kept: every cell block gets x0/x1/y0/y1 (the loader's units) and its page.
"""
from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from .furniture import PAGE_MARK

NUMBER = re.compile(r"[-+]?\d+(?:,\d{3})*(?:\.\d+)?%?")
_NUMBERING = re.compile(r"^\s*(?:[（(]\s*[一二三四五六七八九十\d]+\s*[）)]|[一二三四五六七八九十]+\s*[、.．]"
                        r"|\d{1,2}\s*[、.．]|第[一二三四五六七八九十\d]+[条项部])")
_PADDING = re.compile(r"\s{2,}")
_NUMBER_TOKEN = re.compile(r"[（(][一二三四五六七八九十]{1,3}[）)]|[一二三四五六七八九十]{1,3}[、.．]|\d{1,2}[、.．]")
_NUMBERED_WORD = re.compile(f"(?:{_NUMBER_TOKEN.pattern})[\u4e00-\u9fff“\"]")  # "3.其他": numbering and text
_UNITS = "年月日件条个人次%％余多家名号期批宗户天位份篇场届部台套万亿倍岁项"
_CJK_END = re.compile("[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]$")
_CJK_START = re.compile("^[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")


@dataclass
class Frag:
    """A run of text as printed: its box (x grows right, y down) and where it came from."""
    text: str
    x0: float
    x1: float
    y0: float
    y1: float
    page: int | None = None
    start: int | None = None  # offset of the text in the source, where the loader has one
    placed: bool = False  # its x only estimated (a number printed in one run with its label)
    # a table cell's box, as a loader passes it on: a blank whose place is seen (Cell.seen),
    # a cell whose column is in doubt (Cell.doubt)
    seen: bool = False
    doubt: bool = False
    # a cell whose column only the headings' places give, and they do not prove it (Cell.headed)
    headed: bool = False
    boxed: bool = False  # x0 and x1 as printed (a box the writer measured), the pieces' places not
    # a number of space-aligned text run on one space after its label's text: set where the
    # label's characters ended (a CJK character a column, however wide it is printed), so it
    # decides no column of its own (_columns)
    flowed: bool = False
    # a drawn table's cell in a row that prints a cell between every two of the table's column
    # joints (boxdrawn): the table's index, its field index is then its grid column
    grid: int | None = None
    # the left and right edge of each word of a heading run whose box the writer measured
    # ("商业企业 科研机构 社会公益组织 法律服务机构 其他" in one box, the spaces dropped from
    # the text): the first word at the box's left edge, the last ending at its right, the
    # words between by their share of the width (positioned._word_spans)
    words: tuple | None = None
    # a cell of a row whose numbers' reading is in doubt (Cell.misread, _digits_apart): its text
    # is read as an uncertain reading (text confidence), a sum that breaks there no proof
    misread: bool = False
    # how sure the source is of the text, where it says (an OCR engine's own score of the word,
    # 0-1: hOCR's x_wconf); None: text as typed
    conf: float | None = None

    @property
    def numeric(self) -> bool:
        return NUMBER.fullmatch(self.text) is not None


def least_conf(frags) -> float | None:
    """How sure the source is of the text of these fragments together: the least sure one's
    (Frag.conf), None where none says."""
    return min((f.conf for f in frags if f.conf is not None), default=None)


@dataclass
class Cell:
    frags: list[Frag] = field(default_factory=list)
    col: int = 0  # position in the printed row
    colspan: int = 1
    seen: bool = False  # a blank under a column full rows establish, in a row whose values sit in theirs
    doubt: bool = False  # in a column another one next to it may be the same column (_complementary)
    misread: bool = False  # in a row whose reading of its numbers is in doubt (_digits_apart)
    # in doubt because the header's headings alone place its column, not proving it (_centred_columns)
    headed: bool = False

    @property
    def text(self) -> str:
        """Pieces on one line join as text does; a number stacked over lines in a narrow
        column ("2" above "6") is one number again."""
        fs = sorted(self.frags, key=lambda f: (f.y0, f.x0))
        if len(fs) > 1 and all(f.numeric for f in fs) and all(b.y0 >= a.y1 - 0.5 * (a.y1 - a.y0)
                                                               for a, b in zip(fs, fs[1:])):
            return "".join(f.text for f in fs)
        return join_text([f.text for f in fs])

    @property
    def blank(self) -> bool:
        return not self.frags


@dataclass
class Row:
    """A line outside any table (cells is None: its fragments in `line`), or a table row."""
    line: list[Frag] | None = None
    cells: list[Cell] | None = None
    table: int | None = None
    ruled: bool = False  # its columns are a ruler's runs
    header: list | None = None  # the header lines its table was laid out under (lay_out)
    under: object = None  # the table a cut where its header prints again made it part of (_score)
    values: int = 0  # how many of its cells (the last ones) are value columns' (_table)


def join_text(parts: list[str]) -> str:
    """Pieces of one cell or line, in reading order: CJK pieces join with "", others with a space."""
    out: list[str] = []
    for p in parts:
        p = p.strip()
        if not p:
            continue
        # (the last piece's end only: searching the joined text for "$" is quadratic)
        if out and not (_CJK_END.search(out[-1]) or _CJK_START.match(p)):
            out.append(" ")
        out.append(p)
    return "".join(out)


def lay_out(lines: list[list[Frag]], gap: float, min_rows: int = 2, headers: bool = False,
            pages=frozenset(), blank_rows: bool | str = False, carried: list | None = None,
            paged: bool = False) -> list[Row]:
    """Rows of the visual `lines` (each a list of fragments sorted by x; an empty list is an
    empty line). `gap`: the least distance between two columns' text (1 for character
    columns; about a third of the font size for px). `headers`: the header words above a
    table may show its columns (character columns, where words keep their places). `pages`:
    empty lines where a printed page starts (a table's columns may stand elsewhere after).
    `blank_rows`: a table goes on past many lines of rows printed all blank beside a group label
    printed one character a line, where the rows after them line up with those before (text
    placed where it is printed: positioned HTML). "alone", for text rounded to character
    columns (a row's numbers move by a character or more, and rows line up by chance): only
    where nothing but those lines stands between (a wrapped label or a group's heading may as
    well start another table) and the columns agree exactly (_goes_on). `carried`: the header
    lines of a table the page before ended with: a table that starts the page under no header
    of its own (nothing but labels before it) goes on under that one, where its columns line
    up with its words (_header_columns says). `paged`: text laid out from pages' coordinates (it
    marks where each page starts), where a heading set after other words drifts (_placed_by_text)."""
    lines = _items_over_their_text(_staggered(lines, gap), gap)
    out: list[Row] = []
    i, n, table = 0, len(lines), 0
    while i < n:
        end = _region_end(lines, i, gap, min_rows, blank_rows)
        if blank_rows == "alone" and end is not None:
            near = _region_end(lines, i, gap, min_rows)
            if near != end and (near is None or not _goes_on(lines[i:near], lines[i:end], gap)):
                end = near
        ruler = None
        if end is None and _is_row(lines[i], gap):
            # one row of a few values under a ruler that places them (table 四 printed as its
            # header and one row): the ruler makes it a table
            ruler = _ruler_above(lines, i, gap)
            if ruler and _ruled_columns([lines[i]], ruler):
                end = i + 1
            elif headers and not ruler:
                # one row under a header whose words start exactly where its numbers do and
                # show the columns between (自然人 … 总计 over "1 … 1", the five 法人 headings
                # blank): the header places its cells as it would a table's
                above = _header_above(lines, i, gap)
                one = _table(lines[i:i + 1], gap, None, above, strict=True, paged=paged) if above else []
                if one and any(c.seen for r in one for c in r.cells):
                    end = i + 1
        if end is None:
            if lines[i]:
                out.append(Row(line=lines[i]))
            i += 1
            continue
        if end < n and _rests_under(lines[end - 1], lines[end]):
            end += 1  # (the rests of the last row's wrapped numbers: _stacked_rests)
        ruler = ruler or _ruler_above(lines, i, gap)
        header = _header_above(lines, i, gap) if headers else []
        if headers and carried and table == 0 and not any(_long(ln) for ln in lines[:i] if ln) \
                and not any(_is_row(ln, gap) for ln in header):
            # (what stands above it on the page is no header: blank rows' labels, a group
            # label's characters)
            if all(_numbered(t) or len(t) <= 1 for t in (join_text([f.text for f in ln]) for ln in header)):
                header = carried
        whole = _table(lines[i:end], gap, ruler, header, paged=paged)
        if headers and whole and pages and ruler is None:
            whole, header = _header_over_pages(lines, i, end, gap, pages, whole, header)
        repeats: set[int] = set()
        parts = _segments(lines[i:end], gap, {p - i for p in pages if i <= p < end}, header, repeats) \
            if whole else [(0, end - i)]
        laid = _parts(lines, i, parts, whole, gap, ruler, header, headers, paged)
        if any(not rows and a in repeats for a, _, _, rows in laid):
            # (rows under a repeated header that are no table of its own: the cuts are taken
            # back, the table read as before)
            parts, repeats = _segments(lines[i:end], gap, {p - i for p in pages if i <= p < end}), set()
            laid = _parts(lines, i, parts, whole, gap, ruler, header, headers, paged)
        under = None
        for a, b, used, rows in laid:
            if rows and pages:
                # (where each page starts, as the y its fragments carry)
                starts = {next((ln[0].y0 for ln in lines[p:i + b] if ln), None) for p in pages if i + a <= p < i + b}
                _lone_values_over_pages(rows, starts - {None}, gap)
            if rows:
                under = under if a in repeats and under is not None else table
                for r in rows:
                    r.table = table
                    r.header = used
                    r.under = under
                out.extend(rows)
                table += 1
            else:
                out.extend(Row(line=ln) for ln in lines[i + a:i + b] if ln)
        i = end
    return out


def _lone_values(row: Row) -> list[int]:
    """Value columns (0 the first of row.values) where the row prints something."""
    n = len(row.cells) - row.values
    return [k - n for k in range(n, len(row.cells)) if not row.cells[k].blank]


def _row_y(row: Row) -> float:
    return min(f.y0 for c in row.cells for f in c.frags)


def _lone_values_over_pages(rows: list[Row], pages, gap: float) -> None:
    """A table going on past a page start, where the rows just before the page start print the
    same few columns (only the total, or 自然人 and the total) and the rows on the new page print
    as many numbers, the k-th of each such row at one place of that page: a converter that lays
    each page's part of a table out anew (its column widths from that page's own rows) prints
    them elsewhere on the new page - by chance under other columns of the first page's grid
    ("6" under 法律服务机构, not 总计). The new page's places, in their order, are the columns
    those rows print in; a row of the page whose every number stands on one of those places
    (fewer of them: a wrapped row's) is read so too, any other left as it was. The cells moved
    are marked in doubt (their place read from the rows before the break, not printed under a
    heading)."""
    for p in sorted(pages):
        nxt = min((q for q in pages if q > p), default=float("inf"))
        # (rows printed blank - a wrapped label's line - say nothing of columns)
        after = [r for r in rows if r.cells and r.values and _lone_values(r) and p <= _row_y(r) < nxt]
        before = [r for r in rows if r.cells and r.values and _lone_values(r) and _row_y(r) < p]
        if len(after) < 2 or len(before) < 2 or any(r.values != rows[0].values for r in after + before):
            continue
        dst = _lone_values(before[-1])
        near = 0  # the run of rows just before the break that print those columns
        for r in reversed(before):
            if _lone_values(r) != dst:
                break
            near += 1
        if near < 2 or len(dst) >= before[-1].values:
            continue
        # (rows whose numbers are each one number where it is printed; others are left as they are)
        printed = [[r.cells[len(r.cells) - r.values + k] for k in _lone_values(r)] for r in after]
        after, printed = zip(*[(r, cs) for r, cs in zip(after, printed) if all(
            len(c.frags) == 1 and c.frags[0].numeric and not c.frags[0].placed for c in cs)] or [((), ())])
        full = [cs for cs in printed if len(cs) == len(dst)]
        if len(full) < 2:
            continue
        # the k-th number of most such rows at one place of the new page (its right edge or its
        # left, as the middle row's): a row wrapped over lines may print one elsewhere
        mid = [sorted((c.frags[0] for c in col), key=lambda f: f.x1)[len(full) // 2] for col in zip(*full)]
        agree = [cs for cs in full if all(abs(c.frags[0].x1 - m.x1) <= gap or abs(c.frags[0].x0 - m.x0) <= gap
                                          for c, m in zip(cs, mid))]
        if len(agree) < 2 or len(agree) * 2 < len(after):
            continue
        places = [[(c.frags[0].x0, c.frags[0].x1, (c.frags[0].x0 + c.frags[0].x1) / 2) for c in col]
                  for col in zip(*agree)]
        moves = []
        for r, cs in zip(after, printed):
            ks = []
            for c in cs:
                f = c.frags[0]
                hit = [k for k, pl in enumerate(places) if _lines_up((f.x0, f.x1, (f.x0 + f.x1) / 2), pl, gap)]
                ks.append(hit[0] if len(hit) == 1 else None)
            if None not in ks and all(x < y for x, y in zip(ks, ks[1:])):
                moves.append((r, cs, [dst[k] for k in ks]))
        if all(_lone_values(r) == to for r, _, to in moves):
            continue  # (the page's columns already read as the page before's)
        for r, cs, to in moves:
            n = len(r.cells) - r.values
            was = _lone_values(r)
            values = [Cell(col=n + k) for k in range(r.values)]
            for k, c in zip(to, cs):
                c.col = n + k
                c.doubt = c.doubt or k not in was
                values[k] = c
            r.cells[n:] = values


def _header_over_pages(lines, i: int, end: int, gap: float, pages, whole: list[Row], header):
    """A table whose header begins at the foot of a page and ends over its rows on the next (a
    header row split by the page break: "自然人 法人或其他组织 总计" on page 1, the five 法人 headings
    and the rows on page 2). Where the lines above, read across the page's margins, are a longer
    header and its words start exactly where every value column does (the headings left-aligned
    on the grid the numbers stand on: two columns at least, so two points of both pages agree -
    not a page set at another scale), the table is laid out under it: its other words are the
    columns no number is printed in. (rows, header lines)."""
    wider = _header_above(lines, i, gap, pages)
    if len(wider) <= len(header) or any(c.seen for r in whole for c in r.cells):
        return whole, header  # (a header on this page that placed every column already)
    # the page before's lines start a word exactly where each value column starts: the two
    # pages' grids agree there (a page at another scale would not, but by chance at one point)
    before = [s[0] for ln in wider[:len(wider) - len(header)] for f in ln if not f.numeric for s in _words(f)]
    n = whole[0].values
    lefts = [min((f.x0 for r in whole for f in r.cells[len(r.cells) - n + k].frags if f.numeric and not f.placed),
                 default=None) for k in range(n)]
    if n < 2 or None in lefts or not all(any(abs(x - a) <= gap / 2 for x in before) for a in lefts):
        return whole, header
    alt = _table(lines[i:end], gap, None, wider, strict=True, paged=True)
    if alt and all(r.values == alt[0].values for r in alt) and alt[0].values > whole[0].values \
            and any(c.seen for r in alt for c in r.cells):
        return alt, wider
    return whole, header


def _parts(lines, i: int, parts, whole, gap: float, ruler, header, headers: bool, paged: bool = False):
    """(start, end, header lines, rows) of each part _segments cut the region at line i into."""
    out = []
    for a, b in parts:
        used = header if a == 0 else (_part_header(lines, i + a, i + b, gap) if headers else [])
        out.append((a, b, used, whole if len(parts) == 1 else
                    _table(lines[i + a:i + b], gap, ruler if a == 0 else None, used, paged=paged)))
    return out


def _staggered(lines: list[list[Frag]], gap: float) -> list[list[Frag]]:
    """Lines with each label-less row printed staggered put on one line: a row of cells centred
    at different heights (table 四 as one row under headings that wrap to different depths)
    prints some of its numbers on one line and the rest on the next, each in its column. Two
    lines of numbers only, no empty line between, whose numbers share no column, under no line
    of numbers and with the band ending after them (or after a line of the rests of numbers
    wrapped in their narrow cells, each under its head: "10" over "1"): one line, the second
    left empty (the same count of lines: page starts keep their places)."""
    out = list(lines)

    def numbers(ln) -> bool:
        return bool(ln) and all(f.numeric for f in ln)

    def under(ln, heads) -> bool:
        return all(any(f.x0 < h.x1 + gap and h.x0 < f.x1 + gap for h in heads) for f in ln)

    def ends(j: int) -> bool:
        return j >= len(out) or not any(f.numeric for f in out[j])

    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        if not (numbers(a) and numbers(b)) or (i > 0 and any(f.numeric for f in out[i - 1])):
            continue
        if any(f.x0 < g.x1 + gap and g.x0 < f.x1 + gap for f in a for g in b):
            continue  # (a column both print in: two rows, or a number and its wrapped rest)
        merged = sorted(a + b, key=lambda f: f.x0)
        if len(merged) < 4 or not (ends(i + 2) or (numbers(out[i + 2]) and under(out[i + 2], merged)
                                                  and ends(i + 3))):
            continue
        out[i], out[i + 1] = merged, []
    return out


_BARE_ITEM = re.compile(r"\d{1,2}\s*[、.．]")  # an item's number with nothing after it: "1."


def _item_texts(lines: list[list[Frag]], gap: float) -> dict[int, int]:
    """{line below: the index in the line above of the item number its text belongs to}: a cell
    wrapped at its only break point (a typesetter's table, tbl: "1. 本机关不掌握相关政府信息"
    breaks at the space after "1.", the CJK run having none) prints the number alone at the
    cell's left edge, level with the row's values, and the text on the next line at the same
    left edge, alone there."""
    out: dict[int, int] = {}
    for i in range(len(lines) - 1):
        below = lines[i + 1]
        if i in out or len(below) != 1 or below[0].numeric or _numbered(below[0].text) \
                or NUMBER.search(below[0].text):
            continue
        at = next((k for k, f in enumerate(lines[i]) if _BARE_ITEM.fullmatch(f.text.strip())
                   and abs(f.x0 - below[0].x0) < gap / 2 + 1e-9), None)
        if at is not None:
            out[i + 1] = at
    return out


def _items_over_their_text(lines: list[list[Frag]], gap: float) -> list[list[Frag]]:
    """Lines with each item number printed alone over its label's text (_item_texts) joined to
    that text: one label, on the number's line; the text's line is left empty (the same count
    of lines: page starts keep their places)."""
    out = list(lines)
    for y, at in _item_texts(lines, gap).items():
        f, text = out[y - 1][at], out[y][0]
        joined = Frag(f.text.strip() + text.text.strip(), f.x0, max(f.x1, text.x1), f.y0, f.y1, page=f.page,
                      start=f.start, conf=least_conf([f, text]))
        out[y - 1] = out[y - 1][:at] + [joined] + out[y - 1][at + 1:]
        out[y] = []
    return out


def _items_written_over_their_text(lines: list[str], joins: dict[int, int], frags, tables) -> list[str]:
    """The text's lines with each item number's text (_item_texts: {line: the number's index
    in the line above}) printed where it belongs: a table row prints it already (its line is
    left empty); a line outside the tables gets it right after the number."""
    out = list(lines)
    for y, at in joins.items():
        if not any(lo <= y - 1 < hi for lo, hi, _ in tables):
            f = frags[y - 1][at]
            if f.start is None:
                continue
            end = f.start + len(f.text.rstrip())
            out[y - 1] = out[y - 1][:end] + out[y].strip() + out[y - 1][end:]
        out[y] = ""
    return out


# (runs after the first may be two dashes: pandoc's columns of empty cells)
_RULER = re.compile(r"[-=]{3,}(?: [-=]{2,})*")
# a numbered item under a group ("3.要求提供…", "（二）部分公开"), not a section heading ("四、…")
_ITEM = re.compile(r"\s*(?:\d{1,2}\s*[、.．]|[（(]\s*[一二三四五六七八九十\d]{1,2}\s*[）)])\s*[\u4e00-\u9fff“\"]")
RULER_LOOKBACK = 80  # lines from the ruler to a table's last rows (pandoc's multiline tables: a blank line between rows)


def _goes_on(before: list[list[Frag]], joined: list[list[Frag]], gap: float) -> bool:
    """Does a table go on past rows printed all blank (lay_out's "alone")? Where two full rows
    before them (a number in every column) establish its columns, and every number of the rows
    after stands on a column as they do (their shared left edge, right edge or centre, within
    `gap`) and adds no column: the character columns agree exactly. (A row rounded to other
    character columns would make columns of its own for every row of the table.)"""
    cols = _columns(before, gap)
    full = [[f for f in ln if f.numeric and not f.placed] for ln in before]
    full = [fs for fs in full if len(fs) == len(cols)]
    if len(full) < 2 or len(_columns(joined, gap)) != len(cols):
        return False
    marks = []  # per column: the anchors its full rows share, and where
    for k in range(len(cols)):
        fs = [row[k] for row in full]
        marks.append([(a, sum(map(a, fs)) / len(fs)) for a in _ANCHORS
                      if max(map(a, fs)) - min(map(a, fs)) <= gap])
    after = [f for ln in joined[len(before):] for f in ln if f.numeric and not f.placed]
    return all(any(abs(a(f) - x) <= gap for m in marks for a, x in m) for f in after)


def _ruler_above(lines: list[list[Frag]], i: int, gap: float) -> list[tuple[float, float]] | None:
    """The column runs of the ruler line over the rows starting at line i: the nearest line
    above them that is only runs of dashes (three runs at least), over rows and labels of the
    same table (a table cut into regions where label lines run long) but no prose. Whether
    the runs fit the rows is _ruled_columns' to say (another table's closing ruler does not)."""
    for j in range(i - 1, max(-1, i - RULER_LOOKBACK - 1), -1):
        ln = lines[j]
        if ln and all(_RULER.fullmatch(f.text) for f in ln):
            # (a ruler is ASCII: one character a column whichever way the text is measured)
            runs = [(f.x0 + m.start(), f.x0 + m.end()) for f in ln for m in re.finditer(r"[-=]+", f.text)]
            return runs if len(runs) >= 3 else None
        if ln and _long(ln) and not _is_row(ln, gap):
            return None
    return None


def _ruled_columns(lines: list[list[Frag]], ruler) -> list[tuple[float, float]] | None:
    """Value columns the ruler gives (its runs right of every label of a row with numbers),
    when each number stands inside one run of them; None when the ruler does not fit."""
    def run_of(f: Frag) -> int | None:
        return next((k for k, (a, b) in enumerate(ruler) if a <= f.x0 + 1e-6 and f.x1 <= b + 1e-6), None)

    rows = [ln for ln in lines if any(f.numeric for f in ln)]
    nums = [f for ln in rows for f in ln if f.numeric and not f.placed]
    if not nums or any(run_of(f) is None for f in nums):
        return None
    labels = [f for ln in rows for f in ln if not f.numeric]
    # a label starts in a run left of the values (it may run on under the next ones); the
    # runs after the last label's are the value columns, those no number is printed in too
    # (a table of values only, as table 四 is printed under its headers: every run)
    starts = [next((k for k, (a, b) in enumerate(ruler) if f.x0 < b), len(ruler)) for f in labels]
    first = max(starts) + 1 if starts else 0
    if first > min(run_of(f) for f in nums):
        first = _packed_first(rows, ruler, run_of)
        if first is None:
            return None
    return list(ruler[first:])


def _packed_first(rows: list[list[Frag]], ruler, run_of) -> int | None:
    """A table whose rows were packed leftwards (a converter that drops merged cells' covered
    cells: pandoc's ODT reader) prints a row's numbers in the runs right after its own labels,
    so a row under a spanned group label prints its sub-label in the run where the other rows
    print their first number. Where every row's numbers stand right of its own labels, the
    value columns start after the row with the fewest labels' runs (a sub-label right of
    them is a cell; which cells are the values is the assembly's to say: assemble._packed)."""
    ends = []
    for ln in rows:
        labels = [f for f in ln if not f.numeric]
        end = max(next((k for k, (a, b) in enumerate(ruler) if f.x0 < b), len(ruler)) for f in labels) + 1 \
            if labels else 0
        if any(run_of(f) < end for f in ln if f.numeric and not f.placed):
            return None
        if labels:
            ends.append(end)
    return min(ends) if ends else None


HEADER_LINES = 6  # header lines above a table's first row (a column heading wraps over two or three)


def _header_above(lines: list[list[Frag]], i: int, gap: float, pages=frozenset()) -> list[list[Frag]]:
    """The printed lines right above the rows starting at line i that may be its header: up to
    HEADER_LINES lines, none a table row, a sentence or a ruler (empty lines between them).
    `pages`: line numbers where a printed page starts - the empty lines of a page's margins
    around one do not end the header (a header printed at the foot of the page before, its
    last lines over the rows: _header_over_pages)."""
    out: list[list[Frag]] = []
    empty = 0
    for j in range(i - 1, -1, -1):
        ln = lines[j]
        if not ln:
            k = j
            while k >= 0 and not lines[k] and k not in pages:
                k -= 1
            if k >= 0 and k in pages:
                empty = -len(lines)  # (the margins of both pages around a page start)
            empty += 1
            if empty > 2:
                break
            continue
        empty = 0
        if len(ln) > 1 and _long(ln) and not _long(ln[1:]) and not ln[0].text.endswith(_SENTENCE_ENDS):
            ln = ln[1:]  # the table's corner cell, long ("（本列数据的勾稽关系为…）"), then headings
        if _is_row(ln, gap) or _long(ln) or all(_RULER.fullmatch(f.text) for f in ln):
            break
        out.append(ln)
        if len(out) >= HEADER_LINES:
            break
    return out[::-1]


def _part_header(lines: list[list[Frag]], a: int, b: int, gap: float) -> list[list[Frag]]:
    """The header of a table _segments cut from the one above: the lines above it, or where
    the cut leaves its header lines at its start (headings between two tables' rows), those."""
    k = next((j for j in range(a, b) if _is_row(lines[j], gap)), a)
    lead = [ln for ln in lines[a:k] if ln]
    return lead[-HEADER_LINES:] if lead else _header_above(lines, a, gap)


def _words(f: Frag, boxes: bool = True) -> list[tuple[float, float]]:
    """Left and right edge of each word of a header fragment (words one space apart are
    headings of columns next to each other: "商业 科研 社会公"), in the fragment's own measure;
    none where that is not known (several words of a run placed in px). `boxes`: a measured
    box's words where the writer dropped their spaces (Frag.words), else the box whole."""
    if f.words and boxes:
        return list(f.words)
    if " " not in f.text:
        return [(f.x0, f.x1)]
    if abs((f.x1 - f.x0) - display_width(f.text)) < 0.5:
        width = display_width
    elif abs((f.x1 - f.x0) - len(f.text)) < 0.5:
        width = len
    else:  # measured in px (positioned text): where its later words start is not known
        return []
    return [(f.x0 + width(f.text[:m.start()]), f.x0 + width(f.text[:m.end()])) for m in re.finditer(r"\S+", f.text)]


def _header_columns(header: list[list[Frag]], cols: list[tuple[float, float]], gap: float,
                    bare: bool = False, centred: bool = True):
    """Columns that no number is printed in, shown by the header: where every value column has
    a heading word starting exactly at its left edge (cells laid out left-aligned, as text browsers
    print them), each other heading word's left edge past the first value column, and not in
    a value column, starts a column of its own (words within `gap` of one another are one).
    `bare`: no row of the table prints a label (table 四 as one row of numbers), so no label
    column stands left of the numbers and the heading words there head columns too (行政复议's
    five, all blank). (where each value column goes, how many columns, the columns in doubt:
    none here), or None when the header does not line up so (headings centred over their columns, a header set apart from the numbers)."""
    # (a measured box's words whole: their places between its edges are estimates, and a column
    # started here is one no number proves - they count only where value columns are matched
    # to the lowest headings, _centred_columns)
    words = [(f, _words(f, False)) for ln in header for f in ln if not f.numeric]
    if any(not ws and (bare or f.x1 > cols[0][0]) for f, ws in words):
        return None  # (a heading run of several words whose places are not known)
    # (left of the numbers, only lines of several headings: a line printing one run there is
    # the table's title or caption - "四、…行政诉讼情况" - not a column's heading)
    several = {id(f) for ln in header if len(ln) > 1 for f in ln}
    spans = sorted((*w, f.y0) for f, ws in words for w in ws
                   if w[0] >= cols[0][0] - gap or (bare and id(f) in several))
    xs = [x for x, _, _ in spans]
    if not all(any(abs(x - a) <= gap / 2 for x in xs) for a, _ in cols):
        # (at its left edge exactly: a heading a column off belongs to no number)
        return _centred_columns(header, cols, gap) if centred else None
    hidden: list[float] = []

    def beside(x: float, y: float, a: float, b: float) -> bool:
        # past the column's numbers, after the word on its line that heads the column ("然 商业"
        # over a one-digit column: 商业 starts a character past it, a heading of its own)
        return x >= b and any(y2 == y and abs(x2 - a) <= gap / 2 and end2 <= x for x2, end2, y2 in spans)

    for x, end, y in spans:
        if any(a - gap <= x <= b + gap and not beside(x, y, a, b) for a, b in cols) \
                or (hidden and x - hidden[-1] <= gap):
            continue
        if any(x < a < end - gap for a, _ in cols) \
                or any(y2 > y and x2 + gap < x < end2 for x2, end2, y2 in spans):
            # a heading over several columns, centred over them (申请人情况, 法人或其他组织):
            # it crosses a value column's edge, or starts inside a heading under it
            continue
        hidden.append(x)
    if not hidden:
        return None  # every column has a number somewhere: nothing to add
    order = sorted([(a, k) for k, (a, _) in enumerate(cols)] + [(x, None) for x in hidden])
    where = {k: i for i, (_, k) in enumerate(order) if k is not None}
    return [where[k] for k in range(len(cols))], len(order), set()


def _placed_by_text(header: list[list[Frag]], cols: list[tuple[float, float]], gap: float) -> bool:
    """Whether a value column's left edge meets a heading only where that heading is a later
    word of a run of words one space apart ("商业企业 科研机构 社会公益组织") in text that counts a
    wide glyph one character: such a word stands where the words before it ended, not where the
    page puts it - a PDF's CJK headings, each glyph one character of the text though wider than
    a digit, drift left of their columns the further right they stand, and a drifted heading may
    meet the next column's numbers (then the column read is the next one, at _header_columns'
    word). Asked only of text laid out from pages (lay_out's `paged`): a text browser's grid sets
    each heading where its cell starts, wide glyphs counted one character or not."""
    measured, pushed = [], []
    for ln in header:
        for f in ln:
            if f.numeric:
                continue
            ws = _words(f)
            # (only where a wide glyph counts one character: text measured in terminal columns,
            # a text browser's, sets each word where its cell starts)
            drifts = abs((f.x1 - f.x0) - len(f.text)) < 0.5 and display_width(f.text) != len(f.text)
            measured += [x for x, _ in (ws[:1] if drifts else ws)]
            pushed += [x for x, _ in ws[1:]] if drifts else []
    near = lambda xs, a: any(abs(x - a) <= gap / 2 for x in xs)  # noqa: E731
    return any(near(pushed, a) and not near(measured, a) for a, _ in cols)


def _heading_spans(header: list[list[Frag]]) -> list[list[tuple[float, float]]]:
    """Each header line's heading words, as (left, right) spans (_words)."""
    return [[s for f in ln if not f.numeric for s in _words(f)] for ln in header]


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return min(a[1], b[1]) - max(a[0], b[0]) > 0


def _apart(a: tuple[float, float], b: tuple[float, float]) -> float:
    """How far apart two spans stand (0 where they overlap or touch)."""
    return max(b[0] - a[1], a[0] - b[1], 0.0)


def _under(lines: list[list[tuple[float, float]]], i: int, s: tuple[float, float]) -> list[tuple[float, float]]:
    """The words on the header lines after line i that a word of line i stands over."""
    return [t for later in lines[i + 1:] for t in later if _overlap(s, t)]


def _lowest_headings(lines: list[list[tuple[float, float]]]) -> list[tuple[float, float]] | None:
    """A header's lowest headings, left to right (a word over two or more words heads a group),
    where none stands over exactly one other word (a heading wrapped over lines, headings
    stacked: their places a guess) and none overlaps the next; else None."""
    leaves: list[tuple[float, float]] = []
    for i, spans in enumerate(lines):
        for s in spans:
            under = len(_under(lines, i, s))
            if under == 1:
                return None
            if not under:
                leaves.append(s)
    leaves.sort()
    return None if any(_overlap(a, b) for a, b in zip(leaves, leaves[1:])) else leaves


def _stacks_joined(lines: list[list[tuple[float, float]]], gap: float) -> list[list[tuple[float, float]]]:
    """Header lines with each heading wrapped over lines in a narrow column made one: a word
    whose words on later lines are one a line, each starting at its left edge (within `gap`/2)
    and ending within its width, is one heading with them (its span their union, on its line)."""
    out = [list(ln) for ln in lines]
    for i in range(len(out)):
        for j, s in enumerate(out[i]):
            under = [(k, t) for k in range(i + 1, len(out)) for t in out[k] if _overlap(s, t)]
            if not under or len({k for k, _ in under}) != len(under) \
                    or any(abs(t[0] - s[0]) > gap / 2 or t[1] > s[1] + gap / 2 for _, t in under):
                continue
            out[i][j] = (s[0], max(s[1], *(t[1] for _, t in under)))
            for k, t in under:
                out[k].remove(t)
    return out


def _group_before(header: list[list[Frag]], left: float, ncols: int, gap: float) -> int:
    """Columns a header shows left of the first value column of a table whose rows print no
    label (table 四 with nothing under its first group: pdftotext -layout prints that group's
    headings at the page's left edge and the numbers under the later groups): the left edges
    of the headings there that head no group (a word over two or more words: a group's
    heading, the table's title) and do not reach the first value column, words within `gap`
    one; counted where they make a group of two or more columns as wide as the printed
    columns divide into (groups of the same headings side by side), else none."""
    spans = _heading_spans(header)
    edges: list[float] = []
    for i, ln in enumerate(spans):
        for s in ln:
            if s[0] >= left - gap:
                continue
            if s[1] > left - gap:
                return 0  # (a heading reaching over the first value column: whose it is is not known)
            if len(_under(spans, i, s)) < 2:
                edges.append(s[0])
    hidden: list[float] = []
    for x in sorted(edges):
        if not hidden or x - hidden[-1] > gap:
            hidden.append(x)
    k = len(hidden)
    return k if 2 <= k <= ncols and ncols % k == 0 else 0


def _reached_headings(header: list[list[Frag]], cols: list[tuple[float, float]], gap: float,
                      staggered: bool = False):
    """A header's lowest headings (_lowest_headings; wrapped ones joined, _stacks_joined), with
    each heading's reach (its right end were its wide glyphs two columns wide: text that counts
    a wide glyph one character), as (leaves or None, whether they were joined from wrapped pieces,
    reach); None where the header prints a number or a run of headings whose places are unknown."""
    lines = []
    reach: dict[tuple[float, float], float] = {}  # (a heading's right end were its wide glyphs two columns)
    every = [s for ln in header for f in ln if not f.numeric for s in _words(f)]
    for ln in header:
        spans = []
        for f in ln:
            if f.numeric:
                return None
            ws = _words(f)
            if not ws and f.x1 > cols[0][0]:
                return None  # (a heading run of several words whose places are not known)
            drifts = abs((f.x1 - f.x0) - len(f.text)) < 0.5 and display_width(f.text) != len(f.text)
            names = f.text.split() if " " in f.text else [f.text]
            # (a measured box's words, its spaces dropped from the text: each word placed, its
            # glyphs measured - none drifts)
            for s, w in zip(ws, names if len(names) == len(ws) else [""] * len(ws)):
                wide = display_width(w) - len(w) if drifts else 0
                # (a heading ending left of the numbers whose wide glyphs may reach them: only
                # on a line of several headings - a line printing one run is a label or a title -
                # and reaching no other word - a caption over the labels runs on over headings)
                if s[1] > cols[0][0] - gap or (len(ln) > 1 and s[1] + wide > cols[0][0] - gap and not any(
                        t != s and _overlap((s[0], s[1] + wide), t) for t in every)):
                    spans.append(s)
                    reach[s] = max(reach.get(s, s[1]), s[1] + wide)
        lines.append(spans)

    leaves = _lowest_headings(lines)
    exact = leaves is None
    if exact:
        # headings wrapped in narrow columns, each line's piece at the heading's left edge
        # ("法律" / "服务" / "机构"): one heading each; there every value column must line up
        # with its heading exactly (left edges, right edges or centres), not merely fall inside it
        joined = _stacks_joined(lines, gap)
        for a, b in zip(lines, joined):
            for s in b:
                if s not in a:  # (a heading joined with its pieces: its reach theirs)
                    reach[s] = max([s[1]] + [reach.get(t, t[1]) for ln in lines for t in ln
                                             if abs(t[0] - s[0]) <= gap / 2 and t[1] <= s[1]])
        leaves = _lowest_headings(joined)
        if leaves is None and staggered:
            leaves = _staggered_leaves(lines, reach, gap)
            exact = "staggered" if leaves is not None else exact
    return leaves, exact, reach


def _staggered_leaves(lines: list[list[tuple[float, float]]], reach: dict, gap: float):
    """A header's columns where its headings wrap over lines staggered, each line's piece centred
    (a PDF's narrow cells through pdftotext -layout: "商业企" over "业" a character in, "自然" and
    "人" on lines of their own): the line printing the most headings gives the columns; a word of
    another line under or over exactly one of them (its wide glyphs' reach crossing no other) is
    a piece of it, one crossing two or more a group's heading (申请人情况); words over none join
    the pieces they reach, one a line, into a column of their own (自然 / 人, 总 / 计). Each
    column's span is the union of its pieces, left to right; None where a piece reaches a column
    it is no piece of, or columns overlap."""
    spans = [ln for ln in lines if ln]
    if len(spans) < 2:
        return None
    main = max(spans, key=len)
    cols = {m: [m] for m in main}
    extra: list[list[tuple[float, float]]] = []
    for ln in spans:
        if ln is main:
            continue
        for s in ln:
            far = (s[0], max(s[1], reach.get(s, s[1])))
            over = [m for m in main if _overlap(s, m)]
            reached = [m for m in main if _overlap(far, m)]
            if len(reached) >= 2 and (len(over) >= 2 or s[1] - s[0] >= max(m[1] - m[0] for m in over or reached)):
                continue  # (a group's heading over several columns, as wide as the one it stands over)
            if len(over) == 1 and reached == over:
                cols[over[0]].append(s)
            elif not reached:
                extra.append([s])
            else:
                return None
    # (pieces over no column of the main line: those reaching one another, one a line, are one)
    joined: list[list[tuple[float, float]]] = []
    for piece in extra:
        s = piece[0]
        far = (s[0], max(s[1], reach.get(s, s[1])))
        near = [g for g in joined if any(_overlap(far, t) or _overlap((t[0], max(t[1], reach.get(t, t[1]))), s)
                                         for t in g)]
        if len(near) > 1:
            return None
        if near:
            near[0].append(s)
        else:
            joined.append([s])
    leaves = sorted((min(t[0] for t in g), max(t[1] for t in g)) for g in [*cols.values(), *joined])
    if any(b[0] - a[1] < gap for a, b in zip(leaves, leaves[1:])):
        return None  # (columns touching: which a number stands under is not shown)
    return leaves


def _centred_columns(header: list[list[Frag]], cols: list[tuple[float, float]], gap: float):
    """Columns no number is printed in, shown by headings centred over their columns (a PDF's
    cells through pdftotext -layout): the header's lowest headings (a word with two or more
    words under it heads a group of columns) side by side, none overlapping another, where
    every value column overlaps exactly one heading, its centre inside it and clear of every
    other heading (a character column and a half: CJK headings take one column a character
    where the numbers are placed by width, so headings set close drift off their columns),
    and no heading two value columns, in order: each heading stands for a column and a column
    with no number under its heading is a blank seen. A header with a word over exactly one
    other (a heading wrapped over lines, headings stacked: narrow columns, their headings'
    places a guess) is not read so. (where each value column goes, how many columns, the columns
    in doubt: a number under one heading only by its wide glyphs' guessed reach, where the next
    heading starts - either heading's), or None where the header does not show its columns so."""
    read = _reached_headings(header, cols, gap, staggered=True)
    if read is None:
        return None
    leaves, exact, reach = read
    if leaves is None or len(leaves) <= len(cols):
        return None
    if exact == "staggered":
        return _under_staggered(leaves, cols, gap)
    # where wide glyphs count one character each (pdftotext -layout), a heading's words start
    # where the page sets them but end anywhere up to twice their characters further right: a
    # value column over no heading's characters may still lie under one's printed extent
    ends = [min(reach.get(s, s[1]), nxt[0]) for s, nxt in zip(leaves, leaves[1:] + [(math.inf, 0)])]
    where = []
    unsure: set[int] = set()
    for c in cols:
        mid = (c[0] + c[1]) / 2
        hit = [k for k, s in enumerate(leaves) if _overlap(c, s)]
        far = 0.0
        if not hit:
            # (under the printed extent of one heading alone, wide glyphs one to two columns wide)
            hit = [k for k, s in enumerate(leaves) if _overlap(c, (s[0], ends[k]))]
            if len(hit) == 1:
                far = ends[hit[0]] - leaves[hit[0]][1]
        if len(hit) != 1:
            return None
        s = leaves[hit[0]]
        if exact:
            if abs(c[0] - s[0]) > gap / 2 and not s[1] - gap / 2 <= c[1] <= s[1] + far + gap / 2 \
                    and not (s[0] + s[1]) / 2 - gap / 2 <= mid <= (s[0] + s[1] + far) / 2 + gap / 2:
                return None  # (a column not on its heading's edge or centre)
            if far:  # (under its heading only by the glyphs' guessed reach, yet where another starts)
                unsure |= {hit[0]} | {k for k, t in enumerate(leaves) if k != hit[0] and abs(c[0] - t[0]) <= gap}
        elif _apart((mid, mid), (s[0], s[1] + far)) > 0 \
                or any(_apart((mid, mid), t) < 1.5 * gap for k, t in enumerate(leaves) if k != hit[0]):
            return None  # (a number's centre outside its heading, or near the next one's)
        unsure |= _at_heading_edges(c, hit[0], leaves)
        where.append(hit[0])
    if any(b <= a for a, b in zip(where, where[1:])):
        return None
    return where, len(leaves), unsure if len(unsure) > 1 else set()


def _under_staggered(leaves: list[tuple[float, float]], cols: list[tuple[float, float]], gap: float):
    """Value columns placed under headings wrapped over lines staggered (_staggered_leaves): each
    column reaching exactly one heading's span (or touching it: a total right-aligned under a
    centred 总计) and a character clear of every other, in order; else None (the numbers' place
    among the columns stays in doubt), or where it is the rows' own reading (the leading columns
    and the total). (where each goes, how many columns, columns in doubt: _at_heading_edges)"""
    where = []
    unsure: set[int] = set()
    for c in cols:
        hit = [k for k, s in enumerate(leaves) if _apart(c, s) == 0]
        if len(hit) != 1 or any(_apart(c, s) < gap for k, s in enumerate(leaves) if k != hit[0]):
            return None
        unsure |= _at_heading_edges(c, hit[0], leaves)
        where.append(hit[0])
    if any(b <= a for a, b in zip(where, where[1:])):
        return None
    if where == [*range(len(cols) - 1), len(leaves) - 1]:
        # (the leading columns and the total: as the rows alone read them - the headings add
        # nothing, and their doubt would outweigh the rows' own evidence, cells printed blank)
        return None
    return where, len(leaves), unsure if len(unsure) > 1 else set()


def _at_heading_edges(c: tuple[float, float], h: int, leaves: list[tuple[float, float]]) -> set[int]:
    """The headings a part column (heading `h`, not the last: the total's) may stand under, where
    its numbers reach another heading's characters (no empty character column between them:
    "26" under 自然人 printed from the column 自然人 ends at to the one 科研 starts at) - in
    character text, headings and numbers are placed each by the characters before them on their
    own line (a wide glyph one character), so a number at the edge of two headings is under
    either; no row printing every column pins the grid, and the column sums hold in any part
    column. (h and those headings; none where the column is clear of every other heading)"""
    if h == len(leaves) - 1:
        return set()
    touched = {k for k, t in enumerate(leaves) if k != h and c[0] <= t[1] and t[0] <= c[1]}
    return {h} | touched if touched else set()


def _under_other_headings(header: list[list[Frag]], cols: list[tuple[float, float]], merged,
                          gap: float) -> dict[int, set[int]]:
    """Cells of a table read by its numbers' columns alone (the header did not place them) whose
    number stands under another column's heading: the header's lowest headings right of the
    labels, one for each value column (so the header reads every column as the numbers do), and
    a number under exactly one heading's printed extent (its wide glyphs' guessed reach included)
    whose place among the headings is not its column's place among the columns. Rows set with
    their own widths (a label column narrower on a later page) merge into columns that the
    numbers alone count in order - a row's number a column off there keeps every sum the rows
    read alike keep; the header reads it otherwise, and either reading may be the table's.
    ({row: its columns in doubt}; none where the header does not read so)"""
    read = _reached_headings(header, cols, gap) if cols else None
    if read is None or read[0] is None:
        return {}
    leaves, _, reach = read
    heads = [(s[0], reach.get(s, s[1])) for s in leaves if s[0] >= cols[0][0] - gap]
    if len(heads) != len(cols):
        return {}
    off: dict[int, set[int]] = {}
    for r, (_, values) in enumerate(merged):
        for k, fs in values.items():
            for f in fs:
                hit = [j for j, h in enumerate(heads) if f.numeric and _overlap((f.x0, f.x1), h)]
                if len(hit) == 1 and hit[0] != k:
                    off.setdefault(r, set()).add(k)
    return off


def _stacked(header: list[list[Frag]], gap: float) -> bool:
    """Whether a header prints a heading word over exactly one word on a later line, that word
    within its width (a heading wrapped over lines, headings stacked in narrow columns: "结果"
    over "维持"), the two not starting at one left edge: cells whose headings are not
    left-aligned, so the header's words are no column's left edge (_header_columns' premise).
    Only on lines of several headings (a line printing one run is a title or a caption)."""
    lines = _heading_spans(header)
    for i, ln in enumerate(lines):
        if len(ln) < 2:
            continue
        for s in ln:
            under = _under(lines, i, s)
            if len(under) == 1 and abs(under[0][0] - s[0]) > gap / 2 \
                    and s[0] - gap / 2 <= under[0][0] and under[0][1] <= s[1] + gap / 2:
                return True
    return False


def _edges(line: list[Frag]) -> list[tuple[float, float, float]]:
    """Left edge, right edge and centre of each number of the line whose x is measured."""
    return [(f.x0, f.x1, (f.x0 + f.x1) / 2) for f in line if f.numeric and not f.placed]


def _lines_up(e: tuple[float, float, float], others, gap: float) -> bool:
    """Does a number line up with one of `others` (left edge, right edge or centre)?"""
    return any(min(abs(e[0] - o[0]), abs(e[1] - o[1]), abs(e[2] - o[2])) <= gap for o in others)


def _segments(lines: list[list[Frag]], gap: float, pages=frozenset(), header=(),
              repeats: set | None = None) -> list[tuple[int, int]]:
    """A region cut where a new table starts: two tables printed one under the other, the
    second's heading and header lines between them (few enough to be one region), have value
    columns of their own. Where fewer than half the numbers of the rows after such lines
    line up (left edge, right edge or centre) with a number of the table above, those rows
    are a table of their own, its header lines with it. (lay_out cuts only a region whose
    numbers stand in columns as a whole: rows that merely drop blanks are not cut into
    small tables that line up by chance.) A page's start (`pages`) is such a place too: a
    converter that lays out each page on its own grid prints the next page's columns elsewhere.
    So is a line between rows that prints the table's header again (its first heading and
    more: "信息内容  本年处理决定数量" under "信息内容  本年制发件数 …"): a table of its own
    under its own header, which the numbers of its rows place (where they print nothing else
    past their labels and no number stands between the header and them: a cell with its unit,
    "75394432.52元", is no number, and one printed above its label is no row, and they stay
    in the columns the rows above place), or where those rows would join columns of the rows above
    (their numbers line up by chance, a long one spanning two of those columns). `repeats`
    gets the cuts only such a line makes."""
    repeats = set() if repeats is None else repeats
    rows = [j for j, ln in enumerate(lines) if _is_row(ln, gap)]
    heads = {ln[0].text for ln in header if len(ln) >= 2 and not ln[0].numeric}
    runs: list[list[int]] = []  # rows with no other printed line (or page start) between them
    for j in rows:
        if runs and not any(lines[x] or x in pages for x in range(runs[-1][-1] + 1, j)):
            runs[-1].append(j)
        else:
            runs.append([j])
    cuts = [0]
    above = [e for j in runs[0] for e in _edges(lines[j])] if runs else []
    for prev, run in zip(runs, runs[1:]):
        mine = [e for j in run for e in _edges(lines[j])]
        hits = sum(_lines_up(e, above, gap) for e in mine)
        if any(x in pages for x in range(prev[-1] + 1, run[0] + 1)) and any(
                len(es) >= 3 and 2 * sum(_lines_up(e, above, gap) for e in es) <= len(es)
                for es in (_edges(lines[j]) for j in run)):
            # past a page start, a row of several numbers only half of which line up with the page
            # before's columns: a page laid out anew, some of its numbers near those by chance
            hits = 0
        between = lines[prev[-1] + 1:run[0]]
        placed = all(_numbers_only(lines[j]) for j in run) and not any(f.numeric for ln in between for f in ln)
        again = any(len(ln) >= 2 and ln[0].text in heads for ln in between) and (
            placed or len(_columns(lines[cuts[-1]:run[-1] + 1], gap)) < len(_columns(lines[cuts[-1]:prev[-1] + 1], gap)))
        if mine and (hits * 2 < len(mine) or again):
            cuts.append(prev[-1] + 1)
            if again and hits * 2 >= len(mine):
                repeats.add(prev[-1] + 1)  # (the numbers still line up: the next cut is judged as before)
            else:
                above = []
        above += mine
    cuts.append(len(lines))
    return [(a, b) for a, b in zip(cuts, cuts[1:]) if b > a]


def _numbers_only(line: list[Frag]) -> bool:
    """Everything a row prints from its first number on is a number."""
    k = next((i for i, f in enumerate(line) if f.numeric), len(line))
    return all(f.numeric for f in line[k:])


def _is_row(line: list[Frag], gap: float) -> bool:
    """Several fragments apart from each other, at least one of them a number not at the start."""
    if len(line) < 2 or not any(f.numeric for f in line[1:]) or any(_long([f]) for f in line):
        return False
    if any(a.numeric and b.x0 - a.x1 <= gap and b.text[0] in _UNITS for a, b in zip(line, line[1:])):
        return False  # "9 件，部分公开答复 0 件": counts in a sentence
    # set apart as columns are (a wide gutter), or several numbers; not "2020 年，…" in prose
    widest = max(b.x0 - a.x1 for a, b in zip(line, line[1:]))
    return widest >= 2 * gap or sum(f.numeric for f in line) >= 3


def _region_end(lines, i: int, gap: float, min_rows: int, blank_rows: bool | str = False) -> int | None:
    """End (exclusive) of the table region starting at line i, or None when none starts there.
    `blank_rows`: see lay_out."""
    if not _is_row(lines[i], gap):
        return None
    rows, j, last = 0, i, i
    near: list[list[tuple[float, float, float]]] = []  # the numbers of the last two rows
    while j < len(lines):
        if _is_row(lines[j], gap):
            rows += 1
            last = j
            near = near[-1:] + [_edges(lines[j])]
            j += 1
            continue
        # up to 3 empty lines and 4 other lines (wrapped labels, a vertical label's
        # characters, values alone) between two rows; with blank_rows, also up to 16 lines
        # that are a vertical label's characters or numbered items (rows printed all blank:
        # "3.要求提供…") where every number of the row after them lines up with a number of
        # the two rows before them
        k, other, empty, blank = j, 0, 0, 0
        while k < len(lines) and not _is_row(lines[k], gap):
            if blank_rows and lines[k] and not _long(lines[k]) and (
                    (len(lines[k]) == 1 and len(lines[k][0].text) == 1 and not lines[k][0].numeric)
                    or any(_ITEM.match(f.text) for f in lines[k])):
                blank += 1
            elif lines[k]:
                other += 1
                if _long(lines[k]):
                    break
            else:
                empty += 1
            if other > 4 or empty > 3 or blank > 16:
                break
            k += 1
        if k < len(lines) and _is_row(lines[k], gap) and other <= 4 and empty <= 3 and blank <= 16:
            mine = _edges(lines[k])
            if other + blank <= 4 or (mine and (blank_rows != "alone" or not other)
                                      and all(_lines_up(e, near[0] + near[-1], gap) for e in mine)):
                j = k
                continue
        break
    if rows >= min_rows or (rows == 1 and sum(f.numeric for f in lines[i]) >= 4):
        return last + 1  # (a table of one row of many values: the review table)
    return None


_SENTENCE_ENDS = ("。", "；", ";")


def _long(line: list[Frag]) -> bool:
    """A line of prose (a sentence), not a label."""
    t = "".join(f.text for f in line)
    return len(t) > 40 or t.endswith(_SENTENCE_ENDS)


def _columns(lines: list[list[Frag]], gap: float) -> list[tuple[float, float]]:
    """Value columns: x-intervals of the numeric fragments, merged where closer than `gap`
    (a number whose x is only estimated decides no column, nor do numbers run on from their
    labels alone: Frag.flowed)."""
    nums = [f for ln in lines for f in ln if f.numeric and not f.placed]
    spans = sorted((f.x0, f.x1, y) for y, ln in enumerate(lines) for f in ln if f.numeric and not f.placed)
    cols: list[list] = []
    for a, b, y in spans:
        if cols and a < cols[-1][1] + gap * 0.5:
            cols[-1][1] = max(cols[-1][1], b)
            cols[-1][2].append((a, b, y))
        else:
            cols.append([a, b, [(a, b, y)]])
    out = [c for a, b, members in cols for c in _crowded(members, gap) or [(a, b)]]
    # (nor numbers run on from their labels alone: a column only they stand in is where the
    # labels' characters ended - while the table's other numbers show columns)
    def inside(f: Frag, c: tuple[float, float]) -> bool:
        return c[0] <= f.x0 + 1e-6 and f.x1 <= c[1] + 1e-6

    kept = [c for c in out if any(not f.flowed and inside(f, c) for f in nums)]
    if kept:
        # ...but where every line that prints numbers prints one in the first column and one run on
        # from its label left of it, the run-on numbers are those rows' first cells: two numbers
        # set apart by a gutter are two cells ("费用、行 0     0   0   0   0   0   0", a row cut off
        # as a table of its own, under columns its other six set apart). (Where other rows print
        # their numbers elsewhere, the run-on number stays in the column nearest to it.)
        rows = [ln for ln in lines if any(f.numeric and not f.placed for f in ln)]
        firsts = [ln for ln in rows if any(f.numeric and not f.placed and not f.flowed and inside(f, kept[0])
                                           for f in ln)]
        lead = [c for c in out if c[1] <= kept[0][0] and firsts and len(firsts) == len(rows)
                and all(any(f.flowed and inside(f, c) for f in ln) for ln in firsts)]
        kept = lead[-1:] + kept
    return kept or out


def _crowded(members: list[tuple[float, float, int]], gap: float) -> list[tuple[float, float]] | None:
    """The columns inside one merged column that rows print two numbers in: text that rounds
    each row's positions to whole characters on its own moves a row by a character, so
    neighbouring columns set one space apart ("2660 120" over " 2642 119") touch. They are
    columns of their own when the numbers' edges (left, right or centres) fall into as many
    tight groups (within `gap`) as a row prints numbers there, every row's numbers in
    groups of their own in order and the groups' extents apart; None otherwise."""
    per_line: dict[int, list[tuple[float, float]]] = {}
    for a, b, y in members:
        per_line.setdefault(y, []).append((a, b))
    most = max(len(v) for v in per_line.values())
    if most < 2:
        return None
    for anchor in (lambda a, b: a, lambda a, b: b, lambda a, b: (a + b) / 2):
        xs = sorted({anchor(a, b) for a, b, _ in members})
        bounds = [x for p, x in zip(xs, xs[1:]) if x - p > gap]  # where a new group starts
        if len(bounds) + 1 != most:
            continue
        groups: list[list[tuple[float, float]]] = [[] for _ in range(most)]

        def group(a: float, b: float) -> int:
            return sum(anchor(a, b) >= x for x in bounds)

        for a, b, _ in members:
            groups[group(a, b)].append((a, b))
        if any(max(anchor(a, b) for a, b in g) - min(anchor(a, b) for a, b in g) > gap for g in groups):
            continue
        if any([group(a, b) for a, b in sorted(v)] != sorted({group(a, b) for a, b in v})
               for v in per_line.values()):
            continue  # two numbers of a row in one group
        out = [(min(a for a, _ in g), max(b for _, b in g)) for g in groups]
        if all(p[1] <= q[0] for p, q in zip(out, out[1:])):
            return out
    return None


def _aligned(lines: list[list[Frag]], cols: list[tuple[float, float]], gap: float) -> bool:
    """Do the numbers really stand in columns? Text that only separates its words and
    numbers by single spaces (pdftotext's reading order, PDF-to-text libraries) has no
    gutters: most rows must have one, few rows may have two numbers in one column, and
    the columns must be shared by rows. (Numbers whose x is only estimated are left out.)"""
    lines = [[f for f in ln if not (f.numeric and f.placed)] for ln in lines]
    rows = [ln for ln in lines if any(f.numeric for f in ln)]
    wide = sum(any(b.x0 - a.x1 >= 2 * gap for a, b in zip(ln, ln[1:])) for ln in rows)
    if wide * 2 < len(rows):
        return False

    def col(f: Frag) -> int | None:  # (None: a number run on from its label, in no column)
        return next((k for k, (a, b) in enumerate(cols) if a <= f.x0 + 1e-6 and f.x1 <= b + 1e-6), None)

    shared = sum(len(set(ks)) < len(ks) for ln in rows
                 for ks in [[k for f in ln if f.numeric for k in [col(f)] if k is not None]])
    if shared * 2 > len(rows):
        return False
    if len(rows) < 2:
        return True
    # and numbers line up with numbers of nearby rows (left edges, right edges or centres):
    # rows that only drop their blank cells ("（七）总计  1  1") put them where the label ends
    edges = [_edges(ln) for ln in rows]  # (placed numbers are already left out)
    aligned = total = 0
    for i, mine in enumerate(edges):
        # the rows next to it: in a long run of rows, numbers at random places would
        # line up with some row by chance
        others = [e for j in (i - 2, i - 1, i + 1, i + 2) if 0 <= j < len(edges) for e in edges[j]]
        for e in mine:
            total += 1
            aligned += _lines_up(e, others, gap)
    return aligned >= 0.7 * total


def _split_joined(f: Frag, cols: list[tuple[float, float]]) -> list[Frag]:
    """Adjacent value cells printed as one run ("3001 53"): one fragment per column it spans,
    when it spans exactly as many columns as it holds numbers."""
    parts = f.text.split()
    if len(parts) < 2 or not all(NUMBER.fullmatch(p) for p in parts):
        return [f]
    over = [k for k, (a, b) in enumerate(cols) if a < f.x1 and b > f.x0]
    estimated = False
    if over and len(over) < len(parts) and over[0] + len(parts) <= len(cols) and not f.boxed:
        # its width is only estimated (positioned HTML): the numbers take the next columns
        # (a run whose box is measured ends where it is printed: its numbers where their
        # characters are, below - the next column may be one no other row prints in)
        over, estimated = list(range(over[0], over[0] + len(parts))), True
    if len(over) != len(parts):
        # no columns to go by: each number where its characters are printed
        out, at, scale = [], 0, (f.x1 - f.x0) / max(len(f.text), 1)
        for p in parts:
            at = f.text.index(p, at)
            out.append(Frag(p, f.x0 + at * scale, f.x0 + (at + len(p)) * scale, f.y0, f.y1, f.page,
                            None if f.start is None else f.start + at, conf=f.conf))
            at += len(p)
        return out
    out, at = [], 0
    for k, p in zip(over, parts):
        at = f.text.index(p, at)
        a, b = cols[k]
        x0, x1 = (a, b) if estimated else (max(a, f.x0), min(b, f.x1))
        out.append(Frag(p, x0, x1, f.y0, f.y1, f.page, None if f.start is None else f.start + at, conf=f.conf))
        at += len(p)
    return out


def _table(lines: list[list[Frag]], gap: float, ruler=None, header=(), strict: bool = False,
           paged: bool = False) -> list[Row]:
    """`strict`: a header over a page break (_header_over_pages) - read only by its words' left
    edges, each value column's exactly (no centred reading), and only where it shows columns."""
    # joined numbers first split where they can be: the numbers alone decide the columns
    singles = [[f for f in ln if f.numeric] for ln in lines]
    ruled = _ruled_columns(lines, ruler) if ruler else None
    cols = ruled or _columns(singles, gap)
    if len(cols) < 1:
        return []
    lines = [[p for f in ln for p in (_split_joined(f, cols) if not f.numeric else [f])] for ln in lines]
    inferred = None  # the first value column seen only by the padding around it (_padded_slots)
    if ruled is None:
        cols = _columns(lines, gap)
        if not _aligned(lines, cols, gap):
            return []
        padded = _padded_slots(lines, header, cols, gap)
        if padded is not None:
            cols, inferred = padded
    elif _ruled_columns(lines, ruler) is None:
        return _table(lines, gap, None, header, paged=paged)  # a joined run split across the runs: the ruler does not fit
    left = cols[0][0]
    guessed_at: set[int] = set()  # numbers run on from their labels, in no column: put nearest

    def col_of(f: Frag) -> int | None:
        """Value column of a fragment; None for a label (left of the first value column)."""
        if f.numeric:
            for k, (a, b) in enumerate(cols):
                if a <= f.x0 + 1e-6 and f.x1 <= b + 1e-6:
                    return k
            if f.flowed:
                guessed_at.add(id(f))
            if f.placed or f.flowed:  # where its estimated centre is nearest
                mid = (f.x0 + f.x1) / 2
                return min(range(len(cols)), key=lambda k: abs((cols[k][0] + cols[k][1]) / 2 - mid))
        best, over = None, 0.0
        for k, (a, b) in enumerate(cols):
            o = min(b, f.x1) - max(a, f.x0)
            if o > over:
                best, over = k, o
        if best is None or (not f.numeric and (f.x0 + f.x1) / 2 < left):
            return None
        if not f.numeric and f.x0 < left and _CJK_START.match(f.text):
            # words that start left of the first value column are a label's, however far they
            # run into it: a narrow label cell's piece before a number run on after it one space
            # ("内部事务信 0"; the rows' numbers set the column's edge by their own labels' lengths)
            return None
        return best

    parsed: list[tuple[list[Frag], dict[int, list[Frag]]]] = []
    spaced: set[int] = set()  # parsed lines with an empty line right above them
    for y, ln in enumerate(lines):
        if not ln:
            continue
        if y and not lines[y - 1]:
            spaced.add(len(parsed))
        labels: list[Frag] = []
        values: dict[int, list[Frag]] = {}
        for f in ln:
            k = col_of(f)
            if k is None:
                labels.append(f)
            else:
                values.setdefault(k, []).append(f)
        parsed.append((labels, values))
    # (under a ruler every cell has its place: no row is shifted, no column in doubt)
    parsed, ncols = _unshift(parsed, len(cols)) if ruled is None else (parsed, len(cols))
    merged, unsure = _merge_lines(parsed, spaced, gap)
    # (rows _unshift moved back keep their numbers where they are printed: none sits in its column)
    anchors = _established(merged, cols[:ncols], gap) if ruled is None else None
    headed = None
    guessed = False
    doubt: set[int] = set()
    headed_cols: set[int] = set()  # columns in doubt by the headings' places alone (Cell.headed)
    if ruled is None and header:  # (full rows establish only the columns numbers are printed in)
        headed = _header_columns(header, cols[:ncols], gap, bare=not any(labels for labels, _ in merged),
                                 centred=not strict)
        if strict and (headed is None or ncols < 2):
            return []
        if headed is not None:  # the value columns among the header's: renumbered, blanks seen
            # (the columns the headings place without proving it: `unsure` names the rows
            # _merge_lines joined in doubt)
            where, ncols, by_headings = headed
            if not any(labels for labels, _ in merged) and where[0] == 0:
                # (rows that print no label: the headings left of the first number head columns
                # too - where the header's own columns found none there)
                k = _group_before(header, cols[0][0], ncols, gap)
                where, ncols, by_headings = [w + k for w in where], ncols + k, {u + k for u in by_headings}
            merged = [(labels, {where[k]: fs for k, fs in values.items()}) for labels, values in merged]
            # headings stacked over lines (a narrow column's "结果" over "维持") that do not
            # share a left edge: each half of a heading drifts off its column on its own line,
            # and a top half whose bottom half drifted under the next column reads as a column
            # of its own - the columns the header adds are a guess there: every placement in
            # doubt, no blank seen
            guessed = _stacked(header, gap) or (paged and _placed_by_text(header, cols[:len(headed[0])], gap))
            # (a number the header puts under one of two headings alike: both columns in doubt)
            doubt = set(range(ncols)) if guessed else by_headings
            headed_cols = set() if guessed else by_headings
    # (a header that reads the columns otherwise than the numbers do: those cells in doubt)
    elsewhere = _under_other_headings(header, cols[:ncols], merged, gap) \
        if ruled is None and header and headed is None else {}
    moved: dict[int, set[int]] = {}
    if anchors is None and ruled is None and headed is None:
        printed = merged
        merged, moved = _rescaled(merged, ncols)
        # which scale is the table's own is the press's guess too: the columns the two scales
        # print apart stay in doubt in every row, not only in the rows moved (a whole table
        # read a column off keeps every sum)
        doubt = _complementary(merged, ncols) | (_complementary(printed, ncols) if moved else set())
    if ruled is None and headed is None and _pressed_first(merged, ncols):
        doubt = doubt | set(range(ncols))
    lone = _lone_ends(merged, ncols) if ruled is None and headed is None else set()
    touching = _touching(cols[:ncols], gap) if anchors is None and ruled is None and headed is None else []
    # (a column seen only by its separator: it, and every column after it, placed by inference)
    hidden = set(range(inferred, ncols)) if inferred is not None else set()
    gutters = _zero_gutters(merged, gap)
    rows = []
    for r, (labels, values) in enumerate(merged):
        # (a row's own columns in doubt: one number in a run _crowded split; a row _rescaled moved)
        # (a number run on from its label in no column: the row's columns are the nearest guess)
        flowed = any(id(f) in guessed_at for fs in values.values() for f in fs)
        mine = doubt | _split_doubt(values, touching, ncols) | moved.get(r, set()) | hidden | elsewhere.get(r, set()) \
            | (set(range(ncols)) if r in lone or r in unsure or r + 1 in unsure or flowed else set())
        cells = [Cell([f]) for f in _label_groups(labels)]
        if ruled is not None or headed is not None:
            seen = bool(values) and not guessed  # every column's place is printed: a ruler's runs, the header's words
        else:
            seen = anchors is not None and _sits(values, cols[:ncols], anchors, gap)
        # a row's blank under or over numbers printed with no label on the next line or the
        # one before is not seen: the row's cells may wrap over those lines (a narrow total
        # "10" printed as "1" over the row's other numbers and "0" under them); so with only
        # the rest of a wrapped label on the next line (no numbering: "作", "法提供"), whose
        # numbers may be this row's cells centred lower, or a group label's piece on the line
        # before ("予处理" of （五）不予处理 over 4.无正当理由大量反复申请: "0" and "1" there, in
        # the row's two gaps, are its cells centred higher)
        near = {k for j in (r - 1, r + 1) if 0 <= j < len(merged) and _counts(merged[j][1])
                and (not merged[j][0] or not _numbered_row(merged[j][0]))
                for k, fs in merged[j][1].items() if any(f.numeric for f in fs)} if labels else set()
        seen = seen and not flowed
        cells += [Cell(values.get(k, []), seen=seen and k not in values and k not in near, doubt=k in mine,
                       headed=k in headed_cols) for k in range(ncols)]
        apart = ruled is None and _digits_apart(values, gap, gutters)
        for c, cell in enumerate(cells):
            cell.col = c
            cell.misread = apart
        rows.append(Row(cells=cells, ruled=ruled is not None, values=ncols))
    return rows


_ANCHORS = (lambda f: f.x0, lambda f: f.x1, lambda f: (f.x0 + f.x1) / 2)  # left, right, centre


def _padded_slots(lines: list[list[Frag]], header, cols: list[tuple[float, float]], gap: float):
    """Text laid out cell by cell on one grid (every cell padded to its column's widest text,
    columns set apart by one separator of spaces) prints a column that is blank in every row
    and has no heading as nothing but its separator: its neighbours stand one separator
    further apart than every other two columns. Where the table's and its header's text
    shows such a grid - each column's widest text ending exactly one separator before the
    next column starts, for all columns but at most two whose distance is a whole number of
    separators more - the value columns are the grid's columns from the first value column
    on, those with no number printed in them added (a hidden one with no width), and the
    index of the first hidden one (None if none: the columns are all printed). None where
    the text is not so laid out (or no column is missing from the numbers' columns)."""
    own = [f for ln in lines for f in ln]
    if not own:
        return None
    # (a heading over the table set left of its first column - the section's title - is no cell)
    left = min(f.x0 for f in own)
    frags = own + [f for ln in header for f in ln if f.x0 >= left]
    if any(f.placed or f.flowed for f in frags):
        return None
    right: dict[float, float] = {}
    for f in frags:
        right[f.x0] = max(right.get(f.x0, f.x0), f.x1)
    starts = sorted(right)
    gaps = [b - right[a] for a, b in zip(starts, starts[1:])]
    if len(gaps) < 4:
        return None
    sep = min(gaps)
    if sep < 2 * gap or any(d % sep for d in gaps):
        return None
    wide = [k for k, d in enumerate(gaps) if d != sep]
    if len(wide) > 2 or len(gaps) - len(wide) < 4:
        return None
    hidden = [right[starts[k]] + sep * j for k in wide for j in range(1, int(gaps[k] // sep))]
    if len(hidden) > 2:  # (a column with no text: no width, one separator after the one before it)
        return None
    slots = list(starts) + hidden
    slots = sorted(s for s in slots if s >= cols[0][0] - 1e-6)
    if any(h < cols[0][0] - 1e-6 for h in hidden):
        return None  # (a gap of the labels' part, left of the numbers: no value column hidden there)
    # every value column must start where the grid has a column (its numbers are left-aligned)
    if any(not any(abs(a - s) < 1e-6 for s in slots) for a, _ in cols) or len(slots) == len(cols):
        return None
    out = []
    for s in slots:
        mine = [c for c in cols if abs(c[0] - s) < 1e-6]
        out.append(mine[0] if mine else (s, right.get(s, s)))
    return out, (min(slots.index(h) for h in hidden) if hidden else None)


def _established(rows, cols: list[tuple[float, float]], gap: float) -> list[tuple[int, float]] | None:
    """Where each value column stands, when the table itself establishes it: two rows at least
    that print one number in every column (full rows), and in each column their numbers share an
    edge or their centre (within `gap`). Per column (which anchor: left, right, centre; where);
    None otherwise (columns only inferred from scattered numbers, a one-row table)."""
    full = [v for _, v in rows if len(v) == len(cols) and all(_inside(fs, cols[k]) for k, fs in v.items())]
    if len(full) < 2:
        if len(full) != 1 or not _totalled(rows, cols):
            return None
        # one full row, every other row's total under its last number and adding up: each
        # column's numbers, in every row, must share their place (no row moved off its columns)
        full = [v for _, v in rows if v]
    out = []
    for k in range(len(cols)):
        fs = [v[k][0] for v in full if k in v]
        for a, anchor in enumerate(_ANCHORS):
            xs = [anchor(f) for f in fs]
            if max(xs) - min(xs) <= gap:
                out.append((a, sum(xs) / len(xs)))
                break
        else:
            return None
    return out


def _totalled(rows, cols: list[tuple[float, float]]) -> bool:
    """Does every row that prints numbers print one number in a column each, its total in the
    last column, and are the others its parts (their sum)? (The table's columns then cannot
    be a row's numbers moved by a column: its total would stand off the last.)"""
    for _, v in rows:
        if not v:
            continue
        if max(v) != len(cols) - 1 or not all(_inside(fs, cols[k]) for k, fs in v.items()):
            return False
        counts = [_count(v[k][0].text) for k in sorted(v)]
        if None in counts or counts[-1] != sum(counts[:-1]):
            return False
    return True


def _inside(fs: list[Frag], col: tuple[float, float]) -> bool:
    """One number whose x is measured, printed inside the column (not a row _unshift moved back)."""
    return (len(fs) == 1 and fs[0].numeric and not fs[0].placed
            and col[0] <= fs[0].x0 + 1e-6 and fs[0].x1 <= col[1] + 1e-6)


def _sits(values: dict[int, list[Frag]], cols, anchors, gap: float) -> bool:
    """Does every value of a row stand in its column as the full rows' numbers do (one number,
    on the column's anchor) and nearer it than any other column's? Then its gaps are seen blanks."""
    if not values or len(values) == len(cols):
        return False
    for k, fs in values.items():
        if not _inside(fs, cols[k]):
            return False
        near = [abs(_ANCHORS[a](fs[0]) - x) for a, x in anchors]
        if near[k] > gap or any(d <= near[k] for j, d in enumerate(near) if j != k):
            return False
    return True


def _number_lines(values: dict[int, list[Frag]]) -> list[list[Frag]]:
    """A row's numbers, per printed line, left to right."""
    lines: dict[float, list[Frag]] = {}
    for fs in values.values():
        for f in fs:
            if f.numeric:
                lines.setdefault(f.y0, []).append(f)
    return [sorted(fs, key=lambda f: f.x0) for fs in lines.values()]


def _zero_gutters(rows, gap: float) -> list[tuple[float, float]]:
    """Gutters of one space the table itself proves: a 0 one space before the next number, in
    text as typed (no reader's guess at the glyphs), is a cell of its own - a count never
    prints a leading zero, so "0 6" is no "06" split apart - where the 0 stands wide of what
    is before it (no digit of a number printed apart: "1 0 6" may be 106). (right edge of the
    0, left edge of the next number) of each."""
    out = []
    for _, values in rows:
        for fs in _number_lines(values):
            for i, (a, b) in enumerate(zip(fs, fs[1:])):
                alone = i == 0 or a.x0 - fs[i - 1].x1 >= gap * 3
                if b.x0 - a.x1 <= gap * 1.5 and a.text == "0" and alone and a.conf is None and b.conf is None:
                    out.append((a.x1, b.x0))
    return out


def _digits_apart(values: dict[int, list[Frag]], gap: float, gutters=()) -> bool:
    """Does a row print two numbers one space apart on a line whose other numbers stand wider
    gaps apart ("2 1     1       1     2 3")? Where a row's cells are set apart by padding, a
    single space is no gutter: it is where an OCR reading or a press printed one number's digits
    apart (21 read as "2 1"), so which numbers the row's cells hold is in doubt - unless the
    table prints a gutter of one space at that very place (`gutters`, _zero_gutters: the
    column's right edge and the next column's left edge where other rows print a 0 there), in
    text as typed: then the space is that gutter (LibreOffice's narrow 其他 and 总计 cells,
    "1 91" under rows' "0 6")."""
    for fs in _number_lines(values):
        gaps = [(b.x0 - a.x1, a, b) for a, b in zip(fs, fs[1:])]
        narrow = [(a, b) for g, a, b in gaps if g <= gap * 1.5]
        unproven = [(a, b) for a, b in narrow if a.conf is not None or b.conf is not None
                    or not any(abs(a.x1 - x1) <= gap / 2 and abs(b.x0 - x0) <= gap / 2 for x1, x0 in gutters)]
        if unproven and any(g >= gap * 3 for g, _, _ in gaps) \
                and all(g <= gap * 1.5 or g >= gap * 3 for g, _, _ in gaps):
            return True
    return False


def _touching(cols: list[tuple[float, float]], gap: float) -> list[int]:
    """Columns k whose next column touches it (closer than _columns merges): the two were one
    run of numbers that _crowded split by edges a character or two apart."""
    return [k for k in range(len(cols) - 1) if cols[k + 1][0] < cols[k][1] + gap * 0.5]


def _split_doubt(values: dict[int, list[Frag]], touching: list[int], ncols: int) -> set[int]:
    """A row's columns in doubt where it prints one number in a run _crowded split: which part
    the number belongs to rests on a character or two, and text that rounds each row's
    positions on its own (pdftotext -layout pushes a row's first numbers right by its label's
    length) moves a row by as much. Were it in the other part, every value after it up to the
    last column (a total) would stand one column off, and the row's sums hold either way. A
    row printing a number in both parts shows the two columns apart: its columns stand."""
    out: set[int] = set()
    for k in touching:
        a = any(f.numeric for f in values.get(k, []))
        b = any(f.numeric for f in values.get(k + 1, []))
        if a != b:
            out |= set(range(k, ncols - 1))
    return out


def _complementary(rows, ncols: int) -> set[int]:
    """Value columns in doubt: two columns next to each other that no row prints a number in
    both of (each printed in by some row) may be one column printed at two positions (a
    converter that squeezes a row's text moves its numbers by a few characters), and then every
    column after them up to the last (a total) stands one column further left than counted.
    Only asked where no full rows establish the columns."""
    used = [{k for k, fs in v.items() if any(f.numeric for f in fs)} for _, v in rows]
    out: set[int] = set()
    for k in range(ncols - 2):
        a = [k in u for u in used]
        b = [k + 1 in u for u in used]
        if any(a) and any(b) and not any(x and y for x, y in zip(a, b)):
            out = set(range(k, ncols - 1))
            break
    return out | _two_layouts(used, ncols)


def _two_layouts(used: list[set[int]], ncols: int) -> set[int]:
    """Value columns in doubt where the rows end at two columns (their totals) that no row prints
    both of, each the end of two rows or more: the table is printed at two scales (pdftotext
    places a row's numbers by the characters before them, so rows under long labels print
    theirs pressed left), and a position both print at may be a different column in each. From
    the first column that only one of them prints in, every column up to the last is in doubt."""
    ends = Counter(max(u) for u in used if len(u) >= 2)
    last = [e for e, n in ends.items() if n >= 2]
    if len(last) < 2:
        return set()
    groups = [[u for u in used if len(u) >= 2 and max(u) == e] for e in last]
    if any(e in u for g, e in zip(groups, last) for other in last if other != e for u in g if other in u):
        return set()
    printed = [set().union(*g) for g in groups]
    shared = set.intersection(*printed)
    first = min(set().union(*printed) - shared)
    return set(range(first, ncols - 1))


def _pressed_first(rows, ncols: int) -> bool:
    """Does a row print a number left of the first column any row ending in the last column
    prints in? Rows printing their total set where the table's columns are; a row that does not
    (its numbers pressed left by its label's characters: "5 2 7" under "207 61 1 5 1 275") makes
    a column of its own, and the table's columns are then counted from it - every row a column
    off while its sums hold: where each column stands is not shown."""
    used = [{k for k, fs in v.items() if any(f.numeric for f in fs)} for _, v in rows]
    totalled = [u for u in used if ncols - 1 in u and len(u) >= 2]
    if not totalled:
        return False
    first = min(min(u) for u in totalled)
    return any(u and ncols - 1 not in u and min(u) < first for u in used)


def _lone_ends(rows, ncols: int) -> set[int]:
    """Rows printing one number each, some in the first value column and some in the last:
    pdftotext places a row's numbers by the characters before them, so a row's lone total can
    stand pressed left as far as the first column ("(二)部分公开…  5" under 自然人 while
    "二、上年结转…  2" stands under 总计). Which column each lone number is, the text does not
    show: those rows' cells are in doubt (returned: their indexes)."""
    lone = {r: next(iter(u)) for r, (_, v) in enumerate(rows)
            if len(u := {k for k, fs in v.items() if any(f.numeric for f in fs)}) == 1}
    if ncols < 2 or not {0, ncols - 1} <= set(lone.values()):
        return set()
    return set(lone)


def _rescaled(rows, ncols: int):
    """Rows printed at a smaller scale put back in the table's columns. pdftotext places a
    row's numbers by the characters before them, so a run of rows under other labels can print
    its numbers pressed left: those rows all end (their totals) a column or more left of where
    the rows before or after them end, and never print in the column the others end at. Where
    the rows of two numbers or more end at two columns, each the end of two rows or more, the
    rows ending at the left one a run of their own (no row ending at the right one between
    them), the run's numbers from the first column only the other rows print in move right by
    as many columns as the two ends lie apart - landing only in columns the other rows print
    in. Which column a moved number stands in is the press's guess: they stay in doubt, the
    moved total too (returned per row index: the columns in doubt)."""
    used = [{k for k, fs in v.items() if any(f.numeric for f in fs)} for _, v in rows]
    ends = Counter(max(u) for u in used if len(u) >= 2)
    last = sorted(e for e, n in ends.items() if n >= 2)
    if len(last) != 2:
        return rows, {}
    lo, hi = last
    low = [r for r, u in enumerate(used) if len(u) >= 2 and max(u) == lo]
    high = [r for r, u in enumerate(used) if len(u) >= 2 and max(u) == hi]
    if any(low[0] < r < low[-1] for r in high) or any(hi in used[r] for r in low):
        return rows, {}
    wide = set().union(*(used[r] for r in high))
    pressed = set().union(*(used[r] for r in low))
    if not wide - pressed:
        return rows, {}
    first, s = min(wide - pressed), hi - lo
    if first > lo or not {k + s for k in pressed if k >= first} <= wide:
        return rows, {}
    out, moved = list(rows), {}
    for r in low:
        labels, values = rows[r]
        out[r] = (labels, {(k + s if k >= first else k): fs for k, fs in values.items()})
        moved[r] = set(range(first, ncols))
    return out, moved


def _unshift(parsed, ncols: int):
    """Rows laid out cell by cell, blind to merged cells (a text dump that pads every row's
    n-th cell to the n-th column): a row with one label cell more than the others (the first
    row under a merged group label) prints that label where the others print their first
    value, and every value one column to the right - into a last column no other row uses.
    Such a row's leading label text is a label and its values move back as many columns.
    Only when it is the table's pattern: rows of the usual shape print numbers, and none of
    them in the columns the shifted rows run into. Returns (rows, value columns)."""
    def lead(values) -> int:
        s = 0
        while s in values and not any(f.numeric for f in values[s]):
            s += 1
        return s

    def numbers(values) -> bool:
        return any(f.numeric for fs in values.values() for f in fs)

    # (a shifted row prints a label of its own left of the value columns too: text merely
    # running from the label column into the first value column is not a second label)
    rows = [v for lab, v in parsed if v and numbers(v) and (lab or not lead(v))]
    shifts = {lead(v) for v in rows} - {0}
    usual = [v for v in rows if not lead(v)]
    if len(shifts) != 1 or not usual or (s := shifts.pop()) >= ncols - 1:
        return parsed, ncols
    def used(values) -> set[int]:
        return {k for k, fs in values.items() if any(f.numeric for f in fs)}

    where = set().union(*map(used, usual))
    if max(where) >= ncols - s or any({k - s for k in used(v)} - where for v in rows if lead(v)):
        return parsed, ncols  # (moved back, its numbers must stand where the other rows' do)
    out = []
    for labels, values in parsed:
        # (a label-only row under it moves too: "(五)不予处理  1.信访举报投诉类申请")
        if labels and values and lead(values) == s and (numbers(values) or max(values) < s):
            labels = sorted(labels + [f for k in range(s) for f in values[k]], key=lambda f: f.x0)
            values = {k - s: fs for k, fs in values.items() if k >= s}
        out.append((labels, values))
    return out, ncols - s


def _label_groups(labels: list[Frag]) -> list[Frag]:
    """Label fragments of one row, one per label column: fragments at the same x (a label
    wrapped over lines that were merged into this row) join into one."""
    groups: list[list[Frag]] = []
    for f in sorted(labels, key=lambda f: (f.x0, f.y0)):
        for g in groups:
            if abs(g[0].x0 - f.x0) < 1e-6 or (f.x0 < g[-1].x1 and g[-1].x0 < f.x1 and f.y0 > g[-1].y0):
                g.append(f)
                break
        else:
            groups.append([f])
    out = []
    for g in sorted(groups, key=lambda g: g[0].x0):
        g.sort(key=lambda f: (f.y0, f.x0))
        if len(g) == 1:
            out.append(g[0])
            continue
        out.append(Frag(join_text([f.text for f in g]), min(f.x0 for f in g), max(f.x1 for f in g),
                        min(f.y0 for f in g), max(f.y1 for f in g), g[0].page, None, conf=least_conf(g)))
    return out


def _numbered(text: str) -> bool:
    """Starts with a numbering, spaces inside it or not ("第 二十 条第（ 六）项": a text
    browser breaks a caption's runs apart): a row or caption of its own, never a wrapped label."""
    return bool(_NUMBERING.match(text) or _NUMBERING.match(re.sub(r"\s+", "", text)))


def _merge_lines(parsed, spaced=frozenset(), gap: float = 1.0):
    """Visual lines -> table rows (see the module docstring), and the rows whose values may be
    a neighbouring row's. `spaced`: lines with an empty line above them (where a row ends, in
    text that pads rows apart)."""
    out: list[tuple[list[Frag], dict[int, list[Frag]]]] = []
    unsure: set[int] = set()  # rows of `out` whose values may be another row's
    # per row of `out`: does its band start at an empty line (right above it, or above the
    # label-only lines before it: a group label's first characters, "(六)其")
    banded: list[bool] = []
    i = 0
    while i < len(parsed):
        labels, values = parsed[i]
        nxt = parsed[i + 1] if i + 1 < len(parsed) else None
        start = i
        wrapped = _wrapped_row(parsed, i, spaced)
        if wrapped is not None:
            # a row whose narrow cells wrap ("49" over "48": 4948), each cell centred in the
            # row: its wrapped cells' first lines, then its label and one-line cells, then the
            # wrapped cells' last lines (or the label's line first): one row, the digits of a
            # wrapped cell stacked in its column (Cell.text)
            labels, values = wrapped
            banded.append(start in spaced)
            out.append((labels, values))
            i += 3
            continue
        if labels and nxt is not None and _stacked_rests(labels, values, nxt):
            # numbers wrapped in their narrow cells, each cell centred on the row: a head
            # raised above the label's line, its rest right under it in its column, lowered
            # below the label's line (positioned text shows this; a character grid does not).
            # Left apart, a rest was read as the next row's value printed above its label
            values = {k: fs + nxt[1].get(k, []) for k, fs in values.items()}
            banded.append(start in spaced)
            out.append((list(labels), values))
            i += 2
            continue
        if labels and nxt is not None and _total_wrapped(values, nxt, gap):
            # a row's total wrapped in its narrow cell on a character grid ("2" on the label's
            # line, "6" right under it): the two lines are one row, the digits stacked (Cell.text)
            k = max(values)
            values = {**values, k: values[k] + nxt[1][k]}
            banded.append(start in spaced)
            out.append((list(labels), values))
            i += 2
            continue
        if not labels and values and nxt is not None and nxt[0] and not nxt[1]:
            labels = nxt[0]  # values printed above the label they belong to
            i += 1
        elif not labels and _counts(values) and nxt is not None and nxt[0] and _counts(nxt[1]) and i in spaced \
                and i + 1 not in spaced and not set(values) & set(nxt[1]):
            # a row's band starts (an empty line above) with a cell that wraps over lines
            # printed above its label, level with the row's other cells ("75394432.52" over
            # "政府集中采购  135", "元" under it)
            labels, values = nxt[0], {**values, **nxt[1]}
            i += 1
        elif labels and not values and out and not any(_numbered(f.text) for f in labels) \
                and not _numbered(join_text([f.text for f in labels])) and out[-1][1] \
                and not _opens_band(parsed, i, spaced):
            # (a numbered label is a row of its own, also after a character of a group
            # label printed down the column to its left: "不  3. 要求提供公开出版物")
            out[-1] = (out[-1][0] + labels, out[-1][1])  # a wrapped label's next line
            i += 1
            continue
        elif labels and not values and nxt is not None and not nxt[0] and nxt[1] \
                and _wrapped_row(parsed, i + 1, spaced) is None:
            values = nxt[1]  # a label whose values are printed on the line below
            i += 1
        elif labels and not values and nxt is not None and nxt[0] and _counts(nxt[1]) and i + 1 not in spaced \
                and _numbered_row(labels) and (
                    (i in spaced and not _numbered_row(nxt[0]))
                    or ((_label_rest(nxt[0], labels, gap) or _beside(nxt[0], labels))
                        and _rest_follows(parsed, i + 2, labels, spaced, gap))):
            # a numbered label wrapping over lines at a band's start, its values level with a
            # later line of it ("1.申请人无正当理由逾期" / "不补正、行政机关不再处  8  2  0 …"; not
            # a row label followed by the next row's whose numbering is glued to a group
            # label's character: "三(一)予以公开"). So too where no empty line sets the rows
            # apart, the values level with the label's wrapped rest or beside a group label's
            # piece ("1．本机关不掌握相关" / "办理结果  132  7 …" / "政府信息"), when the label's
            # rest follows them (the values centred on the row, not the next row's above its label)
            labels, values = labels + nxt[0], nxt[1]
            i += 1
        elif labels and not values and nxt is not None and _counts(nxt[1]) and i + 2 >= len(parsed) \
                and _numbered_row(labels) and _beside(nxt[0], labels):
            # (the same where the text shows no more lines: whose row those values are - this
            # one's, or the next's printed above its label - is not seen)
            unsure.add(len(out) + 1)
        above = parsed[start - 2][1] if start >= 2 else {}
        if _counts(values) and out and _counts(out[-1][1]) and start not in spaced \
                and (banded[-1] or _label_rest(labels, out[-1][0], gap)
                     or (_beside(labels, out[-1][0]) and not set(values) & set(above))) \
                and not _numbered_row(labels) and _numbered_row(out[-1][0]) \
                and not set(values) & set(out[-1][1]):
            # a row whose cells are centred on different lines (cells that wrap over lines
            # and cells that do not), in text that sets rows apart by empty lines: the values
            # of an unnumbered line right under a numbered row, in the same band and in
            # columns that row leaves empty, are that row's ("4.无正当理由大量反复申 … 0  0" /
            # "请  0  0  0  0  0"; not where numbers wrap in narrow cells and the lines
            # under a row hold the rest of its digits, next to the next row's numbers). So
            # too where no empty line sets the rows apart (a group label's characters run
            # down beside them), when the line's label is the row label's wrapped rest,
            # starting where it starts ("（二）部分公开（区分处理  7  261" / "的，只计这一情形，
            # 不计其他  243  10  1"): a rest of digits stands by no label of the row's; or
            # beside a group label's piece only ("法提供  75"), in columns the line above the
            # row prints nothing in (where a wrapped number's head would stand)
            prev_labels, prev_values = out[-1]
            out[-1] = (prev_labels + list(labels), {**prev_values, **values})
            i += 1
            continue
        banded.append(start in spaced or bool(out and not out[-1][1] and banded[-1]))
        out.append((list(labels), dict(values)))
        i += 1
    return out, unsure


def _opens_band(parsed, i: int, spaced) -> bool:
    """Is label-only line i the first line of a row's band whose values follow it: an empty
    line above it (where a row ends, in text that pads rows apart), the next line numbers only
    with no empty line between? A label centred on its row prints its first line above the
    values ("其他对外管理服务" / "51  54  2024" / "事项"); taken for the row above's wrapped
    label, the row above got two labels and this one the values of none."""
    if i not in spaced or i + 1 >= len(parsed) or i + 1 in spaced:
        return False
    nl, nv = parsed[i + 1]
    return not nl and _counts(nv) and all(f.numeric for fs in nv.values() for f in fs)


def _label_rest(labels: list[Frag], row: list[Frag], gap: float) -> bool:
    """Is a line's label one run starting where the numbered label of the row above starts
    (the row label wrapped onto the next line), beside a group label's pieces left of it at
    most?"""
    heads = [f for f in row if _numbered(f.text)]
    if len(heads) != 1:
        return False
    rest = [f for f in labels if abs(f.x0 - heads[0].x0) <= gap * 0.5]
    return len(rest) == 1 and not _numbered(rest[0].text) \
        and all(f.x1 <= heads[0].x0 for f in labels if f is not rest[0])


def _rest_follows(parsed, j: int, row: list[Frag], spaced, gap: float) -> bool:
    """Is line j, right after, a line of no numbers holding the rest of the row's numbered
    label (a run starting where it starts, no numbering of its own)?"""
    heads = [f for f in row if _numbered(f.text)]
    if j >= len(parsed) or j in spaced or len(heads) != 1 or _counts(parsed[j][1]):
        return False
    return any(abs(f.x0 - heads[0].x0) <= gap * 0.5 and not _numbered(f.text) for f in parsed[j][0])


def _beside(labels: list[Frag], row: list[Frag]) -> bool:
    """Do a line's labels all stand left of a numbered row label that starts a line of its own
    (a group label's pieces in the column beside the row's)?"""
    heads = [f for f in row if _numbered(f.text)]
    return bool(labels) and len(heads) == 1 \
        and all(f.x1 <= heads[0].x0 for f in labels) and all(f is heads[0] or f.x1 <= heads[0].x0 for f in row)


def _wrapped_row(parsed, i: int, spaced):
    """The three lines from line i as one row whose narrow cells wrap over two lines, or None:
    either the wrapped cells' first lines (no label), the row's label with its one-line cells,
    the wrapped cells' last lines (no label but a numbered label's rest); or the label with the
    wrapped cells' first lines and its own, then the one-line cells (no label), then the
    wrapped cells' last lines. Numbers only; the last lines stand in columns of the first
    lines only (each part of a wrapped number under the other), the one-line cells in none
    of them, and no empty line between the three."""
    if i + 2 >= len(parsed) or i + 1 in spaced or i + 2 in spaced:
        return None
    (la, va), (lb, vb), (lc, vc) = parsed[i:i + 3]
    if not (_counts(va) and _counts(vb) and _counts(vc)):
        return None
    if not la and lb:  # first lines, label and one-line cells, last lines
        first, middle, labels = va, vb, lb
    elif la and not lb:  # label and first lines, one-line cells, last lines
        first, middle, labels = va, vb, la
    elif la and _beside(la, lb) and (not lc or _beside(lc, lb)):
        # the first and last lines' labels are a group label's pieces in the column left of
        # the row's numbered label ("三、本年度  104 55 …" / "（一）予以公开  8  2" / "办理结果  3  3")
        first, middle, labels = va, vb, la + lb
    else:
        return None
    if lc and (_numbered_row(lc) or not _numbered_row(labels)):
        return None  # (beside the last lines, only the rest of a numbered label that wraps)
    if set(first) & set(middle) or not set(vc) <= set(first):
        return None
    if not all(all(f.numeric for f in fs) for v in (va, vb, vc) for fs in v.values()):
        return None
    values = {k: first.get(k, []) + middle.get(k, []) + vc.get(k, []) for k in set(first) | set(middle)}
    return list(labels) + list(lc), values


def _stacked_rests(labels: list[Frag], values: dict[int, list[Frag]], nxt) -> bool:
    """Is the next line only the rests of numbers of this labelled row wrapped in their narrow
    cells? No label on it, each of its numbers right under one number of the row in the same
    column (starting within half a line of that number's bottom, centres within a line), the
    two together centred on the label's line: the head's top above the label's, the rest's
    bottom below the label's."""
    nl, nv = nxt
    if nl or not nv or not labels:
        return False
    top, bottom = min(f.y0 for f in labels), max(f.y1 for f in labels)
    for k, fs in nv.items():
        heads = values.get(k)
        if not heads or len(heads) != 1 or len(fs) != 1 or not (heads[0].numeric and fs[0].numeric):
            return False
        h, r = heads[0], fs[0]
        line = h.y1 - h.y0
        if not (abs(r.y0 - h.y1) <= 0.5 * line and h.y0 < top - 0.1 * line and r.y1 > bottom + 0.1 * line):
            return False
        if abs((h.x0 + h.x1) / 2 - (r.x0 + r.x1) / 2) > line:
            return False
    return True


def _total_wrapped(values: dict[int, list[Frag]], nxt, gap: float) -> bool:
    """Is the next line only the rest of this row's last number, wrapped in its narrow cell on a
    character grid? No label on it, one number only, on the line right under the row's last
    number and starting exactly where it does; and the row adds up only so: its other numbers
    sum to the two read as one number ("26 … 2" / "6": 26), not to its head alone."""
    nl, nv = nxt
    if nl or not values or list(nv) != [max(values)]:
        return False
    k = max(values)
    heads, rests = values[k], nv[k]
    if len(heads) != 1 or len(rests) != 1:
        return False
    h, r = heads[0], rests[0]
    if not (h.numeric and r.numeric) or abs(r.x0 - h.x0) > gap / 2 or abs(r.y0 - h.y1) > 0.01 \
            or h.flowed or h.placed or r.placed:
        return False
    head, whole = _count(h.text), _count(h.text + r.text)
    parts = [_count(f.text) for j, fs in values.items() if j != k for f in fs if f.numeric]
    if head is None or whole is None or not parts or None in parts:
        return False
    return sum(parts) == whole != head


def _rests_under(row: list[Frag], nxt: list[Frag]) -> bool:
    """Is the line after a region's last row only the rests of that row's wrapped numbers
    (_stacked_rests, each rest paired with the number above it by position)?"""
    labels = [f for f in row if not f.numeric]
    heads = [f for f in row if f.numeric]
    if not labels or not nxt:
        return False
    rests: dict[int, list[Frag]] = {}
    for r in nxt:
        j = next((j for j, h in enumerate(heads) if r.x0 < h.x1 and h.x0 < r.x1), None)
        if j is None or not r.numeric:
            return False
        rests.setdefault(j, []).append(r)
    return _stacked_rests(labels, {j: [h] for j, h in enumerate(heads)}, ([], rests))


def _counts(values: dict[int, list[Frag]]) -> bool:
    """Does a line print numbers in the value columns (not headings over them)?"""
    return any(f.numeric for fs in values.values() for f in fs)


def _numbered_row(labels: list[Frag]) -> bool:
    """Does a line's label start a numbered row ("4.无正当…", "（二）部分公开")?"""
    return any(_numbered(f.text) for f in labels) or (bool(labels) and _numbered(join_text([f.text for f in labels])))


# --- space-aligned text -------------------------------------------------------------------

_RUN = re.compile(r"\S+(?: \S+)*")  # text between gutters of two or more spaces
_TOKEN = re.compile(r"\S+")
_GUTTER_NUMBER = re.compile(r"\S {2,}[-+]?\d")  # a gutter before a number
# a label's numbering set apart from its text by padding ("6.   属于四类过程性信息")
# a label's numbering with a space before its dot ("6 . 属于四类过程性信息"), not a number
_SPACED_NUMBERING = re.compile(r"\d{1,2} [.、．] ?[\u4e00-\u9fff“\"]")
_PADDED_NUMBERING = re.compile(r"((?:^|\s)(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[.、．])\s{2,}(?=[\u4e00-\u9fff“\"])")


def text_frags(line: str, y: int, width=len) -> list[Frag]:
    """Fragments of one line of space-aligned text, x in character columns: runs separated
    by two or more spaces, and every number a fragment of its own (columns set one space
    apart: "266 120 10 1"). `width` measures a string in columns."""
    out: list[Frag] = []
    if width is len:
        col = range(len(line) + 1)
    else:  # columns before each character, measured once per line (not once per fragment)
        col = [0]
        for ch in line:
            col.append(col[-1] + width(ch))

    def add(a: int, b: int, flowed: bool = False) -> None:
        out.append(Frag(_PADDING.sub(" ", line[a:b]), col[a], col[b], y, y + 1, start=a, flowed=flowed))

    words: list[tuple[int, int]] = []  # words of the fragment being read
    for m in _RUN.finditer(line):
        # a label's numbering set apart from its text by padding ("(七)    总计") is one label
        # with it; a numbering after a character of a group label printed down the column
        # ("他 3. 其他", "处 3.其他", "( 1.申请人…") starts a label of its own
        numbered = len(words) == 1 and _NUMBER_TOKEN.fullmatch(line[words[0][0]:words[0][1]]) \
            and _CJK_START.match(line[m.start():])
        if words and not numbered:
            add(words[0][0], words[-1][1])
            words = []
        for t in _TOKEN.finditer(line, m.start(), m.end()):
            if NUMBER.fullmatch(t.group(0)) and not _SPACED_NUMBERING.match(line, t.start()):
                # a number run on from its label's text one space after it (no gutter: the
                # converter set it where the label's characters ended, "…公开申 0"): where it
                # stands is the label's length, not its column (Frag.flowed)
                flowed = bool(words) and _CJK_END.search(line[words[-1][0]:words[-1][1]]) is not None
                if words:
                    add(words[0][0], words[-1][1])
                    words = []
                add(t.start(), t.end(), flowed)
            else:
                if words and (_NUMBER_TOKEN.fullmatch(t.group(0)) or _NUMBERED_WORD.match(t.group(0))):
                    add(words[0][0], words[-1][1])
                    words = []
                words.append((t.start(), t.end()))
    if words:
        add(words[0][0], words[-1][1])
    return out


def display_width(s: str) -> int:
    """Columns a terminal gives the text (wide CJK characters take two)."""
    if s.isascii():
        return len(s)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def retab(text: str, eligible) -> tuple[str, dict[int, list[Frag]]] | None:
    """`text` with its space-aligned table regions rewritten as tab-separated rows (each
    row its label cells, then one field per value column, empty where blank), or None
    when it has none. `eligible(line)` says which lines may belong to a region (the text
    loader's own layouts are left alone). Also returns, by line number of the new text,
    the fragment behind each field of a rewritten row (None for a blank field)."""
    lines = text.split("\n")
    # a region is rows whose numbers sit in columns past gutters of two or more spaces: text
    # with fewer than two such lines has none (most reports; skips the column search)
    if sum(1 for ln in lines if _GUTTER_NUMBER.search(ln) and eligible(ln)) < 2:
        return None
    best = None
    pages = {y for y, ln in enumerate(lines) if ln == PAGE_MARK}
    readings = []
    widths = (len, display_width)  # characters or terminal columns, whichever aligns
    joins: dict = {}  # per measure, the item numbers printed alone over their text (_item_texts)
    for width in widths:
        frags = [([] if y in pages else text_frags(ln, y, width)) if eligible(ln) else None
                 for y, ln in enumerate(lines)]
        # (before the regions: rows placed on a table's grid later are read from these lines)
        joins[width] = (_item_texts([ln or [] for ln in frags], 1.0), frags)
        joined = _items_over_their_text([ln or [] for ln in frags], 1.0)
        frags = [None if ln is None else j for ln, j in zip(frags, joined)]
        readings.append(_regions(frags, width, pages))
    # a measure that finds columns in only part of the tables the other lays out (their rows
    # out of line in it: labels of wide glyphs padded by characters, measured in columns) is
    # not the text's, however well the few rows it keeps line up
    laid = [_laid_out(t) for t in readings]
    for tables, width, n in zip(readings, widths, laid):
        if tables and n >= _LAID_OUT * max(laid) and (best is None or _score(tables) > _score(best[0])):
            best = (tables, width)
    if best is None:
        return None if not pages else ("\n".join(ln for ln in lines if ln != PAGE_MARK), {})
    tables = [_blanks_shown(t, [o for r in readings if r is not best[0] for o in r or []]) for t in best[0]
              if not _prints_more_cells(t, lines) and not _numbers_overflow(t)]
    lines = _items_written_over_their_text(lines, *joins[best[1]], tables)
    out: list[str] = []
    geom: dict[int, list[Frag]] = {}
    y = 0

    def rest(part: list[str]) -> list[str]:
        # in a space-aligned text, indentation and padding are layout: an indented line is
        # not a one-cell-per-line table cell, a line of spaces not a blank cell, the gap
        # after a label's numbering not a gutter before a value (the "6" of "6.   属于…");
        # page marks (furniture.PAGE_MARK) only told where columns may move
        return [_PADDED_NUMBERING.sub(r"\1 ", ln.strip()) if eligible(ln) else ln for ln in part
                if ln != PAGE_MARK]

    for lo, hi, rows in tables:
        out.extend(rest(lines[y:lo]))
        for r in rows:
            # (a seen blank: a box with no text, so the loader marks it seen, not placed)
            geom[len(out)] = [(Frag("", 0, 0, 0, 0, seen=c.seen, doubt=c.doubt, misread=c.misread, headed=c.headed)
                               if c.seen or c.doubt or c.misread else None)
                              if c.blank else _box(c) for c in r.cells]
            out.append("\t".join(c.text for c in r.cells))
        y = hi
    out.extend(rest(lines[y:]))
    return "\n".join(out), geom


_LAID_OUT = 2 / 3  # the share of the other measure's numbers in tables a measure must lay out

# a lone no-break space between two numbers of a line (spaces, or nothing, either side): how a
# page prints an empty cell (&nbsp;), kept by a PDF's text ("1  \xa0   \xa0   \xa0  1")
_BLANKS_BETWEEN = re.compile(r"\d(?:[ ]+\xa0)+[ ]+\d")
_LONE_NBSP = re.compile(r"(?<![^\s])\xa0(?![^\s])")


def _prints_more_cells(table, lines: list[str]) -> bool:
    """Does a line of the table print more cells than the table lays out, its blank ones as
    lone no-break spaces between its numbers (Chromium's print of &nbsp; cells through pypdf's
    layout text: "1 \xa0 \xa0 \xa0 \xa0 \xa0 1" laid out as two columns, its five blanks' places
    lost)? Then its lines are left as printed: every cell is there in order, and the segmenter
    reads them so (segment._BLANK_CELL). A table whose columns hold every printed cell (its
    full rows set seven columns: pandoc's plain text) is laid out as before."""
    lo, hi, rows = table
    width = max((r.values for r in rows), default=0)
    for ln in lines[lo:hi]:
        m = _BLANKS_BETWEEN.search(ln)
        if m is None:
            continue
        rest = ln[m.start():]
        cells = len(_LONE_NBSP.findall(rest)) + sum(1 for t in rest.split() if NUMBER.fullmatch(t))
        if cells > width:
            return True
    return False


def _numbers_overflow(table) -> bool:
    """Does a row of the table print more numbers than the table has value columns ("1423 161
    31 2 48   18 1683" laid out as five: narrow cells set one space apart, so the gutters the
    columns were cut at are not the cells')? Then the columns are not the table's: its lines are
    left as printed, every number there in order (the segmenter reads them so)."""
    _, _, rows = table
    width = max((r.values for r in rows), default=0)
    return any(sum(1 for c in r.cells[len(r.cells) - r.values:] if not c.blank
                   for t in c.text.split() if NUMBER.fullmatch(t)) > width for r in rows)


def _laid_out(tables) -> int:
    """Numbers in the value cells of the tables of one reading (retab)."""
    return sum(1 for _, _, rows in tables or [] for r in rows for c in r.cells
               if not c.blank and c.text and NUMBER.fullmatch(c.text))


def _blanks_shown(table, others):
    """A table of the reading retab chose, or the same table as another reading measures it
    where only that one's header shows the blank columns between its numbers (wide glyphs
    counted one column, pdftotext -layout's: 自然人 … 总计 over "1 … 1", the five 法人 columns
    blank): the same lines, rows and printed cells in the same order, the chosen one printing
    no blank cell (no place claimed between its numbers), the other seeing blanks and doubting
    no cell."""
    lo, hi, rows = table
    if any(c.blank for r in rows for c in r.cells):
        return table
    for lo2, hi2, rows2 in others:
        if (lo2, hi2) != (lo, hi) or len(rows2) != len(rows):
            continue
        if not any(c.blank and c.seen for r in rows2 for c in r.cells) \
                or any(c.doubt for r in rows2 for c in r.cells):
            continue
        if all([c.text for c in a.cells if not c.blank] == [c.text for c in b.cells if not c.blank]
               for a, b in zip(rows, rows2)):
            return lo2, hi2, rows2
    return table


def _box(c: Cell) -> Frag:
    fs = c.frags
    return Frag(c.text, min(f.x0 for f in fs), max(f.x1 for f in fs), min(f.y0 for f in fs),
                max(f.y1 for f in fs), fs[0].page, doubt=c.doubt, misread=c.misread, headed=c.headed)


def _score(tables) -> tuple[int, float]:
    """How well the value columns line up: rows under a ruler that fits first (the text
    measured as it was laid out), then numbers per column, over all tables - a number that
    shares its cell with another ("53 11": two columns the measure ran into one) counting
    against it."""
    nums = ruled = 0
    widest: dict = {}  # (tables cut where their header prints again count as the one they were)
    for t, (_, _, rows) in enumerate(tables):
        for r in rows:
            vals = [c for c in r.cells if not c.blank and c.text and NUMBER.fullmatch(c.text)]
            nums += len(vals)
            nums -= sum(len(ws) for c in r.cells if not c.blank and c.text
                        for ws in [c.text.split()] if len(ws) > 1 and all(NUMBER.fullmatch(w) for w in ws))
            ruled += r.ruled
        key = ("own", t) if rows[0].under is None else rows[0].under
        widest[key] = max(widest.get(key, 0), max(len(r.cells) for r in rows))
    return ruled, nums / max(sum(widest.values()), 1)


def _regions(frags: list[list[Frag] | None], width, pages=frozenset()) -> list[tuple[int, int, list[Row]]]:
    """(first line, end line, rows) of every table region; None lines break regions, `pages`
    (line numbers where a printed page starts) are where a region's columns may move."""
    out = []
    i, n = 0, len(frags)
    while i < n:
        j = i
        while j < n and frags[j] is not None:
            j += 1
        seg = frags[i:j]
        rows = lay_out([f or [] for f in seg], gap=1.0, headers=True, blank_rows="alone", pages={p - i for p in pages if i <= p < j},
                       paged=bool(pages))
        by_table: dict[int, list[Row]] = {}
        for r in rows:
            if r.table is not None:
                by_table.setdefault(r.table, []).append(r)
        for t, trs in sorted(by_table.items()):
            for r in trs:  # (table numbers start again in each run of lines: _score)
                r.under = None if r.under is None else (i, r.under)
            ys = [f.y0 for r in trs for c in r.cells for f in c.frags]
            out.append((int(min(ys)), int(max(ys)) + 1, trs))
        i = j + 1
    return _pages_fitted(_rows_on_the_grid(out, frags, pages=frozenset(pages)), sorted(pages))


def _rows_on_the_grid(tables, frags: list[list[Frag] | None], gap: float = 1.0, pages=frozenset()):
    """Rows after a table whose columns are all placed (its blanks seen: its header's words or
    full rows placed every column) that print only some of its columns and stand apart from it
    (rows between blank rows: a lone "（七）总计  1  1", or a run of such rows its own table
    of fewer columns), laid out in its columns where the place of every number proves its
    column: each stands on exactly one of the columns that table prints numbers in (their
    shared left edge, right edge or centre, within `gap`), the row's last on the last column
    (the total: a row pressed by its label, or a page set at another scale, moves its total
    off it - nothing is right of the total) and its other numbers sum to it as that table's
    rows do. Its gaps are then blanks seen as that table's are. Only below that table and
    past nothing but labels (a line printing words over the value columns - a header, prose -
    ends it), and never a row beside a line of numbers with no label (its cells may wrap onto
    that line). Past a page break (`pages`) the next page may be set on a grid of its own
    (the same left edge, characters of another width): its first row's total gives the scale,
    and every number there must stand on the columns so scaled."""
    out = list(tables)
    extra: list[tuple[int, int, list[Row]]] = []
    joined: set[int] = set()  # tables laid out so (their rows are the one's before)
    taken: set[int] = set()  # lines laid out so
    for t, (lo, hi, ref) in enumerate(tables):
        m = ref[0].values
        if t in joined or m < 3 or any(r.values != m for r in ref) or _sums_to_last(ref) < 1:
            continue
        vals = [r.cells[len(r.cells) - m:] for r in ref]
        if not any(c.seen for cs in vals for c in cs) or any(c.doubt for cs in vals for c in cs):
            continue  # (columns not all placed, or placed in doubt: nothing to stand on)
        if any(not f.numeric or f.placed for cs in vals for c in cs for f in c.frags):
            continue
        marks: list[list[tuple[int, float]]] = []  # per column: the anchors its numbers share
        for k in range(m):
            fs = [f for cs in vals for f in cs[k].frags]
            marks.append([(a, sum(map(_ANCHORS[a], fs)) / len(fs)) for a in range(len(_ANCHORS))
                          if fs and max(map(_ANCHORS[a], fs)) - min(map(_ANCHORS[a], fs)) <= gap])
        if not marks[-1]:
            continue
        left0 = min(f.x0 for cs in vals for c in cs for f in c.frags)
        scale = [1.0, False]  # (the grid's scale on this page; to be fitted on the next page's first row)

        def column(f: Frag) -> int | None:
            hit = [k for k, ms in enumerate(marks) if any(abs(_ANCHORS[a](f) / scale[0] - x) <= gap for a, x in ms)]
            return hit[0] if len(hit) == 1 else None

        def where(labels: list[Frag], nums: list[Frag]) -> list[int] | None:
            nums = sorted(nums, key=lambda f: f.x0)
            old = scale[0]
            if scale[1] and len(nums) >= 2:
                # a page on a grid of its own (pdftotext -layout, pypdf's layout text: the same left
                # edge, characters of another width): the total's place gives its scale, and the
                # row's other numbers must then stand on the page before's columns
                a, x = marks[-1][0]
                scale[0] = _ANCHORS[a](nums[-1]) / x if x > 0 else 0
                if not 0.75 <= scale[0] <= 1.5:
                    scale[0] = old
                    return None
            left = left0 * scale[0]
            ks = None
            if labels and len(nums) >= 2 and not any(f.placed or f.flowed for f in nums) \
                    and not any(f.x1 > left - gap for f in labels):
                ks = [column(f) for f in nums]
                counts = [_count(f.text) for f in nums]
                if None in ks or any(b <= a for a, b in zip(ks, ks[1:])) or ks[-1] != m - 1 \
                        or None in counts or counts[-1] != sum(counts[:-1]):
                    ks = None
            if scale[1]:
                if ks is None:
                    scale[0] = old
                else:
                    scale[1] = False
            return ks

        def bare_numbers(y: int) -> bool:  # a line of numbers with no label
            ln = frags[y] if 0 <= y < len(frags) else None
            return bool(ln) and any(f.numeric for f in ln) and all(f.numeric or f.x0 >= left0 * scale[0] - gap for f in ln)

        def lone(y: int, blank: list) -> bool | str:
            """Line y read as a row on the grid, a row printed blank (kept once a row beyond it
            stands on the grid: `blank`), or passed over (a group label's character); False
            where the rows on the grid end, "header" where a header's words end them."""
            ln = frags[y]
            if ln is None or _long(ln):
                return False
            if y in taken:
                return True
            if any(not f.numeric and f.x1 > left0 * scale[0] - gap for f in ln):
                # (words over the value columns: a header, a sentence - another table's)
                if any(f.numeric for f in ln):
                    return False
                return "caption" if _numbered_row(ln) else "header"
            nums = [f for f in ln if f.numeric]
            labels = [f for f in ln if not f.numeric]
            if nums:
                ks = where(labels, nums)
                if ks is None or not _numbered_row(labels) or bare_numbers(y - 1) or bare_numbers(y + 1):
                    return False
                r = Row(cells=[Cell([f]) for f in _label_groups(labels)]
                        + [Cell([f]) for f in sorted(nums, key=lambda f: f.x0)],
                        table=ref[0].table, header=ref[0].header, values=len(nums))
                _spread(r, len(nums), m, ks, ref[0].under, seen=True)
                extra.extend(blank)
                taken.update(e[0] for e in blank)
                blank.clear()
                extra.append((y, y + 1, [r]))
                taken.add(y)
            elif labels and _numbered_row(labels) and not bare_numbers(y - 1) and not bare_numbers(y + 1):
                # a numbered row's label with nothing printed after it (nor numbers with no label
                # beside it): a row printed blank, seen so where a row beyond it stands on the grid
                r = Row(cells=[Cell([f]) for f in _label_groups(labels)], table=ref[0].table,
                        header=ref[0].header, values=0)
                _spread(r, 0, m, [], ref[0].under, seen=True)
                blank.append((y, y + 1, [r]))
            return True

        nxt = t + 1
        y = hi
        blank: list[tuple[int, int, list[Row]]] = []  # rows printed blank, kept once a row after them is
        while y < len(frags):
            if nxt < len(tables) and y >= tables[nxt][0]:
                lo2, hi2, rows2 = tables[nxt]
                n = rows2[0].values
                if n >= m or any(r.values != n for r in rows2):
                    break
                placed = []
                for r in rows2:
                    labels = [f for c in r.cells[:len(r.cells) - n] for f in c.frags]
                    cs = r.cells[len(r.cells) - n:]
                    if any(len(c.frags) > 1 or c.doubt for c in cs):
                        break
                    ks = where(labels, [c.frags[0] for c in cs if c.frags])
                    if ks is None:
                        break
                    placed.append(ks)
                else:
                    if bare_numbers(lo2 - 1) or bare_numbers(hi2):
                        break
                    extra.extend(blank)
                    taken.update(e[0] for e in blank)
                    blank = []
                    for r, ks in zip(rows2, placed):
                        filled = [k for k, c in enumerate(r.cells[len(r.cells) - n:]) if c.frags]
                        cells = r.cells[len(r.cells) - n:]
                        r.cells = r.cells[:len(r.cells) - n] + [cells[k] for k in filled]
                        _spread(r, len(filled), m, ks, ref[0].under, seen=True)
                        r.table = ref[0].table
                    joined.add(nxt)
                    y, nxt = hi2, nxt + 1
                    continue
                break
            if y in pages:
                scale[1] = True  # (rows past a page break: the next row fits that page's scale)
            step = lone(y, blank)
            if step in ("header", "caption"):
                # (the rows printed blank up to the next table's caption: "四、结转…" blank, then
                # "四、政府信息公开行政复议…" - or its header, the last of them then its caption)
                kept = blank if step == "caption" else blank[:-1]
                extra.extend(kept)
                taken.update(e[0] for e in kept)
            if step is not True:
                break
            y += 1
        # and rows above it, up to its header (rows before a page break, the table's own on the
        # next page: the same character grid on both, or no number lands on its columns)
        blank = []
        scale[:] = [1.0, False]
        y = lo - 1
        while y >= (tables[t - 1][1] if t else 0):
            step = lone(y, blank)
            if step == "header":
                extra.extend(blank)  # (rows printed blank under the header)
                taken.update(e[0] for e in blank)
            if step is not True:
                break
            y -= 1
    return sorted(out + extra, key=lambda e: e[0]) if extra else out


def _value_centres(rows: list[Row]) -> list[float | None]:
    """Middle of each value column of a table's rows, from the leftmost to the rightmost edge of
    its numbers (None where no row prints a number)."""
    n = rows[0].values
    spans: list[list[float]] = [[] for _ in range(n)]
    for r in rows:
        for k, c in enumerate(r.cells[len(r.cells) - n:]):
            spans[k] += [x for f in c.frags if f.numeric for x in (f.x0, f.x1)]
    return [(min(s) + max(s)) / 2 if s else None for s in spans]


def _leaf_centres(header: list[list[Frag]], n: int, left: float) -> list[float] | None:
    """Middles of a header's lowest headings past `left` (the first value column's left edge),
    left to right (a word over two or more words heads a group), where they are `n` side by
    side with none over exactly one other (_centred_columns' reading); else None."""
    leaves = _lowest_headings([[s for s in ln if s[1] > left - 1] for ln in _heading_spans(header)])
    if leaves is None or len(leaves) != n:
        return None
    return [(a + b) / 2 for a, b in leaves]


def _count(text: str) -> int | None:
    """A count's value ("1,234": 1234), None for anything else (an amount, a percentage)."""
    return int(text.replace(",", "")) if re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+", text) else None


def _sums_to_last(rows: list[Row]) -> int:
    """Rows whose last value is the sum of their others, of the rows printing two numbers or
    more (-1 where one of those does not)."""
    held = 0
    for r in rows:
        nums = [_count(c.text) for c in r.cells[len(r.cells) - r.values:] if c.text]
        if len(nums) < 2:
            continue
        if None in nums or nums[-1] != sum(nums[:-1]):
            return -1
        held += 1
    return held


def _pages_fitted(tables, pages: list[int]):
    """Tables on a page after the one a wider table stands on, laid out again in that table's
    columns. pdftotext -layout sets each page on a grid of its own (a page's characters are as
    wide as its own text makes them), so a table going on over a page break prints its columns
    at another scale: fewer value columns, none where the page before printed them. Both pages
    measure from the same left edge, so one scale maps the one grid onto the other, and the
    numbers that must line up give it: where every row of both prints its last number as the sum
    of the others (the total column: two rows or more each), the last columns are the same, and
    each other column, scaled so, must land on one of the page before's columns, the middle of
    its heading, where the header's lowest headings are that table's columns (a table whose
    own columns are not all shown is no measure: a page's rows under a header on the page
    before) (within a character and a half, a character nearer it than any other; in order). Its cells
    then stand in those columns, the others blank (not seen); the table counts as the page
    before's in _score."""
    if not pages:
        return tables
    for t, (lo, hi, rows) in enumerate(tables):
        if not rows or rows[0].values < 2 or not any(lo > p for p in pages):
            continue
        page = max(p for p in pages if p < lo)
        if any(lo_ < page < hi_ for lo_, hi_, _ in tables):
            continue  # (a table laid out across the page break: its columns are its own)
        ref = next((r_ for lo_, hi_, r_ in reversed(tables[:t]) if hi_ <= page
                    and r_ and r_[0].values > rows[0].values), None)
        if ref is None or any(lo_ > page and r_ and r_[0].values >= ref[0].values
                              for lo_, _, r_ in tables[:t]):
            continue  # (a table as wide on this page: this one is not the page before's)
        if _on_the_grid_before(rows, ref, tables, t):
            continue
        if _sums_to_last(rows) < 2 or _sums_to_last(ref) < 2:
            continue
        mine, theirs = _value_centres(rows), _value_centres(ref)
        left = min(f.x0 for r in ref for c in r.cells[len(r.cells) - len(theirs):] for f in c.frags if f.numeric)
        heads = _leaf_centres(ref[0].header or [], len(theirs), left)
        if heads is None:
            continue  # (the page before's columns are not all shown: its header is not read so)
        theirs = heads[:-1] + [theirs[-1]]  # (the headings place every column, printed or not)
        if None in (mine[-1], theirs[-1]) or not theirs[-1]:
            continue
        scale = mine[-1] / theirs[-1]
        if abs(scale - 1) < 0.05:
            continue  # (the same grid: nothing to fit)
        where = []
        for x in mine[:-1]:
            near = sorted((abs(x / scale - y), k) for k, y in enumerate(theirs[:-1]) if y is not None) \
                if x is not None else []
            if not near or near[0][0] > 1.5 or (len(near) > 1 and near[1][0] - near[0][0] < 1.0):
                break
            where.append(near[0][1])
        else:
            where.append(len(theirs) - 1)
            if any(b <= a for a, b in zip(where, where[1:])):
                continue
            n, m = rows[0].values, len(theirs)
            for r in rows:
                _spread(r, n, m, where, ref[0].under)
    return tables


def _spread(r: Row, n: int, m: int, where: list[int], under, seen: bool = False) -> None:
    """Row `r`'s `n` value cells moved to columns `where` of `m`, the columns between empty
    (`seen`: blanks seen), the row one table with the one whose `under` it takes (_score)."""
    labels, vals = r.cells[:len(r.cells) - n], r.cells[len(r.cells) - n:]
    new = [Cell(seen=seen) for _ in range(m)]
    for k, c in zip(where, vals):
        new[k] = c
    r.cells = labels + new
    for c, cell in enumerate(r.cells):
        cell.col = c
    r.values = m
    r.under = under


def _on_the_grid_before(rows: list[Row], ref: list[Row], tables, t: int, gap: float = 1.0) -> bool:
    """A table going on over a page break on the same grid as the page before (text placed by
    where it is printed: the same character columns on every page), where the page before's
    table saw its blanks (its header's words, or full rows, placed every column) and this page's
    prints fewer columns: every number here stands on one of that table's printed columns, as its
    numbers do (their shared left edge, right edge or centre, within `gap`), each column of this
    page on exactly one of them, in order. Then its numbers are in those columns and its gaps are
    blanks seen as the page before's are (a number under a column the page before printed none
    in would stand on none of them: nothing is moved). Only for a table right after it, under no
    header of its own (headings over the numbers: a table of its own). Laid out so in place;
    whether it was."""
    n, m = rows[0].values, ref[0].values
    if tables[t - 1][2] is not ref or any(r.values != n for r in rows) or any(r.values != m for r in ref):
        return False
    if not any(c.seen for r in ref for c in r.cells[len(r.cells) - m:]):
        return False  # (the page before's columns were not all placed: nothing to stand on)
    nums = [[f for r in rows for f in r.cells[len(r.cells) - n + k].frags] for k in range(n)]
    if any(not fs or not all(f.numeric and not f.placed for f in fs) for fs in nums):
        return False
    left = min(f.x0 for fs in nums for f in fs)
    if any(f.x1 > left - gap for ln in rows[0].header or [] for f in ln):
        return False  # (a header of its own over the numbers)
    marks: list[list[tuple[int, float]]] = []  # per printed column of the page before: its anchors
    for k in range(m):
        fs = [f for r in ref for f in r.cells[len(r.cells) - m + k].frags if f.numeric and not f.placed]
        if any(not f.numeric for r in ref for f in r.cells[len(r.cells) - m + k].frags):
            return False
        marks.append([(a, sum(map(_ANCHORS[a], fs)) / len(fs)) for a in range(len(_ANCHORS))
                      if fs and max(map(_ANCHORS[a], fs)) - min(map(_ANCHORS[a], fs)) <= gap])
    where = []
    for fs in nums:
        hit = [k for k, ms in enumerate(marks)
               if any(all(abs(_ANCHORS[a](f) - x) <= gap for f in fs) for a, x in ms)]
        if len(hit) != 1:
            return False
        where.append(hit[0])
    if any(b <= a for a, b in zip(where, where[1:])):
        return False

    def numbers(r: Row) -> bool:
        return any(f.numeric for c in r.cells[len(r.cells) - n:] for f in c.frags)

    for i, r in enumerate(rows):
        labelled = bool(r.cells[:len(r.cells) - n])
        # (a row beside a line of numbers printed with no label: its cells may wrap onto that
        # line, its gaps are not seen - as _table says for a table's own rows)
        near = any(0 <= j < len(rows) and numbers(rows[j]) and len(rows[j].cells) == n for j in (i - 1, i + 1))
        seen = numbers(r) and labelled and not near and not any(c.doubt for c in r.cells[len(r.cells) - n:])
        _spread(r, n, m, where, ref[0].under, seen)
    return True
