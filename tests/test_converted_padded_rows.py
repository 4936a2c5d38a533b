"""A pipe table whose writer dropped the spanned cells' columns and padded every row at its
end to the widest row (node-html-markdown 2; a held-out layout, never trained on), read from
real output of a labelled report's page (tests/data/converted, see its README).

Table 三's rows whose label spans three columns print their values right after the label
("| 一、本年新收… | 1 | | | | | | 1 | |"), the most-labelled rows ("（四）无法提供 | 1. 本机关…")
theirs two cells on: read in place, 一's total was read from the padding (0) and its 1 under
法律服务机构 - four fields wrong and the report in review. The padding dropped, those rows are
short rows aligned to the grid's last column: right and accepted.
"""
from __future__ import annotations

from pathlib import Path

from corpus import SEEDS, extract_against

from extractor.loaders import markdown
from extractor.model import Source

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
PADDED = CONVERTED / "002_ee8fa3a975bc8fe4.node-html-markdown.md"


def _row(doc, label):
    cells = [b for b in doc.blocks if b.kind == "cell" and b.table is not None]
    row = next(b.row for b in cells if b.text.strip().startswith(label))
    return {b.col: b.text.strip() for b in cells if b.row == row}


def test_report_of_padded_rows_is_read_right_and_accepted():
    wrong, review = extract_against(PADDED, SEEDS / "002_ee8fa3a975bc8fe4.labels.json")
    assert wrong == [] and review["required"] is False


def test_padded_row_ends_in_the_grid_last_column():
    doc = markdown.parse(PADDED.read_text(encoding="utf-8"), Source("t.md", "0", "markdown"))
    packed, full = _row(doc, "一、本年新收"), _row(doc, "（四）无法提供")
    assert max(packed) == max(full) and packed[max(packed)] == "1"  # the total under 总计
    assert len([c for c, t in packed.items() if t]) == 3  # label, 自然人, 总计: no padding cell


def test_span_padding_before_the_values_is_left_as_printed():
    # a writer keeping the spans prints empty cells between label and values: the values are
    # under their columns already (no row prints a number where the labels of others are)
    text = ("| 甲 | 乙 | 1 | 2 | 3 |\n|---|---|---|---|---|\n| 一、本年新收 | | 4 | | 4 |\n"
            "| （四）无法提供 | 1.本机关 | 5 | | 5 |\n")
    doc = markdown.parse(text, Source("t.md", "0", "markdown"))
    assert _row(doc, "一、本年新收") == {0: "一、本年新收", 1: "", 2: "4", 3: "", 4: "4"}
