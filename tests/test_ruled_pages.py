"""Pages a converter separates by rules (pdftohtml -noframes: each page's lines, then <hr/>):
a lone number at a page's edge that counts the pages 1, 2, 3 is the page's number, furniture
as on every other paged input (loaders.furniture.ruled_page_numbers), not a cell of the table
it follows.

Data (tests/data/converted, README row): dev report 005 through `pdftohtml -noframes`; page 1
ends with 1.属于国家秘密's seven "0" and then the page number "1", pages 2 and 3 with "2", "3".
"""
from __future__ import annotations

from pathlib import Path

from extractor.loaders.furniture import ruled_page_numbers
from extractor.pipeline import extract_bytes

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"


def test_page_number_before_a_rule_is_not_a_cell():
    path = CONVERTED / "005.pdftohtml-noframes.html"
    out = extract_bytes(path.read_bytes(), path.name)
    got = out["fields"]["requests.denied.state_secret.total"]
    assert got["value"] in (0, None) and got["confidence"] >= 0.9


def test_numbers_that_do_not_count_the_pages_stay():
    # table values at pages' ends ("0", "7") count no pages: nothing is furniture
    lines = ["标题", "0", "7", "文字", "0", "文字", "12"]
    assert ruled_page_numbers(lines, [3, 5]) == []
    # the same pages ending 1, 2, 3: page numbers
    lines = ["标题", "0", "1", "文字", "2", "文字", "3"]
    assert ruled_page_numbers(lines, [3, 5]) == [2, 4, 6]
    # a number before a table's row is not a page's last line
    assert ruled_page_numbers(["标题", "1", None, "文字", "2", "文字", "3"], [3, 5]) == [4, 6]
    # without rules there are no pages here
    assert ruled_page_numbers(["标题", "1", "文字", "2"], []) == []
