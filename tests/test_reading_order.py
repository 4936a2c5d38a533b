"""Reports whose text comes out in another reading order or without the table's grid
(issue 10), read from real converter output of the public reports (tests/data/converted,
see its README):

* a text browser's dump (lynx -dump): a table it cannot lay out printed one cell per
  paragraph (cells apart by empty lines, blank cells dropped), or whole rows on single
  lines under the browser's left margin ("   规章 0 0 0");
"""
from __future__ import annotations

from pathlib import Path

import pytest
from corpus import CORPUS, label_fields, labels

from extractor.loaders import load
from extractor.pipeline import extract_bytes

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"


def _wrong(path: Path, report: str) -> list[str]:
    """Fields whose value differs from the report's labels (blank and 0 told apart)."""
    want = labels(CORPUS / report)["fields"]
    out = extract_bytes(path.read_bytes(), path.name)["fields"]
    got = {k: out[k]["value"] for k in want if k in out}

    def same(a, b):
        if isinstance(b, dict):
            return isinstance(a, dict) and a.get("yuan") == b.get("yuan")
        return a == b
    return sorted(k for k in want if not same(got.get(k), want[k]))


def test_cells_one_per_paragraph_are_rows_by_their_labels():
    # lynx centres each cell of the table on its own line, an empty line after every one:
    # the empty lines are spacing, so a label's values follow it in one row
    doc = load(CONVERTED / "001.lynx.txt")
    texts = [(b.kind, b.text) for b in doc.blocks]
    at = texts.index(("cell", "规章"))
    assert texts[at:at + 4] == [("cell", "规章"), ("cell", "0"), ("cell", "0"), ("cell", "0")]
    at = texts.index(("cell", "一、本年新收政府信息公开申请数量"))
    assert [t for _, t in texts[at + 1:at + 8]] == ["23", "0", "0", "0", "0", "0", "23"]
    # (an empty line before the next label may stay a break: the label starts its row)
    # narrative paragraphs keep their breaks (long lines are no run of cells)
    assert ("break", "") in texts[:texts.index(("cell", "规章"))]
    assert _wrong(CONVERTED / "001.lynx.txt", "real/001.txt") == []


def test_dropped_blank_cells_between_empty_lines():
    # seed 004 through lynx: "一、本年新收…" then "1", two empty lines (where five blank cells
    # were), "1": the values stay in their label's row; which columns they stand in is the
    # assembler's reading (the row's sum and the columns' identities), and every field is right
    doc = load(CONVERTED / "004.lynx.txt")
    texts = [(b.kind, b.text) for b in doc.blocks]
    at = texts.index(("cell", "一、本年新收政府信息公开申请数量"))
    assert texts[at + 1:at + 3] == [("cell", "1"), ("cell", "1")]
    assert _wrong(CONVERTED / "004.lynx.txt", "seeds/004_22cd3b9bc5f65582.txt") == []


def test_rows_under_a_browser_margin_are_not_single_cells():
    # every line of lynx's dump starts with its 3-space margin: an indented line printing a
    # label and its values is a whole row, not one cell of a one-cell-per-line table
    doc = load(CONVERTED / "013.lynx.txt")
    by_text = {b.text: b for b in doc.blocks}
    assert by_text["规章 0 0 0"].kind == "line"
    assert by_text["行政规范性文件 8 0 18"].kind == "line"
    # a printed row is no continuation of the header cell above it
    assert "信息内容 本年制发件数 本年废止件数 现行有效件数" in by_text
    assert _wrong(CONVERTED / "013.lynx.txt", "real/013.html") == []


@pytest.mark.parametrize("line, row", [
    ("   规章 0 0 0", True), ("   行政许可 0", True), ("   2、其他法律行政止公开 0 0", True),
    ("   政府集中采购 135 75394432.52元", True), ("   0 0 0 1 1 0 0", True),
    ("   26", False), ("   规章", False), ("   1. 属于国家秘密", False), ("   第二十条第(一)项", False),
    ("   （单位：万元）", False),
])
def test_indented_printed_row(line, row):
    from extractor.loaders.text import INDENTED, PLAIN, classify
    assert classify(line) == (PLAIN if row else INDENTED)


# --- a PDF reader's default order (pdftotext without -layout): labels, then values -------

def _fields(path: Path) -> dict:
    return extract_bytes(path.read_bytes(), path.name)["fields"]


def test_labels_of_several_rows_then_their_values():
    # table 三 of real/001 through `pdftotext` (default order): the labels （一）予以公开 …
    # 5.属于三类内部事务信息 one after another (the group label 本年度办理结果 one character a
    # line between them), then the 49 values of those 7 rows; （七）总计 then 14 values and
    # only then 四、结转下年度继续办理. Each row gets its 7 values back, in printed order.
    path = CONVERTED / "001.pdftotext-default.txt"
    assert _wrong(path, "real/001.txt") == []
    f = _fields(path)
    assert [f[f"requests.granted.{c}"]["value"] for c in ("natural", "total")] == [7, 7]
    assert [f[f"requests.carried_forward.{c}"]["value"] for c in ("natural", "total")] == [0, 0]
    # which row a moved value belongs to is inferred from the order, not near-certain - unless
    # the print proves it (session 27, reorder._proven: every cell of the 7 rows printed, read
    # column by column the rows' sums break, the table's column sums hold); the 14 values after
    # （七）总计, their second row's label printed after them, stay placed by the order
    assert f["requests.granted.natural"]["confidence"] >= 0.9
    assert f["requests.unable.not_held.total"]["confidence"] >= 0.9
    assert f["requests.carried_forward.natural"]["confidence"] < 0.9
    # a row printed next to its own label keeps its confidence
    assert f["requests.new.total"]["confidence"] >= 0.9


