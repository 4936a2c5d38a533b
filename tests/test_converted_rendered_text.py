"""Reports as a browser renders them to text (innerText: select all, copy, paste) and as a PDF
table reader saves only its tables, read from their real output of the dev reports
(tests/data/converted, see its README).

A rendered page joins a row's cells by tabs, but a cell whose text sits in a paragraph (<p>,
as Word and WPS write cells) is set apart by an empty line on each side: "规范性文件", "",
"\t", "", "89", ... Each tab line was read as a blank cell and the numbers as no row's: tables
二 and 三 read all blank at 0.9999 and the documents auto-accepted (dev 174 wrong fields in
auto-accepted documents). pdfplumber's extract_table() saved as CSV keeps one table a page and
no headings: the assembler indexed past the last block.
"""
from __future__ import annotations

from pathlib import Path

from corpus import wrong_values
from extractor.loaders import load_bytes
from extractor.pipeline import extract_bytes

DATA = Path(__file__).resolve().parent / "data"
CONVERTED = DATA / "converted"


def test_rendered_text_rows_with_tab_lines_between_paragraph_cells_are_tab_rows():
    path = CONVERTED / "001.chromium-innertext.txt"
    lines = load_bytes(path.read_bytes(), path.name).text.split("\n")
    assert "规范性文件\t89\t89\t89" in lines
    assert "其他对外管理服务事项\t10\t0\t153" in lines
    assert "一、本年新收政府信息公开申请数量\t23\t0\t0\t0\t0\t0\t23" in lines


def test_rendered_text_of_paragraph_cells_reads_every_value():
    assert wrong_values(CONVERTED / "001.chromium-innertext.txt", DATA / "corpus" / "real" / "001.labels.json") == {}
    # blank cells printed as one line of tabs and spaces ("\t\xa0\t\xa0\t\xa0\t\xa0\t\xa0\t") keep their columns
    assert wrong_values(CONVERTED / "002_ee8fa3a975bc8fe4.chromium-innertext.txt",
                        DATA / "corpus" / "seeds" / "002_ee8fa3a975bc8fe4.labels.json") == {}


def test_rendered_text_blank_cell_paragraph_of_a_non_breaking_space_is_a_cell():
    # a blank cell written as a paragraph of &nbsp; renders as a line "\xa0" between its empty
    # lines: it is the row's cell, not the empty line around a paragraph (table 三's rows broke
    # there and their last values were read as no row's: 法律服务机构 and 总计 blank)
    path = CONVERTED / "gen241_00008.chromium-innertext.txt"
    lines = load_bytes(path.read_bytes(), path.name).text.split("\n")
    assert "一、本年新收政府信息公开申请数量\t3\t1\t\xa0\t\xa0\t1\t\xa0\t5" in lines
    assert wrong_values(path, CONVERTED / "gen241_00008.labels.json") == {}


def test_tables_only_csv_without_headings_is_read_not_crashed():
    path = CONVERTED / "001.pdfplumber-table-csv.csv"
    out = extract_bytes(path.read_bytes(), path.name)
    assert out["fields"]["active.normative.published"]["value"] == 89
    assert out["review"]["required"]
