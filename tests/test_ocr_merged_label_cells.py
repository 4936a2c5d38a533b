"""A searchable PDF made by OCR (Tesseract's text layer over the page image, as OCRmyPDF makes
one): the table's rulings are found in the picture, and where the rule between two rows is too
faint to be seen, their label cells are one cell - "6、属于四类过程性信息" above "7、属于行政执法案卷" -
with one line of numbers level with the first label (4 1 1 1 _ 2 9; the second row is blank).
The cell is labelled by the row it names last, so the numbers went to 执法案卷 at 0.96-0.99: the
column sums hold whichever of the two rows they are. A label cell that names an earlier row of
its table before its own says nothing about which row its values are (assemble._names_earlier_row):
its row is placed by inference, never near-certain
(tests/data/converted/gen463_00001.tesseract-pdf-p2.pdf, README)."""
from __future__ import annotations

from pathlib import Path

from extractor.assemble import _names_earlier_row
from extractor.pipeline import extract_bytes
from corpus import label_fields

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
NAME = "gen463_00001.tesseract-pdf-p2.pdf"
COLS = ("natural", "commercial", "research", "social", "legal", "other", "total")


def test_two_rows_in_one_label_cell_leave_their_values_unsure():
    truth = label_fields(CONVERTED / "gen463_00001.tesseract-pdf.labels.json")
    assert [truth[f"requests.denied.process.{c}"] for c in COLS] == [4, 1, 1, 1, None, 2, 9]
    f = extract_bytes((CONVERTED / NAME).read_bytes(), NAME)["fields"]
    for row in ("process", "enforcement"):
        for c in COLS:
            got = f[f"requests.denied.{row}.{c}"]
            if got["value"] != truth[f"requests.denied.{row}.{c}"]:
                assert got["confidence"] < 0.9, (row, c, got)
    # where the numbers went (the later label's row, 执法案卷) is not proven
    assert f["requests.denied.enforcement.total"]["value"] == 9
    assert f["requests.denied.enforcement.total"]["confidence"] < 0.9
    # rows the merged cell does not touch keep their reading (an OCR layer's: near-certain only
    # where identities prove it, extractor.loaders.pdf.OCR_LAYER_CONFIDENCE)
    assert f["requests.unable.not_held.total"]["value"] == 61


def test_which_labels_name_an_earlier_row():
    assert _names_earlier_row("6 、属于四类过程性信息7 、属于行政执法案卷", "row.requests.denied.enforcement")
    # a group's label before its first row's is no other row
    assert not _names_earlier_row("（三）不予公开 1.属于国家秘密", "row.requests.denied.state_secret")
    assert not _names_earlier_row("（七）总计", "row.requests.total")
