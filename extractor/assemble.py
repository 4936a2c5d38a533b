"""Assemble the statutory tables from labelled blocks, against the template.

For each table: find its region, cut it into entries (a row label and the value tokens
that follow it, or values printed without a label), align the entries to the template's
rows in order (labels anchor, unlabelled entries fill the gaps between anchors), read
each entry's tokens as cells (`solve.candidates`) and choose among the readings with the
identities. Every field keeps the evidence its confidence is later computed from.
"""
from __future__ import annotations

import bisect
import copy
import itertools
import math
import re
from collections import Counter
import dataclasses
from dataclasses import dataclass, field
from typing import Any

from . import templates as T
from .model import Block, Document
from .templates.identities import column_rules, decided, row_sums
from .headings import cut_headings, cut_rests, furniture_pieces, header_zones, heading_rest, settle
from .labels import (ROW_ALIASES, begins_other_row, continues_wording, match_row, may_begin_wording, numbered_label,
                     plain_text, whole_label, wording_row)
from .templates.text import normalize, numbered
from . import limits
from .evidence import INFERRED, INFERRED_READINGS
from .reorder import cell_count, cells_apart, headed_columns, regroup, table_in_order
from .spans import merged
from .loaders import boxdrawn
from .solve import (_CELL_OK, _CHUNK, Budget, Candidate, RowSpec, Token, candidates, cell_number, default_prior,
                    Readings, fewer_cells, run_together, sums_ok)
from .values import (DIGIT_GROUPS, NOT_APPLICABLE, malformed_count, malformed_money, money_printed, parse_int, parse_money,
                     printed_unit)


@dataclass
class FieldResult:
    key: str
    value: Any
    raw: str
    evidence: dict = field(default_factory=dict)
    block: Block | None = None
    confidence: float = 0.0


@dataclass
class Entry:
    label: str | None  # row label, e.g. "row.requests.granted"
    proba: float
    label_block: Block | None
    tokens: list[Token] = field(default_factory=list)
    grid_row: int | None = None
    dropped: int = 0  # printed numbers the grid's columns left out of the row (_grid_columns)
    cut: bool = False  # surplus cells the grid's voted columns left out of the row (_grid_columns)
    moved: bool = False  # its values were printed away from its label (reorder.regroup)
    # ...and which row each was printed for is proven: every cell of the rows printed (their
    # count exact), one reading order alone keeps every row's sums, the table's sums hold
    proven: bool = False
    crossed: bool = False  # its values may be another label's printed before it (cross_out_of_order)
    rejoined: bool = False  # its first numbers printed by its label, the rest after other text (_rejoined)
    contested: bool = False  # its label a piece that begins another row's label (labels.begins_other_row), or a cell naming an earlier row first
    spans: tuple[int, ...] = ()  # grid columns each cell's value was printed in (spans.merged)


@dataclass
class TableResult:
    name: str
    version: str | None
    fields: dict[str, FieldResult]
    found: bool
    notes: list[str] = field(default_factory=list)
    taken: bool = False  # the numbers printed after the next table's heading were read as this table's


@dataclass
class Assembly:
    tables: dict[str, TableResult]
    regions: dict[str, tuple[int, int]]

    @property
    def fields(self) -> dict[str, FieldResult]:
        out: dict[str, FieldResult] = {}
        for t in self.tables.values():
            out.update(t.fields)
        return out


# --- regions -----------------------------------------------------------------------------

_TABLES = ("active", "requests", "review")
_END_HEADINGS = ("heading.problems", "heading.other")


def find_regions(blocks: list[Block]) -> dict[str, tuple[int, int]]:
    """Block index ranges of the three tables, in template order.

    A table starts at the heading of its part that is followed by the most of its row
    labels (prefaces and narrative repeat heading words), or at its first row label."""
    labels = [b.label or "" for b in blocks]
    heads_at = [i for i, lab in enumerate(labels) if lab.startswith("heading.")]
    starts: dict[str, int] = {}
    lo = 0
    for t in _TABLES:
        prefix = f"row.{t}." if t != "review" else None
        best, best_n = None, 0
        for i in heads_at:
            if i < lo or labels[i] != f"heading.{t}":
                continue
            nxt = next((h for h in heads_at if h > i and labels[h] != labels[i]), len(blocks))
            n = sum(1 for j in range(i, nxt) if prefix and labels[j].startswith(prefix)) if prefix else 1
            n += 1 if prefix is None else 0
            if n > best_n or (prefix is None and best is None):
                best, best_n = i, n
        if best is None and prefix:
            best = next((i for i in range(lo, len(blocks)) if labels[i].startswith(prefix)), None)
        if best is not None:
            starts[t] = best
            lo = best + 1
    if "review" not in starts and "requests" in starts:
        # (table 四 stands before the problems and other-matters parts: a sentence of those
        # parts read as a requests row - "…共发出收费通知4件" - is no row of table 三)
        end = next((i for i in range(starts["requests"], len(blocks)) if labels[i] in _END_HEADINGS), len(blocks))
        last = max((i for i, lab in enumerate(labels[:end]) if lab.startswith("row.requests.")), default=None)
        if last is not None:
            # the last requests row keeps its values; table 四 starts after them
            i = last + 1
            while i < len(blocks) and labels[i] in ("value", "blank"):
                i += 1
            starts["review"] = i
    regions: dict[str, tuple[int, int]] = {}
    order = [t for t in _TABLES if t in starts]
    for t, nxt in zip(order, order[1:] + [None]):
        s = starts[t]
        if nxt is not None:
            e = starts[nxt]
        else:
            e = next((i for i in range(s + 1, len(blocks)) if labels[i] in _END_HEADINGS), len(blocks))
        regions[t] = (s, e)
    return regions


# --- entries -----------------------------------------------------------------------------

_CLOSERS = ("header", "caption", "narrative")


def build_entries(blocks: list[Block], table: str, keep_empty: bool = False) -> list[Entry]:
    """Row labels with the value tokens that follow them (unlabelled entries for values
    with no label before them); with keep_empty, also labels no value follows."""
    entries: list[Entry] = []
    cur: Entry | None = None
    wrapped: tuple[Entry, Block] | None = None  # (a row printed empty, its label's next line)
    rows: dict[int, list[Block]] = {}
    for b in blocks:
        rows.setdefault(b.row, []).append(b)
    labelled = sorted(r for r, xs in rows.items() if any((x.label or "").startswith("row.") for x in xs))
    joined = _joined_labels(blocks, table)
    apart = _labels_over_values(blocks, table, joined, rows)
    span: tuple[Entry, int, int, bool] | None = None  # (entry, its label's last block, its cells' row, printed)
    for i, b in enumerate(blocks):
        lab, proba = joined.get(i, (b.label or "", b.proba))
        grid = len(rows[b.row]) > 1 and any(x.kind == "cell" for x in rows[b.row])
        if span is not None and i > span[1]:
            if cur is span[0] and cur.label is not None \
                    and sum(len(t.text.split()) for t in cur.tokens if not t.blank) >= _width(table, cur.label):
                cur = None  # (its line printed the whole row: a line of numbers after it is another row's)
            span = None
        if i in apart:
            # a label wrapped over lines with its values level with one of them (_labels_over_values)
            row_label, last, vrow, printed = apart[i]
            cur = Entry(row_label, max(proba if lab == f"row.{table}.{row_label}" else 0.0, WHOLE_LABEL_PROBA), b,
                        grid_row=b.row if grid and vrow == b.row else None)
            entries.append(cur)
            wrapped, span = None, (cur, last, vrow, printed)
            continue
        if span is not None:
            e, _, vrow, _ = span
            if lab in ("value", "blank") and b.row == vrow and cur is e:
                e.grid_row = b.row if grid else None
                e.tokens.append(Token(b.text, b.kind in ("line", "piece"), lab == "blank", b))
            continue  # (the label's other pieces, a group label's pieces beside them, blanks of its other lines)
        if wrapped is not None and lab in ("value", "blank") and b.row == wrapped[1].row:
            # a label wrapped over two lines, its values printed level with the second: the
            # first line's row was printed empty, the values are its own
            (cur, nxt), wrapped = wrapped, None
            cur.tokens, cur.grid_row = [], b.row if grid else None
            if whole_label(cur.label_block.text + nxt.text) == f"row.{table}.{cur.label}":
                # its two lines joined are the row's wording: as sure as a label printed whole
                cur.proba = max(cur.proba, WHOLE_LABEL_PROBA)
        elif lab not in ("value", "blank"):
            if lab == "narrative" or lab == "noise" or lab.startswith("group."):
                w = _wrap_of(entries, b, rows, labelled)
                wrapped = w if w is not None or lab == "narrative" else wrapped
            else:
                wrapped = None
        if lab.startswith(f"row.{table}."):
            w = _wrap_of(entries, b, rows, labelled)
            if w is not None and w[0].label == lab[len(f"row.{table}."):]:
                wrapped, cur = w, None  # its label's next line, read as the same row's label again
                continue
            cur = Entry(lab[len(f"row.{table}."):], proba, b, grid_row=b.row if grid else None)
            if _names_later_row(b.text, lab):
                cur.proba = min(cur.proba, CONTESTED_LABEL_PROBA)
            # a numbered piece of a label wrapped to a narrow column that begins another row's
            # label ("2．其他法" / "律行政法规" / "禁止公开" read as 3.其他): the values after it may
            # be either row's - where it stands is no proof of its row; nor is a label cell that
            # names an earlier row before its own (_names_earlier_row)
            cur.contested = begins_other_row(b.text, lab) or (b.kind == "cell" and _names_earlier_row(b.text, lab))
            entries.append(cur)
            glued = _LABEL_NUMBER.search(b.text) if b.kind == "cell" else None
            if glued:
                # the label's cell prints numbers after its wording (a table reader put the
                # row's first values into the label cell, "行政许可<br>2293", "行政规范性文件\n8\n0"):
                # the row's first values
                cur.tokens.extend(Token(n, False, False, b) for n in glued.group(1).split())
        elif lab in ("value", "blank"):
            # a printed row of a grid ends with that row: a value on a later line (a page
            # number after a tab row) is not one of its cells
            if cur is None or (grid and cur.grid_row != b.row) or (cur.grid_row is not None and cur.grid_row != b.row):
                cur = Entry(None, 0.0, None, grid_row=b.row if grid else None)
                entries.append(cur)
            splittable = run_together(b.text, b.kind)
            cur.tokens.append(Token(b.text, splittable, lab == "blank", b))
        elif lab == "narrative" and cur is not None and cur.label is not None and cur.label_block is not None \
                and whole_label(cur.label_block.text + b.text) == f"row.{table}.{cur.label}" \
                and sum(len(t.text.split()) for t in cur.tokens) < _width(table, cur.label):
            pass  # the row's label goes on on this line (wrapped), its cells not all printed yet:
            # the values after it are still its own (a whole row before it: the next row's after)
        elif lab == "break" or lab in _CLOSERS or lab.startswith("heading.") or lab.startswith("row."):
            cur = None
        elif lab.startswith("group.") and grid:
            pass
    # an entry without tokens is a label detached from its values (or a group header)
    return entries if keep_empty else usable(entries)


# a block naming two rows of a table, labelled the one it names first: the values after it are
# as likely the other's (the label nearest them), so which row they are is a coin's toss
CONTESTED_LABEL_PROBA = 0.5


def _names_later_row(text: str, label: str) -> bool:
    """The block's text ends with another row's label of the same table, printed after the
    wording of the row it is labelled ("… 规章 规范性文件" labelled 规章, its values after 规范性文件):
    the values that follow it stand after the other row's label."""
    rule, alias = match_row(text)
    if rule is None or rule == label or rule.rsplit(".", 1)[0] != label.rsplit(".", 1)[0] \
            or not rule.startswith("row."):
        return False
    t = normalize(text)
    mine = max((t.rfind(a) for a, lab in ROW_ALIASES if lab == label), default=-1)
    return 0 <= mine and mine + 1 <= t.rfind(alias)


def _names_earlier_row(text: str, label: str) -> bool:
    """The block's text names another row of the same table before the wording of the row it is
    labelled ("6、属于四类过程性信息7、属于行政执法案卷" labelled 执法案卷: two rows' label cells
    run together where a rule between them was not seen, an OCR'd page's): the values after it
    were printed level with either label - nothing says which row they are."""
    rule, alias = match_row(text)
    if rule != label or not rule.startswith("row.") or alias is None:
        return False
    t = normalize(text)
    mine = t.rfind(alias)
    if mine <= 0:
        return False
    other, _ = match_row(t[:mine])
    return other is not None and other != label and other.startswith("row.") \
        and other.rsplit(".", 1)[0] == label.rsplit(".", 1)[0]


def _joined_labels(blocks: list[Block], table: str) -> dict[int, tuple[str, float]]:
    """Labels wrapped over two blocks (in their cell, or over lines: "其他对外管" / "理服务事项",
    "2．没有现" / "成信息需要另行制作"; a sub-row's number apart from its short wording, "3." /
    "其他"), each piece short of the label, the two joined a row's full label (labels.whole_label,
    labels.numbered_label): the row is named as surely as by a label printed whole, whichever piece the
    classifier took for it (the other read as a header, a piece, narrative) or neither. Where
    neither, the first piece is the row's label and a second read as a header a piece of it.
    {block index: (label, probability)} for the blocks read otherwise than the classifier did."""
    out: dict[int, tuple[str, float]] = {}
    for i, b in enumerate(blocks):
        # a short sub-row label printed whole ("3、其他" in its cell): its number names the row
        # its wording alone may not (a column's, a group's "其他")
        if b.label is not None and b.label.startswith(f"row.{table}.") and numbered_label(b.text) == b.label:
            out[i] = (b.label, max(b.proba, WHOLE_LABEL_PROBA))
    for i in range(len(blocks) - 1):
        a, t = blocks[i], blocks[i + 1]
        if a.label in ("value", "blank", "break") or t.label in ("value", "blank", "break") \
                or whole_label(a.text) is not None or whole_label(t.text) is not None:
            continue
        row = whole_label(a.text + t.text) or numbered_label(a.text + t.text)
        if row is None or not row.startswith(f"row.{table}.") or numbered_label(a.text) is not None:
            continue
        if a.label == row or t.label == row:
            at = i if a.label == row else i + 1
            out[at] = (row, max(blocks[at].proba, WHOLE_LABEL_PROBA))
            other = i + 1 if at == i else i
            if (blocks[other].label or "").startswith("row.") and blocks[other].label != row:
                # the other piece read as another row's label ("4. 无正当理由大量" / "反复申请" read as
                # 重复申请): joined, the two print one row's wording - it is a piece of that label
                out[other] = ("noise", blocks[other].proba)
        elif not (a.label or "").startswith("row.") and not (t.label or "").startswith("row."):
            out[i] = (row, WHOLE_LABEL_PROBA)
            if t.label in _CLOSERS and t.label != "narrative":
                out[i + 1] = ("noise", t.proba)
        else:
            # neither piece read as the row, one read as another row's ("4、无正当理由大量" read as
            # narrative, "反复申请" as 重复申请): the head is the row's label, the tail a piece of it
            out[i] = (row, WHOLE_LABEL_PROBA)
            if (t.label or "").startswith("row.") or (t.label in _CLOSERS and t.label != "narrative"):
                out[i + 1] = ("noise", t.proba)
    for i in range(len(blocks) - 2):
        _joined_three(blocks, i, table, out)
    return out


def _joined_three(blocks: list[Block], i: int, table: str, out: dict[int, tuple[str, float]]) -> None:
    """A row label wrapped over three lines ("5、要求行政机关确" / "认或重新出具已获取" / "信息": a
    narrow label cell of a PDF read line by line), no two of the pieces the row's wording but the
    three together: the row is named as by a label printed whole. The piece the classifier took
    for the row keeps it (else the first piece, which carries the numbering); the pieces after it
    are pieces of its label, not narrative closing the row before its values nor other rows."""
    ps = blocks[i:i + 3]
    if any(b.label in ("value", "blank", "break") for b in ps) or any(i + k in out for k in range(3)) \
            or any(whole_label(b.text) is not None for b in ps) \
            or whole_label(ps[0].text + ps[1].text) is not None or whole_label(ps[1].text + ps[2].text) is not None:
        return
    row = whole_label("".join(b.text for b in ps))
    if row is None or not row.startswith(f"row.{table}.") or numbered_label(ps[0].text) is not None:
        return
    at = next((k for k, b in enumerate(ps) if b.label == row), 0)
    out[i + at] = (row, max(ps[at].proba if ps[at].label == row else 0.0, WHOLE_LABEL_PROBA))
    for k, b in enumerate(ps):
        if k != at and ((b.label or "").startswith("row.") or (k > at and b.label in _CLOSERS)):
            out[i + k] = ("noise", b.proba)


# how far down a wrapped label's pieces are looked for (lines), how many text pieces on them, how
# many of those may be a group label's beside them, and how long the pieces may be in all (the
# longest row wording, 2.申请人逾期未按收费通知…, is 37 characters)
_APART_ROWS, _APART_PIECES, _APART_SKIPPED, _APART_CHARS = 10, 10, 3, 48


def _labels_over_values(blocks: list[Block], table: str, joined: dict[int, tuple[str, float]],
                        rows: dict[int, list[Block]]) -> dict[int, tuple[str, int, int, bool]]:
    """Row labels wrapped over two to ten lines with the row's numbers level with one of them
    ("1、属于国" / "0 0 0 0 0 0 0" / "家秘密"; "2.申请人逾期未按收费通" / "知要求缴纳费用、行政机" / "关不再
    处理其政府信息公开申请  0 …": a narrow label cell of a PDF whose numbers are set at the cell's
    middle): the first piece carries the row's numbering, the pieces in order are the row's whole
    wording (labels.whole_label, labels.numbered_label) and no other line among them prints
    numbers - so the numbers are that row's, as if printed on its label's line. Pieces of a group
    label printed down the column to the left ("（六）其" / "他处" / "理") may stand between them
    (short, and left of the label where both have a place); two pieces on one line (a reader that
    merged the label's lines) are tried in either order. No piece is a row's label alone or
    numbered (another row's start). {first piece's index: (row key, last block index of the
    label's lines, the row its cells print on, whether they print a number)} for labels not already
    joined (_joined_labels)."""
    out: dict[int, tuple[str, int, int, bool]] = {}
    prefix = f"row.{table}."
    n = len(blocks)
    i = 0
    while i < n:
        h = blocks[i]
        if i in joined or not _text_piece(h) or not numbered(h.text.strip()) or (h.label or "").startswith("heading.") \
                or whole_label(h.text) is not None or numbered_label(h.text) is not None:
            i += 1
            continue
        cands: list[int] = []
        chars = len(h.text.strip())
        j = i + 1
        while j < n and blocks[j].row <= h.row + _APART_ROWS and len(cands) < _APART_PIECES:
            b = blocks[j]
            if b.label == "break" or (b.label or "").startswith("heading."):
                break
            if _text_piece(b):
                if j in joined or (numbered(b.text.strip()) or whole_label(b.text) is not None) and not _group_beside(b, h):
                    break
                chars += 0 if _beside(b, h) else len(b.text.strip())
                if chars > _APART_CHARS:
                    break
                cands.append(j)
            j += 1
        found = _wrapped_over(blocks, h, cands, prefix)
        if found is None:
            i += 1
            continue
        key, pieces = found
        last_row = max(blocks[k].row for k in pieces)
        end = max(k for k in range(i, n) if blocks[k].row <= last_row)
        printing = {blocks[k].row for k in range(i, end + 1) if blocks[k].label == "value" and not blocks[k].blank}
        printing |= {x.row for x in rows[h.row] if x.label == "value" and not x.blank}
        if len(printing) > 1 or any(_text_piece(blocks[k]) and k not in pieces and not _beside(blocks[k], h)
                                    for k in range(i + 1, end + 1)):
            i += 1
            continue
        # (a label none of whose lines prints a number keeps the blank cells its first line shows)
        out[i] = (key, end, next(iter(printing), h.row), bool(printing))
        i = end + 1
    return out


def _text_piece(b: Block) -> bool:
    return b.label not in ("value", "blank", "break") and not b.blank and bool(b.text.strip())


def _beside(b: Block, h: Block) -> bool:
    """A short piece that may be a group label's printed down the column left of the label `h`
    (or a group label read whole there: "(三)不予公开" merged from its two lines)."""
    return len(b.text.strip()) <= 6 and (b.x0 is None or h.x0 is None or b.x0 < h.x0 - 1) or _group_beside(b, h)


def _group_beside(b: Block, h: Block) -> bool:
    return (b.label or "").startswith("group.") and b.x0 is not None and h.x0 is not None and b.x0 < h.x0 - 1


def _wrapped_over(blocks: list[Block], h: Block, cands: list[int], prefix: str) -> tuple[str, list[int]] | None:
    """The first pieces among `cands` (in order, the fewest skipped) that joined after `h` make
    a row's whole wording; the pieces skipped (three at most) beside it (_beside), the pieces
    taken where it is (within a character, where both have a place). A joining whose beginning
    is no wording's start (may_begin_wording) is not tried: no joining that begins so is one."""
    beside = {k: _beside(blocks[k], h) for k in cands}
    in_line = {k: blocks[k].x0 is None or h.x0 is None or abs(blocks[k].x0 - h.x0) <= 1 for k in cands}
    head = h.text.strip()
    texts = {k: blocks[k].text.strip() for k in cands}
    bound = plain_text(head) and all(plain_text(t) for t in texts.values())
    if bound and not may_begin_wording(head):
        return None
    starts: dict[tuple[int, ...], bool] = {}  # a beginning of a joining: whether it may grow into a wording

    def may_grow(order: list[int]) -> bool:
        for m in range(1, len(order)):
            key = tuple(order[:m])
            ok = starts.get(key)
            if ok is None:
                ok = starts[key] = may_begin_wording(head + "".join(texts[k] for k in key))
            if not ok:
                return False
        return True

    for end in range(len(cands)):
        for s in range(min(_APART_SKIPPED, end) + 1):
            for skipped in itertools.combinations(cands[:end], s):
                chosen = [k for k in cands[:end + 1] if k not in skipped]
                if not all(beside[k] for k in skipped) or not all(in_line[k] for k in chosen):
                    continue
                for order in _line_orders(blocks, chosen):
                    if bound and not may_grow(order):
                        continue
                    row = wording_row(head + "".join(texts[k] for k in order))
                    if row is not None and row.startswith(prefix):
                        return row[len(prefix):], order
    return None


def _line_orders(blocks: list[Block], chosen: list[int]) -> list[list[int]]:
    """The pieces in their order, and with two pieces of one row swapped (a reader's merged lines)."""
    out = [list(chosen)]
    for a in range(len(chosen) - 1):
        if blocks[chosen[a]].row == blocks[chosen[a + 1]].row:
            alt = list(chosen)
            alt[a], alt[a + 1] = alt[a + 1], alt[a]
            out.append(alt)
    return out


def _width(table: str, key: str) -> int:
    """How many cells a row of the table has (the most over the template's revisions; 0 if none)."""
    return max((len(r.columns) for t in T.REGISTRY.tables.get(table, {}).values() for r in t.rows if r.key == key),
               default=0)


# numbers printed right after a label's CJK wording, in the label's own cell (one, or several
# apart by spaces: the lines of a cell into which a table reader merged the first columns)
_LABEL_NUMBER = re.compile(r"[\u4e00-\u9fff）)]\s*(\d[\d,]*(?:\.\d+)?(?:\s+\d[\d,]*(?:\.\d+)?)*)\s*$")
# the same with a sign, a unit or a full-width comma: not a plain value to take, but a number
# its row's blanks may be (_fields_for_row)
_TRAILING_NUMBER = re.compile(r"[\u4e00-\u9fff]\s*[-+]?\d[\d,，]*(?:\.\d+)?\s*(?:万元|元|件|个|条)?\s*$")
WHOLE_LABEL_PROBA = 0.99
PRINTED_AMOUNT_PROBA = 0.99  # a value block that prints an amount with its unit (_value_proba)
_ROW_CELLS_MAX = 40  # blank cells one printed row may leave after its label (table 四: 15 and padding)


def _wrap_of(entries: list[Entry], b: Block, rows: dict[int, list[Block]],
             labelled: list[int]) -> tuple[Entry, Block] | None:
    """The labelled row whose values are printed on the line `b` starts, b being its label's
    next line (text the classifier called narrative, or the same row's label read again) or a
    piece of a group label printed down the column to the left (noise, group), when the label
    printed nothing but blanks and:
    b is the line's first text, one or two lines below (lines between hold only group-label
    pieces or blanks), without a numbering (a row's label starts with one); its line prints a
    number and no row label; for a group-label piece, the next row label's line prints values of
    its own (otherwise these may be that label's, printed above it: a label's next line says
    whose they are, a piece of a group label does not). `labelled`: rows with a row label, sorted."""
    at = next((i for i in range(len(entries) - 1, -1, -1) if entries[i].label is not None), None)
    if at is None or entries[at].label_block is None:
        return None
    after = list(itertools.islice((t for e in entries[at:] for t in e.tokens), _ROW_CELLS_MAX + 1))
    if len(after) > _ROW_CELLS_MAX or any(not t.blank for t in after):
        return None  # (more blanks than a row has cells: not one printed row; bounds the work)
    last = max([entries[at].label_block.row] + [t.ref.row for t in after if t.ref is not None])
    first = next((x for x in rows[b.row] if x.text.strip()), None)
    if not 0 < b.row - last <= 2 or first is not b or numbered(b.text.strip()):
        return None
    line = [x.label or "" for x in rows[b.row] if x is not b]
    if any(lab.startswith("row.") for lab in line) or "value" not in line:
        return None
    between = [x for r in range(last + 1, b.row) for x in rows.get(r, [])]
    if any((x.label or "") not in ("blank", "noise") and not (x.label or "").startswith("group.") for x in between):
        return None
    # (a noise block that carries on the label's own wording is its next line, not a group's piece)
    piece = (b.label == "noise" or (b.label or "").startswith("group.")) \
        and not continues_wording(entries[at].label_block.text, b.text, entries[at].label)
    k = bisect.bisect_right(labelled, b.row)
    if piece and k < len(labelled) and not any(x.label == "value" for x in rows[labelled[k]]):
        return None
    return entries[at], b


