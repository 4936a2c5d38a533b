"""The markdown loader (its syntax: markdown_syntax.py).

Real markdown reports are PDF/OCR conversions whose tables are mangled (labels on
separate lines, stray |---| rows, rows of values only); they are represented as printed:
each pipe row is a layout row of cells, each contiguous run of pipe rows one table.
Three things converters do to a table are undone here, on the text loader's blocks:
tables written without outer pipes are read as tables, cells a PDF table reader merged
("64 0") are split, and rows that lost the cells a rowspan covered are put back in their
grid columns.
"""
from __future__ import annotations

import bisect
from functools import lru_cache
import re
from collections import Counter

from ..model import Block, Document, LoadError, Source
from . import text as _text
from . import boxdrawn
from .markdown_syntax import clean_cell, heading, is_rule, is_separator, split_row  # noqa: F401 (re-exported)
from .markdown_syntax import bare_tables, is_bare_separator, merged_numbers, split_bare_row
from .signatures import html_tables
from .adoctable import to_html as _adoc_as_html
from .texitable import to_pipes as _texinfo_as_pipes
from .textable import to_html as _tex_as_html
from .textiletable import to_html as _textile_as_html
from .wikitable import to_html as _wiki_as_html
from ..values import NOT_APPLICABLE
from ..templates.text import numbered, strip_numbering


MAX_RAW_TABLES = 200  # raw <table>s read as HTML in one markdown file (a report prints a dozen)


def parse(text: str, source: Source) -> Document:
    """Markdown is text with markdown syntax: the same line engine, headings unwrapped.
    (Converted reports also carry text layouts, and markdown rows occur in .txt files.)
    Raw HTML tables in it (how pandoc writes a table with merged cells) are read by the
    HTML loader, the markdown around them by this one, in document order; lines that are
    only tags (pandoc's wrapper <div>s) print nothing. MediaWiki's, AsciiDoc's and LaTeX's
    tables are read the same way, rewritten as HTML first (wikitable.py, adoctable.py,
    textable.py) and textile's whose cells run over lines (textiletable.py); Texinfo's, which
    cannot merge cells, as pipe tables (texitable.py)."""
    text = (_wiki_as_html(text) or _adoc_as_html(text) or _tex_as_html(text) or _texinfo_as_pipes(text)
            or _textile_as_html(text) or text)
    tables = html_tables(text) if "<" in text else []
    if not tables or len(tables) > MAX_RAW_TABLES:  # (more: no report; each costs an HTML parse)
        return _parse(_untagged(text), source)
    from . import html as _html  # (lxml only for a file that has such a table)

    docs, at = [], 0
    for a, b in tables + [(len(text), len(text))]:
        for part, reader in ((_untagged(text[at:a]), _parse), (text[a:b], _html.parse)):
            if part.strip():
                try:
                    docs.append(reader(part, source))
                except LoadError:
                    if reader is _parse:
                        raise
                    # a table with nothing visible in it prints nothing
        at = b
    if not docs:
        raise LoadError("markdown document has no visible text")
    return _joined(docs, source)


_TAG_LINE = re.compile(r"(?m)^[ \t]*(?:<[^<>\n]+>[ \t]*)+$")


def _untagged(text: str) -> str:
    """Lines that hold only markup blanked (spaces: offsets into the file stay)."""
    return _TAG_LINE.sub(lambda m: " " * len(m.group(0)), text) if "<" in text else text


def _joined(docs: list[Document], source: Source) -> Document:
    """Documents read from consecutive parts of one file as one: texts one after another
    (a line apart), every block's offsets, rows and tables moved past the parts before it."""
    texts, blocks, warnings, meta = [], [], [], {}
    pos = row = table = drawn = 0
    for d in docs:
        for b in d.blocks:
            b.start += pos
            b.end += pos
            b.row += row
            if b.table is not None:  # (tables drawn in text are numbered apart: boxdrawn.GRID_BASE)
                b.table += drawn if b.table >= boxdrawn.GRID_BASE else table
        blocks += d.blocks
        # (the part's blocks are moved already: the next part starts after its last row, table)
        row = max((b.row + 1 for b in d.blocks), default=row)
        table = max((b.table + 1 for b in d.blocks if b.table is not None and b.table < boxdrawn.GRID_BASE),
                    default=table)
        drawn = max((b.table + 1 - boxdrawn.GRID_BASE for b in d.blocks
                     if b.table is not None and b.table >= boxdrawn.GRID_BASE), default=drawn)
        texts.append(d.text)
        pos += len(d.text) + 1
        warnings += [w for w in d.warnings if w not in warnings]
        meta = {**d.meta, **meta}
    title = next((d.title for d in docs if d.title), None)
    return Document(source, "\n".join(texts), blocks, title=title, meta=meta, warnings=warnings)


