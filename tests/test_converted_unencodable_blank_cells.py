"""A cell-a-line text saved in GBK (LibreOffice "Text (encoded)" with MS_936 and CRLF lines, as
"save as text" of a Word or WPS file on a Chinese Windows writes it; a held-out route, never
trained on), real output of a generated report in tests/data/converted (see its README).

A blank cell's own no-break space has no GBK code: the writer prints "?" for it, a line alone.
Read as text, each "?" was a cell with text, not a blank one: the row's cells shifted (table
四's 行政诉讼 numbers read one group over, 14 / 7 / 15 / 36 as 复议后起诉's)."""
from __future__ import annotations

from pathlib import Path

from corpus import extract_against

from extractor.loaders import text

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
NAME = "gen877_00002.lo-txt-gbk-crlf"


def test_gbk_text_with_question_marks_for_blank_cells_is_read_right_and_accepted():
    raw = (CONVERTED / f"{NAME}.txt").read_bytes()
    assert b"\r\n?\r\n2\r\n?\r\n19\r\n" in raw  # blank cells of table 四's first row
    wrong, review = extract_against(CONVERTED / f"{NAME}.txt", CONVERTED / f"{NAME}.labels.json")
    assert wrong == [] and review["required"] is False


def test_only_lines_of_a_question_mark_alone_and_three_of_them():
    assert text._unencodable_blank_cells("a\n?\nb\n?\r\nc\n ? \n") == "a\n\xa0\nb\n\xa0\r\nc\n\xa0\n"
    assert text._unencodable_blank_cells("a\n?\nb\n?\n") == "a\n?\nb\n?\n"  # two: left as printed
    assert text._unencodable_blank_cells("为什么?\n?\n?\n?\n")[:5] == "为什么?\n"  # "?" in text stays
