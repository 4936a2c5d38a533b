"""A WPS-exported PDF through `pdftotext` (default order): a row's own values beside its
label, then the values of the next rows column by column, their labels after all of them
(tests/data/converted/README.md, hongze-2023.pdftotext-default.txt)."""
from __future__ import annotations

from pathlib import Path

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
