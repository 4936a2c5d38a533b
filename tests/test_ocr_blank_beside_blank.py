"""An OCR reading (Tesseract's hOCR) that lost cells' ink: table 四's 行政复议 row prints
0 / 1 / 3 / 3 / 7, the OCR read "0 _ 0 _ _" - the 1 and 3s lost, a 3 read as 0 - and the row's
sum held as 0+0 == blank. A sum that holds with a blank part and a blank total holds whatever
number was lost from both: in an OCR reading (cells read with a text confidence) it is no
evidence about the row's cells (confidence.evidence_checks, _ocr_blank_beside_blank); the row was
at 0.9565 (tests/data/converted/gen617_00009.tesseract-hocr.hocr, README)."""
from __future__ import annotations

from pathlib import Path

from extractor.pipeline import extract_bytes
from corpus import label_fields

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
NAME = "gen617_00009.tesseract-hocr.hocr"


def test_a_sum_held_by_a_blank_part_and_a_blank_total_proves_nothing_in_ocr():
    truth = label_fields(CONVERTED / "gen617_00009.tesseract-hocr.labels.json")
    assert truth["review.reconsideration.total"] == 7
    f = extract_bytes((CONVERTED / NAME).read_bytes(), NAME)["fields"]
    for k in ("upheld", "corrected", "other", "pending", "total"):
        got = f[f"review.reconsideration.{k}"]
        assert got["confidence"] < 0.9, (k, got)
    assert f["review.reconsideration.total"]["value"] is None  # the 7 the OCR lost
