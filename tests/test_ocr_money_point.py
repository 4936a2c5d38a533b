"""An amount whose decimal point stands right before its unit ("59441723.万元"): Tesseract's
searchable PDF of a report prints 594417.23万元 as the words "594417." and "23万元", and read
in place the point lands after the digits it stood between. Which digits follow the point -
so the amount - is unknown, and no identity checks an amount: the reading is malformed
(values.malformed_money) and never near-certain (was 0.9996, the 万元 lost with it: 59,441,723
yuan for 5,944,172,300) (tests/data/converted/003_2b6abe27bfe85e6a.tesseract-pdf-p1.pdf, README)."""
from __future__ import annotations

from pathlib import Path

from extractor.pipeline import extract_bytes
from extractor.values import malformed_money
from corpus import label_fields

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
NAME = "003_2b6abe27bfe85e6a.tesseract-pdf-p1.pdf"


def test_a_point_before_the_unit_leaves_the_amount_unsure():
    truth = label_fields(CONVERTED / "003_2b6abe27bfe85e6a.tesseract-pdf.labels.json")
    assert truth["active.procurement.amount"]["yuan"] == 5944172300
    f = extract_bytes((CONVERTED / NAME).read_bytes(), NAME)["fields"]
    amount = f["active.procurement.amount"]
    assert amount["raw"] == "59441723.万元"
    assert amount["confidence"] < 0.9
    # the count beside it is read whole - but an OCR layer's reading that no identity checks
    # (table 二 has none) is never near-certain: the OCR may have read 1885 for 1835
    assert f["active.procurement.items"]["value"] == truth["active.procurement.items"] == 1885
    assert f["active.procurement.items"]["confidence"] < 0.9


def test_which_amounts_are_malformed():
    assert malformed_money("59441723.万元") and malformed_money("12. 万元")
    assert not malformed_money("594417.23万元") and not malformed_money("594417.23万元。")
    assert not malformed_money("12万元") and not malformed_money("1885")
