"""Space-aligned text whose narrow cells are set one space apart: a row prints more numbers than
the columns cut at its gutters can hold, so those columns are not the table's - its lines are
read as printed (`aligned._numbers_overflow`; files in tests/data/converted, see its README)."""
from __future__ import annotations

from pathlib import Path

from corpus import label_fields, plain

from extractor.pipeline import extract_bytes

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
NAME = "gen725_00011.weasyprint-pdftotext-layout.txt"
COLS = ("natural", "commercial", "research", "social", "legal", "other", "total")


def _read(name: str) -> dict:
    return extract_bytes((CONVERTED / name).read_bytes(), name)["fields"]


def test_a_row_of_more_numbers_than_columns_is_read_as_printed():
    # seed 725's gen725_00011 through WeasyPrint's PDF and pdftotext -layout: table 三's cells are
    # narrow, so most of a row's numbers stand one space apart and only a few gutters are wider -
    # the columns cut at those gutters are five, while 一、本年新收 prints seven numbers. Laid out in
    # those five ("1423 161 31 2 48" one cell), the rows fit no reading and were left blank (0.80)
    text = (CONVERTED / NAME).read_text(encoding="utf-8")
    assert "一、本年新收政府信息公开申请数量        1423 161 31   2 48   18 1683\n" in text
    want = label_fields(CONVERTED / "gen725_00011.weasyprint-pdftotext-layout.labels.json")
    fields = _read(NAME)
    # rows printing every column are read whole, their sums proving each cell
    for row in ("new", "granted", "total"):
        keys = [f"requests.{row}.{c}" for c in COLS]
        assert [fields[k]["value"] for k in keys] == [plain(want[k]) for k in keys], row
        assert fields[f"requests.{row}.total"]["confidence"] >= 0.9, row
    assert all(fields[f"requests.new.{c}"]["confidence"] >= 0.9 for c in COLS)
    # rows printing only some columns: their values read, where they stand only inferred (< 0.9)
    for row in ("carried_over", "unable.not_held", "unprocessed.duplicate"):
        assert fields[f"requests.{row}.total"]["value"] == plain(want[f"requests.{row}.total"]), row
        assert all(fields[f"requests.{row}.{c}"]["confidence"] < 0.9 for c in COLS[:-1]), row
    # no wrong field is sure
    wrong = [k for k in want if k.startswith("requests.") and (fields[k]["value"] or 0) != (plain(want[k]) or 0)]
    assert all(fields[k]["confidence"] < 0.9 for k in wrong), wrong
