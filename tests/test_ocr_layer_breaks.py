"""A searchable PDF made by OCR (Tesseract's text layer over the page image): its text is an
OCR's reading, not the characters the page was typeset with. Table 三's 商业企业 cells print a
lone "1" in rows 一、本年新收 and (七)总计; the OCR read it as the cell's rule, so both rows read
4 + blanks != 5. Taken as the report's own arithmetic (every cell "read with certainty"), the
breaks counted for nothing: the two blanks were 0.9999 and 1.0 and the report auto-accepted. A
PDF page that is a picture with a text layer and no drawn table now reads its characters as an
OCR reading (loaders.pdf OCR_LAYER_CONFIDENCE): a break there is a doubt about the reading
(tests/data/converted/gen467_00000.tesseract-pdf-p2.pdf, README)."""
from __future__ import annotations

from pathlib import Path

from extractor.pipeline import extract_bytes
from corpus import label_fields

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
NAME = "gen467_00000.tesseract-pdf-p2.pdf"


def test_a_sum_an_ocr_layer_breaks_is_no_proof_of_its_blanks():
    truth = label_fields(CONVERTED / "gen467_00000.tesseract-pdf.labels.json")
    assert truth["requests.new.commercial"] == truth["requests.total.commercial"] == 1
    r = extract_bytes((CONVERTED / NAME).read_bytes(), NAME)
    f = r["fields"]
    for row in ("new", "total"):
        got = f[f"requests.{row}.commercial"]
        assert got["value"] is None  # the 1 the OCR lost
        assert got["confidence"] < 0.9, (row, got)
    assert any(c["rule"] == "requests.row.new" and c["status"] == "broken" for c in r["checks"])
    # a cell no break touches stays sure
    assert f["requests.carried_forward.total"]["value"] == truth["requests.carried_forward.total"]
    assert f["requests.carried_forward.total"]["confidence"] >= 0.9
