"""Space-aligned text whose rows are set by their labels' characters: a row pressed further left
than every row printing its total makes a value column of its own, and the table's columns,
counted from it, say nothing of where each column stands (`aligned._pressed_first`; files in
tests/data/converted, see its README)."""
from __future__ import annotations

from pathlib import Path

from corpus import label_fields, plain

from extractor.pipeline import extract_bytes

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
NAME = "gen726_00009.weasyprint-pdftotext-layout.txt"
COLS = ("natural", "commercial", "research", "social", "legal", "other", "total")


def test_a_column_only_a_pressed_row_prints_in_places_nothing_for_sure():
    # seed 726's gen726_00009 through WeasyPrint's PDF and pdftotext -layout: table 三's rows are
    # printed between their labels' wrapped pieces, 一 "207 61 1 5 1 275" from character 14, and
    # （二）部分公开's "5 2 7", pressed further, from 10. That "5" made a column left of every other
    # row's first number: 一, 二 and (一) read a column off ([blank, 207, 61, …]) at 0.999, their sums
    # holding in any place
    text = (CONVERTED / NAME).read_text(encoding="utf-8")
    assert "\n              207      61         1      5       1   275\n" in text
    assert "\n          5     2        7\n" in text
    want = label_fields(CONVERTED / "gen726_00009.weasyprint-pdftotext-layout.labels.json")
    fields = extract_bytes(text.encode("utf-8"), NAME)["fields"]
    wrong = [k for k in want if k in fields and (plain(fields[k]["value"]) or 0) != (plain(want[k]) or 0)]
    assert all(fields[k]["confidence"] < 0.9 for k in wrong), [k for k in wrong if fields[k]["confidence"] >= 0.9]
    # the totals, which their rows' sums prove, are still read
    for row in ("new", "carried_over", "granted"):
        assert fields[f"requests.{row}.total"]["value"] == plain(want[f"requests.{row}.total"]), row
