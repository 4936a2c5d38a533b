"""Space-aligned text whose narrow label cells wrap, a row's first number run on one space after
its label's piece: the piece is a label however far it runs into the first value column
(`loaders.aligned._table`; files in tests/data/converted, see its README)."""
from __future__ import annotations

from pathlib import Path

from corpus import REAL, labels

from extractor.pipeline import extract_bytes

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
COLUMNS = ("natural", "commercial", "research", "social", "legal", "other", "total")  # table 三's


def _read(name: str, line: str, report: str) -> tuple[dict, dict, dict]:
    """(the extraction, its fields, the report's labelled fields) of a committed conversion that
    prints `line` as pdftotext laid it out."""
    assert line in (CONVERTED / name).read_text(encoding="utf-8")
    out = extract_bytes((CONVERTED / name).read_bytes(), name)
    return out, out["fields"], labels(REAL / report)["fields"]


def test_a_labels_piece_before_a_run_on_number_is_no_value_cell():
    # dev 001 through WeasyPrint's PDF and pdftotext -layout: "2.其他法律" / "行政法规禁 0    0   0 …" /
    # "止公开", "5.属于三类" / "内部事务信 0    0   0 …" / "息". pdftotext sets each row's numbers by
    # the characters before them, so the first value column's left edge (the rows' numbers under
    # shorter labels) falls inside the piece: "行政法规禁" was read as the first value cell, "行政法规禁0"
    # (the run-on 0 with it), the row's other cells one column off - four rows placed by position
    # (0.56-0.87) and (四)'s 3.补正后申请内容仍不明确 read 0 for 5, the report in review
    out, fields, want = _read("001.weasyprint-pdftotext-layout.txt",
                              "           内部事务信 0    0   0   0   0   0   0\n", "001.txt")
    for row in ("denied.law_forbidden", "denied.security", "denied.internal", "unable.need_creation",
                "unable.unclear", "unprocessed.massive"):
        for col in COLUMNS:
            key = f"requests.{row}.{col}"
            assert fields[key]["value"] == want[key], key
            assert fields[key]["confidence"] >= 0.9, (key, fields[key]["confidence"])
    assert not out["review"]["required"]


def test_a_run_on_first_number_takes_a_column_of_its_own_before_its_rows_others():
    # dev 005 through WeasyPrint's PDF and pdftotext -layout: "2. 申请人" / … / "费用、行 0     0   0   0
    # 0   0   0" / "政机关不" / …, a row cut off as a table of its own from the wider-set rows after it
    # (3. 其他, (七)总计). Its run-on 0 (where its label's characters end) made no column, and the
    # nearest column held the row's second number: "0 0" one cell, the row fit no reading (blank,
    # 0.80), the report in review for it alone
    out, fields, want = _read("005.weasyprint-pdftotext-layout.txt",
                              "        费用、行 0     0   0   0   0   0   0\n", "005.txt")
    for col in COLUMNS:
        key = f"requests.other.no_fee.{col}"
        assert fields[key]["value"] == want[key] == 0, key
        assert fields[key]["confidence"] >= 0.9, (key, fields[key]["confidence"])
    assert not out["review"]["required"]
