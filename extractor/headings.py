"""Where table 三's column headings stand, for rows printed with their blank cells dropped.

Positioned text (PDF-to-HTML converters, PDF viewers' "save as HTML") keeps each run's box
but prints nothing for an empty cell, so a row "1, five blanks, 1" is two numbers and the
solver places them by priors (`placed`). The headings above the rows still show some of the
form's columns: a number that starts exactly where the heading 自然人 starts (cells' text set
flush left, as the headings are) is 自然人's, one that starts where 总计 starts is 总计's, and
one inside the span of the five 法人或其他组织 sub-headings (商业企业 … 其他) is one of those
five. Where that leaves one reading of a row, its columns are read from the page, not
guessed, and its blanks are seen (nothing is printed where they stand). Merely standing left
or right of the sub-headings' span says nothing: a heading centred in its cell starts right
of where its column's numbers do, and 其他's numbers may stand past the end of its heading.

Only geometry measured on a printed page is used (blocks with a page: a PDF's text layer, its
conversion to positioned HTML, an OCR'd page): the headings' boxes and the values' boxes on the
same page, or values on another page printed at exactly the x of values the headings placed (a
table that goes on under the same columns). Text a converter laid out itself (an HTML table
dumped as text: no page) can put a row's numbers under another column's heading (inscriptis,
blind to merged cells, prints the first row under a merged label one column right): there the
x says where the converter put a number, not where the form has it, and nothing changes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from . import templates as T
from .labels import _HEADER_WORDS
from .model import Block
from .solve import Candidate

NATURAL, MIDDLE, TOTAL = "natural", "middle", "total"
_SAME_X = 0.5  # a value starting at a heading's x, or at a placed value's (the loader's units)


@dataclass
class Zones:
    left: float  # left edge of the first 法人 sub-column's heading
    right: float  # right edge of the last (其他)
    natural: float | None  # where the heading 自然人 starts (None: not in a box of its own start)
    total: float | None  # where 总计 starts
    page: int | None
    carried: dict[float, str]  # x0 of values on the headings' page -> their zone


def _compact(text: str) -> str:
    return "".join(text.split())


def header_zones(blocks: list[Block]) -> Zones | None:
    """The span of the 法人或其他组织 sub-column headings (runs that start with the first
    sub-column's heading, runs that end with the last's) and where the runs starting with 自然人
    and with 总计 start, from header blocks with boxes on one printed page; None where the
    region shows no such span."""
    labels = T.REQUEST_COLUMN_LABELS
    cols = T.REQUEST_COLUMNS
    first, last = labels[cols[1]], labels[cols[-2]]
    group = labels[cols[0]] + labels[cols[-1]]  # 自然人 / 总计: a run holding them is not a sub-heading
    heads = [b for b in blocks if b.label == "header" and b.x0 is not None and b.x1 is not None]
    starts = [b for b in heads if _compact(b.text).startswith(first) and not any(g in b.text for g in group)]
    ends = [b for b in heads if _compact(b.text).endswith(last) and not any(g in b.text for g in group)]
    if not starts or not ends:
        return None
    pages = {b.page for b in starts + ends}
    if len(pages) != 1 or None in pages:
        return None  # (text a converter laid out itself, no printed page: its x need not be the form's)
    left, right = min(b.x0 for b in starts), max(b.x1 for b in ends)
    if left >= right:
        return None
    page = pages.pop()
    own = [b for b in heads if b.page == page]
    natural = next((b.x0 for b in own if _compact(b.text).startswith(labels[cols[0]])), None)
    total = next((b.x0 for b in own if _compact(b.text).startswith(labels[cols[-1]])), None)
    zones = Zones(left, right, natural, total, page, {})
    for b in blocks:
        if b.label == "value" and b.page == page and (z := _zone(b, zones, carry=False)) is not None:
            zones.carried.setdefault(b.x0, z)
    return zones


def _zone(b, z: Zones, carry: bool = True) -> str | None:
    if not isinstance(b, Block) or b.x0 is None or b.x1 is None or b.page is None:
        return None
    if b.page != z.page:
        if not carry:
            return None
        return next((zone for x, zone in z.carried.items() if abs(x - b.x0) <= _SAME_X), None)
    if z.natural is not None and abs(b.x0 - z.natural) <= _SAME_X and b.x1 <= z.left:
        return NATURAL
    if z.total is not None and abs(b.x0 - z.total) <= _SAME_X and b.x0 >= z.right:
        return TOTAL
    if z.left <= b.x0 and b.x1 <= z.right:
        return MIDDLE
    return None  # a box across an edge: no zone


def _fits(cand: Candidate, z: Zones) -> bool:
    k = len(cand.cells)
    for j, ref in enumerate(cand.refs):
        if cand.cells[j] is None:
            continue
        zone = _zone(ref, z)
        if zone is None:
            return False  # a printed value the headings do not place: not settled by them
        if (zone == NATURAL) != (j == 0) or (zone == TOTAL) != (j == k - 1):
            return False
    return True


def settle(cands: list[Candidate], z: Zones | None) -> list[Candidate]:
    """The readings of a row read with its blanks dropped (`placed`), narrowed by the headings:
    when every printed value has a zone and the readings that fit agree on every cell, one
    reading whose blank cells are seen (blocks with blank_seen); else the readings as they were."""
    if z is None or not cands or getattr(cands, "cut", False) or any(c.how != "placed" for c in cands):
        return cands
    fit = [c for c in cands if _fits(c, z)]
    if not fit or len({c.cells for c in fit}) != 1:
        return cands
    best = max(fit, key=lambda c: (c.ok, c.prior))
    printed = [r for r in best.refs if isinstance(r, Block)]
    if not printed:
        return cands
    row, page = printed[0].row, printed[0].page
    refs = tuple(r if c is not None else Block("", "cell", row=row, blank=True, blank_seen=True, page=page)
                 for c, r in zip(best.cells, best.refs))
    return [Candidate(best.cells, refs, 0.0, "exact", best.ok)]


# --- headings printed with characters lost ---------------------------------------------------
# A PDF table reader that keeps a cell's text only where it fits the cell's box (tabula's lattice
# mode) drops the characters of a narrow cell that run past its edges: the heading 本年废止件数
# comes out 年废止件数, 现行有效件数 行有效件数, and the numbers of the cells below in the same
# narrow column are lost the same way - printed blank. A heading cut so shows the converter lost
# that column's text; its blanks are then no reading of the report (table 二 has no sum to prove
# them). A heading wrapped onto two lines (本年废止 / 件数) prints the rest as a piece of its own
# and is no cut; a heading the form words shorter (本年收费金额 for 本年收费金额（单位：万元）) is
# one of the header words, no cut either.
_CUT_MIN = 3  # characters a cut heading keeps (a shorter piece names no column surely)


def heading_rest(columns, key: str, piece: str) -> str:
    """What a column's heading prints besides `piece`, its start or end (cut_headings)."""
    h = next(T.normalize(c.heading) for c in columns if c.key == key)
    return h[:len(h) - len(piece)] if h.endswith(piece) else h[len(piece):]


