"""Rows whose values were printed away from their labels: another reading order.

A PDF reader's default order (and other converters that follow text blocks, not table
rows) prints a table block by block: the labels of several rows one after another, then
the values of all of them, row after row; or a row's values above its vertically centred
label. The assembler's entries then show a run of labelled rows of which some hold no
values and one holds the values of all. `regroup` gives each row of such a run its own
cells back, in printed order, when the run holds exactly as many values as its rows have
cells and every row's own identity (parts add up to the total) holds in that reading; the
moved rows are marked, since which row a value belongs to is then inferred from the
order, not read next to its label. Other readings of the same values, tried in turn when
printed order breaks a row's sum: each row's first cell beside its label and the rows' other
cells after the last label (a block of columns), or each row's first cell the first number after
its own label and the rows' other cells after (a label wrapped round its centred first cell,
`_heads_then_rows`); the values column by column (every row's
first cell, then every row's second ...); and some rows keeping the values printed
right after their own label (a total among the rows around it), taken only where the
table's column sums hold better that way; and blocks of one or two neighbouring columns,
each row by row (a reader's text box holding two columns whose cells share a line), for
values printed after all the run's labels too - one such block may hold some rows' two cells
on one line and the others' a cell a line (pdfminer), read by the sums in an order its print
allows (`_mixed_block`; where its search gives up, the block walked in printed order,
`_ordered_block`); a page of rows whose first two columns the reader printed beside their label
groups, the other columns after the last label (`_interleaved`; where the run is one number
short, a block of two columns printed a row a line with one row's line a lone 0: that row's other
cell blank, `_gapped_blocks`; a row's pair printed right under its label among the labels,
`_pairs_beside_labels`); a row whose label and first two
cells were printed apart from the block's other labels (`_late_row`); and a block holding one
number that is no cell (a page number: `_one_too_many`). Before all these, a row label printed
after the labels of the rows right below it, its values before them, is put back in its place
(`_labels_after_next_group`).
"""
from __future__ import annotations

import copy
import itertools
import re
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from itertools import combinations, product

from .solve import Token

# words a converter prints from a vertically written group label ("（四）无法提供" one
# character per line) that also read as "not applicable" values
_WORD_VALUES = {"无", "空"}
# rows of a run that may keep the values after their own label, tried in every combination
_MAX_ANCHORED = 8


def regroup(entries: Sequence, widths: dict[str, int], row_ok: Callable[[str, list], bool],
            breaks: Callable[[list], int] | None = None) -> list:
    """Entries with the values of runs of labelled rows redistributed (see the module's
    doc). `entries`: the assembler's entries in printed order, labelled ones without
    tokens included; `widths`: cells per row label; `row_ok(label, tokens)`: whether a
    row's cells, one token each, keep the row's identities; `breaks(entries)`: how many of
    the table's column identities the entries' tokens as they stand break. Entries are
    changed in place (their tokens, and `moved` on those given values that were printed
    elsewhere)."""
    entries = list(entries)
    doubted = _labels_after_next_group(entries, widths, row_ok)
    table_breaks = (lambda: breaks(entries)) if breaks else None
    typical = _typical(entries, widths)
    # cells per row as printed, then (when most rows print fewer) as most rows print them
    readings = [widths] + ([{k: typical for k in widths}] if typical else [])
    i = 0
    while i < len(entries):
        e = entries[i]
        if e.label not in widths or len(_cells(e.tokens) or ()) in (widths[e.label], typical):
            i += 1
            continue
        for per_row in readings:
            end = _window(entries, i, per_row)
            if end is not None and _own_grid_rows(entries[i:end]):
                continue
            if end is not None and _redistribute(_in_order(entries, i, end, per_row), per_row, row_ok, table_breaks,
                                                 _after_silent(entries, i, widths), exact=per_row is widths):
                i = end
                break
        else:
            end = _interleaved(entries, i, widths, row_ok)
            # (a row printed late explains values beyond the block's rows' cells before a stray number does)
            if end is None and breaks is not None:
                end = _late_row(entries, i, widths, row_ok, breaks)
            if end is None and breaks is not None:
                end = _one_too_many(entries, i, widths, row_ok, breaks)
            if end is None and breaks is not None:
                end = _lone_cells(entries, i, widths, row_ok, breaks)
            i = end if end is not None else i + 1
    for e in entries:
        if id(e) in doubted:
            e.proven = False
    return entries


def _labels_after_next_group(entries: list, widths: dict[str, int], row_ok) -> set[int]:
    """Row labels printed after the labels of the rows below them, their rows' values before
    those labels (pdftotext's default order of a page break inside a table: "7.属于行政执法案卷"
    and its seven numbers, the page's header, "0 0 0 0 0 0 0", then (四)'s labels "1.本机关不掌握…"
    "2.没有现成信息…" "3.补正后…", then "8.属于行政查询事项" and the 21 numbers of (四)'s rows). Where
    the labels right before such a label L are the rows right below it, in order, printed with
    no value (words of a vertical group label aside), the label before them is the row right
    above L with its cells whole, and between them one unlabelled run holds exactly L's cells
    keeping L's sums (other numbers there fewer than a row's: a page's number): that run is L's
    row (its values printed apart from its label: moved), and the values printed after L
    follow the last of the rows' labels, as they would print without L. Entries changed in
    place; returns the ids of the rows below L: no reading of theirs is proven (L's label
    printed in its place, its values right after it, and the run before it the first of
    those rows' keeps every sum as well - the order of the labels alone says which)."""
    order = {k: n for n, k in enumerate(widths)}
    doubted: set[int] = set()
    for at, late in enumerate(entries):
        if late.label not in widths or at == 0:
            continue
        j = at - 1
        block = []  # the labels printed right before `late`, last first
        while j >= 0 and entries[j].label in widths and all(t.text.strip() in _WORD_VALUES for t in entries[j].tokens):
            block.append(entries[j])
            j -= 1
        rows = [order[e.label] for e in reversed(block)]
        if not block or rows != list(range(order[late.label] + 1, order[late.label] + 1 + len(block))):
            continue
        gap = []
        while j >= 0 and entries[j].label is None:
            gap.append(entries[j])
            j -= 1
        above = entries[j] if j >= 0 else None
        if above is None or above.label not in widths or order[above.label] != order[late.label] - 1 \
                or cell_count(above.tokens) != widths[above.label]:
            continue
        k = widths[late.label]
        counts = [_cells(e.tokens) for e in gap]
        whole = [e for e, c in zip(gap, counts) if c is not None and len(c) == k]
        if len(whole) != 1 or any(c is None or len(c) > k for c in counts) \
                or not row_ok(late.label, _cells(whole[0].tokens)):
            continue
        own = whole[0]
        own.label, own.label_block, own.moved = late.label, late.label_block, True
        # (the values after it follow the last of the rows' labels, as printed without it)
        block[0].tokens = block[0].tokens + late.tokens
        late.label, late.label_block, late.tokens = None, None, []
        doubted |= {id(e) for e in block}
    return doubted


def _lone_cells(entries: list, i: int, widths: dict[str, int], row_ok, breaks) -> int | None:
    """A run of row labels printed with no value, then one number a row after them all (a
    report printing only its rows' 总计, the other cells blank; a reader printing the labels'
    box before the values' column, pdfminer): each row its one number, in printed order -
    only where then every column sum of the table holds (the sums, not the count, say whose
    each number is; the rows are marked moved). The end of the run, or None."""
    ones = {k: 1 for k in widths}
    end = _window(entries, i, ones)
    if end is None:
        return None
    block = _in_order(entries, i, end, ones)
    run = [e for e in block if e.label is not None]
    if len(run) < 5 or any(e.tokens for e in run[:-1]):
        return None  # (values printed beside their own labels are read as such)
    if run[-1].label != list(widths)[-1] or any(e.label is not None for e in entries[end:]):
        return None  # (the column after all the labels of the table's last rows: a few rows' lone
        # numbers inside a table read otherwise are no such column)
    cells = [_cells(e.tokens) for e in block]
    if any(c is None for c in cells):
        return None
    tokens = [t for c in cells for t in c]
    if len(tokens) != len(run) or any(t.text.strip() in _WORD_VALUES for t in tokens):
        return None
    parts = [[t] for t in tokens]
    if not all(row_ok(e.label, p) for e, p in zip(run, parts)):
        return None
    table_breaks = lambda: breaks(entries)  # noqa: E731
    if _breaks_with(run, parts, table_breaks):
        return None
    moved = any(t.text.strip() not in ("0", "") for t in tokens)
    for e, p in zip(run, parts):
        e.tokens = p
        e.moved = moved
    for e in block:
        if e.label is None:
            e.tokens = []
    return end


