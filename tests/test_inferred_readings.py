"""Readings whose cells the layout implies rather than prints are never near-certain (issue 10:
"a blank inferred from layout is never >= 0.9 unless the evidence really says so"), read from
real converter output of generated reports (tests/data/converted, see its README):

* a run of digits cut into the row's cells where fewer cells read as well ("15" of a two-cell
  row: 1|5, or 15 with a blank dropped) and no identity checks the row;
* a row's one printed value given the column that the choice of surplus blanks around it
  decides, its identity ("only the total printed") holding on blanks alone.
A cut that is the only reading of its digits ("000": no count prints a leading zero) stays
near-certain.
"""
from __future__ import annotations

from pathlib import Path

from corpus import CORPUS, label_fields, labels

from extractor.pipeline import extract_bytes

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"


def _read(name: str, report: str) -> tuple[dict, dict]:
    path = CONVERTED / name
    want = label_fields(CONVERTED / f"{report}.labels.json")
    return want, extract_bytes(path.read_bytes(), path.name)["fields"]


def _norm(v):
    return 0 if v is None else v


def test_digit_run_cut_with_no_identity_is_not_near_certain():
    # pdfminer prints 行政事业性收费's one value "15" alone on its line (its 本年增/减 blank):
    # cut as 1|5 - the only cut into two cells, but "15" and a dropped blank read the same
    want, out = _read("gen23_00002.pdfminer.txt", "gen23_00002")
    assert want["active.fees.prev_items"] == 15
    for key in ("active.fees.prev_items", "active.fees.change"):
        assert out[key]["confidence"] < 0.9, key
    wrong = [k for k, v in want.items() if not isinstance(v, dict) and _norm(out[k]["value"]) != _norm(v)]
    assert wrong and max(out[k]["confidence"] for k in wrong) < 0.9


def test_lone_value_placed_by_surplus_blanks_is_not_near_certain():
    # BeautifulSoup's get_text("\n") breaks "8.属于行政查询事项" after its number: "8" lands
    # among the blank cells of 7.属于行政执法案卷 and the next row; dropping one blank before it
    # puts it under 总计 ("only the total printed"), an identity of blanks
    want, out = _read("gen23_00020.soup-text-nl.txt", "gen23_00020")
    key = "requests.denied.enforcement.total"
    assert want[key] is None and out[key]["value"] == 8
    assert out[key]["confidence"] < 0.9
    wrong = [k for k, v in want.items() if not isinstance(v, dict) and _norm(out[k]["value"]) != _norm(v)]
    assert wrong and max(out[k]["confidence"] for k in wrong) < 0.9


def test_zeros_run_together_keep_their_only_reading():
    # real/001 prints 规章's three zeros run together, "000": 0|0|0 is its only reading
    path = CORPUS / "real/001.txt"
    want = labels(path)["fields"]
    out = extract_bytes(path.read_bytes(), path.name)["fields"]
    for key in ("active.rules.made", "active.rules.published", "active.rules.total"):
        assert out[key]["value"] == want[key] == 0 and out[key]["confidence"] >= 0.9, key


def test_blanks_of_a_grid_that_merged_columns_are_not_near_certain():
    # markitdown's PDF table reader missed column rules in table 三: "126 24" and "9 159" one
    # cell each, and in the same grid rows such as "| | | 5 3 | | | 8 |" whose blanks it placed
    # (5 is 自然人's, read as 科研机构's); every identity holds, so nothing but the grid says
    # where the blanks stand
    want, out = _read("gen11_00007.markitdown-pdf.md", "gen11_00007")
    key = "requests.unable.need_creation.natural"
    assert want[key] == 5 and out[key]["value"] is None
    wrong = [k for k, v in want.items() if not isinstance(v, dict) and _norm(out[k]["value"]) != _norm(v)]
    assert wrong and max(out[k]["confidence"] for k in wrong) < 0.9


def test_rows_of_a_grid_whose_columns_cut_a_printed_number_are_not_near_certain():
    # markitdown's PDF table reader gives table 三's rows two empty cells of their label's span
    # before the values and merges 其他 into 总计's cell ("3 178") where 其他 is printed: the
    # columns the other rows vote for leave that number out. Rows whose 其他 is blank then read
    # every value two columns right (自然人's 4 as 科研机构's) and keep every identity - a
    # uniform shift past blank cells does - so only the grid says where they stand
    want, out = _read("gen23_00010.markitdown-pdf.md", "gen23_00010")
    # (the padding left out before the readings, assemble._lead_padding: 4 now under 自然人)
    assert want["requests.partial.natural"] == 4 and out["requests.partial.natural"]["value"] == 4
    wrong = [k for k, v in want.items() if not isinstance(v, dict) and _norm(out[k]["value"]) != _norm(v)]
    assert wrong and max(out[k]["confidence"] for k in wrong) < 0.9


def test_values_after_blank_leading_columns_that_the_vote_placed_are_not_near_certain():
    # markitdown of LibreOffice's PDF of a generated report: table 三's rows print ten cells,
    # a row's label in any of the first three, 自然人 in the sixth (under 商业's left neighbour);
    # the columns voted by rows whose label took the third cell put 自然人 in the fourth, and
    # every row then leaves its first two value columns blank - shifted back, every identity
    # still holds, so nothing but the padding said where the values start
    want, out = _read("gen23_00017.lo-pdf-markitdown.md", "gen23_00017")
    assert want["requests.new.natural"] == 8 and out["requests.new.research"]["value"] == 8
    wrong = [k for k, v in want.items() if not isinstance(v, dict) and _norm(out[k]["value"]) != _norm(v)]
    assert wrong and max(out[k]["confidence"] for k in wrong) < 0.9
