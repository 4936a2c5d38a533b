"""A row label wrapped over two lines with its values printed level with the second line.

Real PDFs (tests/data/corpus/real-pdf, WPS exports) centre a cell's text vertically, so in a
row whose label wraps, text converters print the label's first line alone (a row that looks
printed empty) and the values after the label's next line, which has no numbering of its own.
The values belong to the wrapped row, not to the next one (assemble.build_entries).
The reference is the same PDF read directly (its text layer and ruled cells)."""
from __future__ import annotations

import subprocess
from functools import lru_cache

import pytest

from converter_tools import need
from corpus import REAL_PDF
from extractor.pipeline import extract_file

CONVERTED = REAL_PDF.parent.parent / "converted"


@lru_cache(maxsize=None)
def _direct(name: str) -> dict:
    pytest.importorskip("pymupdf")
    return extract_file(REAL_PDF / name)


def _values(out: dict, prefix: str) -> dict:
    return {k: f["value"] or 0 for k, f in out["fields"].items() if k.startswith(prefix)}


def _layout_text(name: str, tmp_path) -> dict:
    need("pdftotext-layout")
    txt = tmp_path / (name.replace(".pdf", "") + ".txt")
    subprocess.run(["pdftotext", "-layout", str(REAL_PDF / name), str(txt)], check=True, timeout=120)
    return extract_file(txt)


@pytest.mark.parametrize("name", ["hongze-2023.pdf", "huaian-2024.pdf"])
def test_pdftotext_layout_reads_table_three_as_the_pdf(name, tmp_path):
    # hongze: "（二）部分公开（区分处理的，只计这一情 形，不" / "计其他情形）" then "4 0 0 0 0 0 4";
    # huaian: "2、申请人逾期未按收费通知要" / "他处理" (the group label down the left) / "求缴纳费用…  6 … 6"
    direct = _direct(name)
    assert direct["review"]["required"] is False  # the reference itself is read whole
    got = _layout_text(name, tmp_path)
    assert _values(got, "requests.") == _values(direct, "requests.")


def test_markdown_grid_row_printed_empty_then_its_label_and_values():
    # pymupdf4llm: "|1、申请人无正当理由逾期不补||||||||" then
    # "|正、行政机关不再处理其政府信<br>息公开申请|67|3|0|0|1|0|71|": before, 67 … 71 went to the
    # next row (申请人逾期未按收费通知…) at confidence 0.98
    direct = _direct("huaian-2024.pdf")
    got = extract_file(CONVERTED / "huaian-2024.pymupdf4llm.md")
    row = "requests.other.no_correction."
    assert any(v for v in _values(direct, row).values())
    assert _values(got, "requests.") == _values(direct, "requests.")


def test_table_going_on_to_a_page_laid_out_on_its_own_grid():
    # pypdf extract_text(extraction_mode="layout") lays out each page on a character grid of its
    # own: table 三's rows on page 5 stand a few columns right of page 4's ("11    0" was read as
    # one cell, 110), with a group label's piece and values on the line under a label ("度  5 … 5").
    # The page start (a page-number line) is where the columns may move (aligned._segments).
    direct = _direct("huaian-2024.pdf")
    got = extract_file(CONVERTED / "huaian-2024.pypdf-layout.txt")
    assert _values(got, "requests.") == _values(direct, "requests.")


def test_group_label_and_its_row_label_in_one_cell_name_the_row():
    # a converter that flattens merged cells prints the group's label in the cell of the row it
    # was centred on: the rules read the row's own numbered label after the group's
    from extractor.labels import match_row

    direct = _direct("huaian-2024.pdf")
    for classifier in ("rules", None):
        # (the shipped model calls that cell the 2019 form's single row 其他处理: a label of the
        # other version names the row its text names, assemble._own_version)
        got = extract_file(CONVERTED / "huaian-2024.pymupdf4llm.md", classifier=classifier)
        assert _values(got, "requests.") == _values(direct, "requests."), classifier
    assert match_row("（六）其他处理")[0] == "row.requests.other"  # the group alone stays the group


@pytest.mark.parametrize("classifier", [None, "rules"])
def test_pdftohtml_label_read_twice_over_its_wrapped_lines(classifier, tmp_path):
    # pdftohtml -s -i of the real huaian PDF: 2、申请人逾期未按收费通知要 (cells empty) / 他处理 (the
    # group label's piece) / 求缴纳费用、行政机关不再处理其政府信息公开申请  6 … 6. The rules name
    # both label lines the same row; the first once took the row (blank, at 1.0) and the
    # column sums' break was put down to the report itself: a wrong document auto-accepted
    import random

    from training.converters import ROUTES

    need("pdftohtml")
    page = ROUTES["pdftohtml"].fn((REAL_PDF / "huaian-2024.pdf").read_bytes(), random.Random(0))
    path = tmp_path / "huaian-2024.html"
    path.write_bytes(page)
    got = extract_file(path, classifier=classifier)
    assert _values(got, "requests.") == _values(_direct("huaian-2024.pdf"), "requests.")
    # the two lines joined are the form's wording of the row: read as surely as a label printed
    # whole (the model alone gives the head "2、申请人逾期未按收费通知要" about 0.5)
    assert got["review"]["required"] is False, got["review"]["reasons"]


def test_table_printed_column_by_column():
    # pdfminer.six extract_text of the real hongze-2023 PDF: table 三's row labels of a page, then
    # each column's values top-down (98 numbers for 14 rows of 7), the 总计 column's block printed
    # before 其他's. Rows read column by column keep every row's sum and the table's.
    direct = _direct("hongze-2023.pdf")
    got = extract_file(CONVERTED / "hongze-2023.pdfminer.txt")
    assert _values(got, "requests.") == _values(direct, "requests.")
    # which value is whose rests on the reading order, not on a printed row: never near-certain
    moved = [k for k, f in got["fields"].items() if k.startswith("requests.unable.") and f["value"]]
    assert moved and all(got["fields"][k]["confidence"] < 0.9 for k in moved)


def test_pdftotext_default_order_rows_whose_labels_are_printed_elsewhere(tmp_path):
    # pdftotext (default order) of the real huaian PDF: "二、上年结转…" then its 7 numbers and the
    # 7 of （一）予以公开 and of （二）部分公开, whose labels come after 1.本机关不掌握…'s numbers
    # (its merged group column is read later): the numbers are those rows', in template order
    need("pdftotext-default")
    txt = tmp_path / "huaian-2024.txt"
    subprocess.run(["pdftotext", str(REAL_PDF / "huaian-2024.pdf"), str(txt)], check=True, timeout=120)
    got = extract_file(txt)
    direct = _direct("huaian-2024.pdf")
    assert _values(got, "requests.") == _values(direct, "requests.")
    wrong = [k for k, v in _values(got, "").items() if v != _values(direct, "")[k]]
    assert all(got["fields"][k]["confidence"] < 0.9 for k in wrong) and got["review"]["required"]