def _own_grid_rows(run: Sequence) -> bool:
    """Rows of a grid, each printing its label and its cells in one grid row, blank cells
    among them: every row's cells stand in its own printed row. Where a table reader's grid
    has other columns than the form's (a label column cut in three, a page's columns merged),
    the rows' counts of cells say nothing of cells printed away from their labels (three
    cells of one row and eleven of the next are no two rows of seven)."""
    labelled = [e for e in run if e.label is not None]
    rows = [getattr(e, "grid_row", None) for e in labelled]
    return (len(labelled) == len(run) and None not in rows and len(set(rows)) == len(rows)
            and any(t.blank for e in labelled for t in e.tokens)
            and all(getattr(t.ref, "row", None) == e.grid_row for e in labelled for t in e.tokens))


def _typical(entries: Sequence, widths: dict[str, int]) -> int | None:
    """How many values most rows print next to their own label, when that is fewer than
    their cells (blank cells dropped, the same columns filled in every row: "26 26"): a
    run of rows printed apart from their labels then holds that many per row."""
    counts = Counter(n for e in entries if e.label in widths and (n := cell_count(e.tokens)))
    if not counts:
        return None
    (n, seen), *rest = counts.most_common(2)
    short = n < min(widths.values())
    return n if short and seen >= 3 and (not rest or seen > rest[0][1]) else None


def cell_count(tokens: list) -> int | None:
    """How many cells the tokens are: one each, None if one may hold several (run-together)."""
    for t in tokens:
        if t.splittable and len(t.text.split()) > 1:
            return None
    return len(tokens)


def _cells(tokens: list) -> list | None:
    """The tokens one cell each: a printed line of several numbers ("21 0": neighbouring
    cells a reader joined on one line) as one token per number, each marked with the line it
    came from (`_Piece`); None where a token's words are not all numbers."""
    out = []
    for t in tokens:
        words = t.text.split() if t.splittable else []
        if len(words) > 1:
            if not all(_NUMBER.fullmatch(w) for w in words):
                return None
            out.extend(_Piece(w, False, False, t.ref, id(t), j, getattr(t, "late", None)) for j, w in enumerate(words))
        else:
            out.append(t)
    return out


def cells_apart(tokens: list) -> list | None:
    """The tokens one cell each, a printed line of several numbers a token per number
    (`_cells`); None where a token's words are not all numbers."""
    return _cells(tokens)


@dataclass
class _Piece(Token):
    """One number of a printed line of several (`_cells`): a token of its own, whose
    neighbours on the line stand in the same row, in the next columns."""
    line: int = 0  # id of the printed line's token
    at: int = 0  # its place on the line
    late: str | None = None  # the row whose own line it is, printed after the run (`_late_row`)


_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")


def _window(entries: list, i: int, widths: dict[str, int], extra: int = 0) -> int | None:
    """The end (exclusive) of the shortest run of labelled rows from i whose values number
    as many as their cells (less words of a vertical label; plus `extra`), at least two rows;
    values printed with no label right after the run's labels (the labels a block, the values
    after it) count as the run's."""
    have = need = rows = 0
    words = 0
    after = False  # past the labels, among values printed with none
    first_only = True  # only the first row printed values so far
    for j in range(i, len(entries)):
        e = entries[j]
        own = _own_line(entries, i, j, widths)
        if e.label is None and j > i and e.tokens:
            after = after or not own
        elif e.label not in widths or after:
            return None
        else:
            if first_only and _late_label(e, entries, i, widths):
                continue
            rows += 1
        cells = _cells(e.tokens)
        if cells is None:
            return None
        have += len(cells)
        need += widths[e.label] if e.label is not None else 0
        words += sum(1 for t in e.tokens if t.text.strip() in _WORD_VALUES)
        if rows > 1 and need + extra - have in range(-words, 1) and have > 0:
            return j + 1
        if j > i and e.tokens and not own:
            first_only = False
        if have - words > need + max(widths.values()) and not (first_only and _empty_label_next(entries, j, widths)):
            return None  # (the first row's values, then the labels of the rows they are: go on)
    return None


def _own_line(entries: Sequence, i: int, j: int, widths: dict[str, int]) -> bool:
    """Whether entries[j] is the run's first row's values printed on a line of their own
    right under its label (which holds none), before the next row's label: the row's own,
    not values printed after the run's labels."""
    return (j == i + 1 and entries[j].label is None and not entries[i].tokens
            and j + 1 < len(entries) and entries[j + 1].label in widths)


def _late_label(e, entries: Sequence, i: int, widths: dict[str, int]) -> bool:
    """A label printed with no value in a run starting at entries[i] whose row stands above the
    run's first row and above a row whose label was printed before the run (`widths` in the
    table's row order): a label the reader printed late (a WPS export's "一、本年新收…" among
    the result rows' labels), not one of the run's rows - looked for only while the first row
    alone printed values (its own, then the others')."""
    if e.tokens:
        return False
    order = {k: n for n, k in enumerate(widths)}
    before = max((order[x.label] for x in entries[:i] if x.label in order), default=-1)
    return order[e.label] < min(order[entries[i].label], before)


def _empty_label_next(entries: Sequence, j: int, widths: dict[str, int]) -> bool:
    return j + 1 < len(entries) and entries[j + 1].label in widths and not entries[j + 1].tokens


def _in_order(entries: Sequence, i: int, end: int, widths: dict[str, int]) -> list:
    """entries[i:end] less the late labels `_window` passed over (before a second row's values)."""
    out, first_only = [], True
    for j in range(i, end):
        e = entries[j]
        if first_only and j > i and _late_label(e, entries, i, widths):
            continue
        first_only = first_only and not (j > i and e.tokens)
        out.append(e)
    return out


def _after_silent(entries: Sequence, i: int, widths: dict[str, int]) -> bool:
    """Whether the run starting at entries[i] follows a row label printed with no value (a
    block of labels, the values after it all): the values may as well be that row's - the run
    starts where the count of values happened to match, not where the print says."""
    return i > 0 and entries[i - 1].label in widths and not entries[i - 1].tokens


