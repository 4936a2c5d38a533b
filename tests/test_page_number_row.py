"""Positioned HTML (pdfminer.six's) whose table 三 has its columns placed by the headings' words
(a measured box of headings: extractor/loaders/positioned.py `_word_spans`), every blank seen
under its heading, while the page's number "- 1 -" under the table is read as one more row of
the region with a cell more than the table's rows (its dashes a label cell). Rows of different
widths are a grid's doubt (a PDF table reader that split the table); here no grid counted the
cells: a row whose every blank the loader saw in its place and no column of which it doubted
stands where the page printed it (assemble._seen_in_place), so the page number says nothing
about it. Before, all 175 cells of table 三 - right, rows printed in full and their sums holding -
were read at 0.85 (tests/data/converted/gen379_00018.pdfminer-html.html.gz, README)."""
from __future__ import annotations

import gzip
from pathlib import Path

from corpus import label_fields
from extractor.pipeline import extract_bytes

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
NAME = "gen379_00018.pdfminer-html.html"


def test_a_page_number_under_the_table_leaves_its_placed_rows_sure():
    html = gzip.decompress((CONVERTED / (NAME + ".gz")).read_bytes())
    assert b"- 1 -" in html
    truth = label_fields(CONVERTED / "gen379_00018.pdfminer-html.labels.json")
    f = extract_bytes(html, NAME)["fields"]
    cells = {k: v for k, v in f.items() if k.startswith("requests.")}
    assert len(cells) == 175
    assert all(v["value"] == truth.get(k) for k, v in cells.items()), \
        {k: (v["value"], truth.get(k)) for k, v in cells.items() if v["value"] != truth.get(k)}
    assert f["requests.new.natural"]["value"] == 45 and f["requests.new.total"]["value"] == 55
    assert f["requests.new.social"]["value"] is None
    assert all(v["confidence"] >= 0.9 for v in cells.values()), \
        {k: v["confidence"] for k, v in cells.items() if v["confidence"] < 0.9}
