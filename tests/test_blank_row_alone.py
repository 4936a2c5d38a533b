"""A row of table 二 printed blank by a route that drops blank cells: its label alone, nothing
after it (assemble.assemble_active). Table 二 has no identity to pin the blanks, so the
reading must stand on the text: where every other row prints exactly its own numbers, one
cell each, and no number of the table is left unread, a value of the row would have printed -
the label alone is the only reading, read as printed blank cells.

Data (tests/data/converted, README row): generated report gen269_00009 of held-out seed 269
through pypdf's `extract_text()` of the typeset PDF ("规章" alone on its line, "规范性文件 18 18 18"
after it).
"""
from __future__ import annotations

from pathlib import Path

from extractor.pipeline import extract_bytes

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
RULES = ("active.rules.made", "active.rules.published", "active.rules.total")


def _fields(text: str) -> dict:
    return extract_bytes(text.encode("utf-8"), "gen269_00009.pypdf.txt")["fields"]


def test_a_label_alone_among_rows_read_cell_for_cell_is_a_blank_row():
    got = _fields((CONVERTED / "gen269_00009.pypdf.txt").read_text(encoding="utf-8"))
    assert all(got[k]["value"] is None and got[k]["confidence"] >= 0.9 for k in RULES)


def test_not_where_another_row_prints_fewer_numbers_than_cells():
    # 规范性文件 printing two numbers for three cells: a blank dropped there, so the row's
    # numbers do not stand one a cell, and the label alone proves nothing about 规章
    text = (CONVERTED / "gen269_00009.pypdf.txt").read_text(encoding="utf-8")
    assert "规范性文件 18 18 18" in text
    got = _fields(text.replace("规范性文件 18 18 18", "规范性文件 18 18"))
    assert all(got[k]["value"] is None and got[k]["confidence"] < 0.9 for k in RULES)
