"""LibreOffice's PDF of a report in pdftotext -layout: 采购总金额's "103741.2425 万元" wraps in its
cell, "103741.2425 万" on the row's line and "元" on the next. The lone 万 is the amount's unit
(万 multiplies whether or not 元 follows it; values._MONEY reads "9.98万" so): the amount is
1,037,412,425 yuan, not 103,741.24 (read so at 0.87 before, 0.956 by a retrained classifier).
File in tests/data/converted, see its README."""
from __future__ import annotations

from pathlib import Path

from corpus import label_fields

from extractor.pipeline import extract_bytes

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
NAME = "gen814_00020.lo-pdf-pdftotext-layout"


def test_a_lone_wan_after_an_amount_is_its_unit():
    text = (CONVERTED / f"{NAME}.txt").read_text(encoding="utf-8")
    want = label_fields(CONVERTED / f"{NAME}.labels.json")
    assert "47        103741.2425 万\n政府集中采购\n                        元\n" in text
    assert want["active.procurement.amount"]["yuan"] == 1037412425
    fields = extract_bytes(text.encode("utf-8"), f"{NAME}.txt")["fields"]
    assert fields["active.procurement.amount"]["value"]["yuan"] == 1037412425
    assert fields["active.procurement.items"]["value"] == 47

