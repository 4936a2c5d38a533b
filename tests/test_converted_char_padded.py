"""A space-aligned table padded by characters, its labels of wide glyphs (html-to-text's
`dataTable` format, JavaScript's string length: a CJK character one column), read from its real
output of a generated report (tests/data/converted, see its README).

Measured in terminal columns (a wide glyph two), table 二's short rows still line up but table
三's rows, whose labels are long, fall out of line and out of every table; that measure had won
on its numbers per column and table 三 was read from the bare lines, its lone numbers in other
columns (8 fields wrong). A measure that lays out under two thirds of the numbers the other
lays out in tables is not the text's.
"""
from __future__ import annotations

import json
from pathlib import Path

from extractor.loaders import aligned
from extractor.loaders.text import _aligned_line
from extractor.pipeline import extract_bytes

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
NAME = "gen457_00009.html-to-text-table.txt"


def test_the_measure_that_lays_out_the_tables_is_chosen():
    text = (CONVERTED / NAME).read_text(encoding="utf-8")
    out, _ = aligned.retab(text, _aligned_line)
    rows = [ln.split("\t") for ln in out.split("\n")]
    assert ["一、本年新收政府信息公开申请数量", "8", "2", "", "1", "", "", "11"] in rows


def test_lone_numbers_read_in_their_columns():
    got = extract_bytes((CONVERTED / NAME).read_bytes(), NAME)["fields"]
    labels = json.loads((CONVERTED / "gen457_00009.html-to-text-table.labels.json").read_text(encoding="utf-8"))
    wrong = {k: (got[k]["value"], v) for k, v in labels["fields"].items() if (got[k]["value"] or 0) != (v or 0)}
    assert wrong == {}
    assert got["requests.new.social"]["value"] == 1 and got["requests.total.social"]["value"] == 1