def _parse(text: str, source: Source) -> Document:
    doc = _text.parse(text, source, markdown=True)
    # the passes below mend markdown tables' cells (pipes a writer dropped or merged); a drawn
    # table's rows, each cell between its bars, are none of theirs (their cells read as before)
    drawn = [(b, b.table) for b in doc.blocks if b.table is not None and b.table >= boxdrawn.GRID_BASE]
    for b, _ in drawn:
        b.table = None
    _read_bare_tables(doc)
    # delimiter rows and line starts, found once for the passes that place cells by line
    seps, starts = _separator_lines(doc.text), _text._line_starts(doc.text)
    _drop_empty_headers(doc, seps, starts)
    _unpad_packed_rows(doc, seps, starts)  # (before a padding column is taken for an empty one)
    _drop_empty_columns(doc)
    _join_cut_headings(doc)
    _split_by_headings(doc)
    _split_merged_cells(doc)
    _align_spanned_rows(doc, seps, starts)
    _join_cut_labels(doc)
    for b, table in drawn:
        b.table = table
    return doc


# --- tables without outer pipes -------------------------------------------------------------

def _read_bare_tables(doc: Document) -> None:
    """html2text writes tables as "a| b| c" under a "---|---" row: to the line engine those
    rows are lines (their blank cells lost when the line is cut at its numbers). Each such
    table's lines become rows of cells of one table; blocks keep their offsets into doc.text."""
    lines = doc.text.split("\n")
    spans = bare_tables(lines)
    if not spans:
        return
    starts = [0]
    for ln in lines:
        starts.append(starts[-1] + len(ln) + 1)
    regions = [(starts[a], starts[b], a, b) for a, b in spans]
    out: list[tuple[tuple, tuple, Block]] = []  # (row key, table key, block)
    done: set[int] = set()
    ri = 0
    for b in doc.blocks:
        while ri < len(regions) and b.start >= regions[ri][1]:
            ri += 1
        if ri < len(regions) and regions[ri][0] <= b.start < regions[ri][1]:
            if ri not in done:
                done.add(ri)
                out += _bare_rows(doc.text, lines, starts, ri, *regions[ri][2:])
            continue
        out.append((("o", b.row), ("o", b.table), b))
    _renumber(doc, out)


MAX_WRAPPED_LINES = 4  # lines one row of a bare table may be wrapped over (a row prints < 20 cells)


def _bare_rows(text: str, lines: list[str], starts: list[int], ri: int, a: int, b: int):
    rows = []
    wraps = _wrapped(lines, a, b)
    i = a
    while i < b:
        if i == a + 1 and is_bare_separator(lines[i]):
            i += 1
            continue
        cells = split_bare_row(lines[i], starts[i])
        row, n = i, 0
        while i + 1 < b and i in wraps and n < MAX_WRAPPED_LINES:
            i += 1
            n += 1
            cells = cells[:-1] + split_bare_row(lines[i], starts[i])  # the cut cell goes on there
        for col, (t, s, e) in enumerate(cells):
            rows.append((("t", ri, row), ("t", ri), Block(t, "cell", s, e, col=col, blank=not t)))
        i += 1
    return rows


def _wrapped(lines: list[str], a: int, b: int) -> set[int]:
    """Lines of a bare table [a, b) that a wrap at the text width cut after a cell's pipe.
    html2text writes every pipe with a space after it ("a| b| "), a row's end as a hard break
    ("  "): a line that stops right at its pipe lost that space to the wrap, and its row goes
    on on the next line ("…| 0| 0|" / "16"). Asked only where the table's rows keep their
    trailing spaces (else a row whose last cell is blank ends at its pipe too)."""
    if not any(lines[i].endswith(" ") and "|" in lines[i] for i in range(a, b)):
        return set()
    return {i for i in range(a, b - 1)
            if lines[i].endswith("|") and not lines[i].endswith("\\|") and lines[i + 1].strip()
            and not is_bare_separator(lines[i]) and not is_bare_separator(lines[i + 1])}