def _redistribute(run: list, widths: dict[str, int], row_ok, table_breaks=None, after_silent: bool = False,
                  exact: bool = False) -> bool:
    """Give a run of rows the values printed in it, in the first reading order that keeps
    every row's sums (see the module's doc); False where none does. `exact`: `widths` are the
    rows' own counts of cells (not the count most rows print): a reading the print proves
    there marks the rows it moved `proven` (`_proven`)."""
    cells = {id(e): _cells(e.tokens) for e in run}  # (a line of several numbers: one token each)
    tokens = [t for e in run for t in cells[id(e)]]
    spill = [e for e in run if e.label is None]  # values printed after the run's labels
    run = [e for e in run if e.label is not None]
    need = sum(widths[e.label] for e in run)
    surplus = len(tokens) - need
    if surplus:
        words = [k for k, t in enumerate(tokens) if t.text.strip() in _WORD_VALUES]
        drop = set(words[:surplus])
        tokens = [t for k, t in enumerate(tokens) if k not in drop]
    if len(tokens) != need:
        return False
    # printed lines of several numbers, or values printed after the labels with none among
    # them: only blocks of columns that keep every such line in one row (a row's whole line
    # printed away from its label is no block; a count of values that merely matches, blank
    # cells dropped, is no reading; values after the labels row after row, the aligner places)
    walked: list = []  # (blocks read in printed order alone, not by a search over the sums)
    if spill or any(isinstance(t, _Piece) for t in tokens):
        columns, rowwise = _column_groups(run, tokens, widths, row_ok, table_breaks, len(run) == len(widths),
                                          walked), []
    else:
        columns = _column_by_column(run, tokens, widths) + _own_then_columns(run, tokens, widths)
        rowwise = [_row_by_row(run, tokens, widths), _firsts_then_rows(run, tokens, widths),
                   _heads_then_rows(run, cells, tokens, widths)]
    for parts in (*rowwise, *columns):
        if parts and all(row_ok(e.label, p) for e, p in zip(run, parts)):
            break
    else:
        return False
    if table_breaks and any(parts is c for c in columns) and _breaks_with(run, parts, table_breaks) > table_breaks():
        return False  # (rows of zeros keep their sums in any order: the table's sums must agree)
    if table_breaks:
        # some rows printing their own cells right after their label, the others' values
        # around them: the rows' sums may hold either way; the table's column sums tell
        # the readings apart (the fewest rows kept by their label when they tie)
        best = _breaks_with(run, parts, table_breaks)
        for alt in _anchored(run, tokens, widths) if best else ():
            if _ids(alt) != _ids(parts) and all(row_ok(e.label, p) for e, p in zip(run, alt)):
                n = _breaks_with(run, alt, table_breaks)
                if n < best:
                    parts, best = alt, n
    # (`surplus`: words of a vertical group label, "无", among the values: the count exact without them)
    # (a row label printed with no value right before the run may own the values as well: the
    # run starts where the count happened to match - no proof of whose they are)
    # (rows that printed a whole row of cells beside their own label - a number inside a wrapped
    # label's lines is its own - keeping them is a reading too: where it keeps every sum with
    # other values, the printed order of the labels alone gave them away)
    proven = exact and not walked and not after_silent and table_breaks is not None \
        and _proven(run, parts, itertools.chain((*rowwise, *columns), _anchored(run, tokens, widths, whole=True)),
                    row_ok, table_breaks)
    # (zeros moved among rows change no value - unless rows printed before the run, left with
    # none, may be theirs: then no row of the run is read next to its own label, zeros or not)
    moved = after_silent or any(t.text.strip() not in ("0", "") and not t.blank for t in tokens)
    for e, p in zip(run, parts):
        # a row left with its own printed cells, less only words of a vertical group label
        # ("无"), was not given anyone's values: it is read next to its label
        ids = {id(t) for t in p}
        own = [id(t) for t in cells[id(e)] if id(t) in ids or t.text.strip() not in _WORD_VALUES]
        if [id(t) for t in p] != own:
            e.moved = moved
            e.proven = proven
        elif len(cells[id(e)]) != len(e.tokens):
            continue  # its own printed line(s) as they were: read as the row's, unchanged
        e.tokens = p
    for e in spill:
        e.tokens = []
    return True


def _proven(run: list, parts: list, readings, row_ok, table_breaks) -> bool:
    """Whether the values of a run of rows, every cell of them printed (one value a cell, as
    many as the rows have cells: no blank dropped), are placed by proof: the table's column
    sums hold with them, and every other reading order tried that keeps every row's sums and
    the table's gives the same values (a block of zeros reads the same in any order; rows
    printed after their labels row by row, "16 0 0 0 0 0 16" then zeros, break the sums read
    column by column; 总计 and 结转下年度 swapped keep the balance, not 总计 = Σ results).
    Which label a run is then rests on the printed order of the labels and of the runs alone,
    as a row printed beside its label rests on the line."""
    if _breaks_with(run, parts, table_breaks):
        return False
    mine = _texts(parts)
    return not any(alt and alt is not parts and _texts(alt) != mine and all(row_ok(e.label, p) for e, p in zip(run, alt))
                   and not _breaks_with(run, alt, table_breaks) for alt in readings)


def _row_by_row(run: list, tokens: list, widths: dict[str, int]) -> list:
    parts, at = [], 0
    for e in run:
        parts.append(tokens[at:at + widths[e.label]])
        at += widths[e.label]
    return parts


def _firsts_then_rows(run: list, tokens: list, widths: dict[str, int]) -> list:
    """The other reading of a column block: each row's first cell printed beside its label
    (one per row, in row order), then the rows' other cells row by row."""
    n = len(run)
    if any(widths[e.label] < 2 for e in run):
        return []
    parts, at = [], n
    for r, e in enumerate(run):
        parts.append([tokens[r]] + tokens[at:at + widths[e.label] - 1])
        at += widths[e.label] - 1
    return parts


def _heads_then_rows(run: list, cells: dict, tokens: list, widths: dict[str, int]) -> list:
    """Another reading of a run whose every row printed a number after its label: each row's
    first cell the first number printed after its own label, the rows' other cells, as printed
    after those (some after a later row's label), row by row. A label wrapped over lines with
    the row's first cell centred beside it prints the next row's label and first cell before
    the row's other cells ("（一）予以公开" "22", "（二）部分公开…" "19", "0 0 0 0 0 22", "1 0 0 0 0 20")."""
    if any(widths[e.label] < 2 or not cells[id(e)] for e in run):
        return []
    heads = [cells[id(e)][0] for e in run]
    taken = {id(t) for t in heads}
    rest = [t for t in tokens if id(t) not in taken]
    if len(rest) != len(tokens) - len(heads):
        return []  # (a head was a word of a vertical label, left out of the count)
    parts, at = [], 0
    for e, head in zip(run, heads):
        parts.append([head] + rest[at:at + widths[e.label] - 1])
        at += widths[e.label] - 1
    return parts


def _column_by_column(run: list, tokens: list, widths: dict[str, int]) -> list[list]:
    """Readings of a table printed column by column (pdfminer's text boxes: the run's labels,
    then one column's values top-down, then another's ...): row r's cells are the r-th value
    of every column block. The blocks in printed order, then with one block taken for the last
    column (the total: a reader's box order may print it before a column left of it). Only for
    rows of one width."""
    n = len(run)
    w = {widths[e.label] for e in run}
    if n < 2 or len(w) != 1:
        return []
    k = w.pop()
    blocks = [tokens[c * n:(c + 1) * n] for c in range(k)]
    # (nearest the end first: where only the first column prints numbers it equals the total,
    # and either block reads as the total)
    orders = [list(range(k))] + [[c for c in range(k) if c != t] + [t] for t in range(k - 2, -1, -1)]
    return [[[blocks[c][r] for c in order] for r in range(n)] for order in orders]


def _column_groups(run: list, tokens: list, widths: dict[str, int], row_ok=None, table_breaks=None,
                   whole: bool = False, walked: list | None = None) -> list[list]:
    """Readings of a table printed in blocks of neighbouring columns (a reader's text boxes
    holding two columns whose cells share a line: "21 0" of 自然人 and 商业企业 in one box, then
    科研机构's cells down the column, ... "0 21" of 其他 and 总计): each block's cells row by row
    over the run's rows, the blocks left to right, blocks one or two columns wide. Only
    readings that keep the numbers of one printed line in one row, in neighbouring columns,
    and only where some line holds several (otherwise _column_by_column reads it). One block
    of two columns may print some rows' cells on one line and the others' on two (pdfminer
    joins two cells into one line only where they stand close): `_mixed_block` reads it.
    `walked`: gets True where a block was read by `_ordered_block` (the search over the sums
    gave up or found none: the readings returned are then not all that fit)."""
    n = len(run)
    w = {widths[e.label] for e in run}
    if n < 2 or len(w) != 1 or not any(isinstance(t, _Piece) for t in tokens):
        return []
    k = w.pop()
    width = Counter(t.line for t in tokens if isinstance(t, _Piece))
    late = any(isinstance(t, _Piece) and t.late for t in tokens)
    out, proven = [], []
    # (a mixed block gives the blocks' cells to the run's rows in printed order: only where
    # the labels were printed in the table's order - a label printed out of place would take
    # the values of the row whose place it holds)
    order = {key: n for n, key in enumerate(widths)}
    at_rows = [order[e.label] for e in run]
    if at_rows != sorted(set(at_rows)):
        row_ok = None
    for sizes in _compositions(k):
        if all(s == 1 for s in sizes):
            continue
        cut = _column_blocks(tokens, sizes, n, k, 0, width)
        if cut is None:
            continue
        blocks, cells = cut
        if _lines_kept(cells) and not late:
            out.append(cells)
        mixed = [b for b, size in enumerate(sizes) if size == 2 and (_mixed(blocks[b], width) or late and any(
            isinstance(t, _Piece) and t.late for t in blocks[b]))]
        if len(mixed) == 1 and row_ok is not None and \
                sum(1 for t in blocks[mixed[0]] if isinstance(t, _Piece) and t.late) == 2 * late:
            b = mixed[0]
            c0 = sum(sizes[:b])
            rest = [row[:c0] + [None, None] + row[c0 + 2:] for row in cells]
            if _lines_kept(rest):
                # (a row's own line printed after the run stands out of its rows' order: only
                # the walk in printed order knows whose it is)
                found = [] if late else _mixed_block(run, rest, c0, blocks[b], row_ok, table_breaks, whole)
                if not found and walked is not None:
                    walked.append(True)
                proven += found or _ordered_block(run, rest, c0, blocks[b], row_ok, table_breaks, whole)
    # (a reading the sums prove - every column sum holding, no other tying - before those
    # that merely keep each row's own sums)
    return proven + out


