"""Table 二 printed by a reader that follows a table's cells down its columns (pdfminer.six
`extract_text`, a held-out converter family; tests/data/converted, see its README): every
row label of the table first, then each sub-table's header cells, each followed by the
values of its columns top-down ("本年新制作数量 本年新公开数量 对外公开总数量 0 77 0 132 0 470":
规章 0 0 0, 规范性文件 77 132 470), sometimes one column before the others ("处理决定数量"
and two values, later "上一年项目数量 本年增/减" and four). The headers say which columns a
run of values fills, the labels printed between the same headers which rows
(assemble._headed, reorder.headed_columns).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from corpus import CORPUS, REAL_PDF, label_fields, labels, plain

from extractor.pipeline import extract_bytes, extract_file

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"


def _active(name: str, report: str) -> tuple[dict, dict]:
    want = {k: v for k, v in labels(CORPUS / report)["fields"].items() if k.startswith("active.")}
    path = CONVERTED / name
    return want, extract_bytes(path.read_bytes(), path.name)["fields"]


def test_values_under_headers_go_down_the_columns():
    # 2021 form (005): 规章 and 规范性文件 under three headers, then 行政许可 alone under
    # 本年处理决定数量, then 行政处罚 and 行政强制 under it again
    want, out = _active("005.pdfminer.txt", "real/005")
    got = {k: plain(out[k]["value"]) for k in want}
    assert got == {k: plain(v) for k, v in want.items()}
    # which row a value belongs to rests on the reading order, not on a label beside it
    moved = [k for k in want if k.split(".")[1] in ("rules", "normative", "punishment", "coercion")]
    assert max(out[k]["confidence"] for k in moved) < 0.9


def test_a_column_printed_before_the_others_of_its_sub_table():
    # 2019 form (003_2b6): 处理决定数量 with the two decisions of 行政许可 / 其他对外管理服务事项,
    # then of 行政处罚 / 行政强制, then 上一年项目数量 本年增/减 with each pair's other columns
    want, out = _active("003_2b6abe27bfe85e6a.pdfminer.txt", "seeds/003_2b6abe27bfe85e6a")
    got = {k: plain(out[k]["value"]) for k in want}
    assert got == {k: plain(v) for k, v in want.items()}
    assert out["active.other_admin.change"]["value"] == -29
    assert max(out[k]["confidence"] for k in want if ".licensing." in k or ".other_admin." in k) < 0.9


def test_runs_that_do_not_fill_a_sub_table_are_not_given_to_it():
    # 002_ee8: 行政处罚 / 行政强制's six zeros printed as four, the other two among the
    # fees' and procurement's headers and values: those rows are not read from the headers
    # (their cells stay unsure), while the sub-tables before them are read whole
    want, out = _active("002_ee8fa3a975bc8fe4.pdfminer.txt", "seeds/002_ee8fa3a975bc8fe4")
    right = [k for k in want if k.split(".")[1] in ("rules", "normative", "licensing", "other_admin")]
    assert {k: out[k]["value"] for k in right} == {k: want[k] for k in right}
    wrong = [k for k in want if plain(out[k]["value"]) != plain(want[k])]
    assert wrong and max(out[k]["confidence"] for k in wrong) < 0.9


def test_a_header_printed_among_the_values_of_table_four():
    # the same reader prints table 四's last 总计 header after the last group's other four
    # cells ("… 0 1 0 总计 2") and the note under the table after it: the numbers before
    # and after the header are together exactly the table's fifteen cells, in order
    path = CONVERTED / "005.pdfminer.txt"
    want = {k: v for k, v in labels(CORPUS / "real/005")["fields"].items() if k.startswith("review.")}
    out = extract_bytes(path.read_bytes(), path.name)["fields"]
    assert {k: out[k]["value"] for k in want} == want


def test_values_after_the_last_label_of_their_sub_table():
    # the real hongze-2023 PDF (a WPS export) through the same reader: the headers before the
    # labels, then "规章 行政规范性文件 0 0 0 5 0 5" and "行政处罚 行政强制 4119 195" - the last
    # label followed by its sub-table's values, down the columns. The reference is what xxgk
    # reads from the PDF itself (no labels).
    pytest.importorskip("pymupdf")
    direct = extract_file(REAL_PDF / "hongze-2023.pdf")["fields"]
    got = extract_file(CONVERTED / "hongze-2023.pdfminer.txt")["fields"]
    keys = [k for k in direct if k.startswith("active.")]
    assert {k: got[k]["value"] for k in keys} == {k: direct[k]["value"] for k in keys}
    assert got["active.punishment.decisions"]["value"] == 4119
    assert max(got[k]["confidence"] for k in keys if ".normative." in k or ".coercion." in k) < 0.9


def test_table_three_in_blocks_of_neighbouring_columns():
    # real/003 through the same reader: page 1 of table 三 prints its five rows' labels, then
    # 自然人 and 商业企业 in one box, a row a line ("64 0", "27 0"; "0" "0" where a row's two
    # cells print apart), then 科研机构, 社会公益组织, 法律服务机构 each down the column, then 其他
    # and 总计 a row a line ("4 70"): blocks one or two columns wide, each row by row, that keep
    # every printed line's numbers in one row and every row's sum
    path = CONVERTED / "003.pdfminer.txt"
    want = labels(CORPUS / "real/003")["fields"]
    out = extract_bytes(path.read_bytes(), path.name)["fields"]
    rows = ("new", "carried_over", "granted", "partial", "denied.state_secret")
    keys = [k for k in want if k.startswith("requests.") and k[len("requests."):].rsplit(".", 1)[0] in rows]
    assert len(keys) == 35
    assert {k: out[k]["value"] for k in keys} == {k: want[k] for k in keys}
    # whose cells they are rests on the reading order: not near-certain
    assert max(out[k]["confidence"] for k in keys) < 0.9


def test_whole_printed_rows_are_not_cut_into_column_blocks():
    # pdfplumber's extract_text of the real hongze-2023 PDF: rows of table 三 printed as one
    # line of seven numbers, some above their labels ("1 0 0 0 0 0 1" before "1.属于国家秘密"):
    # a line of several numbers is one row's, never pieces of column blocks, so reading
    # blocks of columns leaves such rows as the reading of lines placed them
    pytest.importorskip("pymupdf")
    direct = extract_file(REAL_PDF / "hongze-2023.pdf")["fields"]
    got = extract_file(CONVERTED / "hongze-2023.pdfplumber.txt")["fields"]
    rows = ("partial", "denied.state_secret", "denied.internal", "denied.enforcement", "denied.query")
    keys = [k for k in direct if k.startswith("requests.") and k[len("requests."):].rsplit(".", 1)[0] in rows]
    # (lenient: this printout's blanks are the PDF's zeros)
    assert {k: got[k]["value"] or 0 for k in keys} == {k: direct[k]["value"] or 0 for k in keys}


def test_a_row_of_blank_cells_is_no_rows_moved_values():
    # pandoc's Muse writer of the page: grid cells whose markup wraps mid-tag ("<c" / "lass>13").
    # When those cells were not read, 行政规范性文件 printed no value and the blank cells of the
    # caption row under it ("第二十条第（五）项") were taken as its three values, blank at 0.999.
    # The cells are read now (boxdrawn mends the tags); the caption row stays no row's values
    path = CONVERTED / "009.pandoc-muse.txt"
    truth = label_fields(CORPUS / "real" / "009.labels.json")
    out = extract_bytes(path.read_bytes(), path.name)["fields"]
    wrong = [k for k, f in out.items() if f["value"] != truth.get(k) and k.startswith("active.")]
    assert wrong == []
    assert out["active.normative.issued"]["value"] == truth["active.normative.issued"] is not None
