"""A grid cell that prints numbers one a line: camelot's stream tables of a real WPS export
merge two narrow neighbouring cells of table 三 (商业企业 53 and 科研机构 0) into one cell
"53\n0" - a quoted line break in its CSV, an escaped "\n" in its to_html, a newline in a JSON
string. The loaders kept no lines (the cell read "53 0"), so the row had one cell too few and
stayed unread. The cell's lines now reach the reader (Block.wrapped, as markdown's "<br>"): one
number wrapped, or two cells merged - the row's count of cells and its sums decide."""
from __future__ import annotations

from pathlib import Path

import pytest
from corpus import REAL_PDF, plain

from extractor.loaders import delimited, jsontables
from extractor.pipeline import extract_bytes, extract_file

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
NAMES = ("huaian-2024.camelot-csv.txt", "huaian-2024.camelot-html.html", "huaian-2024.camelot-json.json")
ROWS = ("requests.new.", "requests.carried_over.")


@pytest.fixture(scope="module")
def pdf():
    return {k: plain(f["value"]) for k, f in extract_file(REAL_PDF / "huaian-2024.pdf")["fields"].items()}


def test_the_grids_print_two_numbers_in_one_cell():
    assert ',3001,"53\n0",0,61,4,3119' in (CONVERTED / NAMES[0]).read_text(encoding="utf-8")
    assert "<td>53\\n0</td>" in (CONVERTED / NAMES[1]).read_text(encoding="utf-8")
    assert '"2": "53\\n0"' in (CONVERTED / NAMES[2]).read_text(encoding="utf-8")


def test_number_lines_are_kept_apart_and_other_line_breaks_are_spaces():
    rows = delimited.retab((CONVERTED / NAMES[0]).read_text(encoding="utf-8")).split("\n")
    assert "\t3001\t53<br>0\t0\t61\t4\t3119" in rows
    assert not any("<br>" in r and "企" in r for r in rows)  # (a heading "商 业 企\n业": words)
    html = jsontables.html_of('[[{"0": "53\\n0", "1": "三\\n四", "2": "1"}, {"0": "2", "1": "x", "2": "3"}]]')
    assert "<td>53<br>0</td>" in html and "<td>三\n四</td>" in html


@pytest.mark.parametrize("name", NAMES)
def test_a_row_with_two_cells_merged_is_read(pdf, name):
    out = extract_bytes((CONVERTED / name).read_bytes(), name)
    keys = [k for k in pdf if k.startswith(ROWS)]
    got = {k: plain(out["fields"][k]["value"]) for k in keys}
    assert {k: (got[k], pdf[k]) for k in keys if got[k] != pdf[k]} == {}
    assert got["requests.new.commercial"] == 53 and got["requests.new.research"] == 0
    # the rest of the document: nothing it misreads is sure
    sure_wrong = {k: (plain(f["value"]), pdf[k]) for k, f in out["fields"].items()
                  if k in pdf and plain(f["value"]) != pdf[k] and f["confidence"] >= 0.9}
    assert sure_wrong == {}
    assert out["review"]["required"]


# camelot's stream table of a generated report: 其他 and 总计 of table 三 merged into one cell printed on
# one line, "71 4937" (4388 + 432 + 46 + 71 = 4937), as 商业企业 and 总计 "1284 132" / "24 1454"
SPACED = ("gen849_00004.camelot-csv.txt", "gen849_00004.camelot-json.json", "gen849_00004.camelot-html.html")


@pytest.mark.parametrize("name", SPACED)
def test_two_numbers_apart_in_one_cell_are_read_as_the_row_proves(name):
    assert "71 4937" in (CONVERTED / name).read_text(encoding="utf-8")
    got = extract_bytes((CONVERTED / name).read_bytes(), name)["fields"]
    assert [got[f"requests.new.{k}"]["value"] for k in ("natural", "commercial", "other", "total")] == [4388, 432, 71, 4937]
    assert [got[f"requests.granted.{k}"]["value"] for k in ("other", "total")] == [29, 2485]
    assert got["requests.unable.not_held.total"]["value"] == 1454
    # which digits are which cell's is the sums' reading of a merged cell: none near-sure
    assert got["requests.new.total"]["confidence"] < 0.9


def test_numbers_apart_only_in_a_cell_of_nothing_but_whole_numbers():
    rows = delimited.retab((CONVERTED / SPACED[0]).read_text(encoding="utf-8")).split("\n")
    assert any(r.endswith("\t71<br>4937") for r in rows)
    # (a label and its numbers in one cell is no cell of numbers)
    assert "一、本年新收政府信息公开申请数量 4388 432 0 0 46\t\t71<br>4937" in rows
