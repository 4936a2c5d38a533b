"""Runs of digits cut into cells, and rows whose cells a reading order printed apart: a reading is
confident only where its alternatives are ruled out by evidence that is not itself a guess.

Data (tests/data/converted, README rows): generated reports of held-out seeds through
BeautifulSoup's get_text("") of the page (soup-text: every cell's text run together with the next,
a blank cell's whitespace kept), of mammoth's HTML of the page's DOCX (mammoth-soup-none), and
through pdftotext's default reading order of LibreOffice's PDF (lo-pdf-pdftotext-default).
"""
from __future__ import annotations

from pathlib import Path

from corpus import wrong_values


CONVERTED = Path(__file__).resolve().parent / "data" / "converted"


def _wrong(doc: str, route: str, prefix: str = "") -> dict[str, tuple]:
    return wrong_values(CONVERTED / f"{doc}.{route}", CONVERTED / f"{doc.split('.')[0]}.labels.json", prefix)


def test_two_rows_cut_alike_move_together():
    # 本年新收 "48514174365678" and (七)总计 "48314174365676", both cut 4|85|141|7|436 by a search
    # one row at a time (either row moved alone breaks the balance between them): read together
    # they are 485|141|7|4|36 and 483|141|7|4|36, and no cell of table 三 is wrong at >= 0.9
    wrong = _wrong("gen167_00004", "soup-text.txt", "requests.")
    assert not any(k.startswith(("requests.new.", "requests.total.")) for k in wrong)
    assert all(conf < 0.9 for _, _, conf in wrong.values())
