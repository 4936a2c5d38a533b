"""A table of WeasyPrint's PDF through pdftotext -layout whose rows are set with widths of their
own (a later page's label column narrower): its value columns merge from every row's numbers
and are counted in order, the header placing none - and a row's number read a column off there
keeps every sum the row read alike beside it keeps. The header shows the other reading: the
number stands under the next heading to the left (`aligned._under_other_headings`). File in
tests/data/converted, see its README."""
from __future__ import annotations

from pathlib import Path

from corpus import label_fields, plain

from extractor.loaders import load
from extractor.pipeline import extract_bytes

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
NAME = "gen835_00003.weasyprint-pdftotext-layout"


def test_a_number_under_another_columns_heading_is_not_sure_of_its_column():
    # 一、本年新收's 24 is 商业企业's, printed at 商业企's left edge; the table's columns, merged
    # from rows set narrower lower down, read it as 科研机构's - and (七)总计's 24 alike, so
    # the column's sum holds: 0.999 before
    text = (CONVERTED / f"{NAME}.txt").read_text(encoding="utf-8")
    want = label_fields(CONVERTED / f"{NAME}.labels.json")
    assert "                          商业企 科研机 社会组 法律服\n" in text
    assert "\n             70           24          3   7    104\n" in text
    assert plain(want["requests.new.commercial"]) == 24 and want["requests.new.research"] is None
    fields = extract_bytes(text.encode("utf-8"), f"{NAME}.txt")["fields"]
    assert fields["requests.new.research"]["value"] == 24  # (the reading stays; its column is in doubt)
    assert fields["requests.new.research"]["confidence"] < 0.9
    wrong = [k for k in want if k in fields and (plain(fields[k]["value"]) or 0) != (plain(want[k]) or 0)]
    assert all(fields[k]["confidence"] < 0.9 for k in wrong), [k for k in wrong if fields[k]["confidence"] >= 0.9]
    # the numbers under their own headings stay sure (自然人's 70, 总计's 104)
    assert fields["requests.new.natural"]["confidence"] >= 0.9
    assert fields["requests.new.total"]["confidence"] >= 0.9


def test_only_the_cells_under_another_heading_are_in_doubt():
    doc = load(CONVERTED / f"{NAME}.txt")
    row = next(r for r in doc.rows() if any(c.text == "104" for c in r))
    doubt = {c.text for c in row if c.column_doubt and c.text}
    assert "24" in doubt and "70" not in doubt and "104" not in doubt
