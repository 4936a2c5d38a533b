"""Real/010's markdown (a PDF converter's output) rendered to HTML by pandoc, then read by two
converters (tests/data/converted, see its README), where a row's values are found away from its
own label and nothing else proves them the row's:

- pandas `read_html` written as CSV with its index: table 二's fee row is a markdown-table cell
  "行政事业性收费 0 — 4 —" (its 0 and a page number inside), the sub-table of 规章 after it as CSV
  lines (",规章,22,235") under a repeated caption. The run "22,235" stands on the line of the text
  ",规章," (no label read there), yet it was taken as the fee label's own run printed after it,
  at 0.999 with no identity to check it.
- LibreOffice's PDF through `pdftohtml -c`: 1.信访举报投诉类申请 cut in two ("|信访举报投诉类" and
  "1.申请|"), the remnant "1.申请" read as the label of 2.重复申请, which is printed again on
  the next line with its own run: the row 2.重复申请 took the run above (61/1/62) at 0.9565."""
from __future__ import annotations

from pathlib import Path

from extractor.pipeline import extract_bytes

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"


def test_a_run_on_a_line_of_text_is_not_the_fee_row_before_it():
    name = "010.md-pandoc.pandas-csv-index.txt"
    data = (CONVERTED / name).read_bytes()
    text = data.decode("utf-8")
    assert "行政事业性收费 0 — 4 —" in text and ",规章,22,235" in text
    fields = extract_bytes(data, name)["fields"]
    fee = fields["active.fees.amount"]
    # the reading may still be wrong (the 0 is inside the label cell with a page number), but
    # a run printed on another text's line is no proof of the fee
    if fee["value"] is None or fee["value"].get("yuan") != 0:
        assert fee["confidence"] < 0.9
    assert fields["active.coercion.decisions"]["value"] == 0
    assert fields["active.coercion.decisions"]["confidence"] >= 0.9


def test_a_label_printed_twice_with_other_values_is_no_proof_of_either():
    name = "010.md-pandoc.lo-pdf.pdftohtml-c.html"
    data = (CONVERTED / name).read_bytes()
    text = data.decode("utf-8")
    assert "重复申请&#160;" in text
    fields = extract_bytes(data, name)["fields"]
    # 2.重复申请 is 16/0/16 in the report; the run of 1.信访举报投诉类申请 (61/1/62) may be read
    # for it, but not as near-certain
    for col, truth in (("natural", 16), ("total", 16)):
        f = fields[f"requests.unprocessed.duplicate.{col}"]
        if f["value"] != truth:
            assert f["confidence"] < 0.9, col
    # rows whose label is printed once keep their certainty
    f = fields["requests.unprocessed.publication.natural"]
    assert f["value"] == 1 and f["confidence"] >= 0.9
