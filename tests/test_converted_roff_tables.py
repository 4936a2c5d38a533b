"""pandoc's man page of a report whose tables hold most of its lines (pandoc -t man -s; a
held-out layout, never trained on), read from real output of a labelled report's page
(tests/data/converted, see its README).

troff text is recognised by its request lines (".PP", ".TS", ...), a tenth of its lines or
more. Dev report 003's three tables are 733 of its 800 lines - tbl data lines, "T{" … "T}" -
and only 31 lines are requests: read as plain text, escapes and all ("\\[u4E00]"), no table
was found. tbl's data lines are typesetter input too: they do not count against the share.
"""
from __future__ import annotations

from pathlib import Path

from corpus import REAL, extract_against

from extractor.loaders import roff

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
MAN = CONVERTED / "003.pandoc-man-s.txt"


def test_troff_text_mostly_tables_is_troff():
    text = MAN.read_text(encoding="utf-8")
    assert roff.is_roff(text)
    assert "\\[u" not in roff.plain(text)


def test_report_as_troff_mostly_tables_is_read_right_and_accepted():
    wrong, review = extract_against(MAN, REAL / "003.labels.json")
    assert wrong == [] and review["required"] is False


def test_plain_text_with_a_few_dotted_lines_is_no_troff():
    text = "\n".join([".TS", "a\tb", ".TE"] + [f"第{k}行 正文内容" for k in range(300)] + [".PP"] * 19)
    assert not roff.is_roff(text)