def furniture_pieces(lines) -> set[str]:
    """The words of lines a loader dropped as page furniture, as cut_rests compares them."""
    return {re.sub(r"[^\w]", "", T.normalize(p)) for line in lines for p in str(line).split()}


def cut_rests(cut: dict[str, str], columns, blocks: list[Block]) -> set[str]:
    """The columns of `cut` (cut_headings) whose heading's lost part no block of `blocks`
    prints as a piece of its own, whatever its label (本年新 on the line over 制作数量: the
    heading wrapped, its first line read as text): lost for sure, not moved."""
    pieces = {re.sub(r"[^\w]", "", T.normalize(p)) for b in blocks for p in (b.text or "").split()}
    out = set()
    for col in columns:
        if col.key in cut:
            h, p = T.normalize(col.heading), cut[col.key]
            if (h[:len(h) - len(p)] if h.endswith(p) else h[len(p):]) not in pieces:
                out.add(col.key)
    return out


def cut_headings(blocks: list[Block], columns) -> dict[str, str]:
    """{column key: the piece printed} of the columns (template columns, .key and .heading)
    whose heading a header cell prints with its start or end cut off, the rest of it printed
    nowhere among the header cells."""
    pieces = [T.normalize(p) for b in blocks if b.label == "header" for p in (b.text or "").split()]
    pieces = [p for p in pieces if p]
    printed = set(pieces)
    out: dict[str, str] = {}
    for p in pieces:
        if len(p) < _CUT_MIN or p in _HEADER_WORDS:
            continue
        cut = []  # (column, the rest of its heading) of the headings p begins or ends
        for col in columns:
            h = T.normalize(col.heading)
            if len(p) < len(h) and (h.endswith(p) or h.startswith(p)):
                cut.append((col.key, h[:len(h) - len(p)] if h.endswith(p) else h[len(p):]))
        # one column's only (本年新 begins 本年新制作数量 and 本年新公开数量), the rest printed
        # for none ("本年新 制作数量": a heading broken in two, no text lost)
        if len(cut) == 1 and cut[0][1] not in printed:
            out.setdefault(cut[0][0], p)
    return out