def _renumber(doc: Document, out: list[tuple[tuple, tuple, Block]]) -> None:
    """Rows and tables numbered again in document order (the text loader's numbers and the
    new tables' keys interleave)."""
    rows: dict[tuple, int] = {}
    tables: dict[tuple, int] = {}
    blocks = []
    for rk, tk, b in out:
        b.row = rows.setdefault(rk, len(rows))
        if tk[-1] is not None:
            b.table = tables.setdefault(tk, len(tables))
        blocks.append(b)
    doc.blocks = blocks


# --- empty header rows ----------------------------------------------------------------------

def _drop_empty_headers(doc: Document, seps: list[int], starts: list[int]) -> None:
    """A pipe table needs a header row: converters of an HTML table without one write a row of
    empty cells over the delimiter ("|  |  |" + "| --- |"). It prints nothing; read as a row of
    blank cells it would be taken for a table row printed blank."""
    if not seps:
        return
    under = set(seps)
    rows: dict[int, list[Block]] = {}
    for b in doc.blocks:
        if b.kind == "cell" and b.table is not None:
            rows.setdefault(b.row, []).append(b)
    drop = set()
    for r in rows.values():
        if all(b.blank for b in r) and bisect.bisect_right(starts, r[0].start) in under:
            drop.update(id(b) for b in r)
    if drop:
        doc.blocks = [b for b in doc.blocks if id(b) not in drop]


# --- columns a PDF table reader invented ---------------------------------------------------

def _drop_empty_columns(doc: Document) -> None:
    """A PDF table reader draws a column wherever a rule or a gap suggests one: columns empty in
    every row, header included, of a table it printed as consecutive grids of one width (it
    cuts a table wherever a label wraps onto a line of its own). Such a column is not a column
    of the form; left in, it takes the place of one (blank cells dropped around it). Ragged
    grids (HTML converters writing no cell under a rowspan) are left as they are."""
    grids: dict[int, list[list[Block]]] = {}
    for r in doc.rows():
        cells = [b for b in r if b.kind == "cell" and b.table is not None]
        if cells and len(cells) == len(r):
            grids.setdefault(cells[0].table, []).append(cells)
    # a run: a grid with a header row, and the grids of its width without one that follow it
    runs: list[list[list[Block]]] = []
    width = None
    for t in sorted(grids):
        rows = grids[t]
        w = {len(r) for r in rows}
        headed = any(_header_row(r) for r in rows)
        if len(w) != 1 or not (headed or w == {width}):
            width = None
            continue
        if headed:
            runs.append(list(rows))
            width = w.pop()
        else:
            runs[-1] += rows
    drop: set[int] = set()
    for rows in runs:
        if len(rows) < 2:
            continue
        # only right of a value column: empty cells between the labels and the first values
        # are a spanned label's padding, which grids of other widths cut from the same table
        # keep too
        first = min((c for c in range(len(rows[0])) if any(not r[c].blank and _value_like(r[c]) for r in rows)),
                    default=len(rows[0]))
        empty = [c for c in range(first + 1, len(rows[0])) if all(r[c].blank for r in rows)]
        if not empty or len(empty) == len(rows[0]):
            continue
        for r in rows:
            for c in empty:
                drop.add(id(r[c]))
            for b in r:
                b.col -= sum(1 for c in empty if c < b.col)
    if drop:
        doc.blocks = [b for b in doc.blocks if id(b) not in drop]


def _header_row(row: list[Block]) -> bool:
    """Column headings: two or more text cells filling at least half the row, and no value (a
    label row of table 三, "（四） | 2. 没有现成信息" and empty cells, is not one)."""
    text = sum(1 for b in row if not _value_like(b))
    return text >= 2 and 2 * text >= len(row) and all(b.blank or not _value_like(b) for b in row)


# --- header cells naming several of the form's columns ----------------------------------------

_GROUP_HEADINGS = ("法人或其他组织", "申请人情况")  # headings over several columns (no column of their own)
MAX_HEADING_PIECES = 12  # pieces one header cell may name (the form has 7 columns)


