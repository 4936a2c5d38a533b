"""Reports through a PDF reader that writes each placed glyph apart (mutool convert -F text /
-F html of the typeset PDF: "2 0 1 9 年", a cell "3 9 6", "9 5 3 . 3 1 8 万元"), read from its
real output of the dev reports (tests/data/converted, see its README).

Every number's digits stood apart by single spaces, none side by side anywhere: each digit was
read as a number of its own ("2 3" a row's two cells), and most of tables 二 and 三 were lost
or misread (one count read near-certain from a split). Where no two digits stand together in
the whole text, a space between digits is no boundary between numbers.
"""
from __future__ import annotations

from pathlib import Path

from corpus import wrong_values
from extractor.loaders import load_bytes

DATA = Path(__file__).resolve().parent / "data"
CONVERTED = DATA / "converted"


def _wrong(name: str, report: str) -> dict:
    return wrong_values(CONVERTED / name, DATA / "corpus" / "real" / f"{report}.labels.json")


def test_letter_spaced_text_reads_whole_numbers():
    assert _wrong("001.mutool-text.txt", "001") == {}
    path = CONVERTED / "001.mutool-text.txt"
    text = load_bytes(path.read_bytes(), path.name).text
    assert "2019 年" in text and "政府信息2505 条" in text


def test_letter_spaced_positioned_html_reads_whole_numbers():
    assert _wrong("013.mutool-html.html", "013") == {}


def test_digits_apart_are_cells_where_a_text_prints_numbers_together():
    # one number of several digits anywhere: single spaces between digits stay boundaries
    text = "2019年报告\n规章\n1 0 3\n规范性文件\n0 0 0\n行政许可\n5 0 2\n"
    assert "1 0 3" in load_bytes(text.encode(), "x.txt").text
    assert "103" in load_bytes(text.replace("2019", "2 0 1 9").encode(), "x.txt").text
