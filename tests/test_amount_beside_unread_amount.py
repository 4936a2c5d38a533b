"""Table 二: an amount printed with its unit ("0万元") that no row took leaves a row whose amount
cell was read from a bare number unproven - its numbers may be another row's.

Data: tests/data/converted/gen401_00005.weasyprint-pdftotext-default.txt (README row): WeasyPrint's
PDF of the page through pdftotext's default order prints table 二's last rows' numbers apart
from their headings: "政府集中采购", "0", "74", "上一年", "项目数量", "36", ..., "采购项目数量
采购总金额", "0", "0万元". The 74 (a number of the 行政事业性收费 row) was read as the
procurement amount at 1.0; the printed amount 0万元 stayed unread."""
from __future__ import annotations

from pathlib import Path

from corpus import label_fields
from extractor.pipeline import extract_bytes

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
NAME = "gen401_00005.weasyprint-pdftotext-default.txt"


def test_a_bare_amount_beside_an_unread_amount_with_its_unit_is_not_near_certain():
    data = (CONVERTED / NAME).read_bytes()
    text = data.decode("utf-8")
    assert "政府集中采购\n\n0\n74\n" in text and "采购项目数量 采购总金额\n0\n0万元\n" in text
    truth = label_fields(CONVERTED / "gen401_00005.labels.json")
    out = extract_bytes(data, NAME)
    f = out["fields"]["active.procurement.amount"]
    assert truth["active.procurement.amount"]["yuan"] == 0
    # (the amount read is another cell's number: whichever it is, it is not near-certain)
    assert f["value"]["yuan"] == 74 and f["confidence"] < 0.9
    assert out["review"]["required"]
    # the count read with it may be another row's number too (here it happens to be right)
    items = out["fields"]["active.procurement.items"]
    assert items["value"] == truth["active.procurement.items"] == 0 and items["confidence"] < 0.9


def test_an_amount_read_with_its_unit_stays_certain():
    # the same row printing an amount with its unit where the 74 was: that reading is an amount
    # whatever else stays unread (the later "0万元" still does)
    text = (CONVERTED / NAME).read_text(encoding="utf-8")
    text = text.replace("政府集中采购\n\n0\n74\n", "政府集中采购\n\n0\n0万元\n", 1)
    out = extract_bytes(text.encode("utf-8"), NAME)
    f = out["fields"]["active.procurement.amount"]
    assert f["value"]["yuan"] == 0 and f["confidence"] >= 0.9
