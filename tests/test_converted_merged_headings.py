"""markitdown's PDF tables whose reader missed column rules (tests/data/converted, see its README):
one grid column under header cells naming several of table 三's headings ("自然人 法人或其他组织"
over "商业机构 科研机构"; "总计" over "其他") and value cells printing that many numbers
("112 2328"). The header rows say how many form columns each grid column holds: a row whose
every cell prints exactly that many numbers (or is blank) is split into the form's columns.
"""
from __future__ import annotations

from pathlib import Path

from corpus import wrong_values

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"


def test_header_cells_naming_several_columns_split_merged_values():
    wrong = wrong_values(CONVERTED / "gen181_00013.markitdown-pdf.md", CONVERTED / "gen181_00013.labels.json",
                         "requests.")
    # "| 一、本年新收 | | | 1811 303 | | 102 | 112 2328 |": 102 is 法律服务机构's, 112 其他's, 2328 总计's
    for row in ("new", "carried_over"):
        for col in ("legal", "other", "total"):
            assert f"requests.{row}.{col}" not in wrong, wrong.get(f"requests.{row}.{col}")
    # "1811 303" under three headings (自然人, 商业机构, 科研机构): which is blank the header cannot
    # say - never near-certain
    assert all(c < 0.9 for _, _, c in wrong.values())


def test_a_heading_cut_by_a_column_edge_is_one_column_and_its_numbers_one_number():
    # pymupdf4llm's text-strategy tables: "|总|计|" over "|1|75|" (175 cut at the same edge), and
    # the rows under it in the next grid (after the delimiter row); read as 其他 1 and 总计 75, the
    # row sums broke the same way in rows 一 and 七 and were taken for the report's own, at 0.9998
    wrong = wrong_values(CONVERTED / "gen227_00016.pymupdf4llm-text-tables.md", CONVERTED / "gen227_00016.labels.json",
                         "requests.")
    for row in ("new", "total"):
        for col in ("natural", "total"):
            assert f"requests.{row}.{col}" not in wrong, wrong.get(f"requests.{row}.{col}")
    # the sub-columns (社会|公益组织, 法律服|务机构 over a grid of other edges) stay in doubt
    assert all(c < 0.9 for _, _, c in wrong.values())
