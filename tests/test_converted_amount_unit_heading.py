"""An amount column whose heading states the unit its bare numbers are in: "采购总金额（万元）"
over "3036.7372" (the 2019 form leaves the unit unsaid: a bare number is yuan), and
"本年收费金额（单位：元）" over "1520.5" (the 2021 form states 万元). Real reports write their own
unit into the heading (a real 2019 page: "采购总金额(万元)" over 477.35); read with the form's
unit the amount was 10,000 times off, confident and auto-accepted. The files are generated pages
with the heading and the value so changed (tests/data/converted/README.md).
"""
from __future__ import annotations

from pathlib import Path

from corpus import extract_against

from extractor import templates as T
from extractor.assemble import _stated_units
from extractor.model import Block

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"


def test_procurement_amount_in_the_heading_unit():
    stem = "gen3315_00000.amount-unit-heading"
    wrong, review = extract_against(CONVERTED / f"{stem}.html", CONVERTED / f"{stem}.labels.json")
    assert wrong == [] and review["required"] is False


def test_fee_amount_in_the_heading_unit():
    stem = "gen3315_00001.fee-unit-heading"
    wrong, review = extract_against(CONVERTED / f"{stem}.html", CONVERTED / f"{stem}.labels.json")
    assert wrong == [] and review["required"] is False


def _blocks(*texts):
    return [Block(t, "cell", 0, len(t)) for t in texts]


def test_stated_units_read_from_the_heading_only():
    assert _stated_units(_blocks("采购项目数量", "采购总金额", "(万元)"), T.ACTIVE["2019"]) == {"procurement": "万元"}
    assert _stated_units(_blocks("采购总金额（单位：元）"), T.ACTIVE["2019"]) == {}  # the form's own unit
    assert _stated_units(_blocks("本年收费金额（单位：万元）"), T.ACTIVE["2021"]) == {}
    assert _stated_units(_blocks("本年收费金额(元)"), T.ACTIVE["2021"]) == {"fees": "元"}
    # two units stated: which one the numbers are in is not known - the form's unit stays
    assert _stated_units(_blocks("采购总金额（万元）", "采购总金额（元）"), T.ACTIVE["2019"]) == {}
