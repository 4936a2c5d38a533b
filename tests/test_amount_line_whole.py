"""An amount of money printed with its unit as a line of its own is one cell: pdfminer's text of
a report's typeset PDF (tests/data/converted, see its README) prints each of table 二's cells as
a paragraph, "采购总金额" / "953.318万元". Where the procurement row got no other number (its
count 25 taken by the row above), splitting that line into a count and an amount (9 +
"53.318万元") was the only way to fill both cells."""
from __future__ import annotations

from pathlib import Path

from extractor.pipeline import extract_bytes
from extractor.solve import run_together

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"


def test_amount_alone_on_its_line_is_read_whole():
    name = "002_ee8fa3a975bc8fe4.pdfminer.txt"
    data = (CONVERTED / name).read_bytes()
    assert "\n采购总金额\n\n953.318万元\n" in data.decode("utf-8")
    out = extract_bytes(data, name)["fields"]
    amount = out["active.procurement.amount"]
    # was: {"text": "53.318万元"} at 0.59, the count read as 9
    assert amount["value"] == {"text": "953.318万元", "yuan": 9533180}
    assert out["active.procurement.items"]["value"] != 9


def test_only_a_whole_line_amount_is_kept_whole():
    assert not run_together("953.318万元", "line")
    assert not run_together(" 120元 ", "line")
    # a count and an amount run together on a line with other text, or a piece of a line,
    # may still be split; so may a line of digits without a unit
    assert run_together("政府集中采购 25953.318万元", "line")
    assert run_together("953.318万元", "piece")
    assert run_together("25953", "line")
    assert not run_together("953.318万元", "cell")
