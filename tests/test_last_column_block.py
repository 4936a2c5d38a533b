"""Table 三's rows each printed without their last cell, the column printed later as a block of
one number a row (WeasyPrint's narrow table of a generated report through pdftotext's default
order, tests/data/converted, see its README): every row prints its first six cells ("27 3" "0"
"0" "2" "3"), and 总计's 23 numbers ("35" "1" "5" ... "33" "3") come after table 四's heading and
its first headers "行政复议" "行政诉讼" "总" "计", before 四's other headers and its cells. Read
before as rows of six cells, 30 fields were wrong (table 三's and 四's)."""
from __future__ import annotations

from pathlib import Path

from extractor.pipeline import extract_bytes
from corpus import label_fields, wrong_counts

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
NAME = "gen736_00001.weasyprint-pdftotext-default"


def _read():
    data = (CONVERTED / f"{NAME}.txt").read_bytes()
    assert "总\n计\n35\n1\n5\n2\n" in data.decode("utf-8")
    return label_fields(CONVERTED / f"{NAME}.labels.json"), extract_bytes(data, f"{NAME}.txt")


def test_each_row_takes_the_blocks_number_in_order():
    want, out = _read()
    fields = out["fields"]
    assert wrong_counts(want, fields, "requests.") == []
    assert wrong_counts(want, fields, "review.") == []  # (四 read without the block)
    assert fields["requests.new.total"]["value"] == 35
    assert fields["requests.total.total"]["value"] == 33


def test_which_row_each_run_is_stays_below_certain():
    # the sums pin where each row's numbers end, not which label they are (sibling rows swapped
    # keep every sum): every cell of table 三 read so stays below 0.9
    _, out = _read()
    assert all(f["confidence"] < 0.9 for k, f in out["fields"].items() if k.startswith("requests."))
    assert out["review"]["required"]