@lru_cache(maxsize=1)
def _column_headings() -> tuple[tuple[tuple[str, bool], ...], frozenset[str], int]:
    """Table 三's headings, longest first, each with whether it heads a column of its own (a
    group heading does not); the column headings alone; the number of columns."""
    from .. import templates as T
    leaves = [w for c in T.REQUEST_COLUMNS for w in T.REQUEST_COLUMN_LABELS[c]]
    words = [(w, True) for w in leaves] + [(w, False) for w in _GROUP_HEADINGS]
    return tuple(sorted(words, key=lambda x: -len(x[0]))), frozenset(leaves), len(T.REQUEST_COLUMNS)


def _leaves(text: str, words) -> int | None:
    """How many of the form's (table 三's) column headings a header cell names: its text read
    as whole headings one after another (a group heading names none), the last word of a
    piece possibly cut short; None where the text is anything else."""
    n = 0
    for piece in text.split():
        at = 0
        while at < len(piece):
            hit = next(((w, leaf) for w, leaf in words if piece.startswith(w, at)), None)
            if hit is None:
                rest = piece[at:]
                hit = next(((w, leaf) for w, leaf in words if len(rest) >= 2 and w.startswith(rest)), None)
                if hit is None:
                    return None
                n += hit[1]
                break
            n += hit[1]
            at += len(hit[0])
            if n > MAX_HEADING_PIECES:
                return None
    return n


_DIGITS = re.compile(r"^\d+$")
MAX_CUT_PIECES = 4  # header cells one heading may be cut into


def _full_rows(doc: Document) -> dict[int, list[list[Block]]]:
    """Each table's rows that are cells only (a grid row), in order."""
    tables: dict[int, list[list[Block]]] = {}
    for r in doc.rows():
        cells = [b for b in r if b.kind == "cell" and b.table is not None]
        if cells and len(cells) == len(r):
            tables.setdefault(cells[0].table, []).append(sorted(cells, key=lambda b: b.col))
    return tables


def _join_cut_headings(doc: Document) -> None:
    """A PDF table reader that draws a column edge through a heading cuts it into cells ("总" |
    "计", "法律服" | "务机构"), and cuts the numbers under it at the same edge ("1" | "75" for
    175). Adjacent header cells that together print one of table 三's column headings, none of
    them one by itself, are one form column: in every row of that table their cells are one
    cell again, a number's pieces one number (digits only: anything else, and the table is left
    as printed)."""
    if not any(b.kind == "cell" and b.table is not None for b in doc.blocks):
        return
    _, leaves, _ = _column_headings()
    if not any(b.kind == "cell" and not b.blank and any(b.text in w for w in leaves if len(b.text) < len(w))
               for b in doc.blocks):
        return
    drop: set[int] = set()
    # a table right after another of its width (nothing printed between: a delimiter row a
    # converter wrote under the header rows starts a new one) goes on under the same headings
    follows, last, seen = {}, None, False
    for b in doc.blocks:
        if b.kind == "cell" and b.table is not None:
            if b.table != last:
                follows[b.table] = last if not seen else None
                last, seen = b.table, False
        elif b.text.strip():
            seen = True
    carried: dict[int, tuple[int, list[tuple[int, int]]]] = {}
    from .. import templates as T
    shared = {c.heading for c in T.REVIEW.columns}
    only = [w for w in leaves if not any(w in h for h in shared)]
    for t, rows in _full_rows(doc).items():
        # (rows of another width in the same table place their cells on other edges)
        width = max(len(r) for r in rows)
        rows = [r for r in rows if len(r) == width]
        before = carried.get(follows.get(t))
        runs: list[tuple[int, int]] = list(before[1]) if before and before[0] == width else []
        inherited = bool(runs)
        found: list[tuple[int, int]] = []
        own = False  # the header names a heading only table 三 has (总计, 其他 head table 四 too)
        for r in rows:
            if any(not b.blank and _value_like(b) for b in r):
                break
            own = own or any(w in "".join(b.text.split()) for b in r for w in only)
            for a in range(len(r)):
                for z in range(a + 2, min(len(r), a + MAX_CUT_PIECES) + 1):
                    seg = r[a:z]
                    if any(x.blank or "".join(x.text.split()) in leaves for x in seg) \
                            or seg[-1].col - seg[0].col != len(seg) - 1:
                        continue
                    if "".join("".join(x.text.split()) for x in seg) in leaves:
                        found.append((seg[0].col, seg[-1].col))
        runs = sorted(set(runs + (found if own else [])))
        if not runs or any(b[0] <= a[1] for a, b in zip(runs, runs[1:])):
            continue
        # the headings hold down to a row printing words under them after the values began
        # (the next table's header, in the same grid)
        # (a table that only inherits the headings has none of its own: words under them there
        # are another table's header)
        valued, upto = inherited and set(runs) == set(before[1]), len(rows)
        for i, r in enumerate(rows):
            if valued and any(not b.blank and not _value_like(b) for b in r
                              if any(lo <= b.col <= hi for lo, hi in runs)):
                upto = i
                break
            valued = valued or any(not b.blank and _value_like(b) for b in r)
        if upto == len(rows):  # (headings that stop in this table go on in no table after it)
            carried[t] = (width, runs)
        rows = rows[:upto]
        joined: list[tuple[Block, list[Block]]] = []
        for r in rows:
            for lo, hi in runs:
                seg = [b for b in r if lo <= b.col <= hi]
                shown = [b for b in seg if not b.blank]
                if len(shown) < 2:
                    continue
                if all(_DIGITS.match(b.text) for b in shown) or not any(_value_like(b) for b in shown):
                    joined.append((shown[0], shown[1:]))
                else:
                    break
            else:
                continue
            break
        else:
            for first, rest in joined:
                first.text = "".join(b.text for b in [first] + rest)
                first.end = rest[-1].end
            for r in rows:
                for lo, hi in runs:
                    seg = [b for b in r if lo <= b.col <= hi]
                    keep = next((b for b in seg if not b.blank), seg[0] if seg else None)
                    drop.update(id(b) for b in seg if b is not keep)
                for b in r:
                    inside = next((lo for lo, hi in runs if lo <= b.col <= hi), b.col)
                    b.col = inside - sum(hi - lo for lo, hi in runs if hi < b.col)
    if drop:
        doc.blocks = [b for b in doc.blocks if id(b) not in drop]


