"""The text layer of a PDF as PDF-to-text tools print it (issue 10), read from real
converter output of labelled dev reports (tests/data/converted, see its README).

* numbers wrapped in narrow cells: a total too wide for its cell goes on in the cell's
  next line ("10" above "1" is 101); the tools print the piece right after the number
  (reading order) or after the whole row, and table 四 must read it whole again.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor.pipeline import extract_bytes

DATA = Path(__file__).resolve().parent / "data"
CONVERTED = DATA / "converted"


def _labels(report: str) -> dict:
    sub = "seeds" if "_" in report else "real"
    return json.loads((DATA / "corpus" / sub / f"{report}.labels.json").read_text("utf-8"))["fields"]


@pytest.mark.parametrize("name", [
    "003.pdftotext-raw.txt",  # "1 0 2 0 3 12 0 0 0 1" / "2": the piece on the next line
    "003_2b6abe27bfe85e6a.pymupdf-text.txt",  # one number a line: "10" / "1" / "38"
    "003_2b6abe27bfe85e6a.pdfplumber.txt",  # the row's 15 numbers, then "1 9 7" under it
])
def test_table_four_numbers_wrapped_in_their_cells(name):
    truth = _labels(name.split(".")[0])
    out = extract_bytes((CONVERTED / name).read_bytes(), name)
    keys = [k for k in truth if k.startswith("review.")]
    assert any(truth[k] and truth[k] >= 10 for k in keys)  # a total of two or more digits
    got = {k: out["fields"][k]["value"] for k in keys}
    assert got == {k: truth[k] for k in keys}
    # read, not inferred: the identities hold on the whole numbers
    assert all(out["fields"][k]["confidence"] > 0.5 for k in keys)
