"""Columns no number is printed in, read from the headings above them and from the gaps a text
browser leaves (real converter output of generated reports, tests/data/converted, see its README).

PyMuPDF's HTML of a typeset report prints table 四 as its headings and one row of numbers, no
label: 行政复议's five columns all blank, their headings left of the first number. They were
no columns at all, the numbers of 行政诉讼 read into 行政复议. w3m prints table 三's group
headings centred over their columns (申请人情况, 法人或其他组织): each was taken for a column of
its own, and with CJK counted as one character a column two numbers ran into one cell ("53 11"),
the whole table unread. lynx prints a table it cannot lay out one cell after another, an empty
cell one character wide ("134 14       9 157"): the gap says how many blanks stand between.
"""
from __future__ import annotations

from pathlib import Path

from corpus import wrong_values
from extractor.loaders import load_bytes
from extractor.pipeline import extract_bytes

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"


def test_headings_left_of_a_label_less_row_of_numbers_are_its_blank_columns():
    # 未经复议直接起诉 2 1 · 3 6, 复议后起诉 · · · 2 2: 行政复议's five columns blank
    got = wrong_values(CONVERTED / "gen167_00001.pymupdf-html.html", CONVERTED / "gen167_00001.labels.json",
                       "review.")
    assert got == {}


def test_group_headings_centred_over_columns_are_no_columns_of_their_own():
    path = CONVERTED / "gen199_00015.w3m.txt"
    lines = load_bytes(path.read_bytes(), path.name).text.split("\n")
    assert "一、本年新收政府信息公开申请数量\t53\t11\t\t\t3\t4\t71" in lines
    assert wrong_values(path, CONVERTED / "gen199_00015.labels.json", "requests.") == {}


def test_a_text_browsers_gaps_count_the_blank_cells_between_numbers():
    path = CONVERTED / "gen167_00000.lynx.txt"
    assert wrong_values(path, CONVERTED / "gen167_00000.labels.json", "requests.") == {}
    # the gaps are the layout's, not cells printed: where another placement keeps the row's
    # sums (9 under 法律服务机构 as well as under 其他), the reading stays in doubt
    fields = extract_bytes(path.read_bytes(), path.name)["fields"]
    assert fields["requests.new.other"]["value"] == 9
    assert fields["requests.new.other"]["confidence"] < 0.9


def test_headings_stacked_over_lines_prove_no_column_of_their_own():
    # Chromium's PDF through pdftotext -layout prints table 四's narrow headings stacked
    # ("结果" over "维持", each half drifting on its own line): the top half "结果" of
    # 复议后起诉's 结果维持, its bottom half drifted under the next column, read as a column of
    # its own and put the 2 printed under 维持 in 结果纠正 - a guess, not a column seen
    got = wrong_values(CONVERTED / "gen229_00014.chromium-pdftotext-layout.txt",
                       CONVERTED / "gen229_00014.labels.json", "review.")
    assert {k: v for k, v in got.items() if v[2] >= 0.9} == {}
    assert got["review.litigation_after.corrected"][:2] == (2, None)


def test_a_header_with_a_column_too_many_settles_no_addend_the_sums_leave_free():
    # real/008 (tests/data/corpus/real/008.html) printed by Chromium, through pdftotext -layout:
    # table 四's stacked headings glued into runs ("计 结果 结果 其他"), its bottom halves nine
    # characters left of the top ones, read as 16 columns for 15; one row "5  2  7  8  1  9".
    # The surplus blank left out at the row's end put 未经复议直接起诉's 8 (its 结果维持, as the
    # page prints it) under 结果纠正 - and 8 + 1 = 9 holds in either column, so no certainty
    path = CONVERTED / "008.chromium-pdftotext-layout.txt"
    out = extract_bytes(path.read_bytes(), path.name)
    f = {k: (v["value"], v["confidence"]) for k, v in out["fields"].items() if k.startswith("review.")}
    assert f["review.litigation_direct.corrected"][1] < 0.9 and f["review.litigation_direct.upheld"][1] < 0.9
    assert f["review.reconsideration.upheld"][1] < 0.9 and f["review.reconsideration.pending"][1] < 0.9
    # the totals the sums pin (a total beside a blank cannot move) and the blank group stay certain
    assert f["review.reconsideration.total"][0] == 7 and f["review.reconsideration.total"][1] >= 0.99
    assert f["review.litigation_direct.total"][0] == 9
    assert f["review.litigation_direct.total"][1] >= 0.9 and f["review.litigation_after.total"][1] >= 0.9


def test_a_number_under_a_headings_guessed_reach_and_beside_the_next_heading_is_not_placed():
    # Chromium's PDF through pdftotext -layout: pdftotext counts each CJK glyph one column, so a
    # heading may print up to twice as wide as its characters ("法律服务" at 55-58 reaching 60,
    # where "其" starts). The 其他 1s of table 三's rows stand at 59: inside 法律服务's guessed
    # reach and one column left of 其 - either heading's (another report of the same layout prints
    # its 商业企业 1s so, under 商业's reach beside 科研). They were placed under 法律服务 at 0.9999;
    # both columns are now in doubt.
    path = CONVERTED / "gen643_00012.chromium-pdftotext-layout.txt"
    fields = extract_bytes(path.read_bytes(), path.name)["fields"]
    for row in ("new", "granted", "total"):
        for col in ("legal", "other"):
            assert fields[f"requests.{row}.{col}"]["confidence"] < 0.9, (row, col)
    # the columns the headings do place stand, read as before
    assert (fields["requests.new.commercial"]["value"], fields["requests.new.total"]["value"]) == (5, 20)
    assert fields["requests.new.commercial"]["confidence"] >= 0.9
