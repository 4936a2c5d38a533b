"""extractor.segment on real run-together text (crawler dumps real/001, 003, 005).

The crawler dumps print a whole report on one line, every table cell run together
(``规章000行政规范性文件693665第二十条第（五）项…``). `split_line` must cut that line into
label pieces and value pieces so that every row label is followed by exactly the digits
of its row, sub-item numbering ("…00000002.其他法律…") stays with the next label, and
prose numbers with a unit (2021年, 70件, 2645条) stay in their sentence.

Expected digits come from the labels (annotations/<stem>.json "fields"): these three
documents print a number in every cell of the tables (see their labels' notes), so a
row's printed digits are exactly the concatenation of its label values.
"""
from __future__ import annotations

import json
import pathlib
import re

import pytest

from corpus import REAL
from extractor import templates as T
from extractor.labels import is_page_number, match_row
from extractor.model import Block, Document, Source
from extractor.segment import split_line, split_runs
from training.generate import versions_of

REPO = pathlib.Path(__file__).resolve().parents[1]
ANNOTATIONS = REPO / "annotations"
RUNTOGETHER = ("001", "003", "005")  # crawler page.txt: the whole body on one line


def _annotation(stem: str) -> dict:
    path = ANNOTATIONS / f"{stem}.json"
    if not path.exists():
        pytest.skip(f"{path} missing (in-repo annotations not present)")
    return json.loads(path.read_text(encoding="utf-8"))


def _body(stem: str) -> str:
    """The body line of a crawler dump (the longest line of the file)."""
    ann = _annotation(stem)
    src = ANNOTATIONS / ann["source"]
    if not src.exists():
        pytest.skip(f"{src} missing")
    return max(src.read_text(encoding="utf-8").splitlines(), key=len)


def _pieces(text: str) -> list[tuple[int, int, bool, str]]:
    return [(s, e, v, text[s:e]) for s, e, v in split_line(text)]


def _table_span(text: str) -> tuple[int, int]:
    """From the first 第二十条 caption (table 二) to part 五's heading."""
    start = text.find("第二十条")
    end = text.find("五、", start)
    assert 0 <= start < end, "tables not found in the crawler dump"
    return start, end


def _printed(v) -> str:
    if isinstance(v, dict):
        return v["text"]
    assert v is not None, "these documents print every cell (labels' notes)"
    return str(v)


def _row_digits(fields: dict, table: str, row: T.Row) -> str:
    return "".join(_printed(fields[f"{table}.{row.key}.{c}"]) for c in row.columns)


def _squeeze(s: str) -> str:
    return re.sub(r"\s+", "", s)


# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("stem", RUNTOGETHER)
def test_labels_and_values_alternate_in_tables(stem):
    """Inside the tables no two value pieces touch: every value follows a label piece."""
    text = _body(stem)
    lo, hi = _table_span(text)
    inside = [p for p in _pieces(text) if p[0] >= lo and p[1] <= hi]
    kinds = [v for _, _, v, _ in inside]
    assert sum(kinds) >= 30, f"{stem}: only {sum(kinds)} value pieces in the tables"
    for a, b in zip(inside, inside[1:]):
        assert not (a[2] and b[2]), f"{stem}: two value pieces in a row: {a[3]!r} {b[3]!r}"
    # pieces never overlap and never run backwards
    for a, b in zip(inside, inside[1:]):
        assert a[1] <= b[0]


@pytest.mark.parametrize("stem", RUNTOGETHER)
def test_each_row_label_is_followed_by_exactly_its_digits(stem):
    """Row label piece -> next piece is a value holding exactly the row's label digits."""
    ann = _annotation(stem)
    fields = ann["fields"]
    av, rv = versions_of(fields)
    tables = {"active": T.ACTIVE[av], "requests": T.REQUESTS[rv]}
    text = _body(stem)
    lo, hi = _table_span(text)
    inside = [p for p in _pieces(text) if p[0] >= lo and p[1] <= hi]
    seen: dict[str, list[str]] = {}
    problems = []
    for i, (s, e, is_value, piece) in enumerate(inside):
        if is_value:
            continue
        label, _ = match_row(piece)
        if not label or not label.startswith("row."):
            continue
        _, table, key = label.split(".", 2)
        if table not in tables:
            continue
        try:
            row = tables[table].row(key)
        except KeyError:
            continue
        nxt = inside[i + 1] if i + 1 < len(inside) else None
        if nxt is None or not nxt[2]:
            problems.append(f"{table}.{key}: label {piece[-20:]!r} not followed by a value piece")
            continue
        want = _row_digits(fields, table, row)
        got = _squeeze(nxt[3])
        seen.setdefault(f"{table}.{key}", []).append(got)
        if got != want:
            problems.append(f"{table}.{key}: value piece {nxt[3]!r}, label digits {want!r}")
    assert not problems, f"{stem}:\n" + "\n".join(problems)
    expected_rows = {f"{t}.{r.key}" for t, tpl in tables.items() for r in tpl.rows}
    missing = expected_rows - set(seen)
    assert not missing, f"{stem}: rows whose label piece was not found: {sorted(missing)}"


@pytest.mark.parametrize("stem", RUNTOGETHER)
def test_review_table_is_one_value_piece(stem):
    """Table 四 (15 cells run together) comes out as one value piece with all its digits."""
    fields = _annotation(stem)["fields"]
    text = _body(stem)
    lo, hi = _table_span(text)
    inside = [p for p in _pieces(text) if p[0] >= lo and p[1] <= hi]
    want = "".join(_printed(fields[f"review.{r.key}.{c}"]) for r in T.REVIEW.rows for c in T.REVIEW_COLUMNS)
    last_value = [p for p in inside if p[2]][-1]
    assert _squeeze(last_value[3]) == want


