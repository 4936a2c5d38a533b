"""Space-aligned text printing more places than the form has columns: where the rows' places
prove which of them are one column (every place at one x, the borders those that one row prints
on both sides of), the rows' blanks stand where the page printed them (`assemble._column_groups`;
files in tests/data/converted, see its README)."""
from __future__ import annotations

from pathlib import Path

from corpus import REAL, labels, plain

from extractor.pipeline import extract_bytes

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
NAME = "009.pdftotext-layout.txt"
COLS = ("natural", "commercial", "research", "social", "legal", "other", "total")


def _extract():
    data = (CONVERTED / NAME).read_bytes()
    return data.decode("utf-8"), extract_bytes(data, NAME)


def test_a_row_printing_its_total_blank_is_read_as_printed():
    # dev report 009 typeset and through pdftotext -layout: on page 2, table 三's rows print at
    # characters 40 45 57 65 75 89 93, but (六)'s three rows print their 自然人 at 29 (set by
    # their long labels' characters) - eight places for seven columns, no row printing in both
    # 29 and 40. 四、结转下年度继续办理 prints "1 0 0 0 0 0" at 40 … 89 and nothing at 93, where
    # every other row prints its total: the report's own blank total (一 + 二 = 34 + 2, (七) +
    # 四 = 35 + blank). Read before as a guess (trimmed, columns in doubt: 0.85, 0.42)
    text, out = _extract()
    assert "\n四、结转下年度继续办理                             1    0           0       0         0             0\n" in text
    assert "  处 3.其他                   4               0" in text
    want = labels(REAL / "009.md")["fields"]
    fields = out["fields"]
    for c in COLS:
        key = f"requests.carried_forward.{c}"
        assert fields[key]["value"] == plain(want[key]), key
        assert fields[key]["confidence"] >= 0.9, (key, fields[key]["confidence"])
    # the report's own broken sums are findings about the report, not doubts of the reading
    review = out["review"]
    assert review["source_inconsistent"]
    rules = {f["detail"]["rule"] for f in review["findings"] if f["code"] == "identity_broken"}
    assert rules == {"requests.balance.total", "requests.row.carried_forward"}
    assert not review["required"], review["reasons"]


def test_every_other_cell_stays_as_read():
    _, out = _extract()
    want = labels(REAL / "009.md")["fields"]
    fields = out["fields"]
    wrong = [k for k in want if k in fields and (plain(fields[k]["value"]) or 0) != (plain(want[k]) or 0)]
    assert wrong == []
