"""Merged cells printed once per grid column they span, read as one cell.

Some converters write a merged (colspan) cell's value into every grid column it spans:
python-docx's `row.cells`, pandas.read_html then to_csv / to_string. A table 二 row then
prints more value cells than its template row has ("行政许可 | 2293 | 2293 | 2293" where the
2021 form has one cell under a header spanning three columns). The header row printed
above the row says which grid columns each header cell spans: its text repeated across
them ("本年处理决定数量 | 本年处理决定数量 | 本年处理决定数量"). Where the header's runs of one
text are exactly as many as the row's cells, and the row repeats one value across each
run, the row is read one value per run: the header shows the spans, so this is a reading,
not a guess. Two real neighbouring cells that print the same value (two zeros) are never
merged without a header saying so, and a row that prints as many cells as it has is never
touched.
"""
from __future__ import annotations

from .model import Block
from .solve import Token
from .templates.text import normalize


def _text(b: Block) -> str:
    return normalize(b.text)


def _is_value(b: Block) -> bool:
    lab = b.label or ""
    return lab in ("value", "blank") or lab.startswith("row.")


def _stitched(group: list[list[Block]]) -> list[str]:
    """A header row a text converter broke where its cells hold line breaks (a tab row whose
    cell "上一年\n项目数量" goes on in the next line): the rows' cells in order, the last
    cell of each row and the first of the next one cell."""
    out: list[str] = []
    for i, blocks in enumerate(group):
        texts = [_text(b) for b in sorted(blocks, key=lambda b: b.col)]
        if i and out and texts:
            out[-1] += texts.pop(0)
        out += texts
    return out


_MOST_BROKEN = 4  # lines a header row may be broken into


def header_runs(rows: dict[int, list[Block]], row: int, cols: list[int]) -> list[list[int]] | None:
    """The grid columns `cols` (a value row's, in order, after its label) grouped by the header
    row printed above row `row`: consecutive columns whose header cell prints the same text
    are one merged header cell. None when no such header is there: the first rows above (past
    the table's earlier value rows) must print, as one row or one row broken over a few lines,
    exactly as many cells as the value row's grid, a text in every one of `cols`, and the
    first run must not reach into the label column (a caption spanning the whole table says
    nothing about the value columns)."""
    if not cols or cols[0] < 1:
        return None  # no label column to tell a caption from a header
    width = cols[-1] + 1
    above = sorted((r for r in rows if r < row), reverse=True)
    group: list[list[Block]] = []
    for r in above:
        blocks = [b for b in rows[r] if b.kind in ("cell", "line")]
        if any((b.label or "").startswith("heading.") for b in rows[r]):
            return None
        if any(_is_value(b) for b in blocks if b.kind == "cell" and b.col in cols):
            if group:
                return None
            continue  # an earlier row of the same sub-table
        if not blocks:
            continue
        group.insert(0, blocks)
        head = _stitched(group)
        if len(head) > width or len(group) > _MOST_BROKEN:
            return None
        if len(head) < width:
            continue
        texts = [head[c] for c in cols]
        if any(not t for t in texts) or head[cols[0] - 1] == texts[0]:
            return None
        runs: list[list[int]] = []
        for c, t in zip(cols, texts):
            if runs and head[runs[-1][-1]] == t:
                runs[-1].append(c)
            else:
                runs.append([c])
        return runs
    return None


def merged(tokens: list[Token], blocks: list[Block], k: int) -> tuple[list[Token], tuple[int, ...]] | None:
    """A row's tokens read one per merged cell: (the k tokens, how many grid columns each
    spans), or None when the row is not a merged row printed by repetition as the header
    shows (fewer surplus cells, cells not in one grid row at consecutive columns, no header
    above, runs not k, or a run whose cells print different values)."""
    if tokens and all(t.splittable and isinstance(t.ref, Block) and t.ref.kind != "cell" for t in tokens) \
            and len({t.ref.row for t in tokens}) == 1:
        return _merged_words(tokens, blocks, k)
    if len(tokens) <= k or not all(isinstance(t.ref, Block) and t.ref.kind == "cell" for t in tokens):
        return None
    refs = [t.ref for t in tokens]
    cols = [b.col for b in refs]
    if len({b.row for b in refs}) != 1 or cols != list(range(cols[0], cols[0] + len(cols))):
        return None
    rows: dict[int, list[Block]] = {}
    for b in blocks:
        rows.setdefault(b.row, []).append(b)
    runs = header_runs(rows, refs[0].row, cols)
    if runs is None or len(runs) != k:
        return None
    at = {c: t for c, t in zip(cols, tokens)}
    out = []
    for run in runs:
        texts = {("" if at[c].blank else at[c].text.strip()) for c in run}
        if len(texts) != 1:
            return None
        out.append(at[run[0]])
    return out, tuple(len(run) for run in runs)


def _cells_of_words(head: list[str], n: int) -> list[str]:
    """A header line's words as its label cell and `n` value cells: one word a cell, or - where
    each value cell's heading prints as m >= 2 words (a heading broken inside its cell, printed
    with a space: "本年处理 决定数量" repeated over the three columns it spans) - m words a cell,
    where the words after the label's are exactly n such cells. Which cells are one merged cell
    is still for the runs of equal text to say."""
    rest = len(head) - 1
    if n < 1 or rest <= n or rest % n:
        return head
    m = rest // n
    return head[:1] + ["".join(head[1 + i * m:1 + (i + 1) * m]) for i in range(n)]


def _merged_words(tokens: list[Token], blocks: list[Block], k: int) -> tuple[list[Token], tuple[int, ...]] | None:
    """The same reading where a converter joined a table row's cells with single spaces, the
    header row as well ("信息内容 本年处理决定数量 本年处理决定数量 本年处理决定数量" over
    "行政许可 2293 2293 2293"): the row's values are the words of its pieces of text, the
    header's cells its words. The header is the nearest line above that prints no value (rows
    between are the sub-table's earlier rows), or a few such lines where a cell's line break
    broke it (stitched as `_stitched` does), and must print exactly one word more than the row
    has values (its label column's), else nothing is read."""
    words = [(w, t) for t in tokens for w in t.text.split()]
    if len(words) <= k:
        return None
    row = tokens[0].ref.row
    rows: dict[int, list[Block]] = {}
    for b in blocks:
        if b.row < row:
            rows.setdefault(b.row, []).append(b)
    group: list[list[str]] = []
    for r in sorted(rows, reverse=True):
        if any(_is_value(b) for b in rows[r]):
            if group:
                return None
            continue  # an earlier row of the same sub-table
        if any((b.label or "").startswith("heading.") for b in rows[r]):
            return None
        group.insert(0, [w for b in sorted(rows[r], key=lambda b: b.col) for w in b.text.split()])
        head = [w for w in group[0]]
        for line in group[1:]:
            if head and line:
                head[-1] += line[0]
                head += line[1:]
            else:
                head += line
        if len(head) < len(words) + 1 and len(group) < _MOST_BROKEN:
            continue
        head = _cells_of_words(head, len(words))
        if len(head) != len(words) + 1 or head[0] == head[1]:
            return None  # not the row's header, or a caption spanning the whole table
        runs: list[list[int]] = []
        for i, t in enumerate(head[1:]):
            if runs and head[runs[-1][-1] + 1] == t:
                runs[-1].append(i)
            else:
                runs.append([i])
        if len(runs) != k or any(len({words[i][0] for i in run}) != 1 for run in runs):
            return None
        return [Token(words[run[0]][0], ref=words[run[0]][1].ref) for run in runs], tuple(len(run) for run in runs)
    return None