def _split_by_headings(doc: Document) -> None:
    """A PDF table reader that missed column rules merges several of table 三's columns into
    one grid column: its header cells name two or more of the form's headings ("商业企业
    科研机构", or 自然人 over 商业企业 in the next header row) and its value cells print that
    many numbers ("1811 303") - or fewer, where some were blank. The header rows say how many
    form columns each grid column holds; a row whose every value cell prints exactly that many
    numbers (a blank cell: that many blanks) is split into the form's columns in order. Rows
    with any other cell (fewer numbers than headings: which are blank is unknown, the row's
    sums hold for any placement) are left as printed."""
    if not any(b.kind == "cell" and b.table is not None and " " in b.text for b in doc.blocks):
        return
    words, leaves, ncols = _column_headings()
    if not any(b.kind == "cell" and any(w in b.text for w in leaves) for b in doc.blocks):
        return
    replace: dict[int, list[Block]] = {}
    for rows in _full_rows(doc).values():
        width: dict[int, int] = {}
        heads = 0
        for r in rows:
            if any(not b.blank and _value_like(b) for b in r):
                break
            counts = {b.col: _leaves(b.text, words) for b in r if not b.blank}
            if not any(counts.values()):
                continue
            if None in counts.values():
                width = {}
                break
            heads += 1
            for c, n in counts.items():
                width[c] = width.get(c, 0) + n
        if heads < 1 or not any(n > 1 for n in width.values()) or sum(width.values()) != ncols:
            continue
        # grid column -> first form column it holds (columns without a heading keep one place)
        cols = sorted({b.col for r in rows for b in r})
        start, at = {}, 0
        for c in cols:
            start[c] = at
            at += max(width.get(c, 0), 1)
        for r in rows:
            vals = [b for b in r if b.col in width]
            if not any(not b.blank and _value_like(b) for b in r):
                # a header row: each cell at its first form column
                for b in r:
                    b.col = start[b.col]
                continue
            pieces, short = {}, set()
            last = max(width)
            for b in vals:
                n = width[b.col]
                ps = [""] * n if b.blank else (merged_numbers(b.text) or ([b.text] if _value_like(b) else None))
                if ps is None or len(ps) > n:
                    break
                if len(ps) < n:
                    # fewer numbers than headings: which are blank the header cannot say (the
                    # row's sums hold for any placement); read from the first heading on, as a
                    # form fills its columns, each number's column in doubt (`short`). Left as
                    # printed, the row put its first number in the empty column a spanned label
                    # leaves before the headings (gen211_00009: 自然人's 630 read as 商业企业's)
                    # - but a cell under the row's total (the form's last column, "其他 总计"):
                    # a row that prints anything prints its total, so its last number is that
                    short.add(id(b))
                    gap = [""] * (n - len(ps))
                    ps = ps[:-1] + gap + ps[-1:] if b.col == last else ps + gap
                pieces[id(b)] = ps
            else:
                if any(not b.blank and _value_like(b) for b in r if b.col not in width):
                    for b in r:
                        b.col = start[b.col]
                    continue
                for b in r:
                    c = b.col
                    b.col = start[c]
                    if id(b) not in pieces or width[c] == 1:
                        continue
                    out, at2 = [], b.start
                    for j, p in enumerate(pieces[id(b)]):
                        s = doc.text.find(p, at2, b.end) if p else -1
                        s = at2 if s < 0 else s
                        out.append(Block(p, "cell", s, s + len(p), row=b.row, col=start[c] + j, table=b.table,
                                         blank=not p, column_doubt=id(b) in short))
                        at2 = s + len(p)
                    replace[id(b)] = out
                continue
            # a row left as printed: its cells keep their grid places
            for b in r:
                b.col = start[b.col]
    if replace:
        doc.blocks = [x for b in doc.blocks for x in replace.get(id(b), [b])]


