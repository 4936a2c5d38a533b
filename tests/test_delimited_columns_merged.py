"""A delimited table 三 (comma-separated rows: camelot's stream mode of a typeset PDF saved as
CSV, its column edges guessed from the text's alignment) in which one row prints two numbers in
one cell ("11\\n1") and keeps its sum only with them as two cells: the reader merged two form
columns into one, so no row's cells are the form's columns for certain - values are read where
the grid puts them, but below 0.9 unless a column identity confirms the column.

Data: tests/data/converted/gen401_00017.camelot-csv.txt (README row). Page 1's rows print a
label cell, an empty spill cell and six value cells - the form has seven: 商业企业 and 科研机构
share a cell in 一 ("26,"11\\n1",2,,1,41": 26 + 11 + 1 + 2 + 1 = 41). 予以公开's "16,9,2,,1,28"
was read one column right of the truth (16 under 商业企业) at 0.9998: its own sum holds, and no
column sum checks it (the total row (七) is not in camelot's tables)."""
from __future__ import annotations

from pathlib import Path

from corpus import label_fields
from extractor.pipeline import extract_bytes

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
NAME = "gen401_00017.camelot-csv.txt"


def _wrong(text: str) -> tuple[dict, dict]:
    truth = label_fields(CONVERTED / "gen401_00017.labels.json")
    out = extract_bytes(text.encode("utf-8"), NAME)
    return out, {k: (f["value"], f["confidence"]) for k, f in out["fields"].items()
                 if k.startswith("requests.") and (f["value"] or 0) != (truth.get(k) or 0)}


def test_a_row_with_two_columns_in_one_cell_leaves_every_row_unplaced():
    text = (CONVERTED / NAME).read_text(encoding="utf-8")
    assert '一、本年新收政府信息公开申请数量,,26,"11\n1",2,,1,41\n' in text
    assert "（一）予以公开,,16,9,2,,1,28\n" in text
    out, wrong = _wrong(text)
    assert "requests.granted.commercial" in wrong  # (read a column off: the grid's guess)
    assert {k: v for k, v in wrong.items() if v[1] >= 0.9} == {}
    assert out["review"]["required"]


def test_two_numbers_in_a_cell_that_do_not_keep_the_sum_say_nothing_of_the_columns():
    # "11 1" as one number's digit groups (its row's sum then breaks either way): no merged
    # columns are shown, and 予以公开's reading stands as the grid gives it (the header's cell of
    # three headings, itself a sign of merged columns - loaders.text._columns_merged_under_headings
    # - printed as one heading here)
    text = (CONVERTED / NAME).read_text(encoding="utf-8").replace(",1,41\n", ",1,42\n", 1) \
        .replace(",商业企业 科研机构 社会公益组织,", ",商业企业,", 1)
    out, _ = _wrong(text)
    assert out["fields"]["requests.granted.commercial"]["confidence"] >= 0.9
