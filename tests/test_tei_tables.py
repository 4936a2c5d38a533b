"""A report through trafilatura's XML output (output_format="xml"; a Python-only converter,
so its real output is saved: tests/data/converted, see its README): the page's text in
<p> and <head>, its tables as TEI writes them, <table><row><cell>, spans padded with empty
cells. Read as HTML, rows and cells of a grid - not one line of run-together text."""
from __future__ import annotations

from pathlib import Path

from corpus import REAL, extract_against
from extractor.loaders import load

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"


def test_tei_rows_and_cells_are_a_grid():
    doc = load(CONVERTED / "013.trafilatura-xml.xml")
    rows: dict[int, list[str]] = {}
    for b in doc.blocks:
        if b.kind == "cell":
            rows.setdefault(b.row, []).append(b.text)
    assert ["规章", "0", "0", "0"] in rows.values()
    assert any(r[0].startswith("一、本年新收") and r[-1] == "26" and len(r) == 10 for r in rows.values())


def test_tei_report_read_whole():
    wrong, _ = extract_against(CONVERTED / "013.trafilatura-xml.xml", REAL / "013.labels.json")
    assert wrong == []
