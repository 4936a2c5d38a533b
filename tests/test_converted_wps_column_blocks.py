"""A WPS-exported PDF through `pdftotext` (default order): a row's own values beside its
label, then the values of the next rows column by column, their labels after all of them
(tests/data/converted/README.md, hongze-2023.pdftotext-default.txt)."""
from __future__ import annotations

from pathlib import Path

import pytest
from corpus import REAL_PDF

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
