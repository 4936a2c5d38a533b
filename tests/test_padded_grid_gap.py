"""A table of cells padded on one grid (aligned._padded_slots) whose wider gap stands among its
labels, left of its first value column: no value column is hidden there."""
from __future__ import annotations

from pathlib import Path

from corpus import label_fields
from extractor.pipeline import extract_bytes

CONVERTED = Path(__file__).parent / "data" / "converted"


def test_a_grid_gap_left_of_the_numbers_hides_no_value_column():
    # held-out seed 601's gen601_00014 through Chromium's PDF and pdftotext -layout: a table whose
    # cells are padded on one grid has a wider gap among its labels, left of its first value
    # column - no value column hidden there; _padded_slots looked for it among the value
    # columns and raised ValueError, the whole document failing
    name = "gen601_00014.chromium-pdftotext-layout.txt"
    want = label_fields(CONVERTED / "gen601_00014.labels.json")
    out = extract_bytes((CONVERTED / name).read_bytes(), name)
    fields = out["fields"]
    assert [k for k in want if k in fields and not isinstance(want[k], dict)
            and (fields[k]["value"] or 0) != (want[k] or 0) and fields[k]["confidence"] >= 0.9] == []
    assert out["review"]["required"]
