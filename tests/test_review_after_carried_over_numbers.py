"""Table 四 where table 三's last cells, carried over to the next page, print after 四's heading and
a line of prose and before 四's column headers (WeasyPrint's PDF of a generated report through
pdftotext's default order, tests/data/converted, see its README): "0 0 0 0 2 0 0 0 13 0 0 0 2 0 2",
then the headers - their last lines "结果 结果 其他 尚未 总" taken for prose - then 四's own
fifteen 0s. Read as the first run, two of 四's sums broke and were taken for the report's own
error, every cell at 0.999 (2, 13 and 2 wrong)."""
from __future__ import annotations

from pathlib import Path

from extractor.pipeline import extract_bytes
from corpus import label_fields, wrong_counts

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
NAME = "gen736_00002.weasyprint-pdftotext-default"


def test_numbers_before_the_headers_and_a_whole_table_after_them():
    data = (CONVERTED / f"{NAME}.txt").read_bytes()
    assert "13\n0\n0\n0\n2\n0\n2\n\n\f行政复议" in data.decode("utf-8")
    want = label_fields(CONVERTED / f"{NAME}.labels.json")
    out = extract_bytes(data, f"{NAME}.txt")
    fields = out["fields"]
    assert wrong_counts(want, fields, "review.") == []  # the numbers after the headers
    # which run is the table is the order's: the run left unread keeps every cell below 0.9
    assert all(f["confidence"] < 0.9 for k, f in fields.items() if k.startswith("review."))
    assert out["review"]["required"]


def test_numbers_under_headers_left_unread_keep_the_reading_unsure(monkeypatch):
    # without the whole table after the headers read instead (were its sums not to hold), the
    # first run stays the reading - the headers' numbers after the stop are unread, every cell
    # of the run read below 0.9 (assemble._headed_numbers: a header between them and the run)
    import extractor.assemble as assemble

    monkeypatch.setattr(assemble, "_numbers_before_headers", lambda blocks: [])
    data = (CONVERTED / f"{NAME}.txt").read_bytes()
    fields = extract_bytes(data, f"{NAME}.txt")["fields"]
    assert fields["review.litigation_direct.pending"]["value"] == 13  # (another table's)
    assert all(f["confidence"] < 0.9 for k, f in fields.items() if k.startswith("review."))
