"""A searchable PDF made by OCR (Tesseract's text layer over the page image) whose layer lost a
row's digits: table 三's （一）予以公开 prints 6 / 2 / 8 on the picture, the layer has nothing
there, so the row read blank - as sure as the layer's reading (the whole report: 0.999). A
blank from an OCR's reading is evidence only where the page shows the cell empty: a ruled cell
the layer left blank whose box on the picture holds character-like ink is not read
(loaders.pdf INKED_BLANK_CONFIDENCE); one with no ink stays a blank as before
(tests/data/converted/gen617_00000.tesseract-pdf-p2.pdf, README)."""
from __future__ import annotations

from pathlib import Path

from extractor.pipeline import extract_bytes
from extractor.loaders import pdf
from corpus import label_fields

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
NAME = "gen617_00000.tesseract-pdf-p2.pdf"


def test_a_blank_over_ink_the_ocr_lost_is_not_read():
    truth = label_fields(CONVERTED / "gen617_00000.tesseract-pdf.labels.json")
    assert (truth["requests.granted.natural"], truth["requests.granted.commercial"],
            truth["requests.granted.total"]) == (6, 2, 8)
    f = extract_bytes((CONVERTED / NAME).read_bytes(), NAME)["fields"]
    layer = pdf.OCR_LAYER_CONFIDENCE
    for col in ("natural", "commercial", "total"):  # the ink the OCR lost
        got = f[f"requests.granted.{col}"]
        assert got["value"] is None
        assert got["confidence"] < 0.7, (col, got)
    for col in ("research", "social", "legal", "other"):  # empty on the picture too
        got = f[f"requests.granted.{col}"]
        assert got["value"] is None and got["confidence"] == layer, (col, got)
    # a row printed blank on the picture keeps the layer's reading
    assert all(f[f"requests.carried_over.{c}"]["confidence"] == layer
               for c in ("natural", "commercial", "research", "social", "legal", "other", "total"))
