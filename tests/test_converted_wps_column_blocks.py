"""A WPS-exported PDF through `pdftotext` (default order): a row's own values beside its
label, then the values of the next rows column by column, their labels after all of them
(tests/data/converted/README.md, hongze-2023.pdftotext-default.txt)."""
from __future__ import annotations

from pathlib import Path

import pytest
from corpus import REAL_PDF, label_fields

from extractor.pipeline import extract_bytes, extract_file

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
ROWS = ("partial", "denied.state_secret", "denied.law_forbidden", "denied.security", "denied.third_party",
        "denied.internal", "denied.process", "denied.enforcement", "denied.query", "unable.not_held",
        "unable.need_creation")
COLS = ("natural", "commercial", "research", "social", "legal", "other", "total")


def test_own_row_then_the_next_rows_column_by_column():
    # "（二）部分公开…" then 77 numbers: its own 4 0 0 0 0 0 4, then the ten rows below it
    # column by column (their 自然人 cells 1 0 0 0 0 1 1 0 10 3, five columns of ten zeros,
    # their totals 1 0 0 0 0 1 1 0 10 3); then the labels "三、本年度办理结果", "一、本年新收…"
    # (printed late: not one of these rows) and the ten rows' labels. Every row's sum and the
    # table's column sums hold in that reading: the rows read as the PDF itself reads them
    pdf = extract_file(REAL_PDF / "hongze-2023.pdf")["fields"]
    name = "hongze-2023.pdftotext-default.txt"
    f = extract_bytes((CONVERTED / name).read_bytes(), name)["fields"]
    for row in ROWS:
        keys = [f"requests.{row}.{c}" for c in COLS]
        assert [f[k]["value"] for k in keys] == [pdf[k]["value"] for k in keys], row
    # which row a value belongs to is inferred from the order: never near-certain
    assert all(f[f"requests.{row}.{c}"]["confidence"] < 0.9 for row in ROWS[1:] for c in COLS)


@pytest.mark.parametrize("stem", ["hongze-2023", "hongze-2024"])
def test_every_cell_printed_in_blocks_top_down(stem):
    # the same texts further on: "3.要求提供公开出版物" then 28 numbers (four rows column by
    # column: 3.补正后申请内容仍不明确 to 3.要求提供公开出版物), "4.无正当理由…" then 14 (two
    # rows), "（七）总计" then 14 (（六）其他处理 and the total, column by column), "四、结转…"
    # then 7; the labels of 3.补正后…, 1.信访举报…, 2.重复申请, 5.要求行政机关确认… and
    # （六）其他处理 after all of them. The numbers are exactly the table's 161 cells: read
    # block after block, top-down, each block in the order that keeps its rows' sums, every
    # label printed with values naming a row of its block - the table the PDF itself prints
    pdf = extract_file(REAL_PDF / f"{stem}.pdf")["fields"]
    name = f"{stem}.pdftotext-default.txt"
    f = extract_bytes((CONVERTED / name).read_bytes(), name)["fields"]
    keys = [k for k in pdf if k.startswith("requests.")]
    assert {k: f[k]["value"] for k in keys} == {k: pdf[k]["value"] for k in keys}
    # rows whose values stood away from their labels are not near-certain
    moved = [k for k in keys if f[k]["value"] not in (0, None)
             and k.split(".")[1] in ("denied", "unable", "unprocessed")]
    assert moved and all(f[k]["confidence"] < 0.9 for k in moved)


@pytest.mark.parametrize("stem", ["hongze-2024", "huaian-2024"])
def test_table_four_with_its_headings_among_the_numbers(stem):
    # table 四 of the same PDFs: hongze-2024 prints "1 1 0 0 2 1 0 0 0 1 2 0 1 0", the heading
    # "总计", then "3"; huaian-2024 "72 64 178 37", headings, "12 1 1 6", "总计", "351", headings,
    # "13 4 8 1 26", "总计", "20" - the groups' parts in one text block, their totals in
    # others. Fifteen numbers for fifteen cells: in printed order where every group's sum
    # holds, else each group's four parts with the total equal to their sum printed after
    # them, the groups in the order of their totals. Which group is which is inferred
    pdf = extract_file(REAL_PDF / f"{stem}.pdf")["fields"]
    name = f"{stem}.pdftotext-default.txt"
    f = extract_bytes((CONVERTED / name).read_bytes(), name)["fields"]
    keys = [k for k in pdf if k.startswith("review.")]
    assert {k: f[k]["value"] for k in keys} == {k: pdf[k]["value"] for k in keys}
    assert all(f[k]["confidence"] < 0.9 for k in keys)


