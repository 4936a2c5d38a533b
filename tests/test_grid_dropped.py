"""Grid rows whose columns are not the form's when a row of the grid printed more numbers than
it has cells (extractor/assemble.py, `_grid_layout_doubt`): real output of markitdown of a
generated report's typeset PDF (tests/data/converted, README). pdfminer's table reader printed
table 三 one row a grid, every grid eight cells: the label, two empty cells of its span, and
five value columns for seven, "3 178" (其他 and 总计 in one cell) in 一、本年新收. Rows printing
fewer numbers ("(二)部分公开 | | | 4 | 1 | | | 5") were read by the grid's positions, the form's
自然人 and 商业企业 values as 科研机构 and 社会公益组织, at 0.999 (18 wrong fields at >= 0.9).
"""
from __future__ import annotations

from pathlib import Path

from corpus import label_fields, wrong_keys
from extractor.pipeline import extract_bytes

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"


def test_rows_of_a_grid_with_a_dropped_number_are_not_read_by_position():
    path = CONVERTED / "gen23_00010.markitdown-pdf.md"
    out = extract_bytes(path.read_bytes(), path.name)
    want = label_fields(CONVERTED / "gen23_00010.labels.json")
    wrong = wrong_keys(want, out["fields"])
    # the padding left out (_lead_padding), 4 and 1 stand under 自然人 and 商业企业; the text still
    # does not say which columns "3 178"'s neighbours are (法律服务机构 / 其他 read a column off)
    assert "requests.partial.natural" not in wrong and wrong
    assert all(out["fields"][k]["confidence"] < 0.9 for k in wrong)
    assert out["review"]["required"]
