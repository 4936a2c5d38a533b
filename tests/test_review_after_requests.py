"""Table 四 where the converter dropped its heading (trafilatura leaves out the <h3> between
tables 三 and 四 of a generated report: tests/data/converted/gen11_00016.trafilatura.txt, see
its README): table 四 starts after table 三's last row - a row of table 三, not a sentence of
part 六 that reads like one ("…共发出收费通知4件" beside 逾期未按收费通知要求缴纳费用)."""
from __future__ import annotations

from pathlib import Path

from corpus import extract_against

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"


def test_review_table_without_its_heading():
    wrong, _ = extract_against(CONVERTED / "gen11_00016.trafilatura.txt", CONVERTED / "gen11_00016.labels.json")
    assert wrong == []