def test_groups_in_flow_need_one_reading():
    from extractor.assemble import _groups_in_flow
    from extractor.solve import Token

    def read(texts):
        return [[[t.text for t in g] for g in r] for r in _groups_in_flow([Token(x) for x in texts], 3, 5)]
    # parts of the first and third group, the first's total, the second group, the third's total
    assert read("72 64 178 37 12 1 1 6 351 13 4 8 1 26 20".split()) == [
        [["72", "64", "178", "37", "351"], ["13", "4", "8", "1", "26"], ["12", "1", "1", "6", "20"]]]
    # zeros: any group's total may be any other's - many readings, none taken
    assert len(read(["0"] * 15)) > 1


def test_a_row_under_its_own_label_is_not_moved():
    # a generated report through PyMuPDF (gen11_00002), read with the rules classifier: the
    # group label （四）无法提供 one character a line, its "无" read as a value after row 8.'s
    # seven cells, so every cell of table 三 is there in blocks (reorder.table_in_order); the
    # label "（二）部分公开（区分处理的，只计这一情形，" and its values apart by the label's
    # second line. A block of one row under no other row's label is that row's, read as
    # printed: nothing was moved to it, and the report is as certain as without the rule
    import json
    name = "gen11_00002.pymupdf-text.txt"
    want = label_fields(CONVERTED / "gen11_00002.labels.json")
    out = extract_bytes((CONVERTED / name).read_bytes(), name, classifier="rules")
    f = out["fields"]
    for row in ("partial", "other.no_correction", "other.no_fee"):
        keys = [k for k in want if k.startswith(f"requests.{row}.")]
        assert all(f[k]["value"] == want[k] and f[k]["confidence"] >= 0.9 for k in keys), row
    assert not out["review"]["required"], out["review"]["reasons"]


def test_a_row_printed_in_several_runs_is_moved():
    # a generated report through `pdftotext` (gen23_00018): every cell of table 三 printed,
    # row 一's first value "31" before the column headings, its other six after them and not
    # in column order ("6 0 1 2 1 41" for 6 1 2 1 0 41). The row's values in several runs are
    # placed by inference: nothing wrong in it may read as near-certain
    import json
    name = "gen23_00018.pdftotext-default.txt"
    want = label_fields(CONVERTED / "gen23_00018.labels.json")
    f = extract_bytes((CONVERTED / name).read_bytes(), name)["fields"]
    confident = [k for k in want if k.startswith("requests.")
                 and (f[k]["value"] or 0) != (want[k] or 0) and f[k]["confidence"] >= 0.9]
    assert confident == []


def test_table_four_with_a_line_of_two_and_a_number_wrapped_in_its_narrow_cell():
    # real/003 through pdfminer (default LAParams): table 四's headings, then "1" "0" "2" "0",
    # "3 12" (行政复议's 总计 and 未经复议直接起诉's 结果维持 on one line: neighbouring cells that
    # stand close), "0" "0" "0", the 复议后起诉 headings, "0" "0" "0" "0", "总计" "0", "总计" and
    # "1" over "2" - 直接起诉's total 12 wrapped in its narrow cell. Sixteen numbers for fifteen
    # cells: "2" is the rest of "1", and the groups' parts and totals keep every sum with the
    # totals in either order; only the order of the parts keeps "3 12" in neighbouring cells
    from corpus import CORPUS, labels
    want = labels(CORPUS / "real/003.txt")["fields"]
    f = extract_bytes((CONVERTED / "003.pdfminer.txt").read_bytes(), "003.pdfminer.txt")["fields"]
    keys = [k for k in want if k.startswith("review.")]
    assert [f[k]["value"] for k in keys] == [want[k] for k in keys]
    assert all(f[k]["confidence"] < 0.9 for k in keys)


def test_printed_lines_pick_the_groups_order():
    from extractor.assemble import RowSpec, T, _across_headers, row_sums
    from extractor.solve import Token

    cols = len(T.REVIEW_COLUMNS)
    spec = RowSpec(len(T.REVIEW.rows) * cols, sums=tuple(
        s for gi, row in enumerate(T.REVIEW.rows) for s in row_sums(T.REVIEW, row, gi * cols)))

    class Line:  # a printed line (its tokens' ref), below the ones before it
        def __init__(self, row):
            self.row, self.table, self.kind = row, None, "line"

    def read(texts):
        toks = [Token(x, True, False, Line(r)) for r, x in enumerate(texts)]
        out = _across_headers(toks, spec, None)
        return out and [c.cells for c in out]

    nums = ["1", "0", "2", "0", "3 12", "0", "0", "0", "0", "0", "0", "0", "0", "1", "2"]
    assert read(nums) == [("1", "0", "2", "0", "3", "12", "0", "0", "0", "12", "0", "0", "0", "0", "0")]
    # "3" and "12" on lines of their own: the totals' order or the parts' - two readings, none
    assert read(nums[:4] + ["3", "12"] + nums[5:]) is None
