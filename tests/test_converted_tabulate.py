"""Reports whose tables a scraper printed with the tabulate package (pandas read_html then
DataFrame.to_markdown(tablefmt=…)), or a converter wrapped in narrow columns, read from their
real output of the dev reports (tests/data/converted, see its README).

tabulate's "psql" format rules a table off only above, under its header and below, and prints
a record a line: every body line between two rules was joined into one row of wrapped cells
("行政复议结果 维持结果 维持0"), table 四's values unread. pandas names the columns of a table
scraped without header cells 0, 1, 2 …: that header row (table 四's fifteen columns numbered
0-14) was read as table 四's values, near-certain. pandoc wraps an amount in a column four
characters wide at its decimal point too ("5" / "94417." / "23万元"): read as 5 yuan, certain.
"""
from __future__ import annotations

from pathlib import Path

from corpus import wrong_values
from extractor.loaders import load_bytes

DATA = Path(__file__).resolve().parent / "data"
CONVERTED = DATA / "converted"
REAL = DATA / "corpus" / "real"
SEEDS = DATA / "corpus" / "seeds"


def test_psql_body_lines_between_the_header_rule_and_the_bottom_rule_are_rows_of_their_own():
    path = CONVERTED / "013.pandas-psql.txt"
    lines = load_bytes(path.read_bytes(), path.name).text.split("\n")
    assert "0\t0\t0\t1\t1\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0" in lines
    assert not any("结果 维持结果 维持" in ln for ln in lines)
    assert wrong_values(path, REAL / "013.labels.json", "review.") == {}
    # a total too wide to have room beside it ("| 101  |") is still one of the line's numbers
    assert wrong_values(CONVERTED / "003_2b6abe27bfe85e6a.pandas-psql.txt", SEEDS / "003_2b6abe27bfe85e6a.labels.json",
                        "review.") == {}


def test_a_grid_row_wrapped_over_lines_stays_one_row():
    # a label whose first line is its numbering, the numbers beside it: one row, as drawn
    text = ("+------+-----------------+-------+-------+\n"
            "| (三) | 2               | 0     | 0     |\n"
            "|      | 、其他法律行政  |       |       |\n"
            "|      | 法规禁止公开    |       |       |\n"
            "+------+-----------------+-------+-------+\n"
            "| 总计 | 各项            | 12    | 3     |\n"
            "+------+-----------------+-------+-------+\n")
    lines = load_bytes(text.encode(), "x.txt").text.split("\n")
    assert lines[:2] == ["(三)\t2、其他法律行政法规禁止公开\t0\t0", "总计\t各项\t12\t3"]


def test_a_row_that_only_numbers_the_columns_is_no_row_of_values():
    for name, labels in (("003_2b6abe27bfe85e6a.pandas-psql.txt", SEEDS / "003_2b6abe27bfe85e6a.labels.json"),
                         ("013.pandas-orgtbl.txt", REAL / "013.labels.json")):
        wrong = wrong_values(CONVERTED / name, labels, "review.")
        assert not any(conf >= 0.9 for _, _, conf in wrong.values()), (name, wrong)
    assert wrong_values(CONVERTED / "013.pandas-orgtbl.txt", REAL / "013.labels.json", "review.") == {}


def test_an_amount_wrapped_at_its_decimal_point_is_read_whole_and_sure_where_its_column_is_too_narrow():
    # "5" / "94417." / "23万元" in a column six wide: the amount (12 wide) had to be cut, and each
    # cut ends a line the next piece would not have fitted after: the column's cuts, not the
    # report's gaps (boxdrawn._cut_number); was read joined at 0.59 (values.malformed_money)
    wrong = wrong_values(CONVERTED / "003_2b6abe27bfe85e6a.pandoc-rst-c40.txt",
                         SEEDS / "003_2b6abe27bfe85e6a.labels.json", "active.")
    assert wrong == {}
    from extractor.pipeline import extract_bytes
    path = CONVERTED / "003_2b6abe27bfe85e6a.pandoc-rst-c40.txt"
    got = extract_bytes(path.read_bytes(), path.name)["fields"]["active.procurement.amount"]
    assert got["value"]["yuan"] == 5944172300 and got["confidence"] >= 0.9


def test_an_amount_wrapped_right_after_its_decimal_point_is_read_whole_and_sure_in_its_grid():
    # pandoc -t plain --columns=40 draws the table as a grid: "953." / "318万元" in a column seven
    # wide (the amount is eleven), was read as 953 yuan, then joined at 0.59
    from extractor.pipeline import extract_bytes
    path = CONVERTED / "002_ee8fa3a975bc8fe4.pandoc-plain-c40.txt"
    got = extract_bytes(path.read_bytes(), path.name)["fields"]["active.procurement.amount"]
    assert got["value"]["yuan"] == 9533180 and got["confidence"] >= 0.9


def test_a_frames_missing_value_is_a_blank_cell_whose_place_is_printed():
    # pandas prints a missing value "nan" in every table format: a blank cell, its place printed,
    # not noise (013: table 三 prints only 自然人 and 总计, every other part cell "nan"; read as
    # noise its places were lost and 172 cells were put at 0.85)
    from extractor.pipeline import extract_bytes

    for name, labels in (("013.pandas-orgtbl.txt", REAL / "013.labels.json"),
                         ("002_ee8fa3a975bc8fe4.pandas-fancy-grid.txt", SEEDS / "002_ee8fa3a975bc8fe4.labels.json")):
        path = CONVERTED / name
        assert wrong_values(path, labels) == {}
        out = extract_bytes(path.read_bytes(), path.name)
        assert out["fields"]["requests.new.commercial"]["value"] is None
        assert out["fields"]["requests.new.commercial"]["confidence"] >= 0.9
        assert not out["review"]["required"], out["review"]["reasons"][:2]


def test_a_drawn_cells_missing_value_is_seen_so_the_reports_own_broken_sum_is_a_finding():
    # psql rules its rows off only above, under the header and below: each body line is
    # retabbed, its "nan" cells blank. 001_ae5d's table 三 prints only 总计 (84 + 5 + 66 != 87,
    # the report's own slip, a finding on its HTML); with the "nan" places unseen the rows read
    # as position-rebuilt, the break was an extraction doubt and twenty totals were put at 0.87
    from extractor.pipeline import extract_bytes

    path = CONVERTED / "001_ae5d534637d2dda6.pandas-psql.txt"
    assert wrong_values(path, SEEDS / "001_ae5d534637d2dda6.labels.json") == {}
    out = extract_bytes(path.read_bytes(), path.name)
    assert out["fields"]["requests.granted.total"]["confidence"] >= 0.9
    assert out["review"]["source_inconsistent"]
    assert not out["review"]["required"], out["review"]["reasons"][:2]


def test_digits_cut_only_where_the_column_is_too_narrow_for_them():
    from extractor.loaders.boxdrawn import _cut_number

    assert _cut_number(["8", "087315"], 6) == "8087315"
    assert _cut_number(["7", "539443", "2.52元"], 6) == "75394432.52元"
    assert _cut_number(["2", "6"], 1) == "26"
    # a break with room to spare on the line (or a number that fits its column) is the
    # report's own: two numbers, or digit groups apart, read as before
    assert _cut_number(["12", "345"], 10) is None
    assert _cut_number(["1", "234567"], 9) is None
    assert _cut_number(["共", "12"], 1) is None