def test_sub_item_numbering_stays_with_the_label():
    """real/003: "…00000002.其他法律行政法规禁止公开…" -> value '0000000' + label '2.其他法律…'."""
    text = _body("003")
    anchor = "00000002.其他法律"
    at = text.find(anchor)
    assert at >= 0, "the run-together sub-row of real/003 is in the source"
    pieces = _pieces(text)
    idx = next(i for i, p in enumerate(pieces) if p[0] <= at < p[1])
    value, label = pieces[idx], pieces[idx + 1]
    assert value[2] and value[3] == "0000000", value
    assert not label[2] and label[3].startswith("2.其他法律行政法规禁止公开"), label


@pytest.mark.parametrize("stem", RUNTOGETHER)
def test_numbered_sub_row_labels_keep_their_number(stem):
    """Every sub-row label "N.…" of table 三 starts with its N (the digit is not eaten by the
    preceding value piece), for every numbered sub-row of the template."""
    fields = _annotation(stem)["fields"]
    _, rv = versions_of(fields)
    text = _body(stem)
    lo, hi = _table_span(text)
    labels = [p[3] for p in _pieces(text) if p[0] >= lo and p[1] <= hi and not p[2]]
    checked = 0
    for row in T.REQUESTS[rv].rows:
        m = re.match(r"(\d)\.", row.label)
        if not m:
            continue
        matching = [lab for lab in labels if match_row(lab)[0] == f"row.requests.{row.key}"]
        assert matching, f"{stem}: no label piece for requests.{row.key}"
        for lab in matching:
            # the label may start with a group header: （三）不予公开1.属于国家秘密
            tail = re.sub(r"^.*?[）)]", "", lab) if not lab[0].isdigit() else lab
            assert re.match(rf"{m.group(1)}\s*[.、．]", tail), f"{stem}: requests.{row.key} label {lab!r}"
            checked += 1
    assert checked >= 15


_PROSE_NUMBER = re.compile(r"(?<![\d.])\d+(?=\s*[年件条])")


def _source_lines() -> list[tuple[str, str]]:
    out = []
    for p in sorted(ANNOTATIONS.glob("*.json")):
        ann = json.loads(p.read_text(encoding="utf-8"))
        src = ANNOTATIONS / ann["source"]
        if src.suffix != ".txt" or not src.exists():
            continue
        for line in src.read_text(encoding="utf-8").splitlines():
            if _PROSE_NUMBER.search(line):
                out.append((src.name, line))
    return out


def test_prose_numbers_with_units_are_not_values():
    """2021年, 70件, 2645条 … (every text source's lines) are never cut out as values."""
    lines = _source_lines()
    if not lines:
        pytest.skip("no text sources under annotations/sources")
    n = 0
    bad = []
    for name, line in lines:
        values = [(s, e) for s, e, v in split_line(line) if v]
        for m in _PROSE_NUMBER.finditer(line):
            n += 1
            if any(s <= m.start() < e for s, e in values):
                bad.append(f"{name}: {line[max(0, m.start() - 15):m.end() + 3]!r}")
    assert n >= 50, f"only {n} prose numbers found: the test would prove little"
    assert not bad, f"{len(bad)} prose numbers cut out as values:\n" + "\n".join(bad[:20])


def test_prose_numbers_in_run_together_body_stay_in_their_sentence():
    """real/003: '共收到70件申请，及时依法依规办结69件' and '2021年，无收取' are inside label pieces."""
    text = _body("003")
    for phrase in ("共收到70件申请", "办结69件", "2021年，无收取信息处理费"):
        at = text.find(phrase)
        assert at >= 0, phrase
        holder = [p for p in _pieces(text) if p[0] <= at and at + len(phrase) <= p[1]]
        assert holder and not holder[0][2], f"{phrase!r} split: {holder}"


# --- page furniture ----------------------------------------------------------------------------

def _doc(lines: list[str]) -> Document:
    text = "\n".join(lines)
    blocks, pos = [], 0
    for i, line in enumerate(lines):
        blocks.append(Block(text=line, kind="line", start=pos, end=pos + len(line), row=i))
        pos += len(line) + 1
    return Document(Source("t.txt", "0" * 64, "text"), text, blocks)


def test_page_numbers_are_not_split():
    """'— 4 —' (real/010's footers), '-3-', '第 2 页 共 7 页' stay one block each, while a
    run-together table line next to them is split."""
    furniture = ["— 4 —", "-3-", "第 2 页 共 7 页"]
    for f in furniture:
        assert is_page_number(f), f
    doc = _doc(["行政许可3960181"] + furniture)
    split_runs(doc)
    texts = [(b.text, b.kind) for b in doc.blocks]
    for f in furniture:
        assert (f, "line") in texts, texts
    assert ("3960181", "piece") in texts, texts


def test_page_numbers_of_real_010_are_furniture_not_values():
    """Real 010 prints '— 1 —' … '— 7 —' between its pages: the text loader drops them as page
    furniture, so no page number becomes a block, and splitting runs makes no piece of one."""
    from extractor.loaders import load

    printed = [ln for ln in (REAL / "010.md").read_text(encoding="utf-8").splitlines() if is_page_number(ln)]
    assert len(printed) >= 7, printed  # — 1 — … — 7 —
    doc = load(REAL / "010.md")
    assert not [b.text for b in doc.blocks if is_page_number(b.text)]
    split_runs(doc)
    assert not [b.text for b in doc.blocks if b.kind == "piece" and is_page_number(b.text)]