def _own_version(entries: list[Entry], table: str, tpl) -> list[Entry]:
    """A row label the classifier gave from the table's other template version (（六）其他处理
    is one row in 2019, a group in 2021) names the row of this version its text names, if any:
    a group's label and its first row's printed in one cell ("（六）其他处理2、申请人逾期…")."""
    keys = {r.key for r in tpl.rows}
    for e in entries:
        if e.label is not None and e.label not in keys and e.label_block is not None:
            row, _ = match_row(e.label_block.text)
            if row and row.startswith(f"row.{table}.") and row[len(f"row.{table}."):] in keys:
                e.label = row[len(f"row.{table}."):]
    return entries


def _without_group_labels(entries: list[Entry], specs: dict) -> list[Entry]:
    """The entries less the labels of no row of this template version that hold no value: a
    group's own label (（六）其他处理 of 2021, whose rows are its sub-rows) printed among the
    row labels of a block whose values a reader printed after them all, the table's last row
    label holding them (pdfminer), is none of the block's rows - it takes no cells and ends no
    run of rows."""
    labelled = [j for j, e in enumerate(entries) if e.label in specs]
    if not labelled:
        return entries
    last = labelled[-1]

    def group_label(j: int) -> bool:
        e = entries[j]
        if e.label is None or e.label in specs or e.tokens or j > last:
            return False
        # (only where the labels after it hold no value up to the table's last row label, which
        # holds them all: elsewhere it may well end a run of rows printed apart)
        k = next(k for k in range(j + 1, last + 1) if entries[k].tokens or k == last)
        return k == last and all(entries[m].label in specs for m in range(j + 1, last + 1))

    return [e for j, e in enumerate(entries) if not group_label(j)]


def usable(entries: list[Entry]) -> list[Entry]:
    return [e for e in entries if e.tokens and not (e.label is None and all(t.blank for t in e.tokens))]


def _fit(entry: Entry, k: int) -> float:
    """How well an entry's tokens fit a row of k cells (for placing unlabelled entries)."""
    n = len(entry.tokens)
    if n == k:
        return 1.0
    if n > k and sum(not t.blank for t in entry.tokens) == k:
        return 1.0  # (a grid row: its printed numbers one a cell, blank grid cells beside them)
    if any(t.splittable for t in entry.tokens) and sum(len(t.text) for t in entry.tokens) >= k:
        return 0.8
    return 0.3 if n > 1 else 0.1


def printed_blank(entries: list[Entry], placed: dict[str, Entry], row_keys: list[str]) -> dict[str, Entry]:
    """Rows printed blank: converters drop whitespace-only cells, so a row of blank cells
    leaves its label alone - a label the classifier found, with no value token between it and
    the next row label, of a row nothing was placed on, standing among the placed rows in
    template order (values printed away from their labels make other labels look empty too:
    their column sums then break, or the stray values stay unread - `stray_values`).
    `entries`: in printed order, labelled ones without tokens included."""
    index = {rk: i for i, rk in enumerate(row_keys)}
    at = {id(e): index[rk] for rk, e in placed.items()}
    out: dict[str, Entry] = {}
    for i, e in enumerate(entries):
        if e.label not in index or e.tokens or e.label in placed or e.label in out:
            continue
        nxt = entries[i + 1] if i + 1 < len(entries) else None
        if nxt is not None and nxt.label is None and not all(t.blank for t in nxt.tokens):
            continue  # values after a break (page furniture): whose they are is not read
        before = next((at[id(x)] for x in reversed(entries[:i]) if id(x) in at), -1)
        after = next((at[id(x)] for x in entries[i + 1:] if id(x) in at), len(row_keys))
        if before < index[e.label] < after:
            out[e.label] = e
    return out


def _stray_tokens(entries: list[Entry], placed: dict[str, Entry]) -> list[Token]:
    """The numbers printed in the table's region that no row took (entries the aligner left out)."""
    taken = {id(e) for e in placed.values()}
    return [t for e in entries if id(e) not in taken for t in e.tokens if _cell_text(t) is not None]


def stray_values(entries: list[Entry], placed: dict[str, Entry], nonzero: bool = False) -> int:
    """How many numbers `_stray_tokens` finds; with `nonzero`, only those that are not 0."""
    return sum(1 for t in _stray_tokens(entries, placed) if not (nonzero and parse_int(_cell_text(t)) == 0))


def _unread_row(entries: list[Entry], placed: dict[str, Entry], width: int) -> bool:
    """Whether an entry no row took prints a whole row with no label: `width` counts, not all
    0, the parts adding up to the last (a row printed apart from its label, "1 0 0 0 0 0 1").
    (A labelled one is a row printed again - a converter printing the page's text and then its
    tables - its label read once.)"""
    taken = {id(e) for e in placed.values()}
    for e in entries:
        if id(e) in taken or e.label is not None:
            continue
        n = [parse_int(_cell_text(t)) for t in e.tokens if _cell_text(t) is not None]
        if len(n) == width and None not in n and any(n) and sum(n[:-1]) == n[-1]:
            return True
    return False


def stray_numbers(entries: list[Entry], placed: dict[str, Entry]) -> tuple[int | None, ...]:
    """The numbers `stray_values` counts, as read (None: one that reads as no count)."""
    return tuple(parse_int(_cell_text(t)) for t in _stray_tokens(entries, placed))


def stray_blocks(entries: list[Entry], placed: dict[str, Entry]) -> list[Block]:
    """The blocks of the numbers `stray_values` counts."""
    return [t.ref for t in _stray_tokens(entries, placed) if isinstance(t.ref, Block)]


def wrapped_apart(refs, stray: list[Block]) -> int:
    """Unread numbers printed right above or below one of a row's read cells, in its column
    (positioned text; in text rebuilt from character columns, alone on the next or previous
    line): a number wrapped in its narrow cell ("26" as "2" over "6"), the piece a line of its
    own that no row took."""
    n = 0
    for s in stray:
        for r in refs:
            if not isinstance(r, Block) or r.page != s.page:
                continue
            if s.y0 is None or s.x0 is None:
                # text with no place of its own (a number alone on its line after a row
                # rebuilt from character columns): the line right above or below the row's
                near = s.row is not None and r.row is not None and abs(s.row - r.row) == 1 and r.x0 is not None
            else:
                near = (r.y0 is not None and r.x0 is not None and min(r.x1, s.x1) > max(r.x0, s.x0)
                        and max(s.y0 - r.y1, r.y0 - s.y1) <= 0.5 * max(r.y1 - r.y0, s.y1 - s.y0))
            if near:
                n += 1
                break
    return n


def _blank_row_fields(table: str, row: T.Row, entry: Entry, extra: dict) -> dict[str, FieldResult]:
    """The cells of a row printed blank (`printed_blank`): blank by the layout, the only reading
    of a label with nothing after it; a holding identity may pin them (confidence.pinned)."""
    out = {}
    for col in row.columns:
        key = f"{table}.{row.key}.{col}"
        out[key] = FieldResult(key, None, "", {
            "found": True, "placement": entry.proba, "label_proba": entry.proba, "labelled": True,
            "how": "exact", "row_ok": True, "n_cands": 1, "share": 1.0,
            "blank_inferred": True, "row_blank": True, **extra})
    return out


def _fill_gap(gap_entries: list[Entry], gap_rows: list[str], k: dict[str, int]) -> list[tuple[Entry, str]]:
    """Monotone alignment of unlabelled entries to the rows between two anchors (DP),
    dropping the entries that fit a row worst when there are more entries than rows."""
    n, m = len(gap_entries), len(gap_rows)
    f = [[0.0] * (m + 1) for _ in range(n + 1)]
    back: dict[tuple[int, int], str] = {}
    for i in range(n + 1):
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            opts = []
            if i and j:
                opts.append((f[i - 1][j - 1] + _fit(gap_entries[i - 1], k[gap_rows[j - 1]]), "match"))
            if i:
                opts.append((f[i - 1][j] - 0.05, "skip_entry"))
            if j:
                opts.append((f[i][j - 1] - 0.05, "skip_row"))
            f[i][j], back[(i, j)] = max(opts)
    pairs = []
    i, j = n, m
    while i or j:
        move = back[(i, j)]
        if move == "match":
            pairs.append((gap_entries[i - 1], gap_rows[j - 1]))
            i, j = i - 1, j - 1
        elif move == "skip_entry":
            i -= 1
        else:
            j -= 1
    return pairs[::-1]


def prefer_cells(entry: Entry, k: int) -> list[Token]:
    """A stray plain line (a page number) among a row's cells is not one of its cells."""
    if len(entry.tokens) > k:
        cells = [t for t in entry.tokens if t.ref is not None and t.ref.kind == "cell"]
        if len(cells) == k:
            return cells
    return entry.tokens


def align(entries: list[Entry], row_keys: list[str], k: dict[str, int]) -> tuple[dict[str, Entry], dict[str, float]]:
    """Map entries to template rows in order; labelled entries anchor the rest.

    Returns (row key -> entry, row key -> confidence of the placement)."""
    index = {rk: i for i, rk in enumerate(row_keys)}
    anchors = _in_order_chain(entries, index)
    placed: dict[str, Entry] = {}
    conf: dict[str, float] = {}
    for ei, ri in anchors:
        placed[row_keys[ri]] = entries[ei]
        conf[row_keys[ri]] = entries[ei].proba
    bounds = [(-1, -1)] + anchors + [(len(entries), len(row_keys))]
    used = {ei for ei, _ in anchors}
    for (e0, r0), (e1, r1) in zip(bounds, bounds[1:]):
        gap_entries = [entries[i] for i in range(e0 + 1, e1) if entries[i].label is None]
        gap_rows = row_keys[r0 + 1:r1]
        if not gap_entries or not gap_rows:
            continue
        pairs = _fill_gap(gap_entries, gap_rows, k)
        # unlabelled values between two anchors fill the rows between them, in order
        sure = len(gap_entries) == len(gap_rows) and all(_fit(e, k[r]) >= 0.8 for e, r in pairs)
        for e, rk in pairs:
            placed[rk] = e
            conf[rk] = 0.9 if sure else 0.4
    # a label out of template order (a table split and reordered) still names its row
    for i, e in enumerate(entries):
        if i not in used and e.label in index and (e.label not in placed or placed[e.label].label is None):
            placed[e.label] = e
            conf[e.label] = 0.85 * e.proba
    # a label printed twice, its numbers starting otherwise each time (a cut label's remnant, "1.申请"
    # of 1.信访举报投诉类申请 read as 2.重复申请, "61 1 … 62" then "16 0 … 16"): one of the two is
    # another row's, so neither is proof (a table printed twice, as text and as a grid, prints the
    # same numbers first; a merged cell repeated or a run after them is no other start)
    for e in entries:
        p = placed.get(e.label) if e.label is not None else None
        if p is not None and p is not e and _numbers(e) and _numbers(p) and _other_start(e, p):
            conf[e.label] = min(conf[e.label], TWICE_LABELLED_PROBA)
            p.crossed = True
    return placed, conf


def _other_start(a: Entry, b: Entry) -> bool:
    """Whether two entries' printed numbers differ within the shorter's length."""
    na, nb = ([w for t in e.tokens for w in t.text.split() if any(ch.isdigit() for ch in w)] for e in (a, b))
    n = min(len(na), len(nb))
    if len(na) != len(nb) and _repeated_in(*sorted((na, nb), key=len)):
        return False  # (a grid's merged cell repeated in each column it spans: "25|25|953.318万元")
    return na[:n] != nb[:n]


def _repeated_in(short: list[str], long: list[str]) -> bool:
    """Whether `long` is `short` with some numbers printed again right after themselves."""
    i = 0
    for j, x in enumerate(long):
        if i < len(short) and x == short[i]:
            i += 1
        elif not (j and x == long[j - 1]):
            return False
    return i == len(short)


# the placement of a row whose label is printed again with other values
TWICE_LABELLED_PROBA = 0.5


def _in_order_chain(entries: list[Entry], index: dict[str, int]) -> list[tuple[int, int]]:
    """(entry, row) of the longest chain of labels in template order (repeated and out-of-order
    labels left out)."""
    labelled = [(i, index[e.label]) for i, e in enumerate(entries) if e.label in index]
    best: list[list[tuple[int, int]]] = []
    for item in labelled:
        chain = max((c for c in best if c[-1][1] < item[1]), key=len, default=[])
        best.append(chain + [item])
    return max(best, key=len, default=[])


def cross_out_of_order(entries: list[Entry], tpl: T.Table) -> None:
    """Mark `crossed` the values that may be another label's than the one they follow: rows of
    one group enter the same sums, so no identity tells them apart. `entries`: every entry in
    printed order, labels without values included.

    - the first values after a label out of template order with none of its own (past other
      labels with none): the text prints rows out of their order;
    - where the table's text is not printed row by row (values no label precedes, or a label
      out of order), values on lines after their label's, right after a label with none: a
      reader that prints a block of labels and then their values puts a blank row's label
      and a printed row's there alike ("不掌握…", "没有现成…", "不明确…", then "2 2"), where
      the two rows enter the table's sums alike (a total row's values are told apart); not a
      piece of the row's own label wrapped over lines."""
    index = {r.key: i for i, r in enumerate(tpl.rows)}
    rules = column_rules(tpl)

    def alike(a: str, b: str) -> bool:
        return all((a in parts) == (b in parts) and a not in totals and b not in totals
                   for parts, totals, _ in rules)

    chain = _in_order_chain(entries, index)
    used, in_order = {i for i, _ in chain}, {r for _, r in chain}
    stray_label = False
    for i, e in enumerate(entries):
        # (a label repeated, as a merged cell's text in each of its columns, is not out of order)
        if i in used or e.label not in index or index[e.label] in in_order or _numbers(e):
            continue
        stray_label = True
        for x in entries[i + 1:]:
            if _numbers(x):
                # (values with no label of their own are placed between the labels: align)
                x.crossed = x.label_block is not None and _below_label(x)
                break
            if x.label is None:
                break
    if not (stray_label or any(e.label is None and e.tokens for e in entries)):
        return
    for prev, x in zip(entries, entries[1:]):
        if prev.label in index and x.label in index and _silent(prev) and _numbers(x) \
                and prev.label != x.label and x.label_block is not None and _below_label(x) \
                and alike(prev.label, x.label):
            x.crossed = True


def _silent(e: Entry) -> bool:
    """Whether `e` prints no cell of its own: no number, no empty cell (a text that prints a blank
    row's empty cells prints a row where it stands), at most words a vertical group label left."""
    return not _numbers(e) and all(t.text.strip() for t in e.tokens)


def _numbers(e: Entry) -> bool:
    """Whether `e` holds a printed number (not only words a vertical group label left: "无")."""
    return any(ch.isdigit() for t in e.tokens for ch in t.text)


def _below_label(e: Entry) -> bool:
    """Whether every value of `e` stands on a line after its label's (none on the label's own)."""
    row = e.label_block.row
    lines = [t.ref.row for t in e.tokens if isinstance(t.ref, Block) and t.ref.row is not None]
    return row is not None and bool(lines) and len(lines) == len(e.tokens) and min(lines) > row


# --- specs per table ---------------------------------------------------------------------

def _procurement_prior(cells) -> float:
    """Items and amount run together: about 10^5–10^6 yuan per purchase is typical."""
    items = cell_number(cells[0])
    amount = cell_number(cells[1], money=True)
    if items <= 0 or amount <= 0:
        return -5.0
    return -((math.log10(amount / items) - 5.7) ** 2) / 2


# Pairs (smaller, larger) that hold by the meaning of the columns: what is in force
# includes what was issued this year; the public total includes this year's publications.
# Repeals in a year rarely exceed the stock of documents still in force.
_ORDERED = {("issued", "in_force"), ("published", "total"), ("made", "total"), ("repealed", "in_force")}


def _ordered_prior(cols: tuple[str, ...]):
    pairs = [(cols.index(a), cols.index(b)) for a, b in _ORDERED if a in cols and b in cols]

    change = cols.index("change") if "change" in cols and "prev_items" in cols else None

    def prior(cells) -> float:
        p = default_prior(cells)
        if change is not None and cells[change] is not None and cells[0] is not None:
            # a negative change cannot remove more items than existed; a huge positive
            # one next to a small base is the mark of a wrong split
            if abs(cell_number(cells[change])) > max(cell_number(cells[0]), 9):
                p -= 3.0
        for i, j in pairs:
            if cells[i] is not None and cells[j] is not None and cell_number(cells[i]) > cell_number(cells[j]):
                p -= 3.0
        return p
    return prior


def row_spec(row: T.Row, table: T.Table | None = None) -> RowSpec:
    """How to read a row's cells; with `table`, readings must keep its row identities."""
    cols = row.columns
    money = frozenset(i for i, c in enumerate(cols) if c in row.money)
    signed = frozenset(i for i, c in enumerate(cols) if c in row.signed)
    sums = row_sums(table, row) if table is not None else ()
    prior = _procurement_prior if row.key == "procurement" else _ordered_prior(cols)
    return RowSpec(len(cols), money, signed, sums, prior, row.column_logp)


def typed(row: T.Row, col: str, raw: str | None):
    if raw is None:
        return None
    if col in row.money:
        return parse_money(raw, row.money_unit)
    return parse_int(raw)


def _softmax_shares(cands: list[Candidate], chosen: Candidate, temp: float = 1.0) -> list[float]:
    """Per column, the probability mass of the readings that agree with the chosen one there
    (the weights computed once for all the columns of a row)."""
    pool = [c for c in cands if c.ok == chosen.ok]
    if len(pool) <= 1:
        return [1.0] * len(chosen.cells)
    top = max(c.prior for c in pool)
    w = [math.exp((c.prior - top) / temp) for c in pool]
    total = sum(w)
    return [sum(wi for wi, c in zip(w, pool) if c.cells[col] == chosen.cells[col]) / total
            for col in range(len(chosen.cells))]


def dropped_values(tokens: list[Token], cand: Candidate) -> int:
    """Printed numbers of a row that its reading left out (a value taken for a copied span):
    the reading rests on an inference about the layout, not on what was read."""
    kept = {id(r) for r in cand.refs if r is not None}
    return sum(1 for t in tokens if not t.blank and t.text.strip() and t.text.strip() not in NOT_APPLICABLE
               and t.ref is not None and id(t.ref) not in kept)


def _read_evidence(raw: str | None, ref, tokens: list[Token], cand: Candidate,
                   spec: RowSpec | None = None) -> dict:
    """What the reading of one cell rests on besides its label: a blank no cell printed (its
    column got no token: dropped blanks placed by layout) is inferred, not read."""
    ev: dict = {}
    if raw is None and (ref is None or cand.how == "placed" or _gap_cell(ref, tokens)):
        ev["blank_inferred"] = True  # (a placed reading puts even a printed blank by inference)
    elif raw is None and getattr(ref, "blank_seen", False):
        ev["blank_seen"] = True
    if cand.how == "split" and ref is not None:
        # where a cell ends was not printed: one printed number cut one digit per cell ("150"
        # -> 1|5|0) reads as well as that number in one cell with the row's other cells
        # dropped as blanks (a converter that prints each cell a paragraph); or a run of digits
        # cut into more cells than it prints numbers where fewer cells (and a blank dropped
        # beside them) read as well. Which reading is right, only an identity can say
        run = ref.text.strip() if isinstance(ref, Block) else ""
        mine = [c for c, r in zip(cand.cells, cand.refs) if r is ref]
        per_digit = raw is not None and run.isdigit() and len(run) > 1 and run[0] != "0" \
            and len(mine) == len(run) and all(c is not None and len(c) == 1 for c in mine)
        tok = next((t for t in tokens if t.splittable and t.ref is ref), None) if spec is not None else None
        cols = [j for j, r in enumerate(cand.refs) if r is ref]
        fewer = tok is not None and len(cols) > len(_CHUNK.findall(tok.text)) \
            and fewer_cells(tok.text.strip(), spec, cols[0], len(cols))
        # a number a table reader printed across two cells, read joined: where it ends was
        # the reader's guess of a column edge (solve._joined_cells)
        joined = ref is not None and any(cand.refs[j] is ref for j in cand.joined)
        if per_digit or fewer or joined:
            ev["digits_cut"] = True
    wrapped = getattr(ref, "wrapped", ()) if raw is not None else ()
    if wrapped and sum(r is ref for r in cand.refs) > 1:
        # a number printed over lines read as several cells: the row's count of cells said
        # so, which a number wrapped in its narrow cell beside dropped blanks would say too
        ev["digits_cut"] = True
    elif len(wrapped) > 1 and _CELL_OK.match("".join(wrapped)):
        # ...and the other way round: lines read as one number wrapped in its cell ("1" over
        # "3" as 13) read as well as two cells a table reader merged (1 | 3)
        ev["digits_cut"] = True
    if cand.how in ("trimmed", "overflow"):
        n = dropped_values(tokens, cand)
        if n:
            ev["dropped_values"] = n
        if cand.how == "trimmed" and cand.prior < 0 and (n or None in cand.cells):
            # surplus cells left out between printed values, not at the row's edges: which
            # column each value stands in is inferred - unless only blanks were left out and
            # every column kept a printed value (one value per column, in printed order)
            ev["position_inferred"] = True
    if cand.how == "trimmed" and raw is not None and _lone_value_moved(tokens, cand):
        ev["position_inferred"] = True
    return ev


def _lone_value_moved(tokens: list[Token], cand: Candidate) -> bool:
    """The one printed value of a trimmed row stands in a column that neither its place from
    the row's start nor from its end gives: which blanks around it were the surplus decided its
    column, and the identity it then keeps (only a total printed) holds on blanks alone."""
    printed = [i for i, t in enumerate(tokens) if not t.blank]
    kept = [j for j, c in enumerate(cand.cells) if c is not None]
    if len(printed) != 1 or len(kept) != 1:
        return False
    i, j, k = printed[0], kept[0], len(cand.cells)
    return j != i and j != k - (len(tokens) - i)


def _gap_cell(ref, tokens: list[Token]) -> bool:
    """A blank cell a loader made where positioned text left a gap (the row's printed cells carry
    geometry, this one none): the blank is inferred from positions, not printed - unless the
    loader saw its place (Block.blank_seen: a drawn cell, a gap under established columns)."""
    if not isinstance(ref, Block) or not ref.blank or ref.x0 is not None or ref.blank_seen:
        return False
    return any(isinstance(t.ref, Block) and t.ref.x0 is not None for t in tokens)


def _placed_in_doubt(cand: Candidate | None, pool: list[Candidate]) -> frozenset[int]:
    """Columns of a row read with its blank cells dropped (`placed`) where another reading
    that keeps the row's identities puts something else: with no trace of the blanks, which
    column a printed value stands in is inferred (priors, identities of rows that may shift
    with it), not read."""
    if cand is None or cand.how != "placed":
        return frozenset()
    printed = [j for j, c in enumerate(cand.cells) if c is not None]
    if len(printed) == 1 and len(cand.cells) > 1:
        # one value alone taken for the total ("only the total printed"): the rest of its
        # row may as well have been printed elsewhere, or its total lost
        return frozenset(printed)
    alts = [c for c in pool if c.ok == cand.ok]
    return frozenset(j for j in range(len(cand.cells)) if any(c.cells[j] != cand.cells[j] for c in alts))


def _value_proba(ref, raw: str | None, money: bool) -> float:
    """The classifier's probability that a value's block is a value - where the block is an
    amount of money printed whole with its unit ("75394432.52元") in an amount's column, a value
    whatever its neighbours look like: no page number, numbering or year prints a currency."""
    p = getattr(ref, "proba", 1.0) if ref is not None else 1.0
    if money and raw and isinstance(ref, Block) and ref.text.strip() == raw.strip() \
            and money_printed(raw) and parse_money(raw) is not None:
        return max(p, PRINTED_AMOUNT_PROBA)
    return p


