"""Positioned HTML whose writer gives each text box its width (pdfminer.six's HTML output:
`left; top; width; height` measured from the glyphs; extractor/loaders/positioned.py,
`_box_width`). Two cells printed close together are one box ("1 27": 其他 1 and 总计 27, the
total right-aligned at the box's end). Placed by estimated character widths from the box's
left edge, "27" started 13 px left of where it is printed and made a value column of its own
between 其他 and 总计: every cell of the table after 商业企业 was read a column off, at 0.9998
(tests/data/converted/gen67_00000.pdfminer-html.html.gz, README)."""
from __future__ import annotations

import gzip
from pathlib import Path

from corpus import label_fields, wrong_counts
from extractor.loaders import load_bytes
from extractor.pipeline import extract_bytes

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
NAME = "gen67_00000.pdfminer-html.html"


def _data() -> bytes:
    return gzip.decompress((CONVERTED / (NAME + ".gz")).read_bytes())


def test_a_boxed_run_ends_where_its_box_does():
    data = _data()
    assert b"width:36.0px" in data  # the box of "1 27", 485.5 px to 521.5 px
    doc = load_bytes(data, NAME)
    cells = [b for b in doc.blocks if b.kind == "cell" and b.text in ("27", "12")]
    # the new requests' total (27, in "1 27") stands in the column of 予以公开's total (12)
    assert {b.text for b in cells} == {"27", "12"}
    for b in cells:  # (each its row's last cell, the total's column: no column between)
        assert b.col == max(x.col for x in doc.blocks if x.row == b.row and x.kind == "cell"), b.text
    assert all(b.x1 > 515 for b in cells)


def test_no_cell_read_a_column_off_with_confidence():
    out = extract_bytes(_data(), NAME)
    truth = label_fields(CONVERTED / "gen67_00000.labels.json")
    f = out["fields"]
    assert f["requests.new.total"]["value"] == truth["requests.new.total"] == 27
    assert f["requests.granted.total"]["value"] == truth["requests.granted.total"] == 12
    wrong = wrong_counts(truth, f)
    # (科研机构 is blank in every row: which column no number stands in, the numbers do not show)
    assert all(f[k]["confidence"] < 0.9 for k in wrong)
    assert out["review"]["required"]


def test_a_boxed_run_puts_its_numbers_where_they_are_printed():
    # gen67_00009 (seed 67, the same route): "52 8" one box from 自然人's column to 商业企业's
    # (36 px: 52 at its left edge, 8 ending at its right). Where no other row prints a number
    # under 商业企业, the columns the numbers show skip it: taking "the next column" put 8 under
    # 社会公益组织, run together with that row's "2" ("8 2"); placed where its characters are
    # printed, 8 stands apart, under 商业企业
    name = "gen67_00009.pdfminer-html.html"
    data = gzip.decompress((CONVERTED / (name + ".gz")).read_bytes())
    assert b"width:36.0px" in data
    doc = load_bytes(data, name)
    texts = [b.text for b in doc.blocks if b.kind == "cell"]
    assert "8 2" not in texts and "5 2" not in texts
    row = next(b.row for b in doc.blocks if b.text == "52")
    cells = {b.text: b for b in doc.blocks if b.row == row and b.kind == "cell" and b.text}
    assert cells["52"].x1 < cells["8"].x0 < cells["8"].x1 < cells["2"].x0
