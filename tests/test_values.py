"""Printed cell text to typed values: the units an amount is printed with, and slips that leave
which digits are the value unknown."""
from pathlib import Path

from extractor.pipeline import extract_bytes
from extractor.values import malformed_count, malformed_money, parse_int, parse_money

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"


def test_an_amount_takes_its_printed_unit_and_a_bare_number_the_columns():
    assert parse_money("594417.23万元")["yuan"] == 5944172300
    assert parse_money("4930000元")["yuan"] == 4930000
    # 元 dropped after 万: still ten thousands
    assert parse_money("9.98万")["yuan"] == 99800
    assert parse_money("12.5", default_unit="万元")["yuan"] == 125000
    assert parse_money("12.5")["yuan"] == 12.5
    assert parse_money("/") is None and parse_money("") is None


def test_an_amount_with_digits_after_its_decimal_part_is_malformed():
    assert malformed_money("9..98万元") and malformed_money("1.2.5元")
    assert not malformed_money("9.98万元") and not malformed_money("12.5") and not malformed_money("9.98万")
    assert malformed_money("377472 104.29元")  # digit groups apart, as before
    # the decimal point in the first group: one amount wrapped, read joined but not proof;
    # two decimal points: two amounts, neither proved
    assert malformed_money("61.2 164万元") and parse_money("61.2 164万元")["yuan"] == 612164
    assert malformed_money("1.2 3.4万元") and not malformed_money("12.5 万元")


def test_an_amount_wrapped_in_a_grid_cell_after_its_decimal_point_is_not_proof():
    # muse's grid table wraps 政府集中采购's amount over the cell's lines: "<class>61.2" then
    # "164万元</class>", read "61.2 164万元": 61.2 元 at confidence 1.0 (the rest dropped)
    path = CONVERTED / "gen293_00012.pandoc-muse.txt"
    got = extract_bytes(path.read_bytes(), path.name)["fields"]["active.procurement.amount"]
    assert got["value"]["yuan"] == 612164 and got["confidence"] < 0.9


def test_counts():
    assert parse_int("22（其中修订 16 件）") == 22 and parse_int("－3") == -3
    assert malformed_count("10.32") and malformed_count("4 6 213") and not malformed_count("30927")