def _fields_for_row(table: str, row: T.Row, entry: Entry | None, cand: Candidate | None,
                    cands: list[Candidate], place_conf: float, extra: dict,
                    inferred_cols: frozenset[int] = frozenset()) -> dict[str, FieldResult]:
    out = {}
    tokens = prefer_cells(entry, len(row.columns)) if entry is not None else []
    shares = _softmax_shares(cands, cand) if entry is not None and cand is not None else []
    # a count read from a cell that prints an amount of money ("4930000元" before the count
    # 139): the cells stand in each other's columns, however exactly each was read
    swapped = cand is not None and any(money_printed(x) for x, c in zip(cand.cells, row.columns)
                                       if c not in row.money)
    # a label cell that prints a number after its wording ("行政事业性收费 0.12万元": a converter
    # put the value in the label's cell): a blank of its row may be that number
    in_label = entry is not None and entry.label_block is not None \
        and _TRAILING_NUMBER.search(entry.label_block.text or "") is not None
    if in_label:
        # (the number in the label is one more number no cell took: one a count reads, or one
        # that makes the unread numbers not all known)
        m = _TRAILING_NUMBER.search(entry.label_block.text or "")
        n = parse_int(m.group()[1:].strip()) if m.group()[1:].strip().isdigit() else None
        known = extra.get("unused_numbers", ()) if "unused_values" in extra else ()
        label_numbers = None if n is None or known is None else (*known, n)
    for j, col in enumerate(row.columns):
        key = f"{table}.{row.key}.{col}"
        if entry is None or cand is None:
            # a row whose label is there but whose cells fit no reading is not an absent row
            out[key] = FieldResult(key, None, "", {"found": False, "placement": 0.0,
                                                   "row_seen": entry is not None,
                                                   **({"search_cut": True} if getattr(cands, "cut", False) else {})})
            continue
        raw = cand.cells[j]
        ref = cand.refs[j]
        out[key] = FieldResult(key, typed(row, col, raw), raw or "", {
            "found": True,
            "placement": place_conf,
            "label_proba": entry.proba if entry.label else 0.0,
            "labelled": entry.label is not None,
            "how": cand.how,
            "row_ok": cand.ok,
            "n_cands": len(cands),
            "share": shares[j],
            "block_proba": _value_proba(ref, raw, col in row.money),
            "text_confidence": getattr(ref, "text_confidence", None),
            "malformed": malformed_money(raw) if col in row.money else malformed_count(raw),
            **({"search_cut": True} if cand.cut else {}),
            **_read_evidence(raw, ref, tokens, cand, row_spec(row)),
            **({"dropped_values": entry.dropped} if entry.dropped else {}),
            # (a cell in a column in doubt, in a row with a gap that could be elsewhere)
            **({"position_inferred": True} if (entry.moved and not entry.proven) or entry.crossed or entry.contested or j in inferred_cols or swapped
               or (getattr(ref, "column_doubt", False) and None in cand.cells) else {}),
            # (that column only the headings' places give: the reason a person reads says so)
            **({"heading_placed": True} if getattr(ref, "column_headed", False) and None in cand.cells else {}),
            **({"merged_span": entry.spans[j]} if entry.spans and entry.spans[j] > 1 else {}),
            **extra,
            **({"unused_values": extra.get("unused_values") or 1, "unused_numbers": label_numbers}
               if in_label and raw is None else {}),
        }, ref if isinstance(ref, Block) else None)
    if any(fr.evidence.get("digits_cut") for fr in out.values()):
        # where a cut run of digits ends decides the column of every other cell of the row
        # ("12" "4": 1|2|4, or 12|4 with a blank dropped): their columns rest on the cut too
        for fr in out.values():
            if not fr.evidence.get("digits_cut"):
                fr.evidence["cut_beside"] = True
            if cand is not None and not cand.ok:
                # and the row's own sum breaks: the cut is wrong somewhere, so every cell's
                # column is a guess - and rows cut alike (a table reader's column edges the same
                # in every row: "120<br>10" read 12010, "28|33" two cells) keep the column sums
                # the cells would otherwise be confirmed by
                fr.evidence["position_inferred"] = True
    if table == "requests" and extra.get("identities") == 0 and cand is not None and cand.ok \
            and _number_and_its_total(cand.cells):
        # one number and its total, in a table no column identity holds in: the row's sum
        # holds in any column and for any number printed twice alike ("14" cut to "1" in the
        # cell and in its total by a table reader's column edges) - nothing checks the reading
        for fr in out.values():
            fr.evidence["position_inferred"] = True
    return out


def _number_and_its_total(cells) -> list[int]:
    """The columns of a row's only non-zero number and its total, printed alike (the row's
    sum holds however the number was cut or placed); none otherwise."""
    if not cells or cells[-1] is None:
        return []
    printed = [(j, cell_number(x)) for j, x in enumerate(cells) if x is not None and cell_number(x) != 0]
    return [j for j, _ in printed] if len(printed) == 2 and printed[0][1] == printed[1][1] else []


# --- active ------------------------------------------------------------------------------

def active_version(blocks: list[Block], entries: list[Entry]) -> str:
    """The revision whose header phrases and rows the table prints (templates.detect_version)."""
    text = "".join(b.text for b in blocks if not (b.label or "").startswith("value"))
    # without headers: the revisions print a different number of cells in one row (行政许可)
    width_row = T.ACTIVE[T.versions("active")[-1]].signature.width_row
    row = next((e for e in entries if e.label == width_row), None)
    width = None
    if row is not None:
        width = 2 if len(row.tokens) >= 2 or any(t.splittable and len(t.text) > 4 for t in row.tokens) else 1
    return T.detect_version("active", text, {e.label for e in entries}, width)


_STATED_UNIT = r"\s*[（(]\s*(?:单位\s*[:：]\s*)?(万元|元)\s*[)）]"
# a table's note on the unit of its amounts: "单位：万元", "金额单位：元", "（金额单位为万元）"
_NOTE_UNIT = re.compile(r"单位\s*(?:[:：]|为|是)\s*(万元|元)")


def _heading_units(text: str, tpl: T.Table) -> dict[str, str]:
    """The unit an amount column's heading states, per money row: "采购总金额（万元）",
    "本年收费金额（单位：元）" - one unit only (two stated: which one is not known)."""
    out: dict[str, str] = {}
    for row in tpl.rows:
        for col in row.money:
            base = re.sub(r"[（(].*$", "", tpl.column(col).heading)
            units = {m.group(1) for m in re.finditer(re.escape(base) + _STATED_UNIT, text)}
            if len(units) == 1:
                out[row.key] = units.pop()
    return out


def _stated_units(blocks: list[Block], tpl: T.Table) -> dict[str, str]:
    """The unit an amount column's heading states, per money row: "采购总金额（万元）",
    "本年收费金额（单位：元）". The form leaves the procurement amount's unit unsaid (a bare
    number is yuan) and states 万元 for fees, but reports write their own unit into the heading:
    its bare numbers are in that unit. {row key: unit} where it differs from the template's."""
    return _other_than_form(_heading_units("".join(b.text for b in blocks), tpl), tpl)


def _other_than_form(units: dict[str, str], tpl: T.Table) -> dict[str, str]:
    """{row key: unit} of those units that differ from the template's own (bare numbers: yuan)."""
    return {k: u for k, u in units.items() if u != (tpl.row(k).money_unit or "元")}


def _note_unit(text: str) -> str | None:
    """The one unit a note in table 二's region states for its amounts ("单位：万元", "金额单位：元");
    None where none is stated or notes state both."""
    units = set(_NOTE_UNIT.findall(text))
    return units.pop() if len(units) == 1 else None


def _units_known(blocks: list[Block], tpl: T.Table) -> tuple[dict[str, str], frozenset[str]]:
    """The unit of each money row's bare numbers where it differs from the template's ({row
    key: unit}), and the money rows whose unit is stated at all: by the form (2021: fees in
    万元), by the column's heading, or by a note of the table. The 2019 form leaves the
    procurement amount's unit unsaid; real reports print it bare in yuan and in 万元 alike."""
    text = "".join(b.text for b in blocks)
    heading = _heading_units(text, tpl)
    note = _note_unit(text)
    units = _other_than_form(heading, tpl)
    known = set(heading)
    for row in tpl.rows:
        if row.money and row.money_unit is not None:
            known.add(row.key)  # (the form's own unit: a note does not override it)
        elif row.money and row.key not in heading and note is not None:
            known.add(row.key)
            if note != "元":
                units[row.key] = note
    return units, frozenset(known)


def _unit_unstated(fr: FieldResult) -> bool:
    """An amount read from a bare non-zero number ("52.15"): yuan or 万元, the print does not say."""
    return isinstance(fr.value, dict) and bool(fr.value.get("yuan")) and printed_unit(fr.raw) is None


# what a sentence of the prose names an amount of table 二 by: 政府集中采购 / 采购总金额, 行政事业性收费
_AMOUNT_WORDS = {"procurement": "采购", "fees": "收费"}
_PROSE_AMOUNT = re.compile(r"(?<![\d.,，])(\d[\d,，]*(?:\.\d+)?)\s*(万元|万|元)")


def _prose_unit(text: str, raw: str, word: str) -> str | None:
    """The unit the report's prose gives an amount its table prints bare: a sentence naming the
    amount's row (`word`) that states the same amount with its unit ("全年政府集中采购…总金额
    52.15万元" or "…521500元" beside a bare "52.15": 万元) - one unit only, else None."""
    read = {u: m["yuan"] for u in ("元", "万元") if (m := parse_money(raw, u)) is not None}
    units = set()
    for sentence in re.split(r"[。；;！？!?]|\n\s*\n", text):  # (a sentence may wrap over lines)
        if word not in sentence:
            continue
        for m in _PROSE_AMOUNT.finditer(sentence):
            # the same amount, in either unit ("52.15万元", or "521500元" beside a bare 52.15)
            stated = parse_money(m.group(1) + m.group(2))
            units |= {u for u, yuan in read.items() if stated is not None and stated["yuan"] == yuan}
    return units.pop() if len(units) == 1 else None


_LONE_UNIT = {"元": "元", "万元": "万元", "万": "万元"}


def _unit_in_row(blocks: list[Block], block: Block | None) -> str | None:
    """The unit printed as a cell of its own in an amount's row, where the reading left it out of
    the amount's cell (pdftotext -layout's "75394432.52 元", its 元 set in a column of its own by
    the aligned-text reader): a count never prints one - one unit only, else None."""
    if block is None or all(b.row == block.row for b in blocks):
        return None  # (no rows told apart: a lone unit anywhere in the table is no cell of this row)
    units = {_LONE_UNIT[t] for b in blocks if b.row == block.row and b is not block
             and (t := b.text.strip()) in _LONE_UNIT}
    return units.pop() if len(units) == 1 else None


def _amount_units(table: TableResult, doc: Document, region: tuple[int, int]) -> None:
    """Amounts of table 二 read from a bare number whose unit nothing of the table states
    (evidence `unit_unstated`): where the unit is printed in the amount's row apart from its
    cell (`unit_apart`), or the prose states the same number with its unit
    (`unit_in_prose`), that is its unit - the value is read in it and the doubt is settled."""
    prose = None
    for k, fr in table.fields.items():
        if not fr.evidence.get("unit_unstated"):
            continue
        s, e = region
        unit, how = _unit_in_row(doc.blocks[s:e], fr.block), "unit_apart"
        if unit is None and (word := _AMOUNT_WORDS.get(k.split(".")[1])) is not None:
            if prose is None:
                prose = "\n".join(b.text for b in doc.blocks[:s] + doc.blocks[e:])
            unit, how = _prose_unit(prose, fr.raw, word), "unit_in_prose"
        if unit is not None:
            fr.value = parse_money(fr.raw, unit)
            fr.evidence.pop("unit_unstated")
            fr.evidence[how] = unit


def assemble_active(blocks: list[Block], pool: Budget | None = None) -> TableResult:
    every = _rows_under_labels(build_entries(blocks, "active", keep_empty=True))
    entries = usable(every)
    version = active_version(blocks, entries)
    tpl = T.ACTIVE[version]
    units, known = _units_known(blocks, tpl)
    every = _firsts_then_rests(every, tpl)
    # labels printed as a block, their values after them under column headers
    every = _headed(every, blocks, tpl)
    entries = usable(every)
    placed, conf = align(entries, [r.key for r in tpl.rows], {r.key: len(r.columns) for r in tpl.rows})
    blank = printed_blank(every, placed, [r.key for r in tpl.rows])
    stray = stray_values(entries, placed)
    # an amount printed with its unit ("0万元") that no row took: a row whose amount cell was read
    # from a bare number may have taken another row's numbers instead - its amount and the cells
    # read with it (pdftotext's default order prints a row's numbers apart from the headings and
    # the amount they name, "政府集中采购", "0", "74", "上一年", ..., "采购项目数量 采购总金额",
    # "0", "0万元": 74 read as the amount; "0", "0", ..., "25", "6259817.16元": 0 as the count)
    money_apart = stray and any(money_printed(_cell_text(t)) for t in _stray_tokens(entries, placed))
    flowed = _flowed_rows(placed, blocks, tpl)
    fields: dict[str, FieldResult] = {}
    alone: list[T.Row] = []  # rows printed blank, settled once every other row is read
    gapped: list[str] = []  # rows read with a blank cell while numbers of the table stay unread
    exact = True  # every row read cell for cell: its own count of numbers, none dropped
    for row in tpl.rows:
        if row.key in units:
            row = dataclasses.replace(row, money_unit=units[row.key])
        e = placed.get(row.key)
        if e is not None and (read := merged(prefer_cells(e, len(row.columns)), blocks, len(row.columns))):
            e.tokens, e.spans = read  # a merged cell's value repeated across its columns, read once
        if e is None and row.key in blank:
            alone.append(row)
            continue
        cands = candidates(prefer_cells(e, len(row.columns)), row_spec(row), pool=pool) if e else []
        if e is not None:
            # its printed numbers, apart by spaces or cells, are its cells one for one
            exact = exact and bool(cands) and not e.dropped \
                and list(cands[0].cells) == [p for t in e.tokens for p in t.text.split()]
        # a cell read blank while numbers printed in the table's region stay unread: the blank
        # may be one of them, printed above or below its row (a centred label's value)
        gap = stray and cands and None in cands[0].cells
        if gap:
            gapped.append(row.key)
        fields.update(_fields_for_row("active", row, e, cands[0] if cands else None, cands,
                                      conf.get(row.key, 0.0), {"identities": 0, "checked": False,
                                                               **({"unused_values": stray} if gap else {})},
                                      frozenset(range(len(row.columns))) if row.key in flowed else frozenset()))
        if row.money and row.key not in known:
            for col in row.money:
                if _unit_unstated(fr := fields[f"active.{row.key}.{col}"]):
                    fr.evidence["unit_unstated"] = True
        if money_apart and cands and any(col in row.money and x is not None and not money_printed(x)
                                         for x, col in zip(cands[0].cells, row.columns)):
            for col in row.columns:
                fields[f"active.{row.key}.{col}"].evidence["unused_values"] = stray
    # table 二 has no identity to pin a blank row; its label printed with nothing after it is
    # the only reading of the text where every other row prints exactly its own numbers and no
    # number of the table is left unread: a value of the row would print (a route that drops
    # blank cells keeps the numbers), so its cells are read as printed blank, not inferred -
    # only where every placed row's numbers stand after its own label: numbers the aligner gave
    # a row by order alone (no label before them, e.g. a table's numbers printed before its
    # labels) may as well be the blank row's, which then is not certain
    proven = exact and not stray and bool(placed) and all(e.label is not None for e in placed.values())
    for key in _rows_after_gapped(every, placed, gapped) | _rows_between_unread_and_empty(every, placed, tpl):
        for col in tpl.row(key).columns:
            fields[f"active.{key}.{col}"].evidence["unused_values"] = stray
    for row in alone:
        fields.update(_blank_row_fields("active", row, blank[row.key], {
            "identities": 0, "checked": False, **({"unused_values": stray} if stray else {}),
            **({"blank_inferred": False} if proven else {})}))
    order = [f"active.{row.key}.{c}" for row in tpl.rows for c in row.columns]
    fields = {k: fields[k] for k in order if k in fields} | fields  # (in the template's order)
    return TableResult("active", version, fields, bool(entries))


def _rows_after_gapped(every: list[Entry], placed: dict[str, Entry], gapped: list[str]) -> set[str]:
    """Rows of table 二 printed right after a row read with a blank cell while numbers of the
    table stay unread (pdftotext's default order of a PDF's table, a column's cells a block:
    "行政许可" / "5" / "其他对外管理服务事项 207" / "49" / "0" / … "2764" / "0"): the later row's run
    may hold the earlier row's cells - table 二 has no identity to say which, so the run is not
    read by its label alone."""
    at = {id(e): i for i, e in enumerate(every)}
    order = sorted(placed.items(), key=lambda kv: at.get(id(kv[1]), -1))
    return {key for (before, _), (key, e) in zip(order, order[1:]) if before in gapped and e.tokens}


def _rows_between_unread_and_empty(every: list[Entry], placed: dict[str, Entry], tpl: T.Table) -> set[str]:
    """Rows of table 二 printed between a run of numbers no row took and the label of a row that
    took none, the run as many as that row has cells (LibreOffice's PDF in pdftotext's default
    order: a row's "0 0 0" above its label, the next row's numbers after it, that row's label
    printed late with none): each row may hold its neighbour's numbers, the unread run the first
    one's - table 二 has no identity to say which, so none of them is read by its label alone."""
    at = {id(e): i for i, e in enumerate(every)}
    taken = {id(e) for e in placed.values()}
    keys = {r.key for r in tpl.rows}
    out: set[str] = set()
    for eb in every:
        if eb.label not in keys or eb.tokens or eb.label in placed:
            continue
        width = len(tpl.row(eb.label).columns)
        for es in every:
            if es.label is not None or id(es) in taken \
                    or sum(1 for t in es.tokens if _cell_text(t) is not None) != width:
                continue
            lo, hi = sorted((at[id(es)], at[id(eb)]))
            out |= {rk for rk, e in placed.items() if lo < at[id(e)] < hi}
    return out


def _rows_between_doubled_and_empty(every: list[Entry], placed: dict[str, Entry], choice: dict,
                                    tpl: T.Table) -> set[str]:
    """Rows printed between a row that took two rows' numbers and read none of them and a row
    label that took none (WeasyPrint's PDF in pdftotext's default order: each row's numbers printed
    above its label, one label's line printing its own run and the next row's after it, the last
    row's label with none): each row between may hold its neighbour's numbers - a row shifted
    keeps every sum of table 三 where the rows are siblings, so none is read by its label alone."""
    at = {id(e): i for i, e in enumerate(every)}
    where = {e.label: i for i, e in enumerate(every) if e.label is not None}
    pos = {key: at.get(id(e), where.get(key)) for key, e in placed.items()}
    empty = [where[e.label] for e in every if e.label in where and not e.tokens and e.label not in placed
             and e.label in {r.key for r in tpl.rows}]
    doubled = [pos[key] for key, e in placed.items() if choice.get(key) is None and pos[key] is not None
               and sum(len(t.text.split()) for t in e.tokens if not t.blank) == 2 * len(tpl.row(key).columns)]
    out: set[str] = set()
    for d in doubled:
        # (the shift runs from the doubled row to the nearest row that took none, either way)
        for m in (min((m for m in empty if m > d), default=None), max((m for m in empty if m < d), default=None)):
            if m is None:
                continue
            lo, hi = sorted((d, m))
            if not any(lo < x < hi for x in doubled):
                out |= {key for key, p in pos.items() if p is not None and lo < p < hi}
    return out


def _flowed_rows(placed: dict[str, Entry], blocks: list[Block], tpl: T.Table) -> set[str]:
    """Rows of table 二 whose columns only the order of their lines gives, in text whose header
    shows its lines are not the table's cells. Table 二 has no identity: a row printed a number a
    line ("行政许可" / "2" / "62" / "0") is read in the order its lines print. Where each cell is a
    line of its own in the source's order (a web page's or a document's text), that order is the
    table's; where a reader grouped the page's text by position, it is the reader's order of its
    blocks, which may put one cell before another printed left of it. The header tells which:
    text that prints two of a sub-table's headings on one line and another heading of the same
    row on a line of its own ("上一年项目数量 本年增/减" / "处理决定数量") was grouped by position, not
    cut at the cells. There a row of unlike numbers printed on two lines or more has no proof of
    its columns: no identity, and no heading over its numbers."""
    at = {id(b): i for i, b in enumerate(blocks)}
    names = sorted(((normalize(c.heading), c.key) for c in tpl.columns), key=lambda x: -len(x[0]))
    widths = {r.key: r.columns for r in tpl.rows}
    out: set[str] = set()
    for key, e in placed.items():
        nums = [t for t in e.tokens if not t.blank]
        refs = [t.ref for t in nums]
        if len(nums) < 2 or not all(isinstance(b, Block) and b.table is None for b in refs) \
                or len({b.row for b in refs}) < 2 or len({t.text.strip() for t in nums}) < 2 \
                or e.label_block is None or id(e.label_block) not in at:
            continue
        lines: list[set[str]] = []  # the row's column headings each header line of its sub-table prints
        j = at[id(e.label_block)] - 1
        while j >= 0 and not (blocks[j].label or "").startswith(("caption", "heading")):
            if blocks[j].label == "header":
                cols = set(_columns_named(normalize(blocks[j].text), names)) & set(widths.get(key, ()))
                if cols:
                    lines.append(cols)
            j -= 1
        if any(len(a) >= 2 and any(b - a for b in lines if b is not a) for a in lines):
            out.add(key)
    return out


def _firsts_then_rests(every: list[Entry], tpl: T.Table) -> list[Entry]:
    """Rows of a sub-table printed each with its first value by its label (beside it, or
    right after a header between), then, after the other columns' headers, the rest of their
    cells row by row (pdftotext's default order of a table whose first value column sits by
    the labels: "行政许可", "上一年项目数量", "761", "其他对外管理服务事项 611", "本年增/减",
    "处理决定数量", "-35", "52", "0", "25740"): two or more such rows of the same width k right
    before values with no label numbering (k - 1) a row, one a token, give each row its rest
    in order. The rest's places are inferred (moved)."""
    widths = {r.key: len(r.columns) for r in tpl.rows}

    def lone(e: Entry | None) -> bool:  # one printed value, one cell
        return e is not None and len(e.tokens) == 1 and cell_count(e.tokens) == 1 and not e.tokens[0].blank

    out = list(every)
    i = 0
    while i < len(out):
        run: list[tuple[Entry, Entry]] = []  # (the row, the entry its first value is in)
        j = i
        while j < len(out) and out[j].label in widths:
            if lone(out[j]):
                run.append((out[j], out[j]))
                j += 1
            elif not out[j].tokens and j + 1 < len(out) and out[j + 1].label is None and lone(out[j + 1]):
                run.append((out[j], out[j + 1]))
                j += 2
            else:
                break
        ks = {widths[e.label] for e, _ in run}
        k = next(iter(ks)) if len(ks) == 1 else 0
        rest = out[j] if j < len(out) else None
        if (len(run) >= 2 and k > 1 and rest is not None and rest.label is None
                and cell_count(rest.tokens) == len(rest.tokens) == len(run) * (k - 1)
                and not any(t.blank for t in rest.tokens)):
            for n, (e, first) in enumerate(run):
                head = first.tokens
                if first is not e:
                    first.tokens = []
                e.tokens = head + rest.tokens[n * (k - 1):(n + 1) * (k - 1)]
                e.moved = True
            rest.tokens = []
            i = j + 1
            continue
        i = max(j, i + 1)
    return out


def _headed(every: list[Entry], blocks: list[Block], tpl: T.Table) -> list[Entry]:
    """reorder.headed_columns on the table's entries: the columns the header cells printed
    right before each run of values name, and which labels were printed between the same
    headers or captions (one sub-table)."""
    if not any(e.label is not None and not e.tokens for e in every):
        return every
    at = {id(b): i for i, b in enumerate(blocks)}
    names = sorted(((normalize(c.heading), c.key) for c in tpl.columns), key=lambda x: -len(x[0]))
    heads: dict[int, list[str]] = {}
    groups: dict[int, int] = {}
    worded: set[int] = set()
    seps = list(itertools.accumulate(1 if (b.label or "") in ("header", "caption") else 0 for b in blocks))
    for e in every:
        if e.label is not None and e.label_block is not None and id(e.label_block) in at:
            groups[id(e)] = seps[at[id(e.label_block)]]
        if e.label is not None or not e.tokens or id(e.tokens[0].ref) not in at:
            continue
        first = at[id(e.tokens[0].ref)]
        if first > 0 and blocks[first - 1].row == blocks[first].row and blocks[first - 1].label == "narrative":
            # the run goes on a line of text (",规章,22,235" of a table written as CSV lines, its row
            # label not read as one): that text's row, not the cells of labels printed before it
            worded.add(id(e))
            e.crossed = True  # (whatever row it fills by its place: which row is a guess)
            continue
        texts = []
        j = at[id(e.tokens[0].ref)] - 1
        while j >= 0 and blocks[j].label in ("header", "break"):
            if blocks[j].label == "header":
                texts.insert(0, normalize(blocks[j].text))
            j -= 1
        cols = [key for text in texts for key in _columns_named(text, names)]
        if cols and len(set(cols)) == len(cols):
            heads[id(e)] = cols
    return headed_columns(every, {r.key: r.columns for r in tpl.rows}, heads, groups, worded)


def _columns_named(text: str, names: list[tuple[str, str]]) -> list[str]:
    """The columns whose headings a header cell prints, in printed order (longest first)."""
    found: list[tuple[int, int, str]] = []  # (start, end, column)
    for name, key in names:
        i = text.find(name)
        while i >= 0:
            if not any(a < i + len(name) and i < b for a, b, _ in found):
                found.append((i, i + len(name), key))
                break
            i = text.find(name, i + 1)
    return [key for _, _, key in sorted(found)]


# --- requests ----------------------------------------------------------------------------

def requests_version(blocks: list[Block]) -> str:
    """The revision whose own rows are printed (the three （六） sub-rows of 2021, even with
    no values of their own)."""
    keys = [b.label[len("row.requests."):] for b in blocks if (b.label or "").startswith("row.requests.")]
    # one lone （六） sub-row with rows of groups （一）-（五） printed after it is no sub-row closing
    # the results but a fragment of a label split over lines ("2．其他法律行…" read as 3.其他): it
    # does not tell the revision. Two sub-rows do (a reading order may print labels apart).
    earlier = ("granted", "partial", "denied", "unable", "unprocessed")
    subrows = {k for k in keys if k.startswith("other.")}
    rows = set(keys)
    if len(subrows) == 1:
        last_group = max((i for i, k in enumerate(keys) if k.split(".")[0] in earlier), default=-1)
        if all(i < last_group for i, k in enumerate(keys) if k in subrows):
            rows -= subrows
    return T.detect_version("requests", rows=rows)


def _column_score(choice: dict[str, Candidate], tpl: T.Table) -> int:
    """Number of column identities (balance, total = Σ results) the choice satisfies."""
    nums = {rk: c.nums for rk, c in choice.items() if c is not None}  # a row not read: None
    return sum(bool(v) for v in _column_verdicts(nums, tpl))


