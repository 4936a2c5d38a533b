"""A report's page as a man page on a terminal (pandoc -t man -s, then groff -man -t -Tutf8:
tbl's table in columns of spaces; a held-out layout, never trained on), read from real output
of labelled reports (tests/data/converted, see its README).

tbl wraps a cell at its only break point: "1. 本机关不掌握相关政府信息" (a CJK run has none)
prints "1." alone at the cell's left edge, level with the row's numbers, and the label's text
on the next line at the same left edge. Read apart, the row was "（四）无法提供 1." (which of
its three items?) and its numbers went to another row or none.
"""
from __future__ import annotations

from pathlib import Path

from corpus import SEEDS, extract_against, wrong_values

from extractor.loaders import aligned, load

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
DEV_002 = CONVERTED / "002_ee8fa3a975bc8fe4.groff-man.txt"
GEN_853 = CONVERTED / "gen853_00013.groff-man.txt"


def test_item_number_over_its_text_is_one_label_on_the_numbers_line():
    lines = load(DEV_002).text.split("\n")
    assert "（四）无法提供\t1.本机关不掌握相关政府信息\t1\t\t\t\t\t\t1" in lines
    assert "（三）不予公开\t1.属于国家秘密\t\t\t\t\t\t\t" in lines
    assert "本机关不掌握相关政府信息" not in lines  # (not printed again on a line of its own)


def test_report_as_a_man_page_is_read_right_and_accepted():
    wrong, review = extract_against(DEV_002, SEEDS / "002_ee8fa3a975bc8fe4.labels.json")
    assert wrong == [] and review["required"] is False


def test_rows_outside_the_laid_out_table_get_their_item_text_too():
    # after a run of blank rows the table's layout ends; "（六）其他处理 1." and its numbers,
    # "申请人无正当理由逾期不补正…" under the "1.", are read from the line as written
    lines = load(GEN_853).text.split("\n")
    assert "2.没有现成信息需要另行制作" in lines
    assert any(ln.startswith("（六）其他处理") and "1.申请人无正当理由逾期不补正" in ln for ln in lines)
    assert wrong_values(GEN_853, CONVERTED / "gen853_00013.groff-man.labels.json") == {}


def test_a_number_over_text_that_starts_elsewhere_is_left_alone():
    row = [aligned.Frag("（四）无法提供", 0, 14, 0, 1), aligned.Frag("1.", 20, 22, 0, 1), aligned.Frag("5", 40, 41, 0, 1)]
    for x0, text in ((24, "本机关不掌握相关政府信息"), (20, "2.没有现成信息需要另行制作"), (20, "12")):
        below = [aligned.Frag(text, x0, x0 + 12, 1, 2)]
        assert aligned._items_over_their_text([row, below], 1.0) == [row, below]