def test_regroup_needs_every_row_identity():
    from entries import Entry as E, sums_hold as row_ok
    from extractor.reorder import regroup

    rows = [E("a", []), E("b", ["1", "2", "3", "4", "0", "4"])]
    regroup(rows, {"a": 3, "b": 3}, row_ok)
    assert [[t.text for t in e.tokens] for e in rows] == [["1", "2", "3"], ["4", "0", "4"]]
    assert rows[0].moved and rows[1].moved
    # the same numbers where the rows' sums do not hold: left as printed
    rows = [E("a", []), E("b", ["1", "2", "4", "4", "0", "4"])]
    regroup(rows, {"a": 3, "b": 3}, row_ok)
    assert [len(e.tokens) for e in rows] == [0, 6] and not rows[0].moved


def test_a_row_put_together_from_other_rows_is_not_the_reports_own_error():
    # a generated report (labels: gen11_00000.labels.json) through `pdftotext`: its table 三
    # printed column block by column block, so （七）总计 reads "6 2 96 1 3 1 1" - numbers of
    # other rows. Its own sum breaks, and so does every column sum it is in; those column
    # breaks are in doubt (their other cells were not read with certainty), so the row's
    # break is no certain reading either: not the report's own error, not near-certain
    path = CONVERTED / "gen11_00000.pdftotext-default.txt"
    want = label_fields(CONVERTED / "gen11_00000.labels.json")
    f = _fields(path)
    row = [f[f"requests.total.{c}"]["value"] for c in ("natural", "commercial", "research", "total")]
    assert row != [want[f"requests.total.{c}"] for c in ("natural", "commercial", "research", "total")]
    assert all(f[f"requests.total.{c}"]["confidence"] < 0.9 for c in ("natural", "total"))
    wrong = [k for k in want if not isinstance(want[k], dict) and (f[k]["value"] or 0) != (want[k] or 0)]
    assert wrong and all(f[k]["confidence"] < 0.9 for k in wrong), {k: f[k]["confidence"] for k in wrong}


# --- blank cells dropped: which column a value stands in ------------------------------------

def test_dropped_blanks_column_is_inferred_not_read():
    # seeds/003_2b6 through lynx: "二、上年结转…" then 78, 6, 84 (four blank cells dropped). The
    # row's sum puts 84 in 总计; 78 and 6 could stand in five columns each as far as the
    # row shows (the column identities choose 自然人 and 商业企业, rightly): inferred, never
    # near-certain; the total column, which every reading agrees on, is read
    path = CONVERTED / "003_2b6abe27bfe85e6a.lynx.txt"
    assert _wrong(path, "seeds/003_2b6abe27bfe85e6a.txt") == []
    f = _fields(path)
    assert f["requests.carried_over.commercial"]["value"] == 6
    assert f["requests.carried_over.commercial"]["confidence"] < 0.9
    assert f["requests.carried_over.natural"]["confidence"] < 0.9
    assert f["requests.carried_over.total"]["confidence"] >= 0.9
    # a row printing all seven cells stays certain
    assert f["requests.new.commercial"]["confidence"] >= 0.9


def test_rows_printing_the_same_columns_share_a_run_of_values():
    # real/013 through `pdftotext`: every row prints two of its seven cells (自然人, 总计; the
    # rest blank and dropped), and the labels （一）予以公开 … 5.属于三类内部事务信息 come before
    # their 14 values: two per row, in order ("26 26" then zeros). Which columns they stand in
    # is the row's reading (blanks dropped): inferred, never near-certain
    path = CONVERTED / "013.pdftotext-default.txt"
    f = _fields(path)
    assert [f[f"requests.granted.{c}"]["value"] for c in ("natural", "total")] == [26, 26]
    assert [f[f"requests.denied.internal.{c}"]["value"] for c in ("natural", "total")] == [0, 0]
    wrong = _wrong(path, "real/013.html")
    assert not any(k.startswith(("requests.granted.", "requests.denied.", "requests.unable.")) for k in wrong), wrong
    assert f["requests.granted.natural"]["confidence"] < 0.9
    assert all(f[k]["confidence"] < 0.9 for k in wrong)


def test_a_row_keeping_its_own_cells_is_not_moved():
    """PyMuPDF prints table 三 one cell a line, and the group label （四）无法提供 one character a
    line right after row （三）8.'s seven zeros: "无" reads as a value, so the run of rows is
    regrouped without it. Row 8. keeps exactly its own printed cells - nothing was moved to it,
    so its cells are read next to its label, not placed by position (they were 0.85 before)."""
    path = CONVERTED / "001.typeset.pymupdf-text.txt"
    assert not _wrong(path, "real/001.txt")
    out = extract_bytes(path.read_bytes(), path.name)
    row = {k: v for k, v in out["fields"].items() if k.startswith("requests.denied.query.")}
    assert len(row) == 7 and all(v["confidence"] >= 0.9 for v in row.values()), row
    assert not out["review"]["required"], out["review"]["reasons"]