def _column_scorer(tpl: T.Table):
    """_column_score for the many choices of one joint search, which share most readings: an
    identity's columns that hold counted once for each set of numbers its rows are read with."""
    rules = [(len(parts), (*parts, *totals), partial) for parts, totals, partial in column_rules(tpl)]
    width = len(tpl.columns)
    memo: dict[tuple, int] = {}

    def score(choice: dict[str, Candidate]) -> int:
        n = 0
        for i, (k, rows, partial) in enumerate(rules):
            key = (i, *(None if c is None else c.nums for c in map(choice.get, rows)))
            held = memo.get(key)
            if held is None:
                ns = key[1:]
                held = memo[key] = sum(bool(decided([None if v is None else v[j] for v in ns[:k]],
                                                    [None if v is None else v[j] for v in ns[k:]], partial))
                                       for j in range(width))
            n += held
        return n

    return score


def _evidence_score(choice: dict[str, Candidate], tpl: T.Table, anchored: bool = False) -> int:
    """Column identities the choice satisfies that are evidence of where its values stand: on a
    printed cell (one whose cells are all blank holds because nothing was printed there: 0 = 0),
    through rows that keep their own sums (a row whose own sum breaks is misread: an identity
    through it confirms nothing). With `anchored`, only those on a number of a row whose
    reading did not place its values (how != "placed": read cell for cell, or cut out of its
    printed run) - numbers all placed by a guess about dropped blanks hold on guesses alone."""
    rows = {rk: c for rk, c in choice.items() if c is not None}
    n = 0
    for parts, totals, partial in column_rules(tpl):
        pc = [rows.get(r) for r in parts]
        tc = [rows.get(r) for r in totals]
        if any(c is not None and not c.ok for c in pc + tc):
            continue
        for j in range(len(tpl.columns)):
            if not any(c is not None and c.cells[j] is not None and (not anchored or c.how != "placed")
                       for c in pc + tc):
                continue
            n += bool(decided([None if c is None else c.nums[j] for c in pc],
                              [None if c is None else c.nums[j] for c in tc], partial))
    return n


def _column_verdicts(nums: dict[str, list], tpl: T.Table):
    """decided() of every column identity (balance, total = Σ results), column by column, for
    rows' numbers `nums` (a row absent: not read)."""
    for parts, totals, partial in column_rules(tpl):
        pn = [nums.get(r) for r in parts]
        tn = [nums.get(r) for r in totals]
        for j in range(len(tpl.columns)):
            yield decided([None if n is None else n[j] for n in pn],
                          [None if n is None else n[j] for n in tn], partial)


def _joint_choice(cands: dict[str, list[Candidate]], tpl: T.Table, limit: int | None = None,
                  together: frozenset[str] = frozenset()) -> tuple[dict[str, Candidate], dict[str, list[Candidate]]]:
    """Pick one reading per row maximising satisfied identities, then prior.

    Returns the choice and, per row, the readings that tie with it on identities."""
    choice = {rk: cs[0] for rk, cs in cands.items() if cs}
    multi = [rk for rk, cs in cands.items() if len(cs) > 1]
    if not multi:
        return choice, {rk: [c] for rk, c in choice.items()}
    options = {rk: cands[rk][:12] for rk in multi}
    size = math.prod(len(v) for v in options.values())
    limit = limits.JOINT_STEPS if limit is None else limit  # combinations scored, not seconds

    column_score = _column_scorer(tpl)

    def total(ch):
        return (column_score(ch), sum(c.ok for c in ch.values()), sum(c.prior for c in ch.values()))

    if size <= limit:
        best, best_s = dict(choice), total(choice)
        for combo in itertools.product(*(options[rk] for rk in multi)):
            ch = dict(choice)
            ch.update(zip(multi, combo))
            s = total(ch)
            if s > best_s:
                best, best_s = ch, s
        choice = best
    else:  # coordinate ascent from the best-prior reading of every row
        for _ in range(3):
            for rk in multi:
                choice[rk] = max(options[rk], key=lambda c: total({**choice, rk: c}))
        if _rows_together(choice, options, [rk for rk in multi if rk in together], total, tpl):
            for rk in multi:
                choice[rk] = max(options[rk], key=lambda c: total({**choice, rk: c}))
        # ...where two rows cut alike move together (a row and its total row run together and
        # cut the same wrong way keep the identity between them: one row moved alone breaks it)
        for _ in range(3):
            if not _paired_move(choice, options, total, lambda ch, a=False: _evidence_score(ch, tpl, a)):
                break
            for rk in multi:
                choice[rk] = max(options[rk], key=lambda c: total({**choice, rk: c}))
    ties = {}
    ref = column_score(choice)
    for rk, cs in cands.items():
        if not cs:
            continue
        ties[rk] = [c for c in cs[:12] if column_score({**choice, rk: c}) == ref and c.ok == choice[rk].ok]
    _paired_ties(choice, options, ties, ref, tpl)
    return choice, ties


_MOST_PAIR_TIES = 400  # column scores a search of paired readings may cost


def _differs(c: Candidate, chosen: Candidate) -> frozenset[int]:
    """The columns where a reading of a row differs from the chosen one."""
    return frozenset(j for j, (a, b) in enumerate(zip(c.cells, chosen.cells)) if a != b)


def _paired_move(choice: dict[str, Candidate], options: dict[str, list[Candidate]], total, evidence) -> bool:
    """One step of the coordinate ascent over two rows at once: readings of two rows that
    differ from the chosen ones in the same columns (runs of digits cut another way in both:
    本年新收 "48514174365678" and its 总计 "48314174365676" cut 4|85|141|7|436 and 4|83|141|7|436
    for 485|141|7|4|36 and 483|141|7|4|36) - moving either row alone breaks the identity between
    them, so a search one row at a time never leaves the wrong pair. And over every row at once
    whose readings move the same values the same way (three or more rows' lone numbers placed
    under 科研机构 where the others put theirs under 商业企业: the whole column goes over, or
    none of it). Takes the best such move that scores higher and makes more identities hold
    that are evidence (`evidence`: not one held by blank cells alone - a column emptied - nor
    one through a row whose own sum breaks; a move of three or more rows, only on a number
    printed where it stands: several rows' placed numbers moved to agree among themselves
    are guesses agreeing; at most _MOST_PAIR_TIES scores); whether one was taken."""
    by_diff: dict[str, dict[frozenset, list[Candidate]]] = {}
    by_way: dict[tuple, dict[str, Candidate]] = {}  # the same columns, the same cells left blank
    for rk, cs in options.items():
        for c in cs:
            d = _differs(c, choice[rk])
            if d:
                by_diff.setdefault(rk, {}).setdefault(d, []).append(c)
                way = (d, frozenset(j for j in d if c.cells[j] is None))
                by_way.setdefault(way, {}).setdefault(rk, c)  # options come best first
    rows = list(by_diff)
    best, best_s, steps = None, total(choice), 0
    floors = {a: evidence(choice, a) for a in (False, True)}

    def better(moved, anchored=False):
        nonlocal best, best_s
        s = total({**choice, **moved})
        if s > best_s and evidence({**choice, **moved}, anchored) > floors[anchored]:
            best, best_s = moved, s

    for moved in by_way.values():
        if len(moved) >= 3:
            steps += 1
            better(moved, anchored=True)
    for i, r1 in enumerate(rows):
        for r2 in rows[i + 1:]:
            for d in by_diff[r1].keys() & by_diff[r2].keys():
                for c1 in by_diff[r1][d]:
                    for c2 in by_diff[r2][d]:
                        steps += 1
                        if steps > _MOST_PAIR_TIES:
                            return _take(choice, best)
                        better({r1: c1, r2: c2})
    return _take(choice, best)


def _merges_pinned(choice: dict[str, Candidate], every: dict[str, list[Candidate]], tpl: T.Table,
                   limit: int | None = None) -> dict[str, frozenset[int]]:
    """The columns of the rows read as merges of their printed lines (`_over_lines`; row key ->
    every reading those lines allow, each keeping the row's own sum) that the column identities
    pin: the other rows as chosen, every joint reading of the merged rows under which each column
    identity one of them takes part in holds agrees there (zeros swapped print the same, a blank
    and a 0 do not). A merged reading that is the only one the sums allow is no inference about
    where its numbers stand - it is proven. Row key -> pinned columns; {} where a chosen reading
    is not among its row's, or the search passes `limit` sums (limits.JOINT_STEPS)."""
    rules = [(parts, totals) for parts, totals, _ in column_rules(tpl) if set(every) & set(parts + totals)]
    # (the rows of the identity with the fewest merged rows first: its sums prune soonest)
    rules.sort(key=lambda r: sum(rk in every for rk in r[0] + r[1]))
    rows = sorted(every, key=lambda rk: (min(i for i, (p, t) in enumerate(rules) if rk in p + t), len(every[rk])))
    width = len(tpl.columns)

    def vector(rk: str, nums) -> tuple:
        # (a row's numbers as it adds to each identity: parts +, totals -)
        return tuple((rk in parts) * v - (rk in totals) * v for parts, totals in rules for v in nums)

    if any(choice.get(rk) is None or choice[rk].cells not in {c.cells for c in every[rk]} for rk in rows):
        return {}
    target = [0.0] * (len(rules) * width)
    for rk, c in choice.items():
        if rk not in every and c is not None:
            target = [t - v for t, v in zip(target, vector(rk, c.nums))]
    ways = [{} for _ in rows]  # per row: its readings by what they add
    for i, rk in enumerate(rows):
        for c in every[rk]:
            ways[i].setdefault(vector(rk, c.nums), []).append(c)
    # what the rows from each one on may still add, least and most, per identity and column:
    # a sum of the rows before that they cannot complete is dropped
    lo, hi = [list(target) for _ in range(2)]
    bounds = [(tuple(lo), tuple(hi))]
    for w in reversed(ways):
        lo = [a - max(v[d] for v in w) for d, a in enumerate(lo)]
        hi = [a - min(v[d] for v in w) for d, a in enumerate(hi)]
        bounds.append((tuple(lo), tuple(hi)))
    bounds.reverse()  # (bounds[i]: where the sum of the rows before row i must lie)
    limit = limits.JOINT_STEPS if limit is None else limit
    steps = 0
    reach = [{tuple(0.0 for _ in target)}]  # sums of the rows before each row, every way
    for i, w in enumerate(ways[:-1]):
        steps += len(reach[-1]) * len(w)
        if steps > limit:
            return {}
        low, high = bounds[i + 1]
        reach.append({s for s in (tuple(a + b for a, b in zip(f, v)) for f in reach[-1] for v in w)
                      if all(x <= y <= z for x, y, z in zip(low, s, high))})
    live = {tuple(target)}  # sums of the rows up to each row that the rows after it complete
    out: dict[str, frozenset[int]] = {}
    for i in range(len(rows) - 1, -1, -1):
        steps += len(reach[i]) * len(ways[i])
        if steps > limit:
            return {}
        kept, held = set(), []
        for v, cs in ways[i].items():
            ends = {f for f in reach[i] if tuple(a + b for a, b in zip(f, v)) in live}
            if ends:
                kept |= ends
                held.extend(cs)
        live = kept
        out[rows[i]] = frozenset(j for j in range(width) if len({c.cells[j] for c in held}) == 1)
    return out


def _in_doubt(fr: FieldResult) -> bool:
    """A cell whose reading is itself in doubt (its place inferred, its sum broken, its text or
    its cut unsure, another reading as good): no identity through it proves another cell."""
    ev = fr.evidence
    tc = ev.get("text_confidence")
    return not ev.get("found") or any(ev.get(k) for k in INFERRED) or not ev.get("row_ok", True) \
        or bool(ev.get("search_cut") or ev.get("malformed")) \
        or ev.get("share", 1.0) < 1.0 \
        or (tc is not None and tc < 0.9)  # (confidence.TEXT_SURE: an OCR reading of its digits in doubt)


_MOST_TOGETHER_SCORES = 600  # column scores the search of rows read together may cost


def _residual(choice: dict[str, Candidate], tpl: T.Table) -> float:
    """How far the column identities the choice decides are from holding: the sum over them
    of |parts - totals| (0 where every one holds)."""
    rows = {rk: c.nums for rk, c in choice.items() if c is not None}
    out = 0.0
    for parts, totals, partial in column_rules(tpl):
        pc, tc = [rows.get(r) for r in parts], [rows.get(r) for r in totals]
        if any(v is None for v in tc) or (not partial and any(v is None for v in pc)):
            continue
        for j in range(len(tpl.columns)):
            out += abs(sum(v[j] for v in pc if v is not None) - sum(v[j] for v in tc))
    return out


def _rows_together(choice: dict[str, Candidate], options: dict[str, list[Candidate]], rows: list[str],
                   total, tpl: T.Table) -> bool:
    """The coordinate ascent over the rows whose lines were merged (`_over_lines`), where the
    identities alone do not lead: one row at a time, each to the reading that brings the column
    sums closest to holding (`_residual`) - four rows' wrapped numbers all read in the same
    wrong column make no identity hold until all four move; 本年新收 and its 总计 with 3 and 39
    swapped alike keep the balance between them, so neither moves for the identities alone. The
    moves are kept only where more identities hold after them (at most _MOST_TOGETHER_SCORES
    scores); whether they were."""
    start, base, steps = dict(choice), total(choice), 0
    for _ in range(3):
        moved = False
        for rk in rows:
            def key(c, rk=rk):
                ch = {**choice, rk: c}
                return (total(ch)[0], -_residual(ch, tpl))
            steps += len(options[rk])
            best = max(options[rk], key=key)
            if key(best) > key(choice[rk]):
                choice[rk], moved = best, True
        if not moved or steps > _MOST_TOGETHER_SCORES:
            break
    if total(choice)[0] > base[0]:
        return True
    choice.clear()
    choice.update(start)
    return False


def _take(choice: dict[str, Candidate], best: dict[str, Candidate] | None) -> bool:
    """The better pair of readings found, if any, taken into the choice; whether one was."""
    if best is None:
        return False
    choice.update(best)
    return True


def _paired_ties(choice: dict[str, Candidate], options: dict[str, list[Candidate]],
                 ties: dict[str, list[Candidate]], ref: int, tpl: T.Table) -> None:
    """Readings that tie with the choice only together with another row's: two rows whose
    readings differ from the chosen ones in the same columns (runs of digits cut another way
    in both: "26601201013932833" and its total row "26421201013932814" cut 2660|1|20|10|139 or
    2660|120|10|1|39) keep every column identity the choice keeps - the identity between the
    two rows holds either way, and says nothing about where the digits part. Each such pair's
    readings, and those of three or more rows moving alike, join their rows' ties (at most
    _MOST_PAIR_TIES column scores)."""
    alts = {rk: [(c, _differs(c, choice[rk])) for c in cs if c is not choice[rk] and c.ok == choice[rk].ok
                 and c not in ties.get(rk, ())] for rk, cs in options.items()}
    rows = [rk for rk in options if alts[rk]]
    steps = 0
    # three or more rows moving alike (新收, 予以公开 and 总计 all "111000012", cut 1|11|… or
    # 11|1|…): every row with a reading that differs in the same columns moves at once; where
    # the identities still hold, none of them says where the digits part
    groups: dict[frozenset, dict[str, Candidate]] = {}
    for rk in rows:
        for c, d in alts[rk]:
            if d:
                groups.setdefault(d, {}).setdefault(rk, c)
    for d, moved in groups.items():
        if len(moved) < 3:
            continue
        steps += 1
        if _column_score({**choice, **moved}, tpl) == ref:
            for rk, c in moved.items():
                if c not in ties[rk]:
                    ties[rk].append(c)
    for i, r1 in enumerate(rows):
        for r2 in rows[i + 1:]:
            for c1, d1 in alts[r1]:
                for c2, d2 in alts[r2]:
                    if d1 != d2 or not d1:
                        continue
                    steps += 1
                    if steps > _MOST_PAIR_TIES:
                        return
                    if _column_score({**choice, r1: c1, r2: c2}, tpl) == ref:
                        for rk, c in ((r1, c1), (r2, c2)):
                            if c not in ties[rk]:
                                ties[rk].append(c)


def _grid_columns(entries: list[Entry], k: int) -> set[int]:
    """In a real grid (HTML, markdown, DOCX, PDF tables — not tab rows, whose fields shift
    where a spanned label vanished), rows printing exactly k cells show which grid columns
    hold the values; rows with surplus cells keep only those columns.
    A grid whose rows were packed leftwards (_packed) keeps, in each row, the k cells after
    its label instead; ids of the entries whose columns that leaves in doubt."""
    def cols(e):
        return [getattr(t.ref, "col", None) for t in e.tokens]

    votes = Counter(cols(e)[0] for e in entries if len(e.tokens) == k and _in_grid(e))
    first, n = votes.most_common(1)[0] if votes else (None, 0)
    if n < 3:
        rows = [e for e in entries if _in_grid(e)]
        if all(len(e.tokens) > k for e in rows):  # every grid row prints the same surplus
            _drop_empty_positions(rows, k)
        return set()
    wide = [e for e in entries if len(e.tokens) > k and _in_grid(e)]
    # a PDF table reader that cut the table into grids draws each grid's columns apart: the
    # columns the k-cell rows show are those of grids as wide as theirs (most of them); a row of
    # a grid of another width that those columns would cut a printed number off is left to the
    # solver whole (page 1's "| label | | 49 3 | | 3 55 |", its merged cells read into the form's
    # columns, under page 2's "| label | | | 6 | | | | 6 |": cut at page 2's, it lost its total)
    width: dict[int, int] = {}
    for e in entries:
        if _in_grid(e):
            t = e.tokens[0].ref.table
            width[t] = max(width.get(t, 0), max(x.ref.col + max(getattr(x.ref, "colspan", 1) or 1, 1)
                                                for x in e.tokens))
    voters = Counter(width[e.tokens[0].ref.table] for e in entries
                     if len(e.tokens) == k and _in_grid(e) and cols(e)[0] == first)
    common = voters.most_common(1)[0][0]
    packed = _packed(wide, k, first)
    for e in wide:
        kept = _window(e, k, _after_label(e)) if packed else []
        if len(kept) != k:
            kept = _window(e, k, first)
        if len(kept) == k and width[e.tokens[0].ref.table] != common \
                and sum(map(_printed, kept)) < sum(map(_printed, e.tokens)):
            continue
        if len(kept) == k:
            ids = {id(t) for t in kept}
            e.dropped += sum(1 for t in e.tokens if id(t) not in ids and _printed(t))
            e.tokens, e.cut = kept, True
    return {id(e) for e in entries if _in_grid(e)} if packed else set()


def _lead_padding(entries: list[Entry], k: int) -> set[int]:
    """Leading positions blank in every grid row of one width that are a spanned label's padding,
    not columns of the form: a PDF table reader (pdfplumber under markitdown) prints page 2's rows
    of table 三 as "| label | | | 26 | | | | 26 |" - two padding cells, and one form column merged
    away - so a row keeps fewer positions than the form's columns once they go. Where that is so
    for a row of a width (two rows or more printing, each its total), the positions before the
    first one any of them prints are left out of every row of that width; a reading of single
    rows could drop only as many as the surplus and put the first number a column or two right
    of 自然人 (page 1's rows then moved alike to keep total = Σ results). Which positions are
    padding stays a guess (a uniform shift keeps every identity): ids of the rows changed, whose
    columns are inferred."""
    # (a table drawn in text prints every column between its bars: no reader made padding there)
    grid = [e for e in entries if e.tokens and _in_grid(e) and not _drawn(e)]

    def width(e):
        return len({t.ref.col for t in e.tokens})

    def lead(e):
        return next((i for i, t in enumerate(e.tokens) if not t.blank), len(e.tokens))

    groups: dict[int, list[Entry]] = {}
    for e in grid:
        groups.setdefault(width(e), []).append(e)
    changed: set[int] = set()
    for rows in groups.values():
        printing = [e for e in rows if any(map(_printed, e.tokens))]
        if len(printing) < 2 or not all(_printed(e.tokens[-1]) for e in printing):
            continue
        n = min(map(lead, printing))
        if n == 0 or not any(len(e.tokens) - n < k for e in printing) \
                or any(len(e.tokens) - n < 2 for e in printing):
            continue
        for e in rows:
            if lead(e) >= n:
                e.tokens = e.tokens[n:]
                changed.add(id(e))
    return changed


def _packed_settled(e: Entry, spec: RowSpec | None) -> bool:
    """A packed row's k cells after its label are its columns in order (a converter drops only
    covered cells: a spanned label's, so the first value stands right after the label) unless
    a value cell itself spanned columns; then the total's position holds padding or the row's
    sum breaks. So: nothing printed beyond the k cells, the total printed, the sums kept - or
    nothing printed at all (no value whose column could be wrong)."""
    if spec is None or len(e.tokens) != spec.k or e.dropped:
        return False
    if not any(map(_printed, e.tokens)):
        return all(t.blank for t in e.tokens)
    if not _printed(e.tokens[-1]):
        return False
    return sums_ok([_cell_text(t) for t in e.tokens], spec)


def _printed(t: Token) -> bool:
    return not t.blank and t.text.strip() not in NOT_APPLICABLE


def _window(e: Entry, k: int, start: int | None) -> list[Token]:
    """The entry's cells in grid columns start .. start+k-1."""
    if start is None:
        return []
    return [t for t in e.tokens if getattr(t.ref, "col", None) is not None and start <= t.ref.col < start + k]


def _after_label(e: Entry) -> int | None:
    """The grid column right after the entry's label cell (None: no label cell in its row)."""
    lb = e.label_block
    if lb is None or lb.table is None or not e.tokens or lb.table != e.tokens[0].ref.table \
            or lb.row != e.tokens[0].ref.row:
        return None
    return lb.col + max(lb.colspan, 1)


def _packed(wide: list[Entry], k: int, first: int) -> bool:
    """A converter that drops merged cells' covered cells (pandoc's ODT reader) packs each
    row's cells leftwards and pads the row at its end: rows under a spanned group label print
    their values a column right of the others, and the columns the k-cell rows show leave out
    a printed number of a wider row whose k cells after its label keep them all."""
    for e in wide:
        voted, after = _window(e, k, first), _window(e, k, _after_label(e))
        if len(voted) == k and len(after) == k and sum(map(_printed, voted)) < sum(map(_printed, e.tokens)) \
                == sum(map(_printed, after)):
            return True
    return False


def _in_grid(e: Entry) -> bool:
    """Every token of the entry is a cell of a converter's grid (a table of HTML, markdown, DOCX, PDF)."""
    return all(t.ref is not None and getattr(t.ref, "kind", None) == "cell"
               and getattr(t.ref, "table", None) is not None for t in e.tokens)


def _drop_empty_positions(wide: list[Entry], k: int) -> None:
    """No grid row prints exactly k cells: rows printing the same surplus, where exactly as many
    positions as the surplus are empty in every one of them, leave those positions out - they
    are not columns of the form (a spanned label's padding, a column a PDF table reader made
    between two rules). With more such positions than the surplus, which ones is a guess
    (_grid_layout_doubt), and the rows are left to the solver. Rows of each width are looked at
    apart (a PDF table reader that split the table into grids pads them differently): a row's
    blank in a kept position is then where the rows of its width print a number."""
    by_width: dict[int, list[Entry]] = {}
    for e in wide:
        by_width.setdefault(len(e.tokens), []).append(e)
    for n, rows in by_width.items():
        if len(rows) < 3:
            continue
        empty = {i for i in range(n) if all(e.tokens[i].blank for e in rows)}
        if len(empty) == n - k:
            for e in rows:
                e.tokens = [t for i, t in enumerate(e.tokens) if i not in empty]


def _grid_layout_doubt(entries: list[Entry], k: int) -> set[int]:
    """Grid rows (markdown, PDF tables) whose values' columns the grid does not settle: the
    table's rows print different numbers of cells (a PDF table reader split it into grids
    that disagree), or rows print surplus cells and more of their positions are empty in
    every such row than the surplus (a spanned label's padding or a column the converter
    invented: which ones are not columns of the form is inferred). ids of those entries."""
    # rows that print a number ("| - | - |" rows of no value elsewhere in the region say nothing)
    grid = [e for e in entries if any(_cell_text(t) is not None for t in e.tokens) and _in_grid(e)]
    # a table drawn in text (boxdrawn) prints every column between its bars, each row the
    # same: the voted columns settle its rows' cells, unless they left out a printed number
    drawn = {id(e) for e in grid if _drawn(e) and e.dropped and not _every_column_printed(e, k)}
    grid = [e for e in grid if not _drawn(e)]
    if not grid:
        return drawn
    # (leading value columns blank in every row, once the voted columns cut rows' surplus cells
    # away: which of the blank positions were a spanned label's padding was the vote's guess)
    lead = min((next((i for i, t in enumerate(e.tokens) if not t.blank), len(e.tokens)) for e in grid), default=0)
    # (or two leading value columns blank in every row of k cells: a spanned label's two padding
    # cells, as PDF table readers print them, look the same as blank columns of the form - and a
    # uniform shift of every row's values keeps every identity)
    if len({len(e.tokens) for e in grid}) > 1 or any(e.dropped for e in grid) or (lead and any(e.cut for e in grid)) \
            or (lead >= 2 and len(grid) >= 3):
        # (a row whose printed number the voted columns left out (_grid_columns): the grid's
        # columns are not the form's there, and a uniform shift of the other rows' values past
        # their blank cells keeps every identity - only the grid said where they stand)
        return drawn | {id(e) for e in grid if not _every_column_printed(e, k) and not _seen_in_place(e, k)}
    wide = [e for e in grid if len(e.tokens) > k]
    if wide and sum(all(e.tokens[i].blank for e in wide) for i in range(len(wide[0].tokens))) > len(wide[0].tokens) - k:
        return drawn | {id(e) for e in wide if not _every_column_printed(e, k) and not _seen_in_place(e, k)}
    return drawn


_COUNT = re.compile(r"\d+")