def _column_blocks(tokens: list, sizes: tuple, n: int, k: int, c0: int, width: Counter):
    """`tokens` cut into blocks of `sizes` columns of `n` rows each (a block printed column by
    column, top-down), none cutting a printed line of several numbers: (blocks, the n x k grid
    with the blocks' columns from c0 on filled), or None."""
    blocks, at = [], 0
    for size in sizes:
        blocks.append(tokens[at:at + size * n])
        at += size * n
    if not all(_whole_lines(b, width) for b in blocks):
        return None
    cells: list[list] = [[None] * k for _ in range(n)]
    for b, size in zip(blocks, sizes):
        at = 0
        for r in range(n):
            for c in range(c0, c0 + size):
                cells[r][c] = b[at]
                at += 1
        c0 += size
    return blocks, cells


def _whole_lines(block: list, width: Counter) -> bool:
    """Whether a block of tokens cuts no printed line of several numbers."""
    if not block:
        return False
    first, last = block[0], block[-1]
    return (not isinstance(first, _Piece) or first.at == 0) and \
        (not isinstance(last, _Piece) or last.at == width[last.line] - 1)


def _mixed(block: list, width: Counter) -> bool:
    """A block of two columns some of whose rows print their two cells on one line and others
    on two lines (one number each)."""
    pieces = [t for t in block if isinstance(t, _Piece)]
    return bool(pieces) and len(pieces) < len(block) and all(width[t.line] == 2 for t in pieces)


_MOST_MIXED_READINGS = 64
_MOST_MIXED_STEPS = 2000  # (each step tries a few pairs against the row's sums: ~0.2 s at most)


def _mixed_block(run: list, cells: list[list], c0: int, block: list, row_ok, table_breaks,
                 whole: bool = False) -> list[list]:
    """The reading of a block of two neighbouring columns (c0, c0 + 1) whose rows print their
    two cells on one line ("21 0": a row's pair, in order) or on two lines of one number each
    (pdfminer's boxes: each column's lone cells top-down, a column's may come long after the
    other's). Every row takes a pair or two lone numbers such that its sums hold with its
    cells of the other columns (`cells`, read already), in an order the print allows
    (`_printable`). Where the run is the whole table (`whole`), the table's column sums must
    all hold too; a shorter run's rows must be read so by their own sums and the order alone
    (the table's other rows may be misread: their sums are no evidence). Only a reading that
    no other one ties is returned (its columns inferred, not read: the rows are marked moved)."""
    pairs = _pairs(block)
    lone = [t for t in block if not isinstance(t, _Piece)]
    n = len(run)
    found: list[list] = []
    failed: set = set()
    steps = 0

    def key(r, ps, ls):
        return r, tuple(sorted((a.text, b.text) for a, b in ps)), tuple(sorted(t.text for t in ls))

    def take(items, text_of):
        seen = set()
        for i, x in enumerate(items):
            if text_of(x) not in seen:
                seen.add(text_of(x))
                yield x, items[:i] + items[i + 1:]

    def walk(r, ps, ls, rows) -> bool:
        nonlocal steps
        steps += 1
        if steps > _MOST_MIXED_STEPS or len(found) > _MOST_MIXED_READINGS:
            raise _GiveUp
        if r == n:
            found.append(rows)
            return True
        if len(ps) > n - r or key(r, ps, ls) in failed:
            return False
        ok = False
        options = [(p, rest, ls) for p, rest in take(ps, lambda p: (p[0].text, p[1].text))]
        for x, rest in take(ls, lambda t: t.text):
            options += [((x, y), ps, more) for y, more in take(rest, lambda t: t.text)]
        for (x, y), ps2, ls2 in options:
            row = list(cells[r])
            row[c0], row[c0 + 1] = x, y
            if row_ok(run[r].label, row) and walk(r + 1, ps2, ls2, rows + [row]):
                ok = True
        if not ok:
            failed.add(key(r, ps, ls))
        return ok

    try:
        walk(0, pairs, lone, [])
    except _GiveUp:
        return []
    found = [rows for rows in found if _printable(rows, c0, block)]
    if whole:
        if table_breaks is None:
            return []
        # the table's every column sum must hold in the reading (the rows' own sums hold in many)
        found = [rows for rows in found if _breaks_with(run, rows, table_breaks) == 0]
    distinct = {tuple(tuple(t.text for t in row) for row in rows) for rows in found}
    return found[:1] if len(distinct) == 1 else []


def _ordered_block(run: list, cells: list[list], c0: int, block: list, row_ok, table_breaks,
                   whole: bool = False) -> list[list]:
    """`_mixed_block`'s reading where its search over the rows' sums gives up or finds none
    (many rows whose two cells each add up to the same number either way): the block walked in
    printed order (`_in_print_order`: a line of two one row's pair, a lone number the left
    column's next cell or the right column's, each column top-down), one reading keeping every
    row's sums - and where the run is the whole table, the table's column sums."""
    items: list[tuple[list, int]] = []
    for t in block:
        if isinstance(t, _Piece) and t.at > 0:
            items[-1][0].append(t)
        else:
            items.append(([t], len(run)))
    # a row's own line printed with its label after the run: that row's two cells
    at = {e.label: r for r, e in enumerate(run)}
    fixed = {at.get(line[0].late): line for line, _ in items if isinstance(line[0], _Piece) and line[0].late}
    if None in fixed or any(len(line) != 2 for line in fixed.values()):
        return []
    items = [(line, seen) for line, seen in items if not (isinstance(line[0], _Piece) and line[0].late)]
    readings = _in_print_order(run, cells, c0, items, row_ok, fixed)
    if readings is None or len(readings) != 1:
        return []
    if whole and (table_breaks is None or _breaks_with(run, readings[0], table_breaks) != 0):
        return []
    return readings


def _pairs(block: list) -> list[tuple]:
    """The rows of a mixed block printed on one line: its two-number lines, as (left, right)."""
    return [(block[i], block[i + 1]) for i in range(len(block) - 1)
            if isinstance(block[i], _Piece) and block[i].at == 0]


class _GiveUp(Exception):
    pass


def _printable(rows: list[list], c0: int, block: list) -> bool:
    """Whether a reading of a mixed block (`_mixed_block`) is one its print order allows: the
    rows printed on one line in row order; the lone numbers of each column top-down, those
    of the two columns in any interleaving, a row's left cell before its right one."""
    joined = [r for r in rows if isinstance(r[c0], _Piece)]
    if [(r[c0].text, r[c0 + 1].text) for r in joined] != [(a.text, b.text) for a, b in _pairs(block)]:
        return False
    left = [r[c0].text for r in rows if not isinstance(r[c0], _Piece)]
    right = [r[c0 + 1].text for r in rows if not isinstance(r[c0], _Piece)]
    states = {(0, 0)}  # (left cells printed, right cells printed)
    for t in (t.text for t in block if not isinstance(t, _Piece)):
        states = {s for a, b in states for s in
                  ([(a + 1, b)] if a < len(left) and left[a] == t else [])
                  + ([(a, b + 1)] if b < a and right[b] == t else [])}
        if not states:
            return False
    return (len(left), len(right)) in states


