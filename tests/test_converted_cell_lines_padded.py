"""A table printed one cell a line ("x |"), a lone "|" opening each row, whose last cell carries
the row's padding on its line ("88 | ||"): the empty cells of a cell spanning several columns of
a Word table's grid, as a page's html-to-text prints them (seen on a real agency page; the file
is our rendering of that layout over trafilatura 2.0.0's text of a generated page, see
tests/data/converted/README.md).

Read as a markdown row of its own, the padded line took the row's last value away from it: the
row kept six of its seven numbers, a blank slotted in, and its total came from 其他's cell
(25 fields wrong). The padding is the row's end: the cell is the row's last, then a break.
"""
from __future__ import annotations

from pathlib import Path

from corpus import extract_against

from extractor.loaders import text as text_loader
from extractor.model import Source

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
PADDED = CONVERTED / "gen3315_00001.cells-padded.txt"


def test_report_of_padded_cell_lines_is_read_right_and_accepted():
    wrong, review = extract_against(PADDED, CONVERTED / "gen3315_00001.cells-padded.labels.json")
    assert wrong == [] and review["required"] is False


def _rows(doc):
    rows: dict[int, list[str]] = {}
    for b in doc.blocks:
        if b.kind == "cell":
            rows.setdefault(b.row, []).append(b.text)
    return rows


def test_padded_last_cell_ends_its_row():
    lines = "|\n一、本年新收 |\n8 |\n0 |\n8 | |||||\n|\n二、上年结转 |\n0 |\n0 |\n0 | |||||\n"
    doc = text_loader.parse(lines, Source("t.txt", "0", "text"))
    cells = [b.text for b in doc.blocks if b.kind == "cell" and b.text]
    assert cells == ["一、本年新收", "8", "0", "8", "二、上年结转", "0", "0", "0"]
    kinds = [b.kind for b in doc.blocks]
    # each padded line closes its row: a break right after the row's last cell
    assert [kinds[i + 1] for i, b in enumerate(doc.blocks) if b.text == "8" and i > 2][0] == "break"


def test_rows_of_a_pipe_table_without_outer_pipes_stay_rows():
    # a table written a row a line ("规章 | 0 | 0 | 0 |"): its one-value rows are rows, not cells
    lines = "信息内容 | 本年处理决定数量 | ||\n行政许可 | 0 | ||\n第二十条第(六)项 | |||\n行政处罚 | 0 | ||\n"
    doc = text_loader.parse(lines, Source("t.txt", "0", "text"))
    assert [b.text for b in doc.blocks if b.kind == "cell" and b.text][:4] == ["信息内容", "本年处理决定数量", "行政许可", "0"]
    row = next(b.row for b in doc.blocks if b.text == "行政许可")
    assert [b.text for b in doc.blocks if b.row == row and b.text] == ["行政许可", "0"]
