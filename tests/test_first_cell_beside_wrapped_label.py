"""A row's first cell printed beside its wrapped label, its other cells after the next row's
label and first cell (WeasyPrint's narrow PDF of dev 005 through pdftotext's default order,
tests/data/converted, see its README): "（一）予以公开" "22", "（二）部分公开（区分" "处理的,只计这一情
19", then "0 0 0 0 0 22" (予以公开's other cells), "1 0 0 0 0 20" (部分公开's), "0 0 0 0 0 0"
(1. 属于国家秘密's, whose label and first cell follow). Each row's first number after its own
label, the others row by row, keeps every row's sum and the table's."""
from __future__ import annotations

from pathlib import Path

from extractor.pipeline import extract_bytes
from corpus import label_fields, wrong_counts

DATA = Path(__file__).resolve().parent / "data"
CONVERTED = DATA / "converted"


def test_first_cells_beside_their_labels_then_the_rows_other_cells():
    path = CONVERTED / "005.weasyprint-pdftotext-default.txt"
    text = path.read_text(encoding="utf-8")
    assert "处理的,只计这一情 19\n" in text  # (部分公开's first cell on its label's line)
    want = label_fields(DATA / "corpus" / "real" / "005.labels.json")
    fields = extract_bytes(path.read_bytes(), path.name)["fields"]
    # was: 予以公开's 自然人 blank, 部分公开's cells shifted (22 under 科研机构), 0.25-0.85
    for row in ("requests.granted.", "requests.partial.", "requests.denied.state_secret."):
        assert wrong_counts(want, fields, row) == []
    assert fields["requests.granted.natural"]["value"] == 22
    assert fields["requests.partial.natural"]["value"] == 19
    assert fields["requests.partial.total"]["value"] == 20
