"""A row's total wrapped over two lines in a narrow cell, printed line by line (pdfplumber's
text of Chromium's PDF, tests/data/converted, see its README): the total's first digits on
the line above the row, its last below it, the row's label and other cells between them
("10" / "一、本年新收政府信息公开申请数量 812 231 9 17" / "69"). The row's own sum joins them."""
from __future__ import annotations

from pathlib import Path

from extractor.pipeline import extract_bytes
from corpus import label_fields

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"


def test_total_pieces_around_the_row_are_its_total():
    name = "gen281_00014.chromium-pdfplumber.txt"
    data = (CONVERTED / name).read_bytes()
    assert "10\n一、本年新收政府信息公开申请数量 812 231 9 17\n69\n" in data.decode("utf-8")
    want = label_fields(CONVERTED / "gen281_00014.chromium-pdfplumber.labels.json")
    out = extract_bytes(data, name)["fields"]
    # was: 69 read as the total (0.42), the "10" and "11" above as cells of the rows
    for row, total in (("new", 1069), ("carried_over", 110), ("other", 158), ("total", 1179)):
        key = f"requests.{row}.total"
        assert want[key] == total
        assert out[key]["value"] == total and out[key]["confidence"] >= 0.9
    assert out["requests.new.commercial"]["value"] == want["requests.new.commercial"] == 231


def test_pieces_whose_join_is_not_the_row_sum_stay_lines():
    from extractor.loaders.text import _wrapped_totals

    # (七)总计 67 between "9" and "0": 67 is no 90 - the lone numbers are other cells' pieces
    text = "3.其他 10\n9\n(七)总计 67\n0\n四、结转下年度继续办理 74"
    assert _wrapped_totals(text) == text
    # a space-aligned text keeps its pieces where they stand (aligned.py reads the columns)
    padded = "10\n一、本年新收政府信息公开申请数量  812  231  9  17\n69"
    assert _wrapped_totals(padded) == padded
