"""A table reader's grid that prints each row's label over empty cells and the row's numbers in
the grid row right below, with no label (camelot's stream tables of a real WPS export, whose
label cells are vertically centred: tests/data/converted/huaian-2024.camelot-csv.txt, see the
README). The numbers are the label's row above them (assemble._rows_under_labels); which row
is read off the layout, so never as certain as a row's own grid row. The reader lost table
三's （一）予以公开 row: the row before it must not hand it its numbers with confidence."""
from __future__ import annotations

from pathlib import Path

import pytest
from corpus import REAL_PDF, plain

from extractor.pipeline import extract_bytes, extract_file

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
NAME = "huaian-2024.camelot-csv.txt"
# rows the reader printed as a label grid row, then a grid row of numbers
UNDER = ("active.rules.", "active.normative.", "active.licensing.", "requests.denied.", "requests.unable.",
         "requests.unprocessed.complaint.", "requests.unprocessed.duplicate.", "requests.other.other.")


@pytest.fixture(scope="module")
def read():
    pdf = extract_file(REAL_PDF / "huaian-2024.pdf")["fields"]
    out = extract_bytes((CONVERTED / NAME).read_bytes(), NAME)
    return {k: plain(f["value"]) for k, f in pdf.items()}, out


def test_numbers_under_their_labels_are_the_labels_rows(read):
    pdf, out = read
    keys = [k for k in pdf if k.startswith(UNDER)]
    got = {k: plain(out["fields"][k]["value"]) for k in keys}
    assert {k: (got[k], pdf[k]) for k in keys if got[k] != pdf[k]} == {}
    assert got["requests.unable.not_held.total"] == 769 and got["active.normative.repealed"] == 26
    # which label a grid row of numbers is the layout says, not the row itself
    assert max(out["fields"][k]["confidence"] for k in keys) < 0.9


def test_a_lost_row_is_not_given_another_rows_numbers(read):
    pdf, out = read
    assert "1288" not in (CONVERTED / NAME).read_text(encoding="utf-8")  # (the reader lost （一）予以公开)
    sure_wrong = {k: (plain(f["value"]), pdf[k], f["confidence"]) for k, f in out["fields"].items()
                  if k in pdf and plain(f["value"]) != pdf[k] and f["confidence"] >= 0.9}
    assert sure_wrong == {}
    assert out["review"]["required"]
