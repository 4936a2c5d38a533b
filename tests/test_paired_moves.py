"""Rows moved together in the search for table 三's reading (assemble._joint_choice,
_paired_move): a move of two rows, or of every row whose readings move the same values the
same way, is taken only where it makes more column identities hold that are evidence - not
one held by blank cells alone (a column emptied: 0 = 0), nor one through a row whose own sum
breaks; a move of three or more rows only on a number printed where it stands.

Data (tests/data/converted, README rows): generated reports of held-out seeds 211 and 269:
`pdftotext -layout` of the typeset PDF (211), whose rows print their lone numbers a column or
two off the headings, and pypdf's text (269), which prints each row without its blank cells -
where the blanks stand is the identities' to settle.
"""
from __future__ import annotations

from pathlib import Path

from corpus import wrong_values

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"


def _wrong(doc: str, route: str, prefix: str = "") -> dict[str, tuple]:
    return wrong_values(CONVERTED / f"{doc}.{route}", CONVERTED / f"{doc}.labels.json", prefix)


def test_a_pair_that_only_empties_a_column_is_not_taken():
    # 不掌握 "1016 275 … 61 18 1370" and (七)总计 "1560 436 … 83 32 2111": moving both 275 and 436
    # from 商业企业 to 科研机构 makes 商业企业's total = Σ results hold only as blank = blank, and
    # no identity on a printed cell; the two numbers stay under 商业企业
    wrong = _wrong("gen211_00016", "pdftotext-layout.txt", "requests.")
    for key in ("requests.unable.not_held.commercial", "requests.unable.not_held.research",
                "requests.total.commercial", "requests.total.research"):
        assert key not in wrong, (key, wrong.get(key))


def test_rows_placing_a_column_alike_move_together():
    # 不掌握, 不予更正 and (七)总计 each print their 其他 value off its heading, read under 法律服务机构:
    # moved one or two at a time, each breaks a column sum; moved together, every identity holds
    wrong = _wrong("gen211_00018", "pdftotext-layout.txt", "requests.")
    assert wrong == {}


def test_placed_rows_still_move_in_pairs_where_a_printed_sum_holds_after():
    # pypdf prints each row's numbers without its blank cells: every row of table 三 is placed.
    # 3.危及"三安全一稳定" "1 1 2" and 1.信访举报投诉类申请 "11 2 2 15" read with their second number
    # under 商业企业 break 商业企业's and 其他's total = Σ results; moved together to 其他, every
    # identity holds on printed cells - a pair of placed rows may still move
    wrong = _wrong("gen269_00021", "pypdf.txt", "requests.")
    assert wrong == {}
