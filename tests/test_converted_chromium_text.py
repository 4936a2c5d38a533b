"""Chromium's print-to-PDF of a report's page through pdfplumber `extract_text()` (held-out
route chromium-pdfplumber of training/converters.py; real output in tests/data/converted,
see its README).

The pages are joined by a bare line break, no form feed; the browser prints the time in each
page's top margin and the page's address with an "n/N" counter in its bottom margin, and
those lines fall between the rows of a table that goes on to the next page. Table 三's
narrow columns (自然人 one character a line) wrap wide numbers over two lines ("2660" as
"266" above "0"), and the row's cells are vertically centred: the pieces and the numbers
printed whole stand on up to three lines around the label, the line above the label
included ("2" / "一、本年新收… 26" / "6").
"""
from __future__ import annotations

from pathlib import Path

from corpus import SEEDS, extract_against

from extractor.loaders import furniture

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"


def test_browser_margins_mark_pages_where_no_form_feed_does():
    path = CONVERTED / "004_22cd3b9bc5f65582.chromium-pdfplumber.txt"
    text = path.read_text("utf-8")
    assert "\f" not in text
    pages = furniture.text_pages(text)
    assert pages is not None and len(pages) == 4
    kept, dropped = furniture.drop_text_furniture(text)
    assert sum("report.html" in d for d in dropped) == 4  # every page's address and "n/4"
    assert sum(d.endswith("PM 2019年政府信息公开工作年度报告") for d in dropped) == 4
    assert "report.html" not in kept
    # the time and counter were read as table 三's values before ("2 4 12 6 26 4" in a
    # row the report leaves blank)
    wrong, review = extract_against(path, SEEDS / "004_22cd3b9bc5f65582.labels.json")
    assert wrong == []


def test_a_counter_that_does_not_count_the_pages_marks_none():
    # lines ending in "1/3", "2/3" but not a third: no page run (a value like "1/3" in text)
    lines = ["甲 1/3", "正文", "甲 2/3", "正文"]
    assert furniture.text_pages("\n".join(lines)) is None
