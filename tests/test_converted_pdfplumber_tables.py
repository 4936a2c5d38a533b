"""A page's text and then each of its tables again as CSV (pdfplumber `extract_text()`
followed by every `extract_tables()` written by csv.writer; a held-out layout, never
trained on), read from real output of the typeset PDFs of labelled reports
(tests/data/converted, see its README).

The text copy drops blank cells ("一、本年新收政府信息公开申请数量 1 1"); the grid keeps
them as empty fields and prints a group label one character a line inside a quoted cell
('"三' … '果",（一）予以公开,,1,,,,,,1'). Where a grid's rows are printed before it as text
(same labels, same numbers in order), the grid is read in the text copy's place.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from corpus import SEEDS, extract_against

from extractor.loaders import delimited, load

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"


@pytest.mark.parametrize("report", ["004_22cd3b9bc5f65582", "002_ee8fa3a975bc8fe4"])
def test_table_printed_as_text_and_again_as_csv_is_read_from_the_grid(report):
    path = CONVERTED / f"{report}.pdfplumber-tables.txt"
    wrong, review = extract_against(path, SEEDS / f"{report}.labels.json")
    assert wrong == [] and review["required"] is False


def test_the_grid_takes_the_place_of_its_text_copy():
    path = CONVERTED / "004_22cd3b9bc5f65582.pdfplumber-tables.txt"
    raw = path.read_text("utf-8")
    assert "一、本年新收政府信息公开申请数量 1 1" in raw.split("\n")
    lines = delimited.retab(raw).split("\n")
    assert "一、本年新收政府信息公开申请数量 1 1" not in lines  # the text copy, left out
    # each grid where the text printed its rows: table 二's before table 三's heading, table
    # 三's first rows (one of them with numbers, at the page's foot) after it
    heading = lines.index("三、收到和处理政府信息公开申请情况")
    assert next(i for i, ln in enumerate(lines) if ln.startswith("规章\t")) < heading
    assert heading < lines.index("一、本年新收政府信息公开申请数量\t1\t\t\t\t\t\t1") < heading + 10
    # a quoted cell of one character a line ('"三' has no comma) is one record
    assert any(ln.startswith("三 、 本 年 度 办 理 结 果\t（一）予以公开\t") for ln in lines)
    doc = load(path)
    cells = [b for b in doc.blocks if b.kind == "cell" and b.row == next(
        b.row for b in doc.blocks if b.text == "一、本年新收政府信息公开申请数量")]
    assert [b.text for b in cells] == ["一、本年新收政府信息公开申请数量", "1", "", "", "", "", "", "1"]


def test_rows_without_a_text_copy_stay_where_they_are():
    # a CSV table pasted between paragraphs (no text copy before it) is not moved
    text = "说明\n规章,0,0,0\n规范性文件,1,2,3\n其他,4,5,6\n结尾"
    assert delimited.retab(text).split("\n") == ["说明", "规章\t0\t0\t0", "规范性文件\t1\t2\t3", "其他\t4\t5\t6", "结尾"]
