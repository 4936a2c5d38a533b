"""A page that only shows a text (pdftotext -layout -htmlmeta: the space-aligned text inside an
XHTML page's <pre>; a browser's or a crawler's page of a .txt file; a held-out layout, never
trained on), read from real output of a labelled report's typeset PDF (tests/data/converted,
see its README).

Read as a page, each <pre> line was one line of text, its cells apart by padding only: the
numbers of a row run together ("规章 1 1 28"), every table cell below 0.9 and the report sent
to review. Its text is read as the text reader reads the same text from a .txt file: columns
laid out from the padding.
"""
from __future__ import annotations

from pathlib import Path

from corpus import SEEDS, extract_against

from extractor.loaders import load, load_bytes

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
PRE = CONVERTED / "003_2b6abe27bfe85e6a.pdftotext-htmlmeta.html"


def test_text_shown_in_a_page_is_laid_out_as_text():
    lines = load(PRE).text.split("\n")
    assert "规章\t1\t1\t28" in lines
    assert "一、本年新收政府信息公开申请数量\t2660\t120\t10\t1\t39\t3\t2833" in lines


def test_report_shown_as_preformatted_text_is_read_right_and_accepted():
    wrong, review = extract_against(PRE, SEEDS / "003_2b6abe27bfe85e6a.labels.json")
    assert wrong == [] and review["required"] is False


def test_a_page_with_a_little_preformatted_text_is_read_as_a_page():
    page = ("<html><body><p>一、总体情况</p><table><tr><td>规章</td><td>1</td><td>1</td><td>28</td></tr></table>"
            "<p>说明：本报告数据统计期限为全年。</p><pre>a  b</pre></body></html>")
    assert "规章\t1\t1\t28" in load_bytes(page.encode("utf-8"), "page.html").text.split("\n")
    text = "规章      1     1     28\n规范性文件  2  2  30"
    shown = f"<html><head><title>报告</title></head><body><pre>{text}</pre></body></html>"
    assert load_bytes(shown.encode("utf-8"), "shown.html").text == load_bytes(text.encode("utf-8"), "t.txt").text
