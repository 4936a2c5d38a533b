"""A count of purchases above the yuan they cost is no report's reading (each purchase costs at
least 1 元): the row's two numbers were placed in each other's columns (outcomes.implausible,
kind `above_amount`), and neither is certain."""
from __future__ import annotations

from pathlib import Path

from corpus import label_fields
from extractor.pipeline import extract_bytes

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"


def test_more_purchases_than_yuan_is_not_certain():
    # gen307_00003 through LibreOffice's PDF and pdftotext: table 二's procurement row prints
    # "采购项目数量 采购总金额", then "25459200", then "9", then "元" (the amount's unit on a line
    # of its own, the count between): read in printed order, 25459200 purchases for 9 元 at 1.0
    name = "gen307_00003.lo-pdf-pdftotext-default.txt"
    want = label_fields(CONVERTED / "gen307_00003.labels.json")
    out = extract_bytes((CONVERTED / name).read_bytes(), name)
    items, amount = out["fields"]["active.procurement.items"], out["fields"]["active.procurement.amount"]
    assert want["active.procurement.items"] == 9 and items["value"] == 25459200  # the misreading stays...
    assert items["confidence"] < 0.9 and amount["confidence"] < 0.9  # ...but is not certain
    assert out["review"]["required"]
    kinds = [r["detail"].get("kind") for r in out["review"]["items"] if r["code"] == "implausible_value"]
    assert "above_amount" in kinds