def _compositions(k: int) -> list[tuple[int, ...]]:
    """The ways of cutting k columns into blocks of one or two, left to right."""
    if k <= 0:
        return [()]
    return [(1, *c) for c in _compositions(k - 1)] + ([(2, *c) for c in _compositions(k - 2)] if k >= 2 else [])


def _lines_kept(rows: list[list]) -> bool:
    """Every printed line's numbers in one row, in neighbouring columns, in printed order."""
    where: dict[int, tuple[int, int, int]] = {}  # line -> (row, column of its last number, at)
    for r, row in enumerate(rows):
        for c, t in enumerate(row):
            if isinstance(t, _Piece):
                prev = where.get(t.line)
                if prev is not None and (prev[0] != r or prev[1] != c - 1 or prev[2] != t.at - 1):
                    return False
                where[t.line] = (r, c, t.at)
    return True


def _own_then_columns(run: list, tokens: list, widths: dict[str, int]) -> list[list]:
    """The first row's cells beside its label, then the other rows column by column (a WPS
    export through pdftotext: "（二）部分公开" with its 7 numbers, then the next ten rows'
    first cells top-down, their next cells ..., those rows' labels after all of them)."""
    k = widths[run[0].label]
    if len(run) < 3 or cell_count(run[0].tokens) is None or len(run[0].tokens) <= k:
        return []
    rest = _column_by_column(run[1:], tokens[k:], widths)
    return [[tokens[:k]] + parts for parts in rest]


def _ids(parts: list) -> list:
    return [[id(t) for t in p] for p in parts]


def _anchored(run: list, tokens: list, widths: dict[str, int], whole: bool = False):
    """Readings where some rows keep the values printed right after their own label (as
    many as they have cells) and the other rows take the rest in printed order, fewest
    such rows first. `tokens`: the run's values (words of a label left out); `whole`: only
    rows that printed exactly their cells (a row of their own, not a block after the labels)."""
    keep = {id(t) for t in tokens}
    own = [[t for t in e.tokens if id(t) in keep] for e in run]
    can = [r for r, e in enumerate(run)
           if len(own[r]) == widths[e.label] or (len(own[r]) > widths[e.label] and not whole)][:_MAX_ANCHORED]
    for size in range(1, len(can) + 1):
        for rows in combinations(can, size):
            kept = {id(t) for r in rows for t in own[r][:widths[run[r].label]]}
            rest = iter([t for t in tokens if id(t) not in kept])
            yield [own[r][:widths[e.label]] if r in rows else [next(rest) for _ in range(widths[e.label])]
                   for r, e in enumerate(run)]


def _breaks_with(run: list, parts: list, table_breaks) -> int:
    kept = [e.tokens for e in run]
    for e, p in zip(run, parts):
        e.tokens = p
    try:
        return table_breaks()
    finally:
        for e, t in zip(run, kept):
            e.tokens = t


def headed_columns(entries: Sequence, columns: dict[str, tuple[str, ...]], heads: dict[int, list[str]],
                   groups: dict[int, int], worded: Collection[int] = ()) -> list:
    """Rows whose labels were printed as a block, with no values, and whose values come
    after them (a reader that follows a table's cells down its columns: a sub-table's
    labels, then each header cell and the cells under it, "本年新制作数量 本年新公开数量 对外公开总数量
    0 89 0 89 0 89"). A run of values under the headers of c columns holding c × n values is
    those columns of the n rows of a sub-table (labels printed between the same headers)
    printed without values, the next that have those columns and lack them; a run with no
    header naming columns is whole rows, and so is a labelled row's surplus right after the
    labels of its sub-table's other rows printed with none ("规章 行政规范性文件 0 0 0 5 0 5").
    The values go down each column: a reader that printed the column of labels top-down
    before any value reads the values the same way (across, "+44" would be 处理决定数量 and
    "-56" too). Fewer values than the sub-table's rows (blank cells dropped) could be any of
    its rows': not read this way. A row gets values only once all its columns are read, and
    is marked moved unless its values are its one run right after its label.
    `entries`: the assembler's entries in printed order, labelled ones without tokens
    included; `columns`: the columns of each row label; `heads`: id of an unlabelled entry ->
    the columns its headers name; `groups`: id of a labelled entry -> its sub-table (labels
    with no header or caption between them share one); `worded`: ids of unlabelled entries
    printed on a line of text (that text's values, no moved row's). Entries are changed in
    place; entries whose values were given to other rows lose them."""
    entries = list(entries)
    pending: list = []  # labelled rows printed with no values, in printed order
    got: dict[int, dict[str, object]] = {}  # row -> column -> token
    runs: dict[int, list] = {}  # row -> the runs (entries) its cells came from
    moves: dict[int, bool] = {}  # run -> whether its values went to rows printed before it
    for i, e in enumerate(entries):
        n_tok = cell_count(e.tokens) if e.tokens else None
        if e.label is not None:
            if e.label not in columns:
                continue
            if not e.tokens and id(e) not in got:
                pending.append(e)
                got[id(e)] = {}
                continue
            # a row printing its own values and those of the rows labelled right before it
            k = len(columns[e.label])
            before = []
            for p in reversed(entries[:i]):
                if id(p) not in got or got[id(p)] or columns.get(p.label) != columns[e.label] \
                        or groups.get(id(p)) != groups.get(id(e)):
                    break
                before.insert(0, p)
            if not before or n_tok != (len(before) + 1) * k:
                continue
            pending.append(e)
            got[id(e)] = {}
            rows, cols = before + [e], list(columns[e.label])
        else:
            if not pending or not n_tok or all(t.blank for t in e.tokens) or id(e) in worded:
                continue  # (a row of blank cells prints no values: it is no row's moved values)
            cols = heads.get(id(e))
            if not cols:
                first = next((p for p in pending if not got[id(p)]), None)
                if first is None:
                    continue
                cols = list(columns[first.label])
            rows = [p for p in pending if set(cols) <= set(columns[p.label]) and not set(cols) & got[id(p)].keys()]
            n, rest = divmod(n_tok, len(cols))
            if rest or not 0 < n <= len(rows):
                continue
            # the whole sub-table: with blank cells dropped, fewer values could be any of its rows'
            group = [p for p in rows if groups.get(id(p)) == groups.get(id(rows[0]))]
            if n != len(group) or len({columns[p.label] for p in group}) != 1:
                continue
            rows = group
        n, toks = len(rows), e.tokens
        down = [{c: toks[j * n + r] for j, c in enumerate(cols)} for r in range(n)]
        for p, cells in zip(rows, down):
            got[id(p)].update(cells)
            runs.setdefault(id(p), []).append(e)
        last = next((x for x in reversed(entries[:i]) if x.label is not None), None)
        own = n == 1 and last is rows[0] and list(cols) == list(columns[rows[0].label])
        moves[id(e)] = not own
    # only rows whose every column was read, and only runs all of whose rows were
    whole = [p for p in pending if got[id(p)] and set(got[id(p)]) == set(columns[p.label])]
    while True:
        ok = {id(p) for p in whole}
        bad = {id(r) for p in pending if id(p) not in ok for r in runs.get(id(p), [])}
        kept = [p for p in whole if not any(id(r) in bad for r in runs[id(p)])]
        if len(kept) == len(whole):
            break
        whole = kept
    used = {id(r) for p in whole for r in runs[id(p)]}
    for e in entries:
        if id(e) in used:
            e.tokens = []
    for p in whole:
        p.tokens = [got[id(p)][c] for c in columns[p.label]]
        p.moved = any(moves[id(r)] for r in runs[id(p)])
    return entries