def _measured_cells(e: Entry) -> bool:
    """Every cell of the entry is a cell of text laid out by position (no grid's): a blank with
    no box, or one count whose box was measured - the x the page printed it at."""
    return bool(e.tokens) and all(
        isinstance(t.ref, Block) and t.ref.table is None and (
            t.ref.blank and t.ref.x0 is None if t.blank
            else t.ref.x0 is not None and t.ref.x1 is not None and not t.splittable
            and _COUNT.fullmatch(t.text.strip()) is not None)
        for t in e.tokens)


def _shares_place(boxes: list[tuple[float, float]], gap: float) -> bool:
    """Do the numbers share a place: their left edges, right edges or centres within `gap`?"""
    return any(max(xs) - min(xs) <= gap
               for xs in ([a for a, _ in boxes], [b for _, b in boxes], [(a + b) / 2 for a, b in boxes]))


def _column_groups(rows: list[Entry], k: int) -> list[list[int]] | None:
    """The form's k columns as groups of the places a table's rows, laid out by position, print
    at (more places than columns), or None where the places do not prove them. Proven only so:
    every place is printed in by some row and holds its numbers at one x (left edges, right edges
    or centres within a character: no row pressed off the others), and exactly k-1 of the places
    side by side are printed in together by some row. A row prints one number a column, so two
    places one row prints in are two columns: those k-1 are the borders of the k columns, and
    every other two places side by side are one column printed at two x (pdftotext -layout sets
    a row's first number by the characters of its label: rows of long labels print it left of
    where the other rows do). A group two places of which one row prints in proves nothing."""
    n = len(rows[0].tokens)
    boxes = [[(t.ref.x0, t.ref.x1) for e in rows for t in [e.tokens[j]] if not t.blank] for j in range(n)]
    if any(not b for b in boxes):
        return None
    widths = [(t.ref.x1 - t.ref.x0) / len(t.text.strip()) for e in rows for t in e.tokens if not t.blank]
    gap = sorted(widths)[len(widths) // 2]  # a character's width
    if gap <= 0 or not all(_shares_place(b, gap) for b in boxes):
        return None
    borders = [j for j in range(n - 1) if any(not e.tokens[j].blank and not e.tokens[j + 1].blank for e in rows)]
    if len(borders) != k - 1:
        return None
    groups = [list(range(a + 1, b + 1)) for a, b in zip([-1] + borders, borders + [n - 1])]
    if any(sum(not e.tokens[j].blank for j in g) > 1 for e in rows for g in groups):
        return None
    return groups


def _one_column_two_places(entries: list[Entry], k: int) -> set[int]:
    """Rows of positioned text printing more cells than the form's k columns, where the places
    they print at prove the columns (_column_groups): each row keeps one cell a column - the
    number printed there, or a blank - and its cells then stand where the page printed them,
    every blank seen in its place, no column in doubt (Block.blank_seen, Block.column_doubt) -
    for rows printing two numbers or more (a lone number's column rests on one x: left as the
    loader read it). Ids of the entries changed."""
    wide = [e for e in entries if len(e.tokens) > k and _measured_cells(e)]
    if not wide or any(len(e.tokens) != len(wide[0].tokens) for e in wide) \
            or sum(sum(not t.blank for t in e.tokens) == k for e in wide) < 2:
        return set()
    groups = _column_groups(wide, k)
    if groups is None:
        return set()
    changed: set[int] = set()
    for e in wide:
        if sum(not t.blank for t in e.tokens) < 2:
            continue
        e.tokens = [next((e.tokens[j] for j in g if not e.tokens[j].blank), e.tokens[g[0]]) for g in groups]
        for t in e.tokens:
            t.ref.column_doubt = False
            if t.blank:
                t.ref.blank_seen = True
        changed.add(id(e))
    return changed


def _seen_in_place(e: Entry, k: int) -> bool:
    """A row of k cells whose every blank the loader saw in its place (Block.blank_seen: a gap
    under a column the header's words or full rows placed, positioned text) and none of whose
    columns it doubted (Block.column_doubt): its values stand where the page printed them, not
    where a grid's count of cells put them - other rows printing more or fewer cells (a page
    number's "- 1 -" under the table, read as a row of its own) say nothing about its columns."""
    printed = [t for t in e.tokens if not t.blank and t.text.strip()]
    return len(e.tokens) == k and bool(printed) and not any(t.splittable for t in printed) \
        and all(getattr(t.ref, "blank_seen", False) for t in e.tokens if t.blank or not t.text.strip()) \
        and not any(getattr(t.ref, "column_doubt", False) for t in e.tokens)


def _drawn(e: Entry) -> bool:
    """The entry's cells are a table's drawn in text, its row printing every column (boxdrawn)."""
    return all(getattr(t.ref, "table", None) is not None and t.ref.table >= boxdrawn.GRID_BASE for t in e.tokens)


def _in_rows(e: Entry) -> bool:
    """Every token of the entry is a cell at a column: of a converter's grid, or of a text's
    delimited row (tabs, or a CSV record the text loader turned into one) - no table of its own."""
    return bool(e.tokens) and all(t.ref is not None and getattr(t.ref, "kind", None) == "cell"
                                  and getattr(t.ref, "col", None) is not None for t in e.tokens)


def _every_column_printed(e: Entry, k: int) -> bool:
    """A grid row that prints exactly k values (one a cell) and leaves only empty cells over:
    whichever of its cells are the grid's padding, its values are the form's k columns in
    printed order - no column of it is left to a guess about the layout."""
    printed = [t for t in e.tokens if not t.blank and t.text.strip()]
    return len(printed) == k and not any(t.splittable for t in printed)


def _split_overfull(entries: list[Entry], specs: dict[str, RowSpec]) -> list[Entry]:
    """A row followed by the cells of the next rows whose labels a reading order printed
    elsewhere (pdftotext's default order: "二、上年结转…" then its 7 numbers and the 7 of
    予以公开 and of 部分公开, those labels after other rows; "(七)" then the 7 numbers of the
    total and those of 四、结转下年度, "总计" and that label after them): runs of the row's
    cells, one a token, each run keeping a row's sums, are the row and unlabelled rows after
    it; the alignment puts those where the template has rows between its anchors. The last
    run may be short (blank cells dropped; its sums are then the row's to check, a report's
    own blank total breaks them) when it prints two numbers or more and the table's other
    rows print whole rows. An
    entry without a label is cut so where every row of the table has the same cells and sums.
    Only as many as labelled rows printed with no value of their own are left for them."""
    entries = _labels_then_rows(_rejoined(entries, specs), specs)
    spare = sum(1 for e in entries if e.label in specs and not e.tokens)
    shared = _shared_spec(specs)
    out: list[Entry] = []
    # rows printing whole rows (no blank cell dropped): there, runs of k tokens are rows
    def whole(x: Entry) -> bool:
        return shared is not None and (n := cell_count(x.tokens)) is not None and n % shared.k == 0
    not_whole = sum(1 for x in entries if x.tokens and not whole(x))
    for i, e in enumerate(entries):
        spec = specs.get(e.label) if e.label is not None else shared
        others_whole = shared is not None and not_whole == (0 if whole(e) else 1)
        after = _labels_after(entries, i, specs) if others_whole and whole(e) else 0
        runs = _row_runs(e.tokens, spec, spare, after, others_whole) if spec is not None and spare else None
        if runs is None:
            out.append(e)
            continue
        e.tokens = runs[0]
        out.append(e)
        out.extend(Entry(None, 0.0, None, r, moved=True) for r in runs[1:])
        spare -= len(runs) - 1
    return out


def _labels_then_rows(entries: list[Entry], specs: dict[str, RowSpec]) -> list[Entry]:
    """Labels of rows printed one after another with no values, the last of them followed by
    the cells of them all (pdftotext's default order: "2.申请人逾期未按收费通…", "3.其他",
    "(七)总计", "四、结转下年度继续办理", then 27 numbers): runs of the rows' cells, one a token,
    are those rows top-down where there is one run a row, the rows are distinct and in the
    form's order, and every whole run keeps its row's sums (the last may be short: a report's
    own blank cell). Such rows are marked moved: placed by the order, not read beside their
    labels."""
    keys = list(specs)
    for i, e in enumerate(entries):
        spec = specs.get(e.label) if e.label is not None else None
        n = cell_count(e.tokens) if spec is not None else None
        if n is None or n <= spec.k:
            continue
        before: list[Entry] = []
        for p in reversed(entries[:i]):
            if p.label not in specs or p.tokens or specs[p.label].k != spec.k:
                break
            before.insert(0, p)
        runs = [e.tokens[j:j + spec.k] for j in range(0, n, spec.k)]
        if not before or len(runs) != len(before) + 1 or len(runs[-1]) < 2:
            continue
        rows = before + [e]
        order = [keys.index(p.label) for p in rows]  # (distinct rows of the form, in its order)
        if order == sorted(set(order)) and \
                all(_keeps_sums(r, specs[p.label]) for p, r in zip(rows, runs) if len(r) == spec.k):
            for p, r in zip(rows, runs):
                p.tokens, p.moved = r, True
    return entries


def _rejoined(entries: list[Entry], specs: dict[str, RowSpec]) -> list[Entry]:
    """A row printing fewer numbers than cells right before numbers with no label (the
    reading order put a piece of its label between: "2.申请人逾期未按收费通", "知要求…", "0",
    "理", "…开申请", then 27 numbers): the two together are the row and the rows after it
    where every run of the row's cells keeps its sums - a cut the print proves; otherwise
    they stay apart. So are a label printed with no number and two or more runs of numbers
    with no label right after it, none a whole row (a reader's blocks: "一、本年新收…", then
    "3680 913", "9", "103", "1", a blank line, "140 4846"), where together they are its cells."""
    out: list[Entry] = []
    i = 0
    while i < len(entries):
        e = entries[i]
        spec = specs.get(e.label) if e.label is not None else None
        # (a line of several numbers, "3680 913": a cell each, where every word is a number)
        both = cells_apart(e.tokens) if spec is not None else None
        n = len(both) if both is not None else 0
        j = i + 1
        if both is not None and n < spec.k:
            while j < len(entries) and entries[j].label is None and entries[j].tokens \
                    and (rest := cells_apart(entries[j].tokens)) is not None and j - i <= _MOST_RUNS:
                both, j = both + rest, j + 1
                if len(both) % spec.k == 0 or (n == 0 and j - i == 2 and len(rest) >= spec.k):
                    break
        runs = j - i - 1
        # printed numbers only: where blank cells print ("|    |" of a pipe table), a blank
        # before the label's numbers may be no cell of the row, and one number and its
        # total keep a row's sum in any column - no cut is proven
        if both is not None and runs >= (2 if n == 0 else 1) and len(both) % spec.k == 0 \
                and not any(t.blank for t in both) \
                and all(_keeps_sums(both[x:x + spec.k], spec) for x in range(0, len(both), spec.k)):
            e.tokens, e.rejoined = both, True
            out.append(e)
            i = j
            continue
        out.append(e)
        i += 1
    return out


_MOST_RUNS = 3  # runs of numbers with no label _rejoined joins to a row's


def _shared_spec(specs: dict[str, RowSpec]) -> RowSpec | None:
    """The spec of every row, where all rows have the same cells and sums (table 三)."""
    shapes = {(sp.k, sp.sums) for sp in specs.values()}
    return next(iter(specs.values())) if len(shapes) == 1 else None


def _labels_after(entries: list[Entry], i: int, specs: dict[str, RowSpec]) -> int:
    """How many labelled rows printed with no value follow entry i directly."""
    n = 0
    for e in entries[i + 1:]:
        if e.label not in specs or e.tokens:
            break
        n += 1
    return n


def _row_runs(tokens: list[Token], spec: RowSpec, spare: int, labels_after: int = 0,
              others_whole: bool = False) -> list[list[Token]] | None:
    """`tokens` as whole rows of spec.k cells and a last row of fewer (see _split_overfull),
    at most `spare` rows after the first; None where they are one row or not such rows.
    Every run must keep the row's sums - unless as many empty labels as runs after the first
    follow the values directly (`labels_after`, counted where every row of the table prints
    whole rows: the labels printed after their values; a report's own broken sum does not
    make the cut doubtful there). A short last run only where every other row of the table
    prints whole rows (`others_whole`): where rows drop blanks, a first run keeping its sums
    may be a coincidence of the numbers ("0 0 1 1 0 0 2" of "0 0 1 1 0 0 2 2 2 2")."""
    n = cell_count(tokens)  # (None: digits run together, cells not one a token)
    if n is None or n <= spec.k:
        return None
    runs = [tokens[i:i + spec.k] for i in range(0, n, spec.k)]
    if len(runs) - 1 > spare:
        return None
    if len(runs) - 1 > labels_after and not all(_keeps_sums(r, spec) for r in runs[:n // spec.k]):
        return None
    if len(runs[-1]) < spec.k and (len(runs[-1]) < 2 or not others_whole):
        return None  # (a lone number after whole rows may be anything: a page number)
    return runs


def _stray_before_row(entries: list[Entry], specs: dict[str, RowSpec]) -> None:
    """A row label printed on a line of its own, its only value one number on a plain line,
    and right after it a printed table row with no label of exactly the row's cells that keeps
    the row's sums: the table row is the label's (a PDF's text put in markdown prints the
    labels apart from the table's rows), the lone number a stray line between them (a page
    number, a cell lost from elsewhere), which no sum can check as the row's total. The row
    gets the table row's cells, placed by position; the lone number stays unread, after it."""
    for e, nxt in zip(entries, entries[1:]):
        spec = specs.get(e.label) if e.label is not None else None
        if spec is None or e.grid_row is not None or len(e.tokens) != 1 or e.tokens[0].blank:
            continue
        lone = e.tokens[0]
        if not isinstance(lone.ref, Block) or lone.ref.kind == "cell" or _cell_text(lone) is None \
                or len(lone.text.split()) != 1:
            continue  # (a line printing the row's numbers apart by spaces is the row, not a stray number)
        if nxt.label is not None or nxt.grid_row is None or len(nxt.tokens) != spec.k \
                or not all(isinstance(t.ref, Block) and t.ref.kind == "cell" for t in nxt.tokens) \
                or not _keeps_sums(nxt.tokens, spec):
            continue
        e.tokens, nxt.tokens = nxt.tokens, [lone]
        e.grid_row, nxt.grid_row, e.moved = nxt.grid_row, None, True


# grid rows printing a row's label over empty cells, its numbers in the grid row just below,
# that show a table laid out so (fewer: a blank row and a stray line, as likely)
_UNDER_ROWS_LEAST = 3


def _rows_under_labels(entries: list[Entry]) -> list[Entry]:
    """A grid that prints every row's label in a grid row of empty cells and the row's numbers in
    the grid row right below it, with no label (a table reader that cuts a row whose label cell
    is vertically centred over two lines into two grid rows, camelot's stream tables): each such
    unlabelled row is the label's row above it. Read so only where the table shows the layout
    (_UNDER_ROWS_LEAST rows at least) and never the other way round - an unlabelled row of
    numbers right above a label printed empty that no label above claims is a row printed above
    its label, and then which label a row of numbers is the print does not say. The rows given
    numbers are marked moved: whose they are is read off the layout, not off their grid row."""
    def empty_label(e: Entry) -> bool:
        return e.label is not None and e.grid_row is not None and bool(e.tokens) and not _numbers(e) \
            and all(t.blank or not t.text.strip() for t in e.tokens)

    def numbers_row(e: Entry) -> bool:
        return e.label is None and e.grid_row is not None and _numbers(e) \
            and all(isinstance(t.ref, Block) and t.ref.kind == "cell" for t in e.tokens)

    pairs = []
    for j, x in enumerate(entries):
        if not numbers_row(x):
            continue
        below = j > 0 and empty_label(entries[j - 1]) and x.grid_row == entries[j - 1].grid_row + 1
        above = j + 1 < len(entries) and empty_label(entries[j + 1])
        if above and not below:
            return entries  # (a row printed above its label: the layout is another)
        if below:
            pairs.append((entries[j - 1], x))
    if len(pairs) < _UNDER_ROWS_LEAST:
        return entries
    for e, x in pairs:
        # (the row's empty cells under its label's column, or left of it, are the label's)
        edge = e.label_block.col if e.label_block is not None else -1
        cells = list(itertools.dropwhile(lambda t: (t.blank or not t.text.strip()) and t.ref.col <= edge, x.tokens))
        e.tokens, e.grid_row, e.moved = cells, x.grid_row, True
    taken = {id(x) for _, x in pairs}
    return [e for e in entries if id(e) not in taken]


_LONE_NUMBER = re.compile(r"^\d{1,4}$")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_LABEL_CHARS = 2  # characters of a group's label a column of them must spell, at least


def _spells_group(blocks: list[Block], i: int, names: list[str]) -> bool:
    """Whether the lines from blocks[i] on (empty lines skipped) are characters printed one a
    line - a character or a bracket - whose Chinese characters begin with at least
    _LABEL_CHARS of one of the table's group labels, read on from anywhere in it ("度", "办",
    "理" … of 三、本年度办理结果 printed down its cell: the page broke inside the label)."""
    chars = ""
    for b in blocks[i:]:
        if b.label == "break" or not b.text.strip():
            continue
        t = b.text.strip()
        if b.kind != "line" or len(t) != 1 or b.label in ("value", "blank"):
            break
        chars += t if _CJK.match(t) else ""
    n = 0
    while n < len(chars) and any(chars[:n + 1] in name for name in names):
        n += 1
    return n >= _LABEL_CHARS


def _stray_in_label_column(entries: list[Entry], specs: dict[str, RowSpec], blocks: list[Block],
                           tpl: T.Table) -> list[Entry]:
    """A row whose cells stand whole on one line (exactly its cells, its sums holding), then
    one number alone on a line of its own, then a group's label printed one character a line
    (the number sits in the label's column: a page number where the page broke inside the
    label, pdftext's sorted order "( 1. 属于国家秘密 0 0 0 0 0 0 0", "1", "度", "办", "理" …): the
    number is no cell of the row - it is left out of it, an unlabelled number of its own (read
    as the row's, the row had a cell too many and was left unread)."""
    names = ["".join(_CJK.findall(x)) for g in tpl.groups for x in (g.label, *g.aliases)]
    at = {id(b): i for i, b in enumerate(blocks)}
    out: list[Entry] = []
    for e in entries:
        out.append(e)
        spec = specs.get(e.label) if e.label is not None else None
        if spec is None or e.grid_row is not None or len(e.tokens) != 2:
            continue
        row, lone = e.tokens
        if row.blank or lone.blank or not isinstance(row.ref, Block) or not isinstance(lone.ref, Block) \
                or lone.ref.kind != "line" or not _LONE_NUMBER.match(lone.text.strip()) \
                or id(lone.ref) not in at:
            continue
        cells = row.text.split()
        if len(cells) != spec.k or not all(_CELL_OK.match(c) for c in cells) \
                or not _keeps_sums([Token(c, False, False, row.ref) for c in cells], spec):
            continue
        if not _spells_group(blocks, at[id(lone.ref)] + 1, names):
            continue
        e.tokens = [row]
        out.append(Entry(None, 0.0, None, [lone]))
    return out


def _in_table_order(entries: list[Entry], specs: dict[str, RowSpec], tpl: T.Table) -> list[Entry] | None:
    """The entries of a table every cell of which is printed, in blocks top-down
    (reorder.table_in_order): one per row, in template order - a row's labelled entry where
    its label was printed, else an unlabelled one the alignment puts in its place - where the
    table's column identities all hold in that reading; None otherwise."""
    rows = table_in_order(entries, {k: sp.k for k, sp in specs.items()},
                          lambda key, toks: _keeps_sums(toks, specs[key]))
    if rows is None:
        return None
    out: list[Entry] = []
    for key, tokens, moved, proven in rows:
        own = next((e for e in entries if e.label == key), None)
        out.append(Entry(key, own.proba, own.label_block, list(tokens), own.grid_row, moved=moved, proven=proven)
                   if own is not None else Entry(None, 0.0, None, list(tokens), moved=True))
    return out if _column_breaks(out, specs, tpl) == 0 else None


def _cell_text(t: Token) -> str | None:
    return None if t.blank or t.text.strip() in NOT_APPLICABLE else t.text.strip()


def _rows_then_column_block(blocks: list[Block], spill: list[Entry], specs: dict[str, RowSpec],
                            tpl: T.Table) -> list[Entry] | None:
    """Table 三's rows each printed without its last cell(s), those printed later as a block of
    one number (or pair) per row (WeasyPrint's narrow table through pdftotext: "27 3 0 0 2 3" a
    row, its 总计 "35" among 23 numbers after table 四's first headers): one entry per row in
    template order, row r the region's next k-m numbers in print order then the block's r-th m
    numbers - only where the row labels read are printed in table order, the counts are exact
    and every row's and column's sums hold; None otherwise."""
    rows = [r.key for r in tpl.rows]
    read = [b.label[len("row.requests."):] for b in blocks if (b.label or "").startswith("row.requests.")]
    at = {k: i for i, k in enumerate(rows)}
    if not read or any(k not in at for k in read) or [at[k] for k in read] != sorted(at[k] for k in read):
        return None
    printed = _one_number_each(t for e in build_entries([b for b in blocks if b.label == "value"], "requests")
                               for t in e.tokens)
    block = _one_number_each(t for e in spill for t in e.tokens)
    if printed is None or block is None:
        return None
    m = len(block) // len(rows)
    if not m or len(block) != m * len(rows) or len(printed) != sum(specs[k].k - m for k in rows):
        return None
    labels = {b.label[len("row.requests."):]: b for b in blocks if (b.label or "").startswith("row.requests.")}
    out: list[Entry] = []
    for r, key in enumerate(rows):
        k = specs[key].k - m
        tokens, printed = printed[:k] + block[r * m:(r + 1) * m], printed[k:]
        if not _keeps_sums(tokens, specs[key]):
            return None
        out.append(Entry(key, 1.0, labels.get(key), tokens, moved=True))
    nums = {e.label: [parse_int(_cell_text(t)) for t in e.tokens] for e in out}
    if not all(v is True for v in _column_verdicts(nums, tpl)):
        return None
    return out


def _one_number_each(tokens) -> list[Token] | None:
    """Tokens cut at their spaces, one number each ("27 3": two cells printed on one line);
    None where a token holds anything but numbers."""
    out: list[Token] = []
    for t in tokens:
        parts = t.text.split()
        if not parts or not all(p.isdigit() for p in parts):
            return None
        out.extend(Token(p, ref=t.ref) for p in parts)
    return out


def _keeps_sums(tokens: list[Token], spec: RowSpec) -> bool:
    """Whether a row's tokens, one cell each, keep its identities; fewer tokens than cells
    (blank cells dropped) as parts then the total (a sum does not care which parts)."""
    cells = [_cell_text(t) for t in tokens]
    if len(cells) < spec.k:
        cells = cells[:-1] + [None] * (spec.k - len(cells)) + cells[-1:]
    return len(cells) == spec.k and sums_ok(cells, spec)


def _column_breaks(entries: list, specs: dict[str, RowSpec], tpl: T.Table) -> int:
    """How many column identities the labelled rows break as their tokens stand (a row
    printing fewer tokens than cells read as _keeps_sums reads it; rows not whole: unread)."""
    nums: dict[str, list] = {}
    for e in entries:
        spec = specs.get(e.label)
        if spec is None or not e.tokens or e.label in nums:
            continue
        cells = [_cell_text(t) for t in e.tokens]
        if len(cells) < spec.k:
            cells = cells[:-1] + [None] * (spec.k - len(cells)) + cells[-1:]
        if len(cells) == spec.k:
            nums[e.label] = [None if c is None else cell_number(c) for c in cells]
    return sum(v is False for v in _column_verdicts(nums, tpl))


_MOST_ROW_LINES = 4  # printed lines one row's numbers may spread over (wrapped cells, label)
_MOST_WRAPPED_READINGS = 24


def _over_lines(entries: list[Entry], specs: dict[str, RowSpec], pool: Budget | None) -> dict[int, list[Candidate]]:
    """Rows whose numbers wrap in narrow cells over several printed lines (a browser's PDF
    through a text tool: "2660" printed "266" above "0"): the row's cells are vertically
    centred, so its lines hold the first pieces of the wrapped numbers, the numbers printed
    whole, and the last pieces, each line in column order but the lines' order and which
    line the label shares is the converter's. A labelled row whose own reading breaks its
    sums (or reads a lone number, which no sum checks) is read again from its lines - with
    the line just above its label and the unlabelled lines of the two just below, when those
    are needed; blank cells of space-aligned lines left out - in every order of the lines, glued
    (`_unwrapped`, one to three pieces); the readings that keep the row's sums are its
    candidates (id of the entry -> readings, best first; the lines added are moved into the
    entry). Which column a number stands in is then inferred: the entry is marked moved."""
    out: dict[int, list[Candidate]] = {}
    gone: set[int] = set()
    for i, e in enumerate(entries):
        spec = specs.get(e.label) if e.label is not None else None
        if spec is None or e.label_block is None or not e.tokens or id(e) in gone:
            continue
        row = e.label_block.row
        last = max([row] + [t.ref.row for t in e.tokens if t.ref is not None])
        # the line just above the label: an unlabelled entry's, or the last line of the row
        # before when that is not its label's line (a piece printed under that row's values)
        above: list[Token] = []
        if i > 0 and id(entries[i - 1]) not in gone:
            x = entries[i - 1]
            lead = x.label_block.row if x.label_block is not None else None
            tail = list(itertools.takewhile(lambda t: t.ref is not None and t.ref.row == row - 1 != lead,
                                            reversed(x.tokens)))[::-1]
            if tail and (x.label is None) == (len(tail) == len(x.tokens)):
                above = tail
        below: list[Token] = []  # the unlabelled entries on the two lines just below
        nb = 0
        for x in entries[i + 1:i + 3]:
            if id(x) in gone or x.label is not None or not all(
                    t.ref is not None and t.ref.row in (last + 1, last + 2) for t in x.tokens):
                break
            below, nb = below + list(x.tokens), nb + 1
        # only rows that can be 2 to _MOST_ROW_LINES printed lines are read again (the check
        # below draws on the document's search budget: rows on one line, or one cell a line,
        # never spend it)
        rows_of = {t.ref.row if t.ref is not None else id(t) for t in above + e.tokens + below if not t.blank}
        own_rows = {t.ref.row if t.ref is not None else id(t) for t in e.tokens}  # (blank cells' lines too)
        if len(rows_of) < 2 or len(own_rows) > _MOST_ROW_LINES:
            continue
        own = candidates(e.tokens, spec, pool=pool)
        ways = ((False, False), (False, True), (True, False), (True, True))
        if own and own[0].ok and sum(x is not None for x in own[0].cells) >= 2:
            # (a lone number read as the total keeps no sum: it may be a piece). A row whose own
            # numbers keep its sum is read again only with an unlabelled line just above it
            # that is no row of its own (its numbers' parts do not add up to its last): the
            # first pieces of the row's wrapped numbers ("266 120 10 1 39 283" / "一、… 3" /
            # "0 3" - 3 + 0 = 3 holds by chance), where the readings glue them to its lines (more
            # numbers than cells); a line printed under the row before is taken from it only
            # where that row was not read over lines itself and its own numbers add up without it
            if not above or _adds_up(above) or len(_printed_numbers(above + e.tokens)) <= spec.k:
                continue
            x = entries[i - 1]
            if x.label is not None and (id(x) in out or not _adds_up(x.tokens[:len(x.tokens) - len(above)])):
                continue
            ways = ((True, False), (True, True))
        for up, down in ways:
            if (up and not above) or (down and not below):
                continue
            # (a space-aligned line's blank cells say nothing once its lines are reordered)
            toks = [t for t in (above if up else []) + e.tokens + (below if down else []) if not t.blank]
            found = _wrapped_readings(toks, spec, pool)
            if found:
                out[id(e)] = found
                e.tokens, e.moved = toks, True
                if up:
                    x = entries[i - 1]
                    x.tokens = x.tokens[:len(x.tokens) - len(above)]
                    if not x.tokens:
                        gone.add(id(x))
                if down:
                    gone.update(id(x) for x in entries[i + 1:i + 1 + nb])
                break
    if gone:
        entries[:] = [x for x in entries if id(x) not in gone]
    return out


def _adds_up(tokens: list[Token]) -> bool:
    """Whether printed numbers read as parts then their total add up (a row's line alone)."""
    nums = [n for n, _, _ in _printed_numbers(tokens) if n is not None]
    return len(nums) >= 2 and all(_DIGITS.fullmatch(n) for n in nums) \
        and sum(int(n) for n in nums[:-1]) == int(nums[-1])


def _wrapped_readings(tokens: list[Token], spec: RowSpec, pool: Budget | None) -> list[Candidate]:
    """The readings of a row's tokens printed over 2 to _MOST_ROW_LINES lines, the lines in
    any order and one to three wrapped pieces glued (see _over_lines), that keep its sums."""
    lines: dict[int, list[Token]] = {}
    for t in tokens:
        lines.setdefault(t.ref.row if t.ref is not None else id(t), []).append(t)
    if not 2 <= len(lines) <= _MOST_ROW_LINES:
        return []
    seen: dict[tuple, Candidate] = {}
    merges = _line_merges([lines[r] for r in sorted(lines, key=lambda r: min(
        t.ref.row if t.ref is not None else 0 for t in lines[r]))], spec)
    whole = merges is not None  # (every reading the search allows seen: no search cut)
    for cells in merges or []:
        toks = [Token(x, False, False, ref) for x, ref in cells]
        found = candidates(toks, spec, pool=pool)
        whole = whole and not found.cut
        for c in found:
            if not c.ok or c.cut or any(x is not None and x[:1] == "0" and x != "0" for x in c.cells):
                continue
            if sum(x is not None for x in c.cells) != len(toks) or len(toks) < 2:
                continue
            if c.cells not in seen or seen[c.cells].prior < c.prior:
                seen[c.cells] = Candidate(c.cells, c.refs, c.prior, c.how if c.how == "placed" else "split", True)
    for order in itertools.permutations(lines.values()):
        flat = [t for line in order for t in line]
        for m in range(1, _MOST_WRAPPED + 1):
            for toks in _unwrapped(flat, spec.k, m, down=True):
                if len(toks) > spec.k:
                    continue
                found = candidates(toks, spec, pool=pool)
                whole = whole and not found.cut
                for c in found:
                    if not c.ok or c.cut or any(x is not None and x[:1] == "0" and x != "0" for x in c.cells):
                        continue
                    filled = sum(x is not None for x in c.cells)
                    if filled != len(toks) or filled < 2:
                        continue  # (every printed number a cell; a lone total is checked by no sum)
                    if c.cells not in seen or seen[c.cells].prior < c.prior:
                        seen[c.cells] = Candidate(c.cells, c.refs, c.prior, c.how if c.how == "placed" else "split", True)
    every = sorted(seen.values(), key=lambda c: -c.prior)
    out = _LineReadings(every[:_MOST_WRAPPED_READINGS])
    out.every = every if whole else None
    return out


class _LineReadings(Readings):
    """A row's readings over its printed lines, best first, and `every` reading the search of
    those lines allows (None where a search was cut: they may be more - no proof rests on it)."""
    every: list[Candidate] | None = None


_MOST_MERGED_PIECES = 6  # wrapped numbers of one row read as a merge of its printed lines
_MOST_MERGE_STEPS = 3_000  # steps of one row's search of those merges (past it: none is read)


def _line_merges(lines: list[list[Token]], spec: RowSpec) -> list[list[tuple[str, object]]] | None:
    """A row's numbers printed over several lines (top-down; each line's numbers in column
    order) as its cells left to right: the lines merged, each keeping its order, where a
    cell's number wrapped in its narrow cell is a number of one line glued to the next
    number of a line below it ("104 55 1 24 113" / "（一）予以公开 8 2" / "3 3": 1043 55 8 1 24
    2 1133 - the cells printed whole stand between a wrapped cell's pieces, and a text tool
    prints each line of the row apart). As many pieces glued as there are numbers more than
    cells (at most _MOST_MERGED_PIECES): the row's wrapped cells are as tall as each other and
    centred alike, so every first piece stands on one line and every rest on one line below it,
    the rest no longer than the piece that filled the cell's width before it; and then only the
    merges whose parts add up to the total (the row's one sum, its last cell: the search is
    pruned by it); with fewer numbers than cells (blank cells dropped) every merge, none glued,
    where every line prints two or more. Each cell (text, ref of its first piece); [] where the
    search passes _MOST_MERGE_STEPS (None: the row is then read as before)."""
    rows = [[(n, ref) for n, ref, _ in _printed_numbers(line) if n is not None] for line in lines]
    rows = [r for r in rows if r]
    n, k = sum(len(r) for r in rows), spec.k
    glue = max(0, n - k)
    if len(rows) < 2 or glue > _MOST_MERGED_PIECES:
        return []
    if n < k and min(len(r) for r in rows) < 2:
        # (blank cells dropped: a number alone on its line is as likely a stray piece - a
        # page's, another row's - as a cell; only lines that print a run of cells are merged)
        return []
    if glue and (spec.sums != ((tuple(range(k - 1)), (k - 1,)),)
                 or not all(_DIGITS.fullmatch(x) for r in rows for x, _ in r)):
        return []
    out: dict[tuple, list[tuple[str, object]]] = {}
    steps = 0

    pair = (0, 0)  # (line of the first pieces, line of the rests)
    dead: set[tuple] = set()  # states no merge completes (many orders of the same cells reach them)

    def walk(rows, at: tuple[int, ...], left: int, cells: list[tuple[str, object]], room: int | None) -> bool | None:
        """Whether a merge completes from here (None: past the step cap). room: what the
        parts still to come add up to (None: no sum checked)."""
        nonlocal steps
        steps += 1
        if steps > _MOST_MERGE_STEPS:
            return None
        if (at, left, room) in dead:
            return False
        rest = [len(r) - p for r, p in zip(rows, at)]
        if not any(rest):
            if left or room not in (None, 0):
                return False
            out.setdefault(tuple(x for x, _ in cells), list(cells))
            return True
        if left > min(rest[pair[0]], rest[pair[1]]) or (
                room is not None and sum(int(x) for r, p in zip(rows, at) for x, _ in r[p:]) > room):
            return False  # (a glued number is more than its pieces: no merge of these fits)
        any_found = False
        for i, r in enumerate(rows):
            if at[i] == len(r):
                continue
            x, ref = r[at[i]]
            got = walk(rows, at[:i] + (at[i] + 1,) + at[i + 1:], left, cells + [(x, ref)],
                       None if room is None else room - int(x))
            if got is None:
                return None
            any_found |= got
            j = pair[1]
            if not left or i != pair[0] or x[0] == "0" or at[j] == len(rows[j]) or len(rows[j][at[j]][0]) > len(x):
                continue
            nxt = list(at)
            nxt[i] += 1
            nxt[j] += 1
            y = x + rows[j][at[j]][0]
            got = walk(rows, tuple(nxt), left - 1, cells + [(y, ref)], None if room is None else room - int(y))
            if got is None:
                return None
            any_found |= got
        if not any_found:
            dead.add((at, left, room))
        return any_found

    line = {id(ref): i for i, r in enumerate(rows) for _, ref in r}  # (a line's numbers share its ref)

    def switches(cells: list[tuple[str, object]]) -> int:
        at = [line.get(id(ref)) for _, ref in cells]
        return sum(a != b for a, b in zip(at, at[1:]))

    if not glue:
        if walk(rows, tuple(0 for _ in rows), 0, [], None) is None:
            return None
        # (fewest changes of line first: where sums cannot tell, the lines read one after
        # another - each line a run of columns - as text tools print a row)
        return sorted(out.values(), key=switches)
    # glued: the lines of the pieces, the total - the last number of one line, or of those two
    # glued - then the parts
    for pair in itertools.combinations(range(len(rows)), 2):
        for end in [(i,) for i in range(len(rows))] + [pair]:
            x = "".join(rows[i][-1][0] for i in end)
            if (len(x) > 1 and x[0] == "0") or (len(end) == 2 and len(rows[end[1]][-1][0]) > len(rows[end[0]][-1][0])):
                continue
            trimmed = [r[:-1] if i in end else r for i, r in enumerate(rows)]
            found = len(out)
            dead.clear()
            if walk(trimmed, tuple(0 for _ in rows), glue - (len(end) - 1), [], int(x)) is None:
                return None
            for key in list(out)[found:]:
                out[key + (x,)] = out.pop(key) + [(x, rows[end[0]][-1][1])]
    return sorted(out.values(), key=switches)


def assemble_requests(blocks: list[Block], pool: Budget | None = None,
                      after: list[Block] | None = None, paged: bool = False) -> TableResult:
    """Table 三 from its region's blocks; `after`: the numbers printed right after the next
    table's heading, before anything of that table (`spilled_values`) - taken as this table's
    only where a reading order of its rows gives every one of them a cell (the result's
    `taken`); `paged`: the blocks are a text of printed pages (`_shifted_runs`)."""
    version = requests_version(blocks)
    tpl = T.REQUESTS[version]
    budget = pool  # (the name `pool` is taken by each row's readings below)
    entries = _own_version(build_entries(blocks, "requests", keep_empty=True), "requests", tpl)
    # rows whose values a reading order printed after other labels get them back
    specs = {r.key: row_spec(r, tpl) for r in tpl.rows}
    _stray_before_row(entries, specs)
    entries = _rows_under_labels(entries)
    entries = _stray_in_label_column(entries, specs, blocks, tpl)
    every = _in_table_order(entries, specs, tpl)
    taken = by_order = False
    if every is None:
        entries = _without_group_labels(entries, specs)
        args = ({k: sp.k for k, sp in specs.items()}, lambda key, toks: _keeps_sums(toks, specs[key]),
                lambda es: _column_breaks(es, specs, tpl))
        spill = build_entries(after, "requests") if after else []
        if spill and all(e.label is None for e in spill):
            # a reader that prints a page's text boxes down its left side before the boxes to the
            # right (pdfminer) prints the next table's heading, under the table at the left margin,
            # before the table's last columns: those numbers are this table's where the rows'
            # reading takes every one of them (else the table is read as without them)
            trial = [copy.copy(e) for e in entries] + spill
            for e in trial:
                e.tokens = list(e.tokens)
            got = regroup(trial, *args)
            if all(not e.tokens for e in spill):
                every, entries, taken = got, trial, True
            else:
                block = _rows_then_column_block(blocks, spill, specs, tpl)
                if block is not None:
                    every, entries, taken, by_order = block, block, True, True
        if every is None:
            every = regroup(entries, *args)
    cross_out_of_order(every, tpl)
    entries = usable(_split_overfull(every, specs))
    _one_column_two_places(entries, len(T.REQUEST_COLUMNS))
    wrapped = _over_lines(entries, specs, pool)
    padded = _lead_padding(entries, len(T.REQUEST_COLUMNS))
    packed = _grid_columns(entries, len(T.REQUEST_COLUMNS))
    packed = {id(e) for e in entries if id(e) in packed and not _packed_settled(e, specs.get(e.label))}
    unsettled = _grid_layout_doubt(entries, len(T.REQUEST_COLUMNS)) | packed | padded
    placed, conf = align(entries, [r.key for r in tpl.rows], {r.key: len(r.columns) for r in tpl.rows})
    cands = {r.key: candidates(prefer_cells(placed[r.key], len(r.columns)), specs[r.key], pool=pool)
             for r in tpl.rows if r.key in placed}
    cands.update({key: wrapped[id(e)] for key, e in placed.items() if id(e) in wrapped})
    # rows printed without their blank cells, in positioned text: the headings may place them
    zones = header_zones(blocks)
    read = {key: settle(c, zones) for key, c in cands.items()}
    by_headings = {key for key in cands if read[key] is not cands[key]}  # (their columns are no grid's guess)
    cands = read
    choice, ties = _joint_choice(cands, tpl, together=frozenset(key for key, e in placed.items() if id(e) in wrapped))
    identities = _column_score(choice, tpl)  # of the choice: the same for every row
    blank = printed_blank(every, placed, [r.key for r in tpl.rows])
    # runs the sums pin one row off the rows they were read into (printed above their labels)
    got, doubted = _shifted_runs(placed, choice, cands, blank, tpl, specs, budget) \
        if paged and not by_order else (None, set())
    shifted = got[0] if got else {}
    if got:
        placed, conf, choice, blank = _apply_shifts(*got[:2], placed, conf, choice, blank)
        cands = {**{rk: c for rk, c in cands.items() if rk in placed}, **got[2]}
        ties = {**ties, **{rk: [choice[rk]] for rk in got[2]}}
        identities = _column_score(choice, tpl)
    stray = stray_values(entries, placed)
    # (unread zeros read as blanks lose nothing: only a number that is not 0 may be a blank row's)
    nonzero = stray and stray_values(entries, placed, nonzero=True)
    unread_row = bool(nonzero) and _unread_row(entries, placed, len(T.REQUEST_COLUMNS))
    # the unread numbers themselves: what a broken sum lacks may be made of them, or not
    # (confidence.unused_beside)
    unread = {"unused_numbers": stray_numbers(entries, placed)} if stray else {}
    verdicts = list(_column_verdicts({rk: c.nums for rk, c in choice.items() if c is not None}, tpl))
    broken = any(v is False for v in verdicts)
    n_cols = len(tpl.columns)
    # columns every column identity confirms (each one decided and holding)
    confirmed = {j for j in range(n_cols) if all(v is True for v in verdicts[j::n_cols])}
    apart = stray_blocks(entries, placed) if stray else []
    proven = _proven_merges(placed, wrapped, choice, tpl) \
        if wrapped and len(confirmed) == n_cols and not stray else {}
    fields: dict[str, FieldResult] = {}
    across: dict[str, frozenset[int]] = {}  # rows whose values stand on several lines: their columns
    for row in tpl.rows:
        e = placed.get(row.key)
        c = choice.get(row.key)
        # a row whose own sum breaks with a number of the table printed unread right above or
        # below one of its cells: that number may be the rest of the cell's (wrapped in it)
        wrapped = wrapped_apart(c.refs, apart) if apart and c is not None and not c.ok else 0
        if e is None and row.key in blank:
            fields.update(_blank_row_fields("requests", row, blank[row.key], {
                "identities": identities, **({"unused_values": stray, **unread} if stray else {})}))
            continue
        # dropped blanks: other rows shift with this one, so identities cannot tell the
        # placements apart; the row's own readings measure the ambiguity
        pool = cands.get(row.key, []) if c is not None and c.how == "placed" else ties.get(row.key, [])
        # a row read all blank while numbers printed in the table's region stay unread: its
        # values may be those, printed on a line of their own (its own sum holds on blanks
        # alone; the column sums too where the report's own totals leave the numbers out - an
        # identity that holds because cells were left blank is no evidence that they are)
        lost = nonzero and c is not None and (all(x is None for x in c.cells) or (
            # (or read all 0 while a whole row of the table - as many numbers as its cells, not
            # all 0, its parts adding up to its total - stays unread: that row may be this one's,
            # printed apart from its label; the sums that hold with zeros hold without it)
            unread_row and all(parse_int(x) == 0 for x in c.cells)))
        fields.update(_fields_for_row("requests", row, e, c, pool, conf.get(row.key, 0.0),
                                      {"identities": identities, **({"unused_values": stray, **unread} if lost else {}),
                                       **({"position_inferred": True} if e is not None and id(e) in unsettled
                                          and row.key not in by_headings else {}),
                                       **({"unused_values": wrapped, **unread} if wrapped else {})},
                                      _placed_in_doubt(c, pool)))
        across[row.key] = _across_lines(c)
        if e is not None and e.moved and e.proven and (len(confirmed) < n_cols or unread_row):
            # a placement proven as the rows were regrouped rests on the table's column sums
            # holding: where the table as read breaks one (or leaves one undecided), which row
            # each value was printed for is the reading order's inference again (a row printed
            # in runs out of column order keeps its own sum: gen23_00018's 一); so too where a
            # whole row printed in the table stays unread - the sums that hold may hold because
            # it was left out (予以公开's "1 0 0 0 0 0 1" printed before its label, unread, 予以公开
            # read as zeros: 总计 and 结转下年度 then swapped keep every sum). (A lone unread
            # number - a page's, a label's piece - is no row: the proof stands.)
            for col in row.columns:
                fields[f"requests.{row.key}.{col}"].evidence["position_inferred"] = True
        if e is not None and e.rejoined and c is not None:
            # its numbers printed in two runs with other text between (the table's column
            # headings, a piece of a label): the order the reader gave the runs and the numbers
            # in them is its own - the row's sum holds for any order of its parts
            across[row.key] = frozenset(range(len(c.cells)))
        if nonzero:
            # a run of digits cut into cells while numbers of the table stay unread: those may be
            # the rests of numbers wrapped in narrow cells ("18" over "1"), read whole as 181 -
            # the cut, and the columns it gives the row, rest on their being no part of it
            for col in row.columns:
                ev = fields[f"requests.{row.key}.{col}"].evidence
                if ev.get("digits_cut") or ev.get("cut_beside"):
                    ev["unused_values"] = max(ev.get("unused_values", 0), nonzero)
                    if "unused_numbers" not in ev:
                        ev.update(unread)
    # rows the sums gave a run to, or left printed blank: which row a run belongs to is the
    # sums' inference, not the print order's
    # (or that a run the sums would let belong to a neighbour row: which row it is rests on the
    # print order alone)
    for key in {*shifted, *shifted.values(), *doubted}:
        for col in tpl.row(key).columns:
            fields[f"requests.{key}.{col}"].evidence["position_inferred"] = True
    for key in _rows_between_doubled_and_empty(every, placed, choice, tpl):
        for col in tpl.row(key).columns:
            fields[f"requests.{key}.{col}"].evidence["position_inferred"] = True
    if by_order:
        # each row's cells given by the order the rows and the column block printed them: the
        # sums pin where each row's numbers end, not which label they are (sibling rows swapped
        # keep every sum)
        for fr in fields.values():
            fr.evidence["position_inferred"] = True
    # a table whose reader cut numbers at its column edges (rows read with a number's two cells
    # joined, solve._joined_cells) may have cut off digits alike elsewhere too
    cuts_numbers = any(c is not None and c.joined for c in choice.values())
    for row in tpl.rows:
        c = choice.get(row.key)
        if not cuts_numbers or c is None or not c.ok:
            continue
        # there, one number and its total where the columns they stand in are not both
        # confirmed (a column identity breaks there, or none decides): the row's own sum holds
        # for any number printed twice alike ("14" cut to "1" in the cell and in its total) -
        # nothing checks the reading (with no column identity holding in the table at all:
        # _fields_for_row)
        if any(j not in confirmed for j in _number_and_its_total(c.cells)):
            for col in row.columns:
                fields[f"requests.{row.key}.{col}"].evidence["position_inferred"] = True
    # a column identity confirms the order of a row's lines only where no other cell of the
    # column was placed by inference (a row moved, its lines reordered, its columns guessed):
    # rows read in the same wrong order keep every column sum where the other rows print equal
    # numbers (zeros) in the columns swapped - values moved between cells are no evidence
    guessed = {(row.key, j) for row in tpl.rows for j, col in enumerate(row.columns)
               if fields[f"requests.{row.key}.{col}"].evidence.get("position_inferred") or row.key in proven}
    # a run of digits cut where other cuts keep the row's own sum as well: only the column
    # identities choose among them, and they confirm the cut only where no other cell of the
    # column is itself a guess (上年结转 and 结转下年度 printed alike, "86101131102" and
    # "8610 231102", both cut 8|61|…: the second row's own sum breaks, and the balance of the
    # column holds on the two cuts alone). Cells every such cut agrees on keep their reading
    for row in tpl.rows:
        c = choice.get(row.key)
        if c is None:
            continue
        alts = [a for a in cands.get(row.key, ())[:12] if a is not c and a.ok == c.ok and a.cells != c.cells]
        # (and where runs of digits were printed apart, the gap between them a blank cell: "414633"
        # "1211503" is 414|63|3|1|21|1|503 or, the gap a cell, 414|63|3|·|12|11|503 - a row cut
        # alike, its total row "416633" "1211505", keeps the identity between them either way)
        gaps = _gap_readings(prefer_cells(placed[row.key], len(row.columns)), specs[row.key], budget) \
            if c.how == "split" and c.ok and row.key in placed else []
        gaps = [a for a in gaps if a.cells != c.cells]
        for j, col in enumerate(row.columns):
            ev = fields[f"requests.{row.key}.{col}"].evidence
            # (a row whose numbers the reader cut at its guessed column edges, read joined: the
            # columns of all its cells are the reader's guess, not only the joined ones')
            if not ev.get("digits_cut") and not c.joined:
                continue
            others = [f"requests.{o.key}.{o.columns[j]}" for o in tpl.rows if o.key != row.key]
            if (any(a.cells[j] != c.cells[j] for a in alts)
                    and any((other.key, j) in guessed for other in tpl.rows if other.key != row.key)) \
                    or (any(a.cells[j] != c.cells[j] for a in gaps)
                        and any(fields[k].evidence.get("digits_cut") or fields[k].evidence.get("position_inferred")
                                for k in others if k in fields)):
                ev["position_inferred"] = True
    # a column identity broken in a cell of such a row: the order its lines were read in failed
    # there, so it is no evidence for the row's other columns either - two rows read in the wrong
    # order alike keep the column they swap a number in ("2 0" / "0 0 0 1 3": 其他's 0 on the
    # first line with 自然人's 2, read as 法律服务机构's; another row's 1 moved the other way)
    breaks = {j for j in range(n_cols) if any(v is False for v in verdicts[j::n_cols])}
    for row in tpl.rows:
        mine = across.get(row.key, frozenset())
        failed = bool(mine & breaks)
        for j in mine:
            if j in proven.get(row.key, ()):
                continue  # (the other rows' cells in its identities: _unproven_merges)
            if failed or j not in confirmed or any((other.key, j) in guessed for other in tpl.rows if other.key != row.key):
                fields[f"requests.{row.key}.{row.columns[j]}"].evidence["position_inferred"] = True
    # a row read cell for cell (a grid's cells, or a text's tab or comma cells) printing two
    # numbers in one cell ("11 1") where the row's sum holds only with them as two cells: the
    # table reader merged two form columns into one (camelot's stream mode guesses its column
    # edges from the text's alignment), so the rows' cells are not the form's columns - a value
    # stands where the guess put it, unless a column identity confirms its column (gen401_00017:
    # 予以公开's 16 read under 商业企业 at 0.9998; its CSV and its HTML alike)
    if any(_columns_merged(c) for key, c in choice.items()
           if c is not None and key in placed and _in_rows(placed[key])):
        for row in tpl.rows:
            e = placed.get(row.key)
            if e is None or not _in_rows(e):
                continue
            for j, col in enumerate(row.columns):
                if j not in confirmed:
                    fields[f"requests.{row.key}.{col}"].evidence["position_inferred"] = True
    _unproven_merges(fields, proven, tpl)
    return TableResult("requests", version, fields, bool(entries), taken=taken)


_LONGEST_SHIFT = 3  # rows of one chain of runs read one row off
_MOST_SHIFTS = 3  # chains moved together
_MOST_SHIFT_TRIALS = 1000  # attributions one table's search may score


def _blank_reading(k: int) -> Candidate:
    """A row printed with nothing after its label: every cell blank."""
    return Candidate((None,) * k, (None,) * k, 0.0, "exact")


def _all_hold(choice: dict[str, Candidate], tpl: T.Table) -> bool:
    """Every row's own sum and every column identity the rows decide holds."""
    if any(not c.ok for c in choice.values()):
        return False
    return not any(v is False for v in _column_verdicts({rk: c.nums for rk, c in choice.items()}, tpl))


def _placed_anew(cands: dict[str, list[Candidate]], start: dict[str, Candidate], score) -> dict[str, Candidate]:
    """One reading per row by coordinate ascent from `start` on the column identities held
    (`score`, a `_column_scorer`), then the rows' own sums, then prior - `_joint_choice`'s
    search without its paired moves and ties: enough to tell whether some placement of the
    blanks keeps every sum."""
    choice = dict(start)
    multi = [rk for rk, cs in cands.items() if len(cs) > 1]
    for _ in range(3):
        before = dict(choice)
        for rk in multi:
            choice[rk] = max(cands[rk][:12], key=lambda c: (score({**choice, rk: c}), c.ok, c.prior))
        if choice == before:
            break
    return choice


def _shift_chains(keys: list[str], runs: set[str], blank: set[str]) -> list[tuple[tuple[str, ...], int]]:
    """Runs that may be read one row off: (rows, d) - up to _LONGEST_SHIFT consecutive rows
    that took a run, next to a row printed blank; each run belongs d rows further (toward the
    blank row), and the row farthest from it is then the one printed blank."""
    pos = {k: i for i, k in enumerate(keys)}
    out = []
    for b in blank:
        for d in (1, -1):
            chain: list[str] = []
            j = pos[b] - d
            while 0 <= j < len(keys) and keys[j] in runs and len(chain) < _LONGEST_SHIFT:
                chain.append(keys[j])
                out.append((tuple(chain), d))
                j -= d
    return out


def _shifted_runs(placed: dict[str, Entry], choice: dict[str, Candidate], cands: dict[str, list[Candidate]],
                  blank: dict[str, Entry], tpl: T.Table, specs: dict[str, RowSpec],
                  pool: Budget | None) -> tuple[tuple | None, set[str]]:
    """In a text of printed pages that prints table 三 in reading order (no cells, no positions:
    a PDF text tool's order follows the page's geometry, and a row's numbers, vertically centred
    beside a label wrapped over lines, print before it), which row each run of numbers belongs
    to where a run may be read one row off (printed above its label, it is read into the row
    above; its own label then looks printed blank): the attributions that
    move up to _MOST_SHIFTS chains of runs one row (`_shift_chains`) and keep every row sum and
    column identity (the blanks placed anew, `_placed_anew`).
    Returns (the one attribution to read, or None; the rows in doubt). Where the rows as read
    hold (or hold with their blanks placed otherwise), nothing is read anew and the rows of
    every single move that holds too are in doubt - the sums cannot tell those attributions
    apart, only the print order does; where they break, the moves every set that holds makes,
    where they hold alone: ({row whose run it is: row it moves to}, every row's reading then,
    the moved runs' readings in their new rows), the rows of the other sets' moves in doubt;
    where no such set holds alone, every set's rows in doubt. Bounded: past
    _MOST_SHIFT_TRIALS sets of moves, nothing is read anew (the rows of the moves that held
    so far in doubt)."""
    keys = [r.key for r in tpl.rows]
    k = {r.key: len(r.columns) for r in tpl.rows}
    if any(getattr(t.ref, "x0", None) is not None or getattr(t.ref, "table", None) is not None
           for e in placed.values() for t in e.tokens):
        return None, set()  # (cells or positions: the layout, not the reading order, places the runs)
    now = {rk: c for rk, c in choice.items() if c is not None and rk in placed}
    now.update({rk: _blank_reading(k[rk]) for rk in blank if rk not in now})
    runs = {rk for rk, c in now.items() if rk in placed and any(x is not None for x in c.cells)}
    chains = _shift_chains(keys, runs, set(blank) - set(placed))
    if not chains:
        return None, set()
    readings: dict[tuple[str, str], list[Candidate]] = {}

    def reading(src: str, dst: str) -> list[Candidate]:
        if (src, dst) not in readings:
            readings[(src, dst)] = [c for c in candidates(prefer_cells(placed[src], k[dst]), specs[dst],
                                                          pool=pool)[:12] if c.ok]
        return readings[(src, dst)]

    last = len(tpl.columns) - 1  # 总计: the last number of a run in every reading of it
    pos = {rk: i for i, rk in enumerate(keys)}
    score = _column_scorer(tpl)  # (one memo for every attribution tried: they share most rows)

    def holds(combo) -> tuple | None:
        """The rows' readings with the chains of `combo` moved, where every sum holds."""
        moves = {r: keys[pos[r] + d] for rows, d in combo for r in rows}
        got = {dst: reading(src, dst) for src, dst in moves.items()}
        if not all(got.values()):
            return None
        ch = dict(now)
        ch.update({rows[-1]: _blank_reading(k[rows[-1]]) for rows, d in combo})
        ch.update({dst: cs[0] for dst, cs in got.items()})
        # (the totals first: where they break, no placement of the blanks holds)
        if any(v is False for v in list(_column_verdicts({rk: c.nums for rk, c in ch.items()}, tpl))[last::last + 1]):
            return None
        trial = {rk: [c] for rk, c in ch.items()}
        trial.update({rk: cands[rk] for rk in now if rk in cands and rk not in moves and rk not in got})
        trial.update(got)
        best = ch if _all_hold(ch, tpl) else _placed_anew(trial, ch, score)
        return (moves, best, got) if _all_hold(best, tpl) else None

    def touched(combo) -> list[str]:
        return [r for rows, d in combo for r in (*rows, keys[pos[rows[0]] + d])]

    def held_rows() -> set[str]:
        return {r for combo, _ in held for r in touched(combo)}

    today = _all_hold(now, tpl) or holds(()) is not None
    held = []
    trials = 0
    for n in range(1, (1 if today else _MOST_SHIFTS) + 1):
        for combo in itertools.combinations(chains, n):
            trials += 1
            if trials > _MOST_SHIFT_TRIALS:  # (not every attribution seen: none is forced)
                return None, held_rows()
            rows = touched(combo)
            if len(set(rows)) != len(rows):
                continue
            got = holds(combo)
            if got is not None:
                held.append((combo, got))
    if today or not held:
        return None, held_rows()
    # the moves every attribution that holds makes are forced - read where they hold alone;
    # the others (a run between siblings of one sum) stay the print order's, in doubt
    forced = set.intersection(*(set(combo) for combo, _ in held))
    alone = next((got for combo, got in held if set(combo) == forced), None)
    if alone is None:
        return None, held_rows()
    return alone, held_rows() - {r for c in forced for r in touched((c,))}


def _apply_shifts(shifted: dict[str, str], best: dict[str, Candidate], placed: dict[str, Entry],
                  conf: dict[str, float], choice: dict[str, Candidate], blank: dict[str, Entry]):
    """The rows as `_shifted_runs` attributes the runs: each run's entry moved to its row, every
    row read as the search read it, the rows left without a run read printed blank (their
    labels' entries)."""
    placed, conf, blank = dict(placed), dict(conf), dict(blank)
    labels = {rk: placed[rk] for rk in shifted}
    moved = {dst: (placed[src], conf[src]) for src, dst in shifted.items()}
    for src in shifted:
        placed.pop(src), conf.pop(src)
    for dst, (e, p) in moved.items():
        placed[dst], conf[dst] = e, p
        blank.pop(dst, None)
    for src, e in labels.items():
        if src not in placed:
            blank[src] = e
    choice = {rk: c for rk, c in {**choice, **best}.items() if rk in placed}
    return placed, conf, choice, blank


def _proven_merges(placed: dict[str, Entry], wrapped: dict[int, list[Candidate]], choice: dict[str, Candidate],
                   tpl: T.Table) -> dict[str, frozenset[int]]:
    """The rows read as merges of their printed lines whose columns the column identities pin
    (`_merges_pinned`, every identity of the table holding, no number of the table unread - an
    unread number may be a wrapped piece): row key -> the pinned columns. Their entries are
    marked proven (which row and column each value stands in is then no inference)."""
    every = {key: getattr(wrapped.get(id(e)), "every", None) for key, e in placed.items() if id(e) in wrapped}
    if not every or any(v is None for v in every.values()) \
            or any(not placed[key].moved or placed[key].proven for key in every):
        return {}
    pinned = _merges_pinned(choice, every, tpl)
    if not any(pinned.values()):
        return {}
    for key in pinned:
        placed[key].proven = True
    return pinned


def _unproven_merges(fields: dict[str, FieldResult], proven: dict[str, frozenset[int]], tpl: T.Table) -> None:
    """The proof of rows read as merges (`_proven_merges`) rests on the other rows' cells as
    read: where one of those is itself in doubt (`_in_doubt`), every cell of the merged rows is
    inferred again; where it stands, the cells the identities do not pin are."""
    if not proven:
        return
    void = any(_in_doubt(fr) for row in tpl.rows if row.key not in proven
               for fr in (fields.get(f"requests.{row.key}.{col}") for col in row.columns) if fr is not None)
    for key, cols in proven.items():
        row = tpl.row(key)
        for j, col in enumerate(row.columns):
            if void or j not in cols:
                fields[f"requests.{key}.{col}"].evidence["position_inferred"] = True


def _columns_merged(c: Candidate) -> bool:
    """A row read cell for cell whose sum breaks, one of its cells printing digit groups apart
    ("11 1"), and whose sum holds with every group a cell of its own: two columns in one cell."""
    if c.ok or c.how != "exact" or not c.cells or c.cells[-1] is None:
        return False
    parts = [x.strip() for x in c.cells[:-1] if x is not None and x.strip()]
    if not any(DIGIT_GROUPS.fullmatch(x) for x in parts) or not all(re.fullmatch(r"\d+(?: +\d+)*", x) for x in parts):
        return False
    total = c.cells[-1].strip()
    return total.isdigit() and sum(int(g) for x in parts for g in x.split()) == int(total) > 0


_MOST_GAPS = 4  # gaps between a row's printed runs of digits tried as blank cells


def _gap_readings(tokens: list[Token], spec: RowSpec, pool: Budget | None) -> list[Candidate]:
    """The readings that keep a row's sums where one gap between two of its printed runs of
    digits is a blank cell (text run together cell by cell keeps a blank cell's space: the
    runs' cut then leaves that column out), one gap at a time (at most _MOST_GAPS)."""
    at = [i for i in range(1, len(tokens)) if tokens[i - 1].splittable and tokens[i].splittable
          and not tokens[i - 1].blank and not tokens[i].blank]
    out: list[Candidate] = []
    for i in at[:_MOST_GAPS]:
        toks = tokens[:i] + [Token("", False, True, tokens[i].ref)] + tokens[i:]
        out.extend(a for a in candidates(toks, spec, pool=pool) if a.ok)
    return out


def _across_lines(cand: Candidate | None) -> frozenset[int]:
    """Columns of a row whose printed values stand on more than one line of text (a reader
    that prints a wrapped row's cells level with either of its label's lines: "17 5 2 2" then
    "0 0 26"): in which order the lines' values fill the columns is the reading order's guess,
    and the row's own sum holds for any order of its parts - only the column identities say
    (assemble_requests: those the other rows' cells confirm)."""
    if cand is None:
        return frozenset()
    lines = Counter(r.row for r, x in zip(cand.refs, cand.cells)
                    if x is not None and isinstance(r, Block) and r.table is None and r.row is not None)
    # (one value a line: the cells in printed order, a converter's one-cell-a-line layout)
    if len(lines) < 2 or max(lines.values()) < 2:
        return frozenset()
    return frozenset(range(len(cand.cells)))


# --- review ------------------------------------------------------------------------------

def _capacity(tokens: list[Token]) -> int:
    """How many cells the tokens could hold (run-together digits hold one per digit)."""
    return sum(sum(ch.isdigit() for ch in t.text) if t.splittable else 1 for t in tokens)


def _whole_groups(tokens: list[Token]) -> bool:
    """Tokens that are whole printed rows of one group's five cells each: table 四 printed
    as sub-tables (复议 / 直接起诉 / 复议后起诉), each under its own header."""
    n = len(T.REVIEW_COLUMNS)
    if not tokens or any(t.ref is None or t.splittable for t in tokens):
        return False
    per_row = Counter(t.ref.row for t in tokens)
    return all(c == n for c in per_row.values())


_DIGITS = re.compile(r"\d+")
_MOST_WRAPPED = 3  # numbers of one table printed wrapped (one per group's total, typically)


def _printed_numbers(tokens: list[Token]) -> list[tuple[str | None, object, bool]]:
    """The tokens' numbers in reading order (None: a blank cell): (text, ref, starts a token)."""
    out: list[tuple[str | None, object, bool]] = []
    for t in tokens:
        nums = [None] if t.blank else ([m.group(0) for m in _CHUNK.finditer(t.text)] if t.splittable else [t.text])
        out.extend((n, t.ref, j == 0) for j, n in enumerate(nums))
    return out


def _unwrapped(tokens: list[Token], k: int, m: int | None = None, down: bool = False) -> list[list[Token]]:
    """Numbers wrapped in narrow cells, whole again: a number too wide for its cell goes on
    in the cell's next line ("10" above "1" is 101), and text converters print that piece
    either right after the number (reading order: the next line or token) or after the
    whole row (under it, or at its end), in the order of the cells. With n printed numbers
    for k cells, every way of gluing the n - k surplus ones (digits only, onto a number that
    does not start with 0) by either rule, as whole-cell tokens; the identities decide.
    `m`: how many pieces to glue, where blank cells may also be dropped (n - k unknown);
    `down`: each piece printed on a later line than the number it ends (tokens whose lines
    were put in another order: a cell's next line is still below it)."""
    nums = _printed_numbers(tokens)
    m = len(nums) - k if m is None else m
    if not 1 <= m <= _MOST_WRAPPED or m >= len(nums):
        return []

    def head(j: int) -> bool:
        n = nums[j][0]
        return n is not None and _DIGITS.fullmatch(n) is not None and n[0] != "0"

    def tail(j: int) -> bool:
        n = nums[j][0]
        return n is not None and _DIGITS.fullmatch(n) is not None

    glues: list[dict[int, int]] = []  # continuation index -> index of the number it ends
    # right after: each starts a printed line or token of its own, its head is just before -
    # or, where a converter joins a cell's lines with a space (a text block printed as one
    # line: "10 1 38"), is the next number of the same line
    starts = [j for j in range(1, len(nums)) if tail(j)]
    for pos in itertools.combinations(starts, m):
        glues.append({j: j - 1 for j in pos})
    # after the row: the last m numbers end m numbers of the row, in order
    last = range(len(nums) - m, len(nums))
    if all(tail(j) for j in last):
        for pos in itertools.combinations(range(len(nums) - m), m):
            glues.append(dict(zip(last, pos)))
    out: list[list[Token]] = []
    for glue in glues:
        texts = [n for n, _, _ in nums]
        for j in sorted(glue):
            h = glue[j]
            while h in glue:  # a number wrapped over three lines
                h = glue[h]
            if not head(h) or (down and not _below(nums[j][1], nums[glue[j]][1])) \
                    or not _may_continue(nums[j][1], nums[glue[j]][1]):
                break
            texts[h] = texts[h] + nums[j][0]
        else:
            out.append([Token(texts[j] or "", False, texts[j] is None, nums[j][1])
                        for j in range(len(nums)) if j not in glue])
    return out


def _next_grid_row(b: Block, tokens: list[Token]) -> bool:
    """A row label in a grid cell, after values read from another grid: a table printed after
    table 四 (whose rows have no labels of their own)."""
    if not (b.label or "").startswith(("row.", "group.")) or b.kind != "cell" or b.table is None:
        return False
    last = getattr(tokens[-1].ref, "table", None) if tokens else None
    return last is not None and last != b.table


def _may_continue(ref, above) -> bool:
    """Whether a number printed in `ref` may be the rest of one in `above`: a grid prints a
    cell's lines inside the cell (Block.wrapped), so a number in a grid cell of its own goes on
    another only in the same grid, under it - never beside it, nor in another grid or the text
    (a line under a grid's cell may be its rest: a loader that made the grid from positions)."""
    if getattr(ref, "table", None) is None or getattr(ref, "kind", None) != "cell":
        return True
    return getattr(above, "table", None) == ref.table and getattr(above, "row", ref.row) < ref.row


def _below(ref, above) -> bool:
    return ref is not None and above is not None and ref.row > above.row


def _unwrapped_readings(tokens: list[Token], spec: RowSpec) -> list[Candidate]:
    """The readings of `_unwrapped` that keep every identity, best first (one per reading)."""
    seen: dict[tuple, Candidate] = {}
    for toks in _unwrapped(tokens, spec.k):
        for c in candidates(toks, spec):
            if c.ok and c.cells not in seen and all(x is None or x[:1] != "0" or x == "0" for x in c.cells):
                seen[c.cells] = Candidate(c.cells, c.refs, default_prior(c.cells), "split", True)
    return sorted(seen.values(), key=lambda c: -c.prior)


_MOST_REST_READINGS = 48


def _rests_and_runs(tokens: list[Token], spec: RowSpec, pool: Budget | None) -> list[Candidate]:
    """Numbers whose printed count fits the cells yet break the sums, with a number printed on
    a line below the others: that number may be the rest of one wrapped in its narrow cell
    ("10" over "1": 101), and then one printed number holds two cells - a converter that pads
    text by characters lets a wide number touch the next one ("7934" for 79 | 34). The
    readings that glue one to _MOST_WRAPPED rests below their heads (`_unwrapped`) and cut
    runs of digits so that every sum holds, one per reading (the caller marks where each
    number stands as inferred). More than _MOST_REST_READINGS ways to glue rests and none is
    the reading: each costs a search of cuts (a text of lone numbers over many lines, read in
    another order, had hundreds)."""
    seen: dict[tuple, Candidate] = {}
    tried = 0
    for m in range(1, _MOST_WRAPPED + 1):
        for toks in _unwrapped(tokens, spec.k, m, down=True):
            if len(toks) >= spec.k:
                continue
            tried += 1
            if tried > _MOST_REST_READINGS:
                return []
            runs = [Token(t.text, t.splittable or (not t.blank and len(t.text.strip()) > 1), t.blank, t.ref)
                    for t in toks]
            for c in candidates(runs, spec, pool=pool):
                if c.ok and not c.cut and all(x is None or x[:1] != "0" or x == "0" for x in c.cells):
                    seen.setdefault(c.cells, Candidate(c.cells, c.refs, c.prior, "split", True))
    return sorted(seen.values(), key=lambda c: -c.prior)


def _across_headers(tokens: list[Token], spec: RowSpec, pool: Budget | None) -> list[Candidate] | None:
    """Table 四's numbers where a reading order printed its column headings among them
    (pdftotext's default order of a WPS export: "… 2 0 1 0", "总计", "3"; or the groups'
    parts and totals in different text blocks: "72 64 178 37", "12 1 1 6", "351",
    "13 4 8 1 26", "20"): exactly as many numbers as the table has cells, one a token, read
    in printed order where every group's sum holds; else as groups whose parts are printed
    together and whose total comes after them, the groups in the order of their totals -
    where exactly one such reading keeps every sum. None where neither does. Numbers printed on
    one line ("3 12": pdfminer joins neighbouring cells that stand close) or wrapped in a narrow
    cell ("1" over "2": 12) are read by `_across_printed_lines`."""
    if any(t.splittable and len(t.text.split()) > 1 for t in tokens) or len(tokens) > spec.k:
        return _across_printed_lines(tokens, spec)
    if len(tokens) != spec.k:
        return None
    cands = candidates(tokens, spec, pool=pool)
    if cands and cands[0].ok:
        return cands
    width = len(T.REVIEW_COLUMNS)
    groups = _groups_in_flow(tokens, spec.k // width, width)
    if len(groups) != 1:
        return None
    cells = [t for g in groups[0] for t in g]
    texts = tuple(None if t.blank else t.text.strip() for t in cells)
    return [Candidate(texts, tuple(t.ref for t in cells), default_prior(texts), "placed", True)]


_MOST_REVIEW_RESTS = 2  # (three: ~35 ms of glued variants where nothing reads, 1 ms for one)


def _across_printed_lines(tokens: list[Token], spec: RowSpec) -> list[Candidate] | None:
    """`_across_headers`' readings of numbers some printed on one line with their neighbours
    ("3 12": the first group's total and the next one's first part) or one to _MOST_REVIEW_RESTS
    numbers more than cells, each surplus one the rest of a number wrapped in its narrow cell,
    printed on the line under it ("1" then "2": 12; `_unwrapped`): the numbers in printed order
    where every group's sum holds, or the groups' parts and later totals (`_groups_in_flow`, the
    groups in the order of their totals or of their parts) - numbers of one printed line in
    neighbouring cells, in their order. Only where exactly one
    reading keeps every sum (each cell's place inferred: the caller marks it); None otherwise."""
    if any(t.blank or t.text.strip() in NOT_APPLICABLE for t in tokens):
        return None
    nums: list[Token] = []
    for t in tokens:
        words = t.text.split() if t.splittable else [t.text.strip()]
        if not all(_DIGITS.fullmatch(w) for w in words):
            return None
        nums += [Token(w, False, False, t.ref) for w in words]
    surplus = len(nums) - spec.k
    if not 0 <= surplus <= _MOST_REVIEW_RESTS:
        return None
    variants = [nums] if not surplus else _unwrapped(nums, spec.k, down=True)
    width = len(T.REVIEW_COLUMNS)
    found: dict[tuple, Candidate] = {}
    for toks in variants:
        if len(toks) != spec.k:
            continue
        texts = [t.text for t in toks]
        at = {id(t): j for j, t in enumerate(toks)}
        # (the groups in the order of their totals, or of their parts: the printed lines decide)
        readings = [toks] if sums_ok(texts, spec) else [
            [t for g in groups for t in g] for r in _groups_in_flow(toks, spec.k // width, width)
            for groups in (r, sorted(r, key=lambda g: at[id(g[0])]))]
        for cells in readings:
            place = {id(t): c for c, t in enumerate(cells)}
            if any(a.ref is b.ref and a.ref is not None and place[id(b)] != place[id(a)] + 1
                   for a, b in zip(toks, toks[1:])):
                continue  # (a printed line's numbers stand in neighbouring cells, in order)
            key = tuple(t.text for t in cells)
            found.setdefault(key, Candidate(key, tuple(t.ref for t in cells), default_prior(key), "placed", True))
            if len(found) > 1:
                return None
    return list(found.values()) or None


_MOST_FLOW_READINGS = 8


def _groups_in_flow(tokens: list[Token], n: int, width: int) -> list[list[list[Token]]]:
    """The ways to read `tokens` as n groups of width - 1 parts printed together and a total
    printed later equal to their sum, the groups in the order of their totals (at most
    _MOST_FLOW_READINGS: more and the reading is not one)."""
    vals = [parse_int(t.text.strip()) if not t.blank else None for t in tokens]
    if any(v is None for v in vals):
        return []
    found: list[list[list[Token]]] = []

    def walk(i: int, waiting: list[tuple[int, int]], done: list[list[Token]]) -> None:
        if len(found) > _MOST_FLOW_READINGS:
            return
        if i == len(tokens):
            if not waiting:
                found.append(done)
            return
        for w, (start, total) in enumerate(waiting):  # the total of a group printed before
            if total == vals[i]:
                walk(i + 1, waiting[:w] + waiting[w + 1:], done + [tokens[start:start + width - 1] + [tokens[i]]])
        if len(waiting) + len(done) < n and i + width - 1 <= len(tokens):  # a group's parts
            walk(i + width - 1, waiting + [(i, sum(vals[i:i + width - 1]))], done)
    walk(0, [], [])
    return found


def _headed_numbers(blocks: list[Block], read: list[Token], seen: bool = False) -> int:
    """Numbers printed after a header of the table in `blocks` (the rest of its region), where
    there are at least a group's worth of them (a row of the table) and the numbers `read` are
    not printed again among them, in order (a converter that prints the page's text and then
    its tables as CSV): else 0. `seen`: a header stood between the numbers read and `blocks`
    (the column headings' first lines; their last lines taken for prose where the reading
    stopped: "结果 结果 其他 尚未 总")."""
    after: list[str] = []
    for b in blocks:
        if b.label == "header":
            seen = True
        elif seen and b.label == "value" and any(ch.isdigit() for ch in b.text):
            after += b.text.split()
    ours = [x for t in read if not t.blank for x in t.text.split() if any(ch.isdigit() for ch in x)]
    again = bool(ours) and any(after[i:i + len(ours)] == ours for i in range(len(after) - len(ours) + 1))
    return len(after) if len(after) >= len(T.REVIEW_COLUMNS) and not again else 0


def _said_in_words(tokens: list[Token], rows: dict[int, list[Block]]) -> bool:
    """Fewer numbers than a group of table 四 has cells, each a piece of a line that prints
    words before it (a sentence of the prose: "…被申请行政复议4 件，提起行政诉讼6")."""
    if _capacity(tokens) >= len(T.REVIEW_COLUMNS):
        return False
    for t in tokens:
        b = t.ref
        if t.blank or not isinstance(b, Block) or b.kind != "piece":
            return False
        line = rows.get(b.row, [])
        if not any(x is not b and x.label not in ("value", "blank") and x.col < b.col and _PROSE_WORD.search(x.text)
                   for x in line):
            return False
    return True


_PROSE_WORD = re.compile(r"[\u4e00-\u9fff]{4,}")


def _heading_pieces(text: str) -> bool:
    """A line of two or more words, each a piece of the table's column or group headings
    ("结果 结果 其他 尚未", "维持 纠正 结果 审结": headings wrapped in their cells, a reader printing
    each line across the columns): the table's header, not prose where the table ends."""
    words = text.split()
    names = [normalize(c.heading) for c in T.REVIEW.columns] + \
        [normalize(a) for r in T.REVIEW.rows for a in r.aliases]
    return len(words) >= 2 and all(len(w) >= 2 and any(normalize(w) in n for n in names) for w in words)


def _lone_lines(refs, region: list[Block]) -> bool:
    """Table 四's numbers each printed alone on a line of text of its own, outside any grid,
    where its column headings print side by side on a line ("维持 纠正 结果 审结": a reader
    that prints lines across the columns, not cell after cell - then its numbers, one a line,
    stand in an order of its own making): the order its cells are read in is the converter's,
    which nothing printed confirms - the table has no row labels, and no line holds two of its
    numbers side by side. Where the cells' sums hold, that order is borne out; where one breaks,
    the order may be the reader's, not the table's. (A reader printing every cell a line, its
    headings too, keeps the document's order of cells.)"""
    if not any(b.table is None and _heading_pieces(b.text) for b in region):
        return False
    blocks = [r for r in refs if isinstance(r, Block)]
    if len(blocks) < 2 or any(b.kind != "line" or b.table is not None for b in blocks):
        return False
    return len({id(b) for b in blocks}) == len(blocks) == len({b.row for b in blocks})


def assemble_review(blocks: list[Block], pool: Budget | None = None) -> TableResult:
    rows: dict[int, list[Block]] = {}
    for b in blocks:
        rows.setdefault(b.row, []).append(b)
    tokens: list[Token] = []
    before: list[Token] = []  # what a header set aside: the table itself if nothing follows
    aside: list[Token] = []  # every token a header set aside (numbers no cell may then take)
    starts: list[int] = []  # where each run a header set aside starts in `aside`
    after = 0  # numbers under a header of the table printed after the prose the reading stopped at
    headed = False  # a header of the table printed after the numbers read so far
    for i, b in enumerate(blocks):
        lab = b.label or ""
        if lab == "narrative" and _heading_pieces(b.text):
            lab = "header"
        if tokens and (lab == "narrative" or lab.startswith("heading.") or _next_grid_row(b, tokens)) \
                and any(not t.blank for t in tokens):
            after = _headed_numbers(blocks[i + 1:], tokens, headed)
            if lab == "narrative" and _said_in_words(tokens, rows) and _headed_numbers(blocks[i + 1:], []):
                # numbers inside a sentence the prose goes on with ("…提起行政诉讼6" / "件。": a
                # count the text states, wrapped at the number), fewer than a group's cells, and
                # the table's header and numbers after it: the prose's, not the table's - even
                # where the table prints them again (the count a sentence states is a group's
                # total: "…提起行政诉讼2" / "件。", then "1 1 0 0 2 …")
                tokens, after = [], 0
                continue
            # the table ended where prose resumes (its next heading may be missing), or where
            # another grid starts with a row label (table 四 has none: a table printed after it)
            break
        headed = headed or bool(tokens) and lab == "header"
        if lab in ("header", "caption") and _capacity(tokens) < len(T.REVIEW.rows) * len(T.REVIEW_COLUMNS):
            if tokens and not _whole_groups(tokens):
                # too little before a header to be the table (page numbers, blanks) - unless
                # no value follows it: then it was a note under the table
                before, tokens = tokens, []
                starts.append(len(aside))
                aside += before
            continue
        if lab not in ("value", "blank"):
            continue
        if lab == "blank" and len(rows[b.row]) > 1 and not any((x.label == "value") for x in rows[b.row]):
            if not all(x.label == "blank" for x in rows[b.row]):
                continue  # blank cells of a header row of a grid
        tokens.append(Token(b.text, run_together(b.text, b.kind), lab == "blank", b))
        headed = False
    whole = len(T.REVIEW.rows) * len(T.REVIEW_COLUMNS)
    joined = False
    # headers printed among the values (a reader's order: the 总计 header of the last group
    # before its total, a note under the table): the runs they set aside last and the rest
    # together are exactly the table, in an order the reader chose (the cells' places
    # inferred, as _across_headers reads them); runs before those are left out where
    # the numbers kept, as printed, are exactly the cells (run-together digits only say how
    # many cells they may hold)
    tail = next((j for j in starts if (_capacity(aside + tokens) == whole if j == 0 else
                 sum(len(t.text.split()) for t in aside[j:] + tokens) == whole)), None) \
        if aside and _capacity(tokens) < whole else None
    if tail is not None:
        tokens, joined = aside[tail:] + tokens, True
    elif not tokens and _capacity(before) >= len(T.REVIEW_COLUMNS):
        tokens = before
    if tokens and all(t.blank for t in tokens):
        tokens = tokens[-len(T.REVIEW.rows) * len(T.REVIEW_COLUMNS):]  # a table printed all blank
    cols = T.REVIEW_COLUMNS
    k = len(T.REVIEW.rows) * len(cols)
    # the groups are read as one run of cells: each group's identities, shifted
    sums = tuple(s for gi, row in enumerate(T.REVIEW.rows) for s in row_sums(T.REVIEW, row, gi * len(cols)))
    spec = RowSpec(k, sums=sums)
    cands = candidates(tokens, spec, pool=pool) if tokens else []
    if not (cands and cands[0].ok):
        cands = _unwrapped_readings(tokens, spec) or cands
    rejoined = False  # (rests glued and runs cut: where each number stands is inferred)
    # (as many numbers as cells: with fewer, blanks were dropped too, and the readings that
    # place them as well multiply past what a search may cost)
    if not (cands and cands[0].ok) and len(tokens) == k:
        rest = _rests_and_runs(tokens, spec, pool)
        cands, rejoined = rest or cands, bool(rest)
    chosen = cands[0] if cands else None
    # numbers printed in the table's region that the reading leaves out: a table read as
    # blank (or partly) while values stand before a repeated header is not read
    used = {id(r) for r in chosen.refs if r is not None} if chosen else set()
    unused = sum(1 for t in aside if not t.blank and t.ref is not None and id(t.ref) not in used
                 and t.text.strip() not in NOT_APPLICABLE and any(ch.isdigit() for ch in t.text))
    flowed = joined or rejoined
    if unused and (across := _across_headers(aside + tokens, spec, pool)) is not None:
        # the table's numbers printed with its column headings among them: read as one run
        cands, chosen, unused, flowed = across, across[0], 0, True
    # (a table whose header and a row of numbers come after what was read: what was read may be
    # another table's numbers, taken for this one's where a cut label made them look headed)
    unused += after
    fields: dict[str, FieldResult] = {}
    shares = _softmax_shares(cands, chosen) if chosen is not None else []
    lone = chosen is not None and _lone_lines(chosen.refs, blocks)
    loose = _surplus_heading_loose(tokens, chosen, spec) if chosen is not None else set()
    for gi, row in enumerate(T.REVIEW.rows):
        for j, col in enumerate(cols):
            key = f"review.{row.key}.{col}"
            if chosen is None:
                fields[key] = FieldResult(key, None, "", {"found": False, "placement": 0.0,
                                                          "row_seen": bool(tokens) or unused > 0})
                continue
            idx = gi * 5 + j
            raw = chosen.cells[idx]
            ref = chosen.refs[idx]
            fields[key] = FieldResult(key, parse_int(raw), raw or "", {
                "found": True, "placement": 0.9, "label_proba": 0.9, "labelled": True, "how": chosen.how,
                "row_ok": chosen.ok, "n_cands": len(cands), "share": shares[idx],
                "block_proba": getattr(ref, "proba", 1.0) if ref is not None else 1.0,
                "text_confidence": getattr(ref, "text_confidence", None), "identities": 0,
                "malformed": malformed_count(raw), **({"search_cut": True} if chosen.cut else {}),
                **_read_evidence(raw, ref, tokens, chosen),
                # sub-tables or rows with dropped blanks: which group a printed row belongs to
                # is inferred from the layout, and each group's own sum holds in any group
                **({"position_inferred": True} if chosen.how == "placed" or flowed else {}),
                # (a cell whose column the loader left in doubt, in a table with blanks: the
                # number may stand in a blank's place - headings stacked over lines)
                **({"position_inferred": True} if getattr(ref, "column_doubt", False)
                   and any(not c for c in chosen.cells) else {}),
                **({"heading_placed": True} if getattr(ref, "column_headed", False)
                   and any(not c for c in chosen.cells) else {}),
                **({"position_inferred": True} if idx in loose else {}),
                **({"unused_values": unused} if unused else {}),
                **({"order_unproven": True} if lone else {}),
            }, ref if isinstance(ref, Block) else None)
    return TableResult("review", "any", fields, len(tokens) >= len(T.REVIEW_COLUMNS) or any(not t.blank for t in tokens))


def _surplus_heading_loose(tokens: list[Token], chosen: Candidate, spec: RowSpec) -> set[int]:
    """A row read with a blank left out whose place the loader saw (Block.blank_seen: a column
    the header's headings show, no number under it): the header showed more columns than the
    table has, so where its headings put each number is no proof (pdftotext -layout's stacked
    headings of table 四, "结果" over "维持", drifting apart line by line: 16 columns for 15, a
    number one column off). The cells whose place the row's sums do not settle either - a
    number and the blank beside it swapped, the row's sums holding both ways (an addend beside
    a blank addend) - are inferred (returned: their indexes); a total the sums pin stays."""
    if chosen.how != "trimmed":
        return set()
    used = {id(r) for r in chosen.refs if r is not None}
    if not any(t.blank and getattr(t.ref, "blank_seen", False) and id(t.ref) not in used for t in tokens):
        return set()
    cells, out = list(chosen.cells), set()
    for j in range(len(cells) - 1):
        if (cells[j] is None) == (cells[j + 1] is None):
            continue
        swapped = cells[:j] + [cells[j + 1], cells[j]] + cells[j + 2:]
        if sums_ok(swapped, spec):
            out |= {j, j + 1}
    return out


def assemble(doc: Document) -> Assembly:
    regions = find_regions(doc.blocks)
    pool = Budget(limits.DOCUMENT_SOLVE_STEPS)  # what all row searches of the document may cost
    tables: dict[str, TableResult] = {}
    spill = spilled_values(doc.blocks, regions["review"]) if "requests" in regions and "review" in regions else []
    for name, fn in (("active", assemble_active), ("requests", assemble_requests), ("review", assemble_review)):
        if name in regions:
            s, e = regions[name]
            if name == "requests":
                tables[name] = fn(doc.blocks[s:e], pool, after=spill, paged=bool(doc.meta.get("printed_pages")))
                copy = _grid_copy(doc.blocks, s, e)
                if copy:
                    again = fn(copy, pool)
                    if _no_worse(again, tables[name]) and _inferred(again) < _inferred(tables[name]):
                        tables[name] = again
            elif name == "review" and spill and tables["requests"].taken:
                gone = {id(b) for b in spill}
                tables[name] = fn([b for b in doc.blocks[s:e] if id(b) not in gone], pool)
            elif name == "review":
                tables[name] = _review_past_spill(doc.blocks[s:e], spill, pool)
                if not tables[name].found and _headers_alone(doc.blocks, s, e) \
                        and not _numbers_after_last_cell(doc.blocks, regions.get("requests"), tables.get("requests")):
                    tables[name] = _headers_alone_table()
            else:
                tables[name] = fn(doc.blocks[s:e], pool)
                _cut_columns(tables[name], doc.blocks, s, e, doc.meta.get("furniture") or ())
    _stacked_labels(doc.blocks, tables)
    if "active" in tables and any(fr.evidence.get("unit_unstated") for fr in tables["active"].fields.values()):
        _amount_units(tables["active"], doc, regions["active"])
    return Assembly(tables, regions)


def _review_header_chars() -> Counter:
    """The characters of table 四's printed header: its row labels (the groups: 行政复议,
    未经复议直接起诉, 复议后起诉) and each group's column headings."""
    out: Counter = Counter()
    for row in T.REVIEW.rows:
        out.update(row.label)
        for col in T.REVIEW_COLUMNS:
            out.update(T.REVIEW.column(col).heading)
    return out


def _review_numbers(line: list[Block]) -> bool:
    """Whether a line may print a row of table 四's numbers: numbers with no words beside them,
    or beside a label of its groups (a table printed transposed: "行政复议 1 0 0 0 1"). Not a
    number a sentence or a label of prose states on its line (网站标识码：…)."""
    text = "".join(b.text for b in line)
    if not any(ch.isdigit() for ch in text):
        return False
    words = "".join(ch for ch in text if ch.isalpha())
    return not words or any(a in words for row in T.REVIEW.rows for a in row.aliases)


def _headers_alone(blocks: list[Block], s: int, e: int) -> bool:
    """Table 四 printed as its headers alone: after its heading every character of its header
    (group labels and each group's column headings, wrapped or interleaved as a converter
    prints them), no digit before the next part's heading, and no line past it to the end that
    may print its numbers (`_review_numbers`). A report that leaves its row
    of numbers empty prints just this where the converter drops empty rows (links, a PDF's
    text); a row it lost or moved leaves its numbers somewhere after the headers - below them
    before the next heading (a page break), or after it (a reader's order)."""
    if e >= len(blocks) or s >= e or not (blocks[s].label or "").startswith("heading.") \
            or blocks[e].label not in _END_HEADINGS:
        return False
    region = blocks[s + 1:e]
    if any(ch.isdigit() for b in region for ch in b.text):
        return False
    if _review_header_chars() - Counter(ch for b in region for ch in b.text):
        return False
    lines: dict[int | None, list[Block]] = {}
    for b in blocks[e:]:
        lines.setdefault(b.row, []).append(b)
    return not any(_review_numbers(line) for line in lines.values())


def _numbers_after_last_cell(blocks: list[Block], region: tuple[int, int] | None,
                             table: TableResult | None) -> bool:
    """Numbers printed between table 三's last cell read and the end of its region (四's
    heading): a reader's box order may print 四's row there, before 四's heading."""
    if region is None or table is None:
        return False
    s, e = region
    at = {id(b): i for i, b in enumerate(blocks[s:e], s)}
    last = max((at[id(fr.block)] for fr in table.fields.values() if fr.block is not None and id(fr.block) in at),
               default=s)
    return any(b.label == "value" and any(ch.isdigit() for ch in b.text) for b in blocks[last + 1:e])


def _headers_alone_table() -> TableResult:
    """Table 四 read blank from its headers alone (`_headers_alone`): every cell blank, as a
    printed row of blank cells reads; whether the converter kept the report's numbers is for
    confidence.unkept_blank_rows to judge (evidence `headers_alone`)."""
    fields = {}
    for row in T.REVIEW.rows:
        for col in T.REVIEW_COLUMNS:
            key = f"review.{row.key}.{col}"
            fields[key] = FieldResult(key, None, "", {
                "found": True, "placement": 0.9, "label_proba": 0.9, "labelled": True, "how": "exact",
                "row_ok": True, "n_cands": 1, "share": 1.0, "headers_alone": True})
    return TableResult("review", "any", fields, True)


_BEFORE_ROWS = ("header", "caption", "blank", "break")
_CUT_LEAD_IN = 8  # blocks before a table's header looked through for a cut heading's rest


def _cut_columns(table: TableResult, blocks: list[Block], s: int, e: int, furniture=()) -> None:
    """Table 二's cells in a column whose heading the converter printed cut (headings.cut_headings:
    the header cells of the region and those right before its first row) are no reading of the
    report: the converter lost text of that column's cells (evidence "heading_cut") - a blank
    may be a number lost whole, a number one that lost its first or last digits (142 printed 42).
    A printed number only where the heading's lost rest is printed nowhere near (a heading
    wrapped over lines, 本年新 / 制作数量, whose first line no header cell holds, is no cut).
    Nor is a heading whose rest the loader took for page furniture (`furniture`: the lines it
    dropped as running headers, "本年处理" / "决定数量" wrapped over a page break, the rest at the
    same place on both pages): the converter printed it."""
    if table.version is None or table.version not in T.ACTIVE:
        return
    i = s
    while i > 0 and (blocks[i - 1].label or "") in _BEFORE_ROWS:
        i -= 1
    columns = T.ACTIVE[table.version].columns
    cut = cut_headings(blocks[i:e], columns)
    dropped = furniture_pieces(furniture)
    cut = {col: p for col, p in cut.items() if heading_rest(columns, col, p) not in dropped}
    if not cut:
        return
    lost = cut_rests(cut, columns, blocks[max(0, i - _CUT_LEAD_IN):e])
    for key, fr in table.fields.items():
        col = key.rsplit(".", 1)[-1]
        if col in cut and (fr.value is None or col in lost):
            fr.evidence["heading_cut"] = cut[col]


def _stacked_labels(blocks: list[Block], tables: dict[str, TableResult]) -> None:
    """Row labels printed one after another on one line with no cell between them, the numbers
    after the last ("（四）无法提供7. 属于行政执法案卷…1. 本机关不掌握相关政府信息2. 没有现成信息需要另行制作3. 补正后申请内容仍不明确1 1":
    a PDF text block holding a column of labels, the cells of one row beside them): which of
    these rows the numbers are is the reading order's guess - the table's sums hold whichever
    row of a group they are given (column sums do not tell rows apart), and the row sums hold
    in any row. Every cell of those rows, numbers and blanks, rests on that guess: its position
    was inferred (evidence.INFERRED), never near-certain."""
    fields = {k: fr for t in tables.values() for k, fr in t.fields.items()}
    if not fields:
        return
    i, n = 0, len(blocks)
    while i < n:
        j = i
        while j < n and blocks[j].row == blocks[i].row:
            j += 1
        run: list[str] = []
        for b in blocks[i:j]:
            lab = b.label or ""
            if lab in ("value", "blank"):
                if len(run) >= 2:
                    for k, fr in fields.items():
                        if k.rsplit(".", 1)[0] in run:
                            fr.evidence["position_inferred"] = True
                run = []
            elif not lab.startswith("row."):
                if not lab.startswith("group."):
                    run = []  # (labels apart by text are no column of labels)
            else:
                key = lab[4:]
                if run and (key == run[-1] or run[-1].startswith(key + ".")):
                    continue  # (a merged cell's label repeated in each column it spans)
                if run and key.startswith(run[-1] + "."):
                    run.pop()  # (a group's own label before its first row: "（六）其他处理", "1.申请人…")
                run.append(key)
        i = j


# rows of table 三 a grid prints past its region (its own row labels) for it to be the table again
_GRID_COPY_ROWS = 8


def _grid_copy(blocks: list[Block], s: int, e: int) -> list[Block]:
    """Table 三 printed as a grid where the text of its region prints it as lines: a converter
    that writes each page's text and then the page's tables (PyMuPDF's find_tables after
    get_text) prints table 三's grid after table 四's heading, which ends the region (and after
    the parts after it, where they are on the same page). The
    region's heading and its grid rows, with the grid rows past the region that are table 三's
    (a row label of it in a cell, the row's other cells with it), where there are at least
    _GRID_COPY_ROWS of them and the region's own row labels are lines; [] otherwise."""
    own = [b for b in blocks[s:e] if (b.label or "").startswith("row.requests.")]
    if not own or any(b.kind == "cell" for b in own) and all(b.kind == "cell" for b in own):
        return []  # (the region reads its rows from a grid already)
    rows: dict[int, list[Block]] = {}
    for b in blocks[e:]:
        if b.kind == "cell":
            rows.setdefault(b.row, []).append(b)
    copied = [r for r, bs in rows.items() if any((b.label or "").startswith("row.requests.") for b in bs)]
    if len({b.label for r in copied for b in rows[r] if (b.label or "").startswith("row.requests.")}) < _GRID_COPY_ROWS:
        return []
    head = [blocks[s]] if (blocks[s].label or "").startswith("heading.") else []
    return head + [b for b in blocks[s + len(head):e] if b.kind == "cell"] + [b for r in copied for b in rows[r]]


def _no_worse(table: TableResult, than: TableResult) -> bool:
    """Every field of `table` found, no printed number of it left out, and no row whose sums do
    not hold that `than` reads with its sums holding (a publisher's own broken sum breaks both)."""
    return bool(table.fields) and all(
        fr.evidence.get("found") and not fr.evidence.get("unused_values")
        and (fr.evidence.get("row_ok") is True or (k in than.fields and than.fields[k].evidence.get("row_ok") is not True))
        for k, fr in table.fields.items())


def _inferred(table: TableResult) -> int:
    """Fields of a table whose reading rests on an inference about the layout (evidence.INFERRED)."""
    return sum(1 for fr in table.fields.values()
               if any(fr.evidence.get(k) for k in INFERRED) or fr.evidence.get("how") in INFERRED_READINGS)


def _holds(table: TableResult) -> bool:
    """Table 四 read whole: every field found, in a reading whose every sum holds, no printed
    number of its region left out."""
    return bool(table.fields) and all(
        fr.evidence.get("found") and fr.evidence.get("row_ok") is True and not fr.evidence.get("unused_values")
        for fr in table.fields.values())


def _review_past_spill(blocks: list[Block], spill: list[Block], pool: Budget | None) -> TableResult:
    """Table 四 where numbers printed right after its heading were not taken by table 三 (a
    reader printing table 三's last columns after the heading, pdfminer's box order, where no
    reading of 三's rows took them): read with them as printed; where that reading breaks a sum
    or leaves numbers out, and the numbers after them alone are the whole table with every sum
    holding, those are the table - the numbers before stay printed in its region that no cell
    took (`unused_values`: which table they are is the order's, not proven)."""
    table = assemble_review(blocks, pool)
    if _holds(table):
        return table
    for gone in (spill, _column_before_last_header(blocks), _numbers_before_headers(blocks)):
        if not gone:
            continue
        ids = {id(b) for b in gone}
        past = assemble_review([b for b in blocks if id(b) not in ids], pool)
        if not _holds(past):
            continue
        n = sum(len(_DIGITS.findall(b.text)) for b in gone if b.label == "value")
        for fr in past.fields.values():
            fr.evidence["unused_values"] = fr.evidence.get("unused_values", 0) + n
        return past
    return table


def _column_before_last_header(blocks: list[Block]) -> list[Block]:
    """The numbers printed one a line right before table 四's last header (its last group's 总计)
    that are more than the table has cells: a reader printing a page's text boxes a column at a
    time (pdfminer) prints the boxes standing above that header - table 三's cells in the same
    column, its 总计 - after the boxes left of them and before the header. Only as many as the
    region prints numbers beyond the table's cells, each a line of its own; [] where none."""
    # (the last header with its own number right under it: a note under the table may follow)
    last = next((i for i in range(len(blocks) - 1, -1, -1) if blocks[i].label == "header"
                 and next((b.label for b in blocks[i + 1:] if b.label != "break"), None) == "value"), None)
    if last is None:
        return []
    count = sum(len(_DIGITS.findall(b.text)) for b in blocks if b.label == "value")
    extra = count - len(T.REVIEW.rows) * len(T.REVIEW_COLUMNS)
    if extra <= 0:
        return []
    out: list[Block] = []
    for b in reversed(blocks[:last]):
        if len(out) == extra:
            break
        if b.label == "break":
            continue
        if b.label != "value" or len(_DIGITS.findall(b.text)) != 1 or b.text.strip() != _DIGITS.findall(b.text)[0]:
            return []
        out.append(b)
    return out if len(out) == extra else []


def _numbers_before_headers(blocks: list[Block]) -> list[Block]:
    """The first numbers of table 四's region where its column headers follow them and both they
    and the numbers after the headers are a whole table's worth: a reader that prints the next
    page's text in its boxes' order may print table 三's last cells, carried over to the page,
    after table 四's heading (and a line of prose) and before 四's headers. [] where not."""
    start = next((i for i, b in enumerate(blocks) if b.label == "value"), None)
    end = next((i for i in range(start, len(blocks)) if blocks[i].label == "header"), None) \
        if start is not None else None
    if end is None or any(b.label not in ("value", "blank", "break") for b in blocks[start:end]):
        return []
    whole = len(T.REVIEW.rows) * len(T.REVIEW_COLUMNS)
    count = lambda bs: sum(len(_DIGITS.findall(b.text)) for b in bs if b.label == "value")  # noqa: E731
    if count(blocks[start:end]) < whole or count(blocks[end:]) < whole:
        return []
    return [b for b in blocks[start:end] if b.label in ("value", "blank")]


def spilled_values(blocks: list[Block], region: tuple[int, int]) -> list[Block]:
    """The blocks of numbers printed right after table 四's heading, before anything else of it
    (a header, a caption, prose): table 三's last columns where a reader printed the heading
    before them (pdfminer's box order); assemble_requests decides. [] where none."""
    s, e = region
    if s >= min(e, len(blocks)) or not (blocks[s].label or "").startswith("heading."):
        return []  # (an empty region: table 四 found by no heading where the file ends)
    out: list[Block] = []
    for b in blocks[s + 1:e]:
        if b.label not in ("value", "blank", "break"):
            break
        out.append(b)
    if any(b.label == "value" for b in out):
        return out
    return _column_past_headers(blocks[s + 1:e])


def _column_past_headers(blocks: list[Block]) -> list[Block]:
    """The numbers printed after table 四's heading and its first headers where the numbers after
    them and the headers that follow are table 四 whole: a reader printing table 三's last
    column(s) as a block after the rows (WeasyPrint's narrow table through pdftotext: "行政复议"
    "行政诉讼" "总" "计", then one number a line, then 四's other headers and its cells) prints
    them past 四's first headers; assemble_requests decides. [] where not."""
    i = 0
    while i < len(blocks) and blocks[i].label in ("header", "break"):
        i += 1
    if not any(b.label == "header" for b in blocks[:i]):
        return []
    j = i
    while j < len(blocks) and blocks[j].label in ("value", "blank", "break"):
        j += 1
    run, rest = blocks[i:j], blocks[j:]
    count = lambda bs: sum(len(_DIGITS.findall(b.text)) for b in bs if b.label == "value")  # noqa: E731
    if not count(run) or not rest:
        return []
    # (a number or pair for each row of table 三 in some version: no other run of numbers)
    if not any(count(run) % len(t.rows) == 0 for t in T.REQUESTS.values()):
        return []
    # (the rest still holds a whole table 四: the run is no part of it)
    if count(rest) < len(T.REVIEW.rows) * len(T.REVIEW_COLUMNS):
        return []
    return run
