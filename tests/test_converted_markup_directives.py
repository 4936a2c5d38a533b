"""Reports typeset for troff (pandoc -t ms of the HTML page), read from their real output of
the dev reports (tests/data/converted, see its README).

A request line (".PP", ".br", ".nr LL 17.5n") is a directive to the typesetter, never a
report's content, and a tbl table's cells holding text are blocks "T{" ... "T}" over several
lines: each line was read as a paragraph, the "17.5" of ".nr LL 17.5n" as a value and the
rows a column off (dev: 11 wrong fields at confidence >= 0.9).
"""
from __future__ import annotations

from pathlib import Path

from corpus import wrong_values
from extractor.loaders import load_bytes
from extractor.pipeline import extract_bytes

DATA = Path(__file__).resolve().parent / "data"
CONVERTED = DATA / "converted"


def test_tbl_text_blocks_are_tab_rows_and_requests_no_content():
    path = CONVERTED / "002_ee8fa3a975bc8fe4.pandoc-ms.txt"
    text = load_bytes(path.read_bytes(), path.name).text
    lines = text.split("\n")
    assert "规范性文件\t0\t0\t8" in lines
    assert "行政许可\t389\t127\t25494" in lines
    assert not any(ln.startswith((".nr", ".PP", "T{", "T}")) for ln in lines)
    assert "17.5" not in text


def test_troff_typeset_reports_read_every_value():
    assert wrong_values(CONVERTED / "002_ee8fa3a975bc8fe4.pandoc-ms.txt",
                        DATA / "corpus" / "seeds" / "002_ee8fa3a975bc8fe4.labels.json") == {}
    assert wrong_values(CONVERTED / "009.pandoc-ms.txt", DATA / "corpus" / "real" / "009.labels.json") == {}


def test_troff_characters_by_code_point_are_read():
    # pandoc -t man writes every CJK character as \[u4E00]: the text was refused as no report
    assert wrong_values(CONVERTED / "001.pandoc-man.txt", DATA / "corpus" / "real" / "001.labels.json") == {}


def test_context_xtables_are_tab_rows_and_options_no_values():
    # pandoc -t context: \startxcell[width={0.25\textwidth}] 0 \stopxcell - the fees amount 0 was
    # read as 0.25 万元 at 0.98
    path = CONVERTED / "013.pandoc-context.txt"
    lines = load_bytes(path.read_bytes(), path.name).text.split("\n")
    assert "行政事业性收费\t0\t\t" in lines
    assert wrong_values(path, DATA / "corpus" / "real" / "013.labels.json") == {}


def test_context_tie_cells_are_blank():
    # a cell of a no-break space is written as the tie "~": a blank cell, not a printed mark
    path = CONVERTED / "002_ee8fa3a975bc8fe4.pandoc-context.txt"
    out = extract_bytes(path.read_bytes(), path.name)
    assert not out["review"]["required"]
    assert wrong_values(path, DATA / "corpus" / "seeds" / "002_ee8fa3a975bc8fe4.labels.json") == {}
