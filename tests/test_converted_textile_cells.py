"""calibre's textile (ebook-convert --txt-output-formatting=textile; a held-out layout, never
trained on), read from real output of a labelled report's page (tests/data/converted, see its
README).

calibre prints a table cell's mark on a line of its own (`|=.`, `|=\\3.` three columns wide,
`|=/2.` two rows tall), the cell's paragraph on the next line (`p=. 21`) and a lone `|` to end
the row. Read as lines, a row was a column of marks and numbers: a row printing only its total
gave that total to its first column (自然人).
"""
from __future__ import annotations

from pathlib import Path

from corpus import REAL, SEEDS, extract_against

from extractor.loaders import load, textiletable

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
TEXTILE = CONVERTED / "000_26fa7c73a70403e4.calibre-textile.txt"
# the same writer on pages whose cells hold <p>s: a cell with no attributes a lone bar (" |"),
# text right under it; the bar ending a row followed by the next row's bar or a blank line
LONE_BARS = CONVERTED / "003_2b6abe27bfe85e6a.calibre-textile.txt"
# and on simple cells: one-line rows with spans marked (`|行政许可|\\3. 2293|`)
ONE_LINE = CONVERTED / "003.calibre-textile.txt"


def test_cells_over_lines_are_read_as_rows():
    lines = load(TEXTILE).text.split("\n")
    assert "一、本年新收政府信息公开申请数量\t21\t0\t0\t0\t0\t0\t21" in lines  # one label three columns wide
    assert "政府集中采购\t0\t0\t" in lines  # "|=.  |": a blank cell and the row's end
    assert not any(ln.strip() in ("|", "|=.") for ln in lines)  # the marks print nothing


def test_report_in_calibre_textile_is_read_right_and_accepted():
    wrong, review = extract_against(TEXTILE, SEEDS / "000_26fa7c73a70403e4.labels.json")
    assert wrong == [] and review["required"] is False


def test_report_with_lone_bars_is_read_right_and_accepted():
    assert "规范性文件\t266\t263\t2899" in load(LONE_BARS).text.split("\n")
    wrong, review = extract_against(LONE_BARS, SEEDS / "003_2b6abe27bfe85e6a.labels.json")
    assert wrong == [] and review["required"] is False


def test_report_with_spans_on_one_line_rows_is_read_right_and_accepted():
    assert "行政许可\t2293" in load(ONE_LINE).text.split("\n")  # not "\\3. 2293"
    wrong, review = extract_against(ONE_LINE, REAL / "003.labels.json")
    assert wrong == [] and review["required"] is False


def test_spans_kept_and_one_line_rows_left_to_the_pipe_reader():
    text = "table=.\n=. |=\\2/2.\np=. 规章\n|=.\np. \n|\n=. |=.\np=. 3\n|\n"
    html = textiletable.to_html(text)
    assert '<td colspan="2" rowspan="2"><p>规章</p></td><td></td>' in html
    assert "<tr><td><p>3</p></td></tr>" in html
    assert textiletable.to_html("|_. 项目|_. 数量|\n|规章|3|\n") is None  # pandoc's textile: pipes
    assert textiletable.to_html("p. 说明\n\n|\n") is None  # a lone bar is no table
    assert '<td colspan="3"><p>2293</p></td>' in textiletable.to_html("p. 二\n\n|行政许可|\\3. 2293|\n|a|b|c|d|\n")
