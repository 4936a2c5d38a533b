"""Reports through html2text with ignore_tables (HTML -> markdown, table tags dropped: each cell
a paragraph, each row ended by a hard break and a line of spaces), read from its real output of
the dev reports (tests/data/converted, see its README).

The row's last cell "2629  " (or a blank cell's space, "   ") ends in a markdown hard break,
and the line of spaces after it ends the paragraph: read as one more blank cell, it was taken
for the row's last column, and table 二's values were read as printed blank, near-certain.
"""
from __future__ import annotations

from pathlib import Path

from corpus import wrong_values
from extractor.loaders import load_bytes

DATA = Path(__file__).resolve().parent / "data"
CONVERTED = DATA / "converted"


def _wrong_active(name: str, report: str) -> dict:
    return wrong_values(CONVERTED / name, DATA / "corpus" / "real" / f"{report}.labels.json", "active.")


def test_a_line_of_spaces_after_a_hard_break_ends_the_row():
    # 005: "行政许可\n\n2629  \n  \n第二十条第(六)项": 2629 is the row's value, not the cell before a blank
    assert _wrong_active("005.html2text-ignore-tables.md", "005") == {}
    # 001: "行政事业性收费\n\n35\n\n0\n\n   \n  \n": the row's own blank cell ("   ": its space and the
    # break) stays a cell, the line of spaces after it ends the row
    assert _wrong_active("001.html2text-ignore-tables.md", "001") == {}


def test_no_blank_cell_follows_the_value_before_the_break():
    path = CONVERTED / "005.html2text-ignore-tables.md"
    blocks = load_bytes(path.read_bytes(), path.name).blocks
    i = next(i for i, b in enumerate(blocks) if b.text == "行政许可")
    assert [(b.text, b.kind) for b in blocks[i + 1:i + 3]] == [("2629", "line"), ("", "break")]


def test_lines_of_spaces_are_blank_cells_where_no_line_ends_in_a_hard_break():
    # pretty-printed markup's indentation ("      " lines) is not a row's end: a text with no
    # content line ending in a hard break keeps reading whitespace lines as before
    text = "规章\n      \n    \n5\n      \n    \n0\n"
    doc = load_bytes(text.encode(), "x.txt")
    assert [b.kind for b in doc.blocks if not b.text] == ["cell"] * 4