# --- merged value cells ---------------------------------------------------------------------

def _split_merged_cells(doc: Document) -> None:
    """A pipe cell printing several whole numbers ("64 0", "4 70") is as many value cells:
    a PDF table reader that missed a column rule merged them. The row's later cells move right."""
    if not any(b.kind == "cell" and b.table is not None and " " in b.text for b in doc.blocks):
        return
    out: list[Block] = []
    split: set = set()
    shift, row = 0, None
    for b in doc.blocks:
        if b.row != row:
            shift, row = 0, b.row
        parts = merged_numbers(b.text) if b.kind == "cell" and b.table is not None else None
        b.col += shift
        if not parts:
            out.append(b)
            continue
        at = b.start
        for j, p in enumerate(parts):
            s = doc.text.find(p, at, b.end)
            s = at if s < 0 else s
            out.append(Block(p, "cell", s, s + len(p), row=b.row, col=b.col + j, table=b.table))
            at = s + len(p)
        shift += len(parts) - 1
        split.add(b.table)
    # the PDF table reader missed a column rule in these grids: where their rows' blank cells
    # stand among the form's columns is its guess (a value beside a blank may be the blank's)
    for b in out:
        if b.kind == "cell" and b.table in split:
            b.column_doubt = True
    doc.blocks = out


# --- rows that lost their spanned cells -----------------------------------------------------

_VALUE = re.compile(r"^[-+]?\d[\d,]*(?:\.\d+)?\s*(?:万元|元|件|个|条|项|%)?$")


def _value_like(b: Block) -> bool:
    t = b.text.strip()
    return not t or t in NOT_APPLICABLE or _VALUE.match(t) is not None or merged_numbers(t) is not None


def _grid_rows(doc: Document, seps: list[int], starts: list[int]) -> list[dict[int, list[Block]]]:
    """Each grid's rows of cells: a table's rows between two delimiter rows (GFM: a delimiter
    row under a row makes that row the header of a new table; PDF converters print "| row |" +
    "|---|" pairs, each its own table, which the line engine keeps in one grid)."""
    grids: dict[tuple, dict[int, list[Block]]] = {}
    for b in doc.blocks:
        if b.kind == "cell" and b.table is not None:
            line = bisect.bisect_right(starts, b.start) - 1
            part = bisect.bisect_right(seps, line + 1)
            grids.setdefault((b.table, part), {}).setdefault(b.row, []).append(b)
    return list(grids.values())


def _printed_number(b: Block) -> bool:
    return not b.blank and _value_like(b)


def _delimiter_row(row: list[Block]) -> bool:
    """A row of dashes and colons only (the delimiter row under a header)."""
    return all(not b.text.strip(" -:") for b in row)


def _lead(row: list[Block]) -> int:
    """Label cells before the row's first value cell (blank or printed)."""
    return next((i for i, b in enumerate(row) if _value_like(b)), len(row))


