"""Blanks that a holding identity seems to confirm, in generated reports (seed 151, held out)
through real converters (tests/data/converted, see its README). An identity that holds only
because cells were left blank is no evidence (issue 10): a row read all blank while non-zero
numbers of the table stay unread,
is never near-certain."""
from __future__ import annotations

from pathlib import Path

from corpus import label_fields
from extractor.pipeline import extract_bytes

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"


def _read(name: str, labels: str):
    data = (CONVERTED / name).read_bytes()
    want = label_fields(CONVERTED / labels)
    return data, want, extract_bytes(data, name)


def test_row_read_blank_beside_unread_numbers_is_not_certain_where_the_sums_hold():
    # pdfminer's XML of Chromium's PDF: the row 2、申请人逾期未按收费通知… wraps over three lines
    # beside the vertical group label （六）其他处理; its label's first line became a row of
    # seven blank cells, its numbers "0 0 0 0 2 0 0" a line of their own that no row took. The
    # report itself prints 2 under 法律服务机构 with a total of 0 and a column total of 0, so
    # every sum holds with the row read blank: the holding sums rest on the blanks alone
    data, want, out = _read("gen151_00007.chromium-pdfminer-xml.xml", "gen151_00007.labels.json")
    assert want["requests.other.no_fee.legal"] == 2
    key = "requests.other.no_fee"
    for col in ("natural", "commercial", "research", "social", "legal", "other", "total"):
        f = out["fields"][f"{key}.{col}"]
        assert f["value"] is None  # (read blank: the row's numbers are not found)
        assert f["confidence"] < 0.9, col
    assert out["review"]["required"]
    # the rows around it, printed on their label's lines, stay read and sure
    for col in ("natural", "total"):
        f = out["fields"][f"requests.other.no_correction.{col}"]
        assert f["value"] == want[f"requests.other.no_correction.{col}"] and f["confidence"] >= 0.9


def test_two_leading_columns_blank_in_every_grid_row_may_be_a_labels_padding():
    # markitdown of the typeset PDF: every row of table 三 a grid of its own, "| label | | | 4 |
    # | | | 4 |" - eight cells, as many as the label and the form's seven columns, but the two
    # empty cells after the label are the spanned label's padding (the headings above print in
    # grids of six cells): the 4 is 自然人's. Read as the form's columns it lands under 科研机构,
    # and every identity holds for both readings (all rows shift alike): not near-certain
    data, want, out = _read("gen151_00015.markitdown-pdf.md", "gen151_00015.labels.json")
    assert "| 一、本年新收政府信息公开申请数量 |     |     | 4   |     |     |     | 4   |" in data.decode("utf-8")
    assert want["requests.new.natural"] == 4 and not want["requests.new.research"]
    for row in ("new", "carried_over", "total"):
        for col in ("natural", "research"):
            f = out["fields"][f"requests.{row}.{col}"]
            assert (f["value"] or 0) == (want[f"requests.{row}.{col}"] or 0) or f["confidence"] < 0.9, (row, col)
    assert out["review"]["required"]
