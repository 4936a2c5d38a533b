"""pdf2json's JSON (npm pdf2json 4; a held-out layout, never trained on), read from real
output of the typeset PDF of a labelled report (tests/data/converted, see its README).

Its Texts are placed by a point alone - x, y in page units of 16 pt, a width in another unit,
no height - with the text in a list of runs ("R": [{"T": ...}]), the pages a list under
"Pages" beside the file's metadata. The line pitch gives the text's size; each page's texts
are a page of their own (read as one, page 2's prose ran into table 三's heading rows, which
page 1 printed at the same height).
"""
from __future__ import annotations

from pathlib import Path

from corpus import SEEDS, extract_against

from extractor.loaders import load

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
REPORT = "001_ae5d534637d2dda6"


def test_texts_placed_by_a_point_are_read_as_rows():
    lines = load(CONVERTED / f"{REPORT}.pdf2json.json").text.split("\n")
    assert "规章\t0\t0\t0" in lines
    assert "一、本年新收政府信息公开申请数量\t6\t0\t0\t0\t0\t0\t89" in lines


def test_each_page_of_a_pages_list_is_its_own_page():
    lines = load(CONVERTED / f"{REPORT}.pdf2json.json").text.split("\n")
    assert not any("六、其他需要报告的事项" in ln and "自然人" in ln for ln in lines)
    assert "六、其他需要报告的事项本年度无其他需要报告的事项。" in lines


def test_report_is_read_right_and_accepted():
    wrong, review = extract_against(CONVERTED / f"{REPORT}.pdf2json.json", SEEDS / f"{REPORT}.labels.json")
    assert wrong == [] and review["required"] is False