def _unpad_packed_rows(doc: Document, seps: list[int], starts: list[int]) -> None:
    """Some HTML-to-markdown writers drop a spanned cell's columns and pad every row with empty
    cells at its end to the widest row's width: a row whose labels span fewer cells than the
    grid's most-labelled rows prints its values right after its labels, and its last cells are
    that padding. Those rows are short rows as _align_spanned_rows reads them once the padding
    is dropped. The grid proves it: every row printing a number starts with its label (such a
    writer prints no cell a span covers), such a row prints a number where the most-labelled
    rows print labels, and the rows with fewer labels print nothing but values after them and
    nothing past the grid's value columns (a writer keeping the spans prints their padding
    between labels and values instead, the values under their columns)."""
    drop: set[int] = set()
    for grid in _grid_rows(doc, seps, starts):
        rows = {rk: r for rk, r in grid.items() if not _delimiter_row(r)}
        width = max((len(r) for r in rows.values()), default=0)
        if any(len(r) != width for r in rows.values()):
            continue  # ragged: no padding (_align_spanned_rows)
        leads = {rk: _lead(r) for rk, r in rows.items()}
        numbered = [rk for rk, r in rows.items() if any(_printed_number(x) for x in r)]
        if not numbered or any(leads[rk] == 0 for rk in numbered):
            continue
        most = max(leads[rk] for rk in numbered)
        short = [rows[rk][leads[rk]:] for rk in rows if leads[rk] < most]
        values = width - most
        if (any(not _value_like(x) for tail in short for x in tail)
                or any(not x.blank for tail in short for x in tail[values:])
                or not any(_printed_number(x) for tail in short for x in tail[:len(tail) - values])):
            continue
        for tail in short:
            drop.update(id(x) for x in tail[values:])
    if drop:
        doc.blocks = [b for b in doc.blocks if id(b) not in drop]


def _align_spanned_rows(doc: Document, seps: list[int], starts: list[int]) -> None:
    """HTML-to-markdown converters write no cell for one a rowspan covers: a row under a
    spanned group label ("三、本年度办理结果") starts one column early, and its values sit
    one column left of the rows above. A grid row shorter than the grid, whose cells after
    its last label are at least as many as the grid's rows usually print (its values are
    all there), is moved right to end in the grid's last column - when every full-width row
    prints two or more cells and no value before its usual number of value cells (the spanned
    labels the short rows lack) and the short row lacks fewer. A row with fewer value cells lost some of them (blanks
    dropped), and a grid whose full rows are full by an empty last cell (a PDF converter's
    trailing column) lost nothing on the left: those stay as printed."""
    # rows are compared within one table between delimiter rows only (_grid_rows)
    for rows in _grid_rows(doc, seps, starts):
        width = max(len(r) for r in rows.values())
        tails = {rk: _tail(r) for rk, r in rows.items()}
        # labelled rows, blank ones too (a table of mostly empty rows prints them in full)
        counts = Counter(n for rk, n in tails.items() if 0 < n < len(rows[rk]))
        if not counts:
            continue
        usual = counts.most_common(1)[0][0]
        lead = width - usual  # the cells full rows print before their values
        if lead < 2 or any(not x.blank and _value_like(x) for r in rows.values() if len(r) == width
                           for x in r[:lead]):
            continue
        for rk, r in rows.items():
            if width - lead < len(r) < width and usual <= tails[rk] < len(r):
                for x in r:
                    x.col += width - len(r)


def _separator_lines(text: str) -> list[int]:
    """Line numbers of delimiter rows ("|---|---|", "---|---"), in order."""
    out = []
    for i, line in enumerate(text.split("\n")):
        if "-" in line and (is_bare_separator(line) or (line.lstrip().startswith("|")
                                                        and is_separator(split_row(line, 0), True))):
            out.append(i)
    return out


def _tail(row: list[Block]) -> int:
    """Cells after the row's last label cell (values and blanks)."""
    n = 0
    for b in reversed(row):
        if not _value_like(b):
            break
        n += 1
    return n


# --- a row's label cut at a table reader's guessed column edges ------------------------------

