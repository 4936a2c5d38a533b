"""Space-aligned tables under a column ruler ("------ ------- -----": pandoc's simple and
multiline tables, `pandoc -t markdown` / `-t plain`; reStructuredText's "=== ==="): one run of
dashes per column gives every column's place, so a row's blank cells are seen, not inferred,
even where no row fills every column (real/013's table 三 prints only 自然人 and 总计).
Markdown escapes are removed without moving what follows out of its column (pandoc counts
the backslash in a column's width).

Generated reports with a ruler or an escape (seeds 11 and 23: 191 through pandoc, mammoth,
html2text): auto-accepted 84 -> 106, wrong fields through pandoc -t markdown / -t plain
394 -> 174, no report worse; with one row of values under a ruler read as a table (table 四
printed as its header and one row), 174 -> 150 (the rest: tables -t plain drops); dev: 013
through both auto-accepted.
"""
from __future__ import annotations

from pathlib import Path

from corpus import REAL, extract_against

from extractor.loaders import load, load_bytes
from extractor.loaders.text import _unescaped
from extractor.pipeline import extract_bytes

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
NAME = "013.pandoc-markdown.md"


def _row(doc, label: str) -> list:
    r = next(b.row for b in doc.blocks if b.text.startswith(label))
    return [b for b in doc.blocks if b.row == r]


def test_the_ruler_places_every_cell_of_a_row_printing_two():
    doc = load(CONVERTED / NAME)
    row = _row(doc, "一、本年新收")
    assert [b.text for b in row] == ["一、本年新收政府信息公开申请数量", "26", "", "", "", "", "", "26"]
    assert all(b.blank_seen and not b.column_doubt for b in row[2:7])


def test_the_report_is_read_whole_and_auto_accepted():
    wrong, review = extract_against(CONVERTED / NAME, REAL / "013.labels.json")
    assert wrong == [] and review["required"] is False


RULED = """\
三、收到和处理政府信息公开申请情况

  ------------------ ------------ ------ ------ ------ ------ ------ ------
                     自然人       商业   科研   社会   法律   其他   总计
                                  企业   机构   组织   服务

  一、本年新收       5                                 \\-1           4

  二、上年结转       2            1                                  3

  (一)予以公开       4            1                                  5
  ------------------ ------------ ------ ------ ------ ------ ------ ------
"""


def test_a_column_blank_in_every_row_keeps_its_place():
    doc = load_bytes(RULED.encode(), "r.md")
    row = _row(doc, "一、本年新收")
    assert [b.text for b in row] == ["一、本年新收", "5", "", "", "", "-1", "", "4"]
    assert all(b.blank_seen for b in row if b.blank)
    assert [b.text for b in _row(doc, "二、上年结转")][1:4] == ["2", "1", ""]


def test_a_ruler_the_numbers_do_not_fit_decides_nothing():
    # a number printed between two runs: the ruler is not this table's; columns from numbers
    text = RULED.replace("  二、上年结转       2            1", "  二、上年结转       2           1 ")
    doc = load_bytes(text.encode(), "r.md")
    assert not any(b.blank_seen for b in _row(doc, "二、上年结转"))


def test_an_escape_gives_its_column_back_to_the_next_gutter():
    line = "  1\\. 属于国家秘密   0      5"
    out = _unescaped(line)
    assert out == "  1. 属于国家秘密    0      5" and len(out) == len(line)
    assert out.index("0") == line.index("0")
    assert _unescaped("953\\.318万元，\\-29") == "953.318万元，-29"  # no gutter after: removed
    assert _unescaped("\\(一\\)予以公开    3") == "(一)予以公开      3"


REVIEW_ONE_ROW = """\
四、政府信息公开行政复议、行政诉讼情况

  ------ ------ ------ ------ ------ ---------- ------ ------ ------ ------ ------ ------ ------ ------ ------
  行政复议                                行政诉讼
  维持   纠正   其他   未结   总计   未经复议直接起诉                       复议后起诉
                                     维持       纠正   其他   未结   总计   维持   纠正   其他   未结   总计
                                     2          1                    3
  ------ ------ ------ ------ ------ ---------- ------ ------ ------ ------ ------ ------ ------ ------ ------
"""


def test_one_row_of_a_few_values_under_a_ruler_is_a_table():
    # three numbers on one line are no table by themselves (a sentence's counts); the ruler
    # makes them one, every blank of it seen (after table 三: a text with aligned tables)
    doc = load_bytes((RULED + "\n" + REVIEW_ONE_ROW).encode(), "r.md")
    last = max(b.row for b in doc.blocks if b.text == "2")
    row = [b for b in doc.blocks if b.row == last]
    assert [b.text for b in row] == ["", "", "", "", "", "2", "1", "", "", "3", "", "", "", "", ""]
    assert all(b.blank_seen for b in row if b.blank)
    out = extract_bytes(("政府信息公开工作年度报告\n" + RULED + "\n" + REVIEW_ONE_ROW).encode(), "r.md")
    got = {k: v["value"] for k, v in out["fields"].items() if k.startswith("review.")}
    assert got["review.litigation_direct.upheld"] == 2 and got["review.litigation_direct.total"] == 3
    assert got["review.reconsideration.upheld"] is None
