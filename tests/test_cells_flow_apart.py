"""Table 二: a text that prints one row's first value in its label's line and another row's
cells each on a line of its own follows a tool's flow of text pieces, not the table's cells -
the order of a row's numbers is then no proof of their columns, and table 二 has no identity.

Data: tests/data/converted/gen401_00008.weasyprint-pdftotext-default.txt (README row): WeasyPrint's
PDF of the page through pdftotext's default order prints "其他对外管理服务事项 9", "0", "1358"
(its 9 in the label's line) and 行政许可's cells 0|49|0 as "0", "0", "49": 49 was read as
处理决定数量 and 0 as 本年增/减 at 0.9998."""
from __future__ import annotations

import json
from pathlib import Path

from extractor.pipeline import extract_bytes

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
NAME = "gen401_00008.weasyprint-pdftotext-default.txt"


def _read(text: str):
    return extract_bytes(text.encode("utf-8"), NAME)["fields"]


def test_cells_placed_by_a_flow_order_are_not_near_certain():
    text = (CONVERTED / NAME).read_text(encoding="utf-8")
    assert "其他对外管理服务事项 9\n\n0\n\n1358\n" in text and "行政许可\n\n0\n\n0\n\n49\n" in text
    truth = json.loads((CONVERTED / "gen401_00008.labels.json").read_text(encoding="utf-8"))["fields"]
    f = _read(text)
    change, decisions = f["active.licensing.change"], f["active.licensing.decisions"]
    assert (truth["active.licensing.change"], truth["active.licensing.decisions"]) == (49, 0)
    assert (change["value"], decisions["value"]) == (0, 49)  # (the order read: wrong)
    assert change["confidence"] < 0.9 and decisions["confidence"] < 0.9
    # every row of unlike numbers is in doubt alike (here read right: the order is no proof)
    assert f["active.punishment.change"]["value"] == 58 and f["active.punishment.change"]["confidence"] < 0.9


def test_cells_each_on_a_line_of_their_own_stay_as_read():
    # the same text with the 9 on a line of its own: every row prints alike, nothing shows the
    # order is a flow's - the cells keep the confidence of their reading
    text = (CONVERTED / NAME).read_text(encoding="utf-8")
    text = text.replace("其他对外管理服务事项 9\n", "其他对外管理服务事项\n\n9\n", 1)
    f = _read(text)
    assert f["active.punishment.change"]["value"] == 58 and f["active.punishment.change"]["confidence"] >= 0.9
    assert f["active.licensing.decisions"]["confidence"] >= 0.9
