"""Reports through pdf.js's text items joined by line ends (pdfjs-dist `getTextContent()`,
`items.map(i => i.str).join("\\n")`, as Node scrapers print a PDF), read from its real output
of a dev report (tests/data/converted, see its README).

Every text item is a line: a word or a cell, the gap pdf.js marks between two runs of one
printed line a space item (a line of one space), each printed line's end an empty item (an
empty line) - the lines alternate, text then one gap line. The lines of one space had been read
as blank cells: table 二 read blank at confidence 0.9996+ (003_2b6: 20 fields) and table 三's
rows moved into other columns.
"""
from __future__ import annotations

from pathlib import Path

from extractor.loaders import text as _text
from extractor.pipeline import extract_bytes
from corpus import label_fields

DATA = Path(__file__).resolve().parent / "data"
CONVERTED = DATA / "converted"
NAME = "003_2b6abe27bfe85e6a.pdfjs-lines.txt"


def _labels(report: str) -> dict:
    return label_fields(DATA / "corpus" / "seeds" / f"{report}.labels.json")


def test_word_gap_lines_are_no_blank_cells():
    got = extract_bytes((CONVERTED / NAME).read_bytes(), NAME)["fields"]
    # (a cell the report left blank may read as 0: score.py's lenient comparison)
    wrong = {k: (got[k]["value"], v) for k, v in _labels("003_2b6abe27bfe85e6a").items()
             if (got[k]["value"] or 0) != (v or 0)}
    assert wrong == {}
    assert got["active.normative.total"]["value"] == 2899
    assert got["requests.denied.third_party.total"]["value"] == 16


def test_printed_lines_rebuilt():
    lines = _text._items_a_line((CONVERTED / NAME).read_text(encoding="utf-8")).split("\n")
    assert "规章 1 1 28" in lines
    assert not any(ln and not ln.strip() for ln in lines)


def test_cells_a_line_with_blank_cells_stay():
    # one cell a line, a blank cell a line of one space, rows ended by an empty line: most
    # runs of text are next to each other, so the spaces stay blank cells
    text = "\n".join(f"行{i}\n{i}\n \n{i}\n" for i in range(30))
    assert _text._items_a_line(text) == text
    # text and gap lines alternating, but every gap empty: no word gaps to join
    text = "\n".join(f"行{i}\n\n{i}\n" for i in range(30))
    assert _text._items_a_line(text) == text
    # alternating, the gaps two spaces: markdown's line breaks (html2text), no word gaps
    text = "\n".join(f"行{i}  \n  \n{i}\n" for i in range(30))
    assert _text._items_a_line(text) == text


REAL = "hongze-2024.pdfjs-lines.txt"


def test_items_split_without_gap_items():
    # a real PDF (a WPS export): a third of its text runs are split with no gap item between
    # them ("202" / "4" on successive lines, "（五" / "）"), so under 95 % of runs are one gap line
    # apart; table 二 had read blank at 0.9996-1.0 from its lines of one space
    got = extract_bytes((CONVERTED / REAL).read_bytes(), REAL)["fields"]
    for key, value in {"active.normative.issued": 3, "active.normative.repealed": 0,
                       "active.normative.in_force": 8, "active.punishment.decisions": 2776,
                       "active.coercion.decisions": 84}.items():
        assert got[key]["value"] == value, key
    assert got["active.fees.amount"]["value"]["text"] == "7545"
    lines = _text._items_a_line((CONVERTED / REAL).read_text(encoding="utf-8")).split("\n")
    assert "行政规范性文件 3 0 8" in lines
    assert "2024 年政府信息公开工作年度报告" in lines


def test_split_items_need_single_gap_lines():
    # successive runs with no gap line, but some runs two empty lines apart: not items a line
    text = "\n".join(f"行{i}\n \n{i}\n{i}\n" + ("\n\n" if i % 5 == 0 else "") for i in range(30))
    assert _text._items_a_line(text) == text