def table_in_order(entries: Sequence, widths: dict[str, int], row_ok: Callable[[str, list], bool]) -> list | None:
    """Every cell of the table printed, in blocks top-down, labels wherever the reader put
    them (a WPS export through pdftotext: a row's values, then blocks of several rows printed
    column by column, their labels after the last block). Where the values, one a token,
    number exactly the table's cells (`widths`: its rows in order, cells per row), cut them
    where the printed entries end into blocks of whole rows, read each block in the first
    order that keeps every row's sums (`_row_by_row`, `_firsts_then_rows`, `_column_by_column`,
    `_own_then_columns`) and give the blocks the rows top-down. Only where every label printed
    with values names a row of its block (the reading agrees with the labels), and some row
    printed other than its own cells after its label (else the rows are read as printed).
    Returns (row key, tokens, moved, proven) per row in order, or None; proven: no other of
    those orders keeps every row's sums of its block with other values."""
    keys = list(widths)
    ks = set(widths.values())
    if len(ks) != 1 or any(e.label is not None and e.label not in widths for e in entries):
        return None
    k = ks.pop()
    counts = [cell_count(e.tokens) for e in entries]
    if None in counts or all(n in (0, k) for n in counts):
        return None
    tokens = [t for e in entries for t in e.tokens]
    words = [t for t in tokens if t.text.strip() in _WORD_VALUES]
    if len(tokens) - len(words) == len(keys) * k and words:
        drop = {id(t) for t in words}
    elif len(tokens) == len(keys) * k:
        drop = set()
    else:
        return None
    # blocks: runs of entries ending where the values so far make whole rows
    blocks: list[tuple[list, list]] = []  # (entries, tokens)
    cur_e, cur_t = [], []
    for e in entries:
        cur_e.append(e)
        cur_t += [t for t in e.tokens if id(t) not in drop]
        if cur_t and len(cur_t) % k == 0:
            blocks.append((cur_e, cur_t))
            cur_e, cur_t = [], []
    if cur_t:
        return None
    out: list = []
    for block_entries, toks in blocks:
        rows = keys[len(out):len(out) + len(toks) // k]
        run = [_Row(r) for r in rows]
        w = {r: k for r in rows}
        owned = _owned(run, block_entries)
        readings = [_row_by_row(run, toks, w), _firsts_then_rows(run, toks, w), *_column_by_column(run, toks, w),
                    *(_own_then_columns(owned, toks, w) if owned else [])]
        fits = [parts for parts in readings if parts and all(row_ok(r, p) for r, p in zip(rows, parts))]
        if not fits:
            return None
        parts = fits[0]
        # (proven: no other reading order keeps every row's sums with other values - the
        # table's column sums, which the caller requires to hold, then settle nothing more)
        proven = all(_texts(f) == _texts(parts) for f in fits[1:])
        printed = [e.label for e in block_entries if e.label is not None and e.tokens]
        if any(lab not in rows for lab in printed):
            return None
        # (a block of zeros reads the same whichever row each value is given to; a block of
        # one row printed in one run under no other row's label holds that row's values as
        # printed - its label's second line may stand before them, or the label elsewhere; a
        # row's values in several runs, headings between them, may not be in column order)
        zeros = all(t.text.strip() in ("0", "") or t.blank for t in toks)
        alone = (len(rows) == 1 and all(e.label in (None, rows[0]) for e in block_entries)
                 and sum(1 for e in block_entries if e.tokens) == 1)
        for r, p in zip(rows, parts):
            own = next((e for e in block_entries if e.label == r), None)
            moved = not (zeros or alone) and (own is None or [id(t) for t in own.tokens if id(t) not in drop]
                                              != [id(t) for t in p])
            out.append((r, p, moved, proven))
    return out


def _texts(parts: list) -> list:
    return [[t.text.strip() for t in p] for p in parts]


class _Row:
    """A row of a block (`table_in_order`): its key, and its printed tokens where its label is
    the block's first entry (`_own_then_columns` looks at them)."""
    def __init__(self, label: str, tokens: list | None = None):
        self.label = label
        self.tokens = tokens or []


def _owned(run: list, block_entries: list) -> list:
    first = block_entries[0]
    if first.label != run[0].label:
        return []
    return [_Row(run[0].label, first.tokens)] + run[1:]


_MOST_INTERLEAVED_STEPS = 20000  # (states of the walk over the first block: ~0.1 s at most)


def _interleaved(entries: list, i: int, widths: dict[str, int], row_ok) -> int | None:
    """A run of rows from entries[i] whose first two columns a reader printed in boxes beside
    their labels - after each group of labels, that group's cells (a column's top-down, then the
    next column's, or a row's two cells on one line where they stand close) - and every other
    column after the last label, in blocks of one or two columns, each row by row (pdfminer on a
    page of a table continued from the page before: "2.其他法律…" … "8.属于行政查询事项", then
    "0 0 0 1 0 6 1 0 0 0 0 0 0 0", then "1.本机关不掌握…" and "22 0", …, the 总计 row's "63 0",
    the middle columns, then "0 0" … "4 69" of 其他 and 总计). Where the run's values number
    exactly its cells, and one reading only keeps every row's sums - the first two columns filled
    top-down in printed order, no cell before its row's label, a row's right cell after its left
    one and a line of two a row's pair - the rows get it, marked moved (their columns are the
    order's inference). Values printed after a group's label (（六）其他处理) are values of the
    stream like the others; a line of two printed right under a row's label, before the next
    label ("（一）予以公开" "12 2"), may be that row's pair, its box sorted beside the label
    (`_pairs_beside_labels`); so may a group's first two columns after its labels. Returns the
    run's end, or None."""
    order = {k: n for n, k in enumerate(widths)}
    if entries[i].tokens or entries[i].label not in widths:
        return None
    rows: list = []
    items: list[tuple[list, int]] = []  # (the numbers of one printed line, run rows labelled before it)
    # (items, rows): a group's first two cells printed right after its labels (`_beside_group`)
    own: list[tuple[list[int], list[int]]] = []
    since: list[int] = []  # the run's rows labelled since the last number printed
    have = end = 0
    early = False  # values printed before the run's last label
    for j in range(i, len(entries)):
        e = entries[j]
        if e.label is not None and e.label not in widths and not e.tokens:
            continue  # (a group's label; one holding values: values printed after it, no row's own)
        if e.label in widths:
            if rows and order[e.label] != order[rows[-1].label] + 1:
                return None
            early = early or have > 0
            rows.append(e)
            since.append(len(rows) - 1)
        cells = _cells(e.tokens)
        if cells is None:
            return None
        start = len(items)
        for t in cells:
            if isinstance(t, _Piece) and t.at > 0:
                items[-1][0].append(t)
            else:
                items.append(([t], len(rows)))
        if cells and _beside_group(entries, j, since, cells, widths):
            own.append((list(range(start, len(items))), since[-(len(cells) // 2):]))
        if cells:
            since = []
        have += len(cells)
        need = sum(widths[r.label] for r in rows)
        if have > need:
            return None
        if have == need and len(rows) >= 2 and (j + 1 == len(entries) or entries[j + 1].label is not None):
            end = j + 1
            break
    # (one number short where the entries end: one row's line of a block of two columns holds
    # a number and a blank cell - `_gapped_blocks`)
    short = not end and rows and have == sum(widths[r.label] for r in rows) - 1 and len(rows) >= 2
    if short:
        end = len(entries)
    if not end or not early or len({widths[r.label] for r in rows}) != 1:
        return None
    n, k = len(rows), widths[rows[0].label]
    if k < 3 or any(len(line) > 2 for line, _ in items):
        return None
    # the first block: the items holding the first 2n numbers; the rest, the other columns
    count = 0
    for cut, (line, _) in enumerate(items):
        if count == 2 * n:
            break
        count += len(line)
    if count != 2 * n:
        return None
    first, rest = items[:cut], [t for line, _ in items[cut:] for t in line]
    width = Counter(t.line for t in rest if isinstance(t, _Piece))
    found: dict[tuple, list] = {}
    check = row_ok
    if short:
        # a row with a blank cell the layout implies: which of its two cells is blank the print
        # does not say, and a lone 0 reads the same either way; its sum is no evidence (the row
        # may be printed with its total blank) - every other row's must hold
        def check(label, row):
            return any(isinstance(t, _Gap) for t in row) or row_ok(label, row)
    for sizes in _compositions(k - 2):
        cuts = _gapped_blocks(rest, sizes, n, k, 2, width) if short else [_column_blocks(rest, sizes, n, k, 2, width)]
        for cut in cuts:
            if cut is None:
                continue
            cells = cut[1]
            if not _lines_kept(cells):
                continue
            readings = _pairs_beside_labels(rows, cells, first, [g for g in own if g[0][-1] < len(first)], check)
            if readings is None:
                return None
            for reading in readings:
                found.setdefault(tuple(tuple(t.text for t in row) for row in reading), reading)
                if len(found) > 1:
                    return None
    if len(found) != 1:
        return None
    reading = next(iter(found.values()))
    moved = any(t.text.strip() not in ("0", "") and not t.blank for row in reading for t in row)
    for e in entries[i:end]:
        e.tokens = []
    for e, row in zip(rows, reading):
        # (proven where the values number exactly the run's cells, no gap implied: the one
        # reading of every order tried - assemble_requests still asks the table's sums)
        e.tokens, e.moved, e.proven = list(row), moved, not short
    return end


def _beside_group(entries: list, j: int, since: list[int], cells: list, widths: dict[str, int]) -> bool:
    """Whether the numbers of entries[j] were printed right after the labels of the run's rows
    `since` (printed with none), two a row for the last of them, before the next row's label: a
    reader's box of those rows' first two cells sorted beside their labels among the block of
    labels (pdfminer:
    "（一）予以公开" "12 2" "（二）部分公开…"; "6.属于四类…" "7.…" "8.属于行政查询事项" "0 2 2 0 0 0"
    "1.本机关不掌握…"), the other rows' cells of those columns after the last label."""
    return (bool(since) and len(cells) % 2 == 0 and 0 < len(cells) // 2 <= len(since)
            and j + 1 < len(entries) and entries[j + 1].label in widths)


_MOST_GROUP_WALKS = 32  # choices of groups read beside their labels (each way its print allows) or in the stream


def _pairs_beside_labels(rows: list, cells: list[list], first: list[tuple[list, int]],
                         own: list[tuple[list[int], list[int]]], row_ok) -> list[list[list]] | None:
    """`_in_print_order`'s readings of the run's first two columns where some groups of rows
    printed their first two cells right after their own labels (`own`: (items, rows)): each
    group either read on its own - its rows' cells top-down in its items' order, each way that
    keeps their sums - and passed over by the columns' walk, or its items walked like the others
    (a group's cells printed after its labels may as well begin the columns' stream) - every
    choice tried, the readings of all. None where a walk gives up; past the bound on choices,
    the walk of every item alone."""
    # (a group printed first, before any other number, its rows the run's first: the stream's
    # own start - read alone it reads the same)
    own = [(ms, rs) for ms, rs in own if not (ms[0] == 0 and rs == list(range(len(rs))))]
    if 2 ** len(own) > _MOST_GROUP_WALKS:
        own = []
    options: list[list[dict]] = []  # per group: its readings, row -> its two cells
    for ms, rs in own:
        local = _in_print_order([rows[r] for r in rs], [cells[r] for r in rs], 0,
                                [(first[m][0], len(rs)) for m in ms], row_ok)
        if local is None:
            return None
        options.append([{r: tuple(row[:2]) for r, row in zip(rs, reading)} for reading in local])
    walks = 1
    for opts in options:
        walks *= 1 + len(opts)
    if walks > _MOST_GROUP_WALKS:
        options = []
    out: list = []
    for size in range(len(options) + 1):
        for chosen in combinations(range(len(options)), size):
            skip = {m for g in chosen for m in own[g][0]}
            walk = [item for m, item in enumerate(first) if m not in skip]
            for combo in product(*(options[g] for g in chosen)):
                fixed = {r: pair for part in combo for r, pair in part.items()}
                readings = _in_print_order(rows, cells, 0, walk, row_ok, fixed)
                if readings is None:
                    return None
                out += readings
    return out


@dataclass
class _Gap(Token):
    """A blank cell a block of two columns printed a row a line implies: its row's line holds one
    number (`_gapped_blocks`)."""


def _gapped_blocks(tokens: list, sizes: tuple, n: int, k: int, c0: int, width: Counter) -> list:
    """`_column_blocks` for tokens one short of the blocks' cells: one block of two columns
    printed a row a line (each line a row's two cells, "0 35") but one line of a lone number - that
    row's other cell blank. Only a lone 0 (a blank and a 0 read the same: which cell is blank
    needs no deciding), read as the row's left cell, its right one blank. [] where no block is so."""
    out = []
    at = 0
    for b, size in enumerate(sizes):
        if size == 2:
            block = tokens[at:at + 2 * n - 1]
            lone = [m for m, t in enumerate(block) if not isinstance(t, _Piece)]
            pairs = [t for t in block if isinstance(t, _Piece)]
            if len(block) == 2 * n - 1 and len(lone) == 1 and lone[0] % 2 == 0 \
                    and block[lone[0]].text.strip() == "0" \
                    and all(width[t.line] == 2 and t.at == (m - (m > lone[0])) % 2 for m, t in enumerate(block)
                            if isinstance(t, _Piece)) and len(pairs) == 2 * (n - 1):
                g = lone[0]
                gap = _Gap("", False, True, block[g].ref)
                filled = tokens[:at + g + 1] + [gap] + tokens[at + g + 1:]
                out.append(_column_blocks(filled, sizes, n, k, c0, width))
        at += size * n
    return out


def _in_print_order(rows: list, cells: list[list], c0: int, items: list[tuple[list, int]],
                    row_ok, fixed: dict | None = None) -> list[list[list]] | None:
    """The readings (at most two distinct) of two neighbouring columns (c0, c0 + 1) of a run's
    `rows`, the other columns' `cells` read, each column filled top-down: each printed item
    (the numbers of one line, and how many of the run's rows were labelled before it), in
    order, is either a line of two (the row's pair: both columns' next row, neither ahead) or
    one number, the left column's next cell (its row's label printed before it) or the right
    column's (its row's left cell read already). Every row's sums must hold. The walk keeps
    states (item, rows read in each column, the left cells waiting): polynomial, and bounded;
    None where it runs past the bound. `fixed`: rows whose two cells are known already (row ->
    the two tokens), passed over by both columns."""
    fixed = fixed or {}
    seq = [r for r in range(len(rows)) if r not in fixed]  # the rows the items fill, top-down
    n = len(seq)
    steps = 0
    memo: dict[tuple, list] = {}

    def full(r, left, right) -> bool:
        r = seq[r]
        row = cells[r][:c0] + [left, right] + cells[r][c0 + 2:]
        return row_ok(rows[r].label, row)

    def walk(pos, pl, pr, pending) -> list:
        # -> up to two completions giving distinct cells: (cells, choices) from item pos, cells
        # the texts given to the rows' left and right columns, by (row, side) - two orders of
        # the same numbers into the same cells are one reading
        nonlocal steps
        key = (pos, pl, pr, tuple(t.text for t in pending))
        if key in memo:
            return memo[key]
        steps += 1
        if steps > _MOST_INTERLEAVED_STEPS:
            raise _GiveUp
        if pos == len(items):
            out = [(frozenset(), ())] if pl == pr == n else []
            memo[key] = out
            return out
        line, seen = items[pos]
        out: list = []
        options = []
        if len(line) == 2:
            if pl == pr < n and seq[pl] < seen and full(pl, line[0], line[1]):
                options.append(("P", {(pl, 0, line[0].text), (pl, 1, line[1].text)}, pos + 1, pl + 1, pr + 1, pending))
        else:
            t = line[0]
            if pl < n and seq[pl] < seen:
                options.append(("L", {(pl, 0, t.text)}, pos + 1, pl + 1, pr, pending + [t]))
            if pr < pl and full(pr, pending[0], t):
                options.append(("R", {(pr, 1, t.text)}, pos + 1, pl, pr + 1, pending[1:]))
        for how, given, *state in options:
            for cells_given, choices in walk(*state):
                cells_given = cells_given | given
                if all(cells_given != x for x, _ in out):
                    out.append((cells_given, (how, *choices)))
                if len(out) > 1:
                    break
            if len(out) > 1:
                break
        memo[key] = out
        return out

    try:
        completions = walk(0, 0, 0, [])
    except _GiveUp:
        return None  # (too many states: no reading)
    readings = []
    for _, choices in completions:
        got: list[list] = [list(fixed[r]) if r in fixed else [None, None] for r in range(len(rows))]
        pl = pr = 0
        for (line, _), how in zip(items, choices):
            if how == "P":
                got[seq[pl]] = [line[0], line[1]]
                pl, pr = pl + 1, pr + 1
            elif how == "L":
                got[seq[pl]][0] = line[0]
                pl += 1
            else:
                got[seq[pr]][1] = line[0]
                pr += 1
        readings.append([cells[r][:c0] + got[r] + cells[r][c0 + 2:] for r in range(len(rows))])
    return readings


_MOST_DROPS = 12  # distinct numbers tried as the one printed among a run's values that is none of its cells


def _one_too_many(entries: list, i: int, widths: dict[str, int], row_ok, breaks) -> int | None:
    """A run of rows whose labels were printed as a block and their values after it in blocks of
    columns (`_window`, `_redistribute`), holding one number more than its cells: a number the
    reader printed among the values that is no cell (pdfminer puts a page's number box where its
    position sorts it: real/005's page 1 "1" between two columns of table 三's values). Each
    lone number in turn is set aside; where exactly one of them leaves a reading of the run
    (every row's sums, the readings' own checks, the table's column sums no worse than
    `_redistribute` asks), the rows get it and the number stays unread, on its own, where it was
    printed. Returns the run's end, or None."""
    end = _window(entries, i, widths, extra=1)
    # (only a block of labels, then all their values in blocks of columns - some line holding
    # a row's neighbouring cells: rows printing their values beside their labels, blank cells
    # dropped, may hold one number more than cells in many ways)
    if end is None or any(e.tokens for e in entries[i:end] if e.label is not None) \
            or not any(len(t.text.split()) > 1 for e in entries[i:end] for t in e.tokens):
        return None
    # (of a line's run of equal numbers one only: setting aside any of them leaves the same text)
    drops = [(j, k) for j in range(i, end) for k, t in enumerate(entries[j].tokens)
             if _lone(t) and not (k and _lone(entries[j].tokens[k - 1]) and entries[j].tokens[k - 1].text == t.text)]
    if len(drops) > _MOST_DROPS:
        return None
    found: dict[tuple, list] = {}
    for j, k in drops:
        run = [copy.copy(e) for e in entries[i:end]]
        for e in run:
            e.tokens = list(e.tokens)
        dropped = run[j - i].tokens.pop(k)
        trial = entries[:i] + run + entries[end:]
        if _window(trial, i, widths) != end or \
                not _redistribute(_in_order(trial, i, end, widths), widths, row_ok, lambda: breaks(trial)):
            continue
        found.setdefault(tuple(tuple(t.text for t in e.tokens) for e in run), [run, j - i, dropped])
        if len(found) > 1:
            return None
    if len(found) != 1:
        return None
    run, at, dropped = next(iter(found.values()))
    stray = copy.copy(run[at])
    stray.label, stray.tokens, stray.moved = None, [dropped], False
    entries[i:end] = run[:at + 1] + [stray] + run[at + 1:]
    return end + 1


def _lone(t) -> bool:
    return len(t.text.split()) == 1 and t.text.strip() not in _WORD_VALUES


def _late_row(entries: list, i: int, widths: dict[str, int], row_ok, breaks) -> int | None:
    """A block of labels missing one row of the table's order, their values after it in blocks
    of columns, then that row's label with one line of two numbers (pdfminer prints a label
    box holding a row's label and its first two cells, "1.本机关不掌握相关政府信息" and "17 6", after
    the table's other boxes; or before the block's labels). The row takes its place among the
    labels, the line its first two cells, and the block's other values are read as
    `_redistribute` reads a block of columns (the first two columns walked in printed order
    passing over that row: `_ordered_block`); where that gives one reading, the rows get it.
    Returns the run's end, or None."""
    order = {k: n for n, k in enumerate(widths)}
    labels: list = []
    j = i
    # (the first row's two cells may stand on the line under its label, before the next label)
    first = entries[i + 1] if i + 1 < len(entries) and _own_line(entries, i, i + 1, widths) else None
    while j < len(entries) and (entries[j] is first or not entries[j].tokens
                                and (entries[j].label is None or entries[j].label in widths)):
        if entries[j].label is not None:
            labels.append(entries[j])
        j += 1
    # (the last label may hold the first of the values printed after it)
    tail = entries[j] if j < len(entries) and entries[j].label in widths and entries[j].tokens else None
    if tail is not None:
        labels.append(tail)
    values = j
    j += tail is not None
    while j < len(entries) and entries[j].label is None and entries[j].tokens:
        j += 1
    # (or that row's label and line lead, before the others' labels: its box sorted first)
    lead = first is not None and len(labels) >= 3 and order[labels[0].label] > order[labels[1].label]
    if lead:
        late, own, labels, first = labels[0], first, labels[1:], None
    elif len(labels) < 2 or values == j or j >= len(entries):
        return None
    else:
        late = entries[j]
        # its line after the label, or on the line under it
        own = late if late.tokens else entries[j + 1] if j + 1 < len(entries) and entries[j + 1].label is None else None
    rows = [order[e.label] for e in labels]
    gap = [r for r in range(rows[0], rows[-1] + 1) if r not in rows]
    if values == j or late.label not in widths or rows != sorted(set(rows)) or len(gap) != 1 \
            or order[late.label] != gap[0] or own is None or len(own.tokens) != 1:
        return None
    line = own.tokens[0]
    if len(line.text.split()) != 2 or not all(_NUMBER.fullmatch(w) for w in line.text.split()):
        return None
    end = j if lead else j + 1 if own is late else j + 2
    # the run in the table's order: the late row's label in its place, its line among the values
    run = [copy.copy(e) for e in entries[i:values + (tail is not None)] if e is not first and e is not late
           and e is not own]
    values += tail is not None
    at = next((n for n, e in enumerate(run) if e.label is not None and order[e.label] > gap[0]), len(run))
    moved_label = copy.copy(late)
    moved_label.tokens = []
    run.insert(at, moved_label)
    spill = [copy.copy(e) for e in ([first] if first is not None else []) + ([tail] if tail is not None else [])
             + entries[values:j]]
    for e in run:
        if e.label is not None and e.tokens:
            e.tokens = []  # (the last label's values: the first of the spill's)
    if tail is not None:
        spill[len(spill) - (j - values) - 1].label = None
    mark = copy.copy(line)
    mark.late = late.label
    # (after the other rows' first two columns: the first block of columns, as the rows' own
    # line would stand last in it)
    cut, count, placed = 2 * len(labels), 0, False
    for e in spill:
        e.tokens = list(e.tokens)
    for e in spill:
        for k in range(len(e.tokens) + 1):
            if count == cut:
                e.tokens.insert(k, mark)
                placed = True
                break
            if k < len(e.tokens):
                count += len(e.tokens[k].text.split())
        if placed or count > cut:
            break
    if not placed:
        return None
    trial = entries[:i] + run + spill + entries[end:]
    stop = i + len(run) + len(spill)
    if _window(trial, i, widths) != stop or \
            not _redistribute(_in_order(trial, i, stop, widths), widths, row_ok, lambda: breaks(trial)):
        return None
    if any(getattr(t, "late", None) for e in run + spill for t in e.tokens if e is not moved_label):
        return None  # (the line went to another row)
    entries[i:end] = run + spill
    return stop
