"""Tables a scraper printed with a table formatter under a column ruler (pandas read_html, then
tabulate's "simple" / "rst" formats), and html2text's pipe rows wrapped at a narrow text width,
read from their real output of the dev reports (tests/data/converted, see its README).

tabulate pads every cell to its column's run of dashes ("-----  -------") and prints a missing
value as "nan": read as words, the nan cells made table 三's rows text and the numbers between
them fell into other columns (1 read as 其他处理's total). html2text at 40 columns cuts a long
row after a cell's pipe ("…| 0| 0|" / "16"): the total on the next line was left unread.
"""
from __future__ import annotations

from pathlib import Path

from corpus import wrong_values
from extractor.loaders import load_bytes

DATA = Path(__file__).resolve().parent / "data"
CONVERTED = DATA / "converted"
REAL = DATA / "corpus" / "real"
SEEDS = DATA / "corpus" / "seeds"


def _lines(name: str) -> list[str]:
    path = CONVERTED / name
    return load_bytes(path.read_bytes(), path.name).text.split("\n")


def test_a_frame_under_a_simple_ruler_is_cut_at_its_runs_and_nan_is_a_blank_cell():
    lines = _lines("004_22cd3b9bc5f65582.pandas-simple.txt")
    assert "\t".join(["一、本年新收政府信息公开申请数量"] * 3 + ["1", "", "", "", "", "", "1"]) in lines
    # tables printed one after another, no blank line between: each table's rows stop at its end
    assert "三、收到和处理政府信息公开申请情况" in lines
    for name, labels in (("004_22cd3b9bc5f65582.pandas-simple.txt", SEEDS / "004_22cd3b9bc5f65582.labels.json"),
                         ("002_ee8fa3a975bc8fe4.pandas-simple.txt", SEEDS / "002_ee8fa3a975bc8fe4.labels.json")):
        assert wrong_values(CONVERTED / name, labels, "requests.") == {}, name


def test_a_frame_between_rst_rulers_loses_its_line_of_column_numbers():
    path = CONVERTED / "004_22cd3b9bc5f65582.pandas-rst.txt"
    lines = _lines(path.name)
    assert "政府集中采购\t5\t454万元\t454万元" in lines
    assert not any(ln.split() == [str(k) for k in range(10)] for ln in lines)
    assert wrong_values(path, SEEDS / "004_22cd3b9bc5f65582.labels.json") == {}


def test_a_bare_pipe_row_wrapped_after_a_pipe_goes_on_on_the_next_line():
    path = CONVERTED / "000_26fa7c73a70403e4.html2text-w40.md"
    blocks = load_bytes(path.read_bytes(), path.name).blocks
    row = next(b.row for b in blocks if b.text == "（一）予以公开")
    assert [b.text for b in blocks if b.row == row] == ["三、本年度办理结果", "（一）予以公开", "16", "0", "0", "0", "0", "0", "16"]
    assert wrong_values(CONVERTED / "000_26fa7c73a70403e4.html2text-w40.md",
                        SEEDS / "000_26fa7c73a70403e4.labels.json", "requests.") == {}
    assert wrong_values(CONVERTED / "005.html2text-w40.md", REAL / "005.labels.json", "requests.") == {}


def test_a_ruler_measured_in_terminal_columns_cuts_rows_of_wide_glyphs_where_they_stand():
    # a formatter that counts a wide glyph two columns: the runs fit the rows only so measured
    text = "0     1    2\n----  ---  --\n自然  nan  3\n商业  5    4\n社会  6    10\n"
    lines = load_bytes(text.encode(), "x.txt").text.split("\n")
    assert ["自然\t\t3", "商业\t5\t4", "社会\t6\t10"] == [ln for ln in lines if "\t" in ln]