_CJK_NUMERAL = re.compile(r"^[一二三四五六七八九十]$")
_CUT_START = tuple("、，,。；;：:）)”.．")  # a cell's text never starts a label with these
_NUMBERING_CELL = re.compile(r"^\d{1,2}$")
# a character of a group label printed down the label column, then the row's numbering, one
# cell: "予<br>4" (4.保护第三方合法权益 under 不予公开 printed one character a line)
_GROUP_CHAR_NUMBERING = re.compile(r"^[\u4e00-\u9fff]<br\s*/?>(\d{1,2})$", re.I)
_LONGEST_LABEL = 60  # characters of a row's label with its numbering (labels.match_row's bound)


def _join_cut_labels(doc: Document) -> None:
    """A PDF table reader that finds a table's columns by the alignment of its text cuts the
    label column at the edges it guessed: "|四、|结转|下年度继续|办理||||3|", "||（七）|总计|||1|",
    "|（二|部分公开|区分处|的，只计|一|形，不计|". The row's leading text cells, side by side
    with no empty cell between and before any value, are one label printed across them
    where the print shows the cut: a piece is a numbering alone ("四、", "（七）"), a group
    label's numeral printed down the column ("三"), or a bracket the next piece closes
    ("（二"), or a piece starts with punctuation no label starts with ("、属于国家"). The
    joined label keeps the first piece's column and spans the others' (the row's values keep
    their columns); a label cell next to a label cell of a table as written (a group's label,
    then its row's: "三、本年度办理结果 | （一）予以公开") shows no cut and stays apart."""
    rows: dict[int, list[Block]] = {}
    for b in doc.blocks:
        if b.kind == "cell" and b.table is not None:
            rows.setdefault(b.row, []).append(b)
    gone: set[int] = set()
    for cells in rows.values():
        cells.sort(key=lambda b: b.col)
        i = 0
        while i < len(cells) and cells[i].blank:
            i += 1
        # (a lone character of a group label printed down its column, in a cell before the row's
        # own numbering: "|理|不<br>3|危及“|安全一稳|定”|" - no part of the row's label)
        if i + 1 < len(cells) and len(cells[i].text.strip()) == 1 and not _value_like(cells[i]) \
                and cells[i + 1].col == cells[i].col + cells[i].colspan \
                and _GROUP_CHAR_NUMBERING.match(doc.text[cells[i + 1].start:cells[i + 1].end].strip()):
            i += 1
        run: list[Block] = []
        # a sub-row's number in a cell of its own, its wording in the next ("|2|其他法|行政法规|"):
        # no value stands left of its row's label - also under a character of a group label
        # printed down the column ("|予<br>4|保护第|方合法权|益|": the row's label starts at 4)
        grouped = i + 1 < len(cells) and _GROUP_CHAR_NUMBERING.match(
            doc.text[cells[i].start:cells[i].end].strip())
        numbering = i + 1 < len(cells) and (grouped or _NUMBERING_CELL.match(cells[i].text.strip())) is not None
        for b in cells[i + 1 if numbering else i:]:
            if b.blank or _value_like(b) or b.col != (run[-1].col + run[-1].colspan if run else cells[i].col + numbering):
                break
            run.append(b)
        if numbering and run:
            run.insert(0, cells[i])
        elif len(run) < 2 or not any(_cut_after(a.text, b.text) for a, b in zip(run, run[1:])):
            continue
        text = "".join(b.text.strip() for b in run)
        if len(text) > _LONGEST_LABEL:
            continue  # (prose cut into cells: a paragraph, no label)
        if grouped and run[0] is cells[i]:
            text = grouped.group(1) + text[len(cells[i].text.strip()):]  # (the group's character left out)
        first = run[0]
        first.text = text
        first.end = run[-1].end
        first.colspan = run[-1].col + run[-1].colspan - first.col
        gone.update(id(b) for b in run[1:])
    if gone:
        doc.blocks = [b for b in doc.blocks if id(b) not in gone]


def _cut_after(piece: str, nxt: str) -> bool:
    """Does the print show a label cut between these two cells' texts?"""
    p, n = piece.strip(), nxt.strip()
    if not p or not n:
        return False
    if n.startswith(_CUT_START):
        return True
    if not strip_numbering(p) or _CJK_NUMERAL.match(p):
        # a numbering alone, its wording in the next cell - unless that cell is numbered itself:
        # a group's numbering, then its row's own label ("| 三、 | （一）予以公开 |", as written)
        return not numbered(n)
    return p.count("（") + p.count("(") > p.count("）") + p.count(")")
