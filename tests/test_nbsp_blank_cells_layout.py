"""Space-aligned PDF text whose rows print their blank cells as no-break spaces, and the blank
rows a column's printed zero total pins.

Chromium prints a page's &nbsp; cells as a space glyph and pypdf's layout text keeps it as
"\\xa0": dev 002's and 004's table 三 print "1  \\xa0  \\xa0  \\xa0  \\xa0  \\xa0  1" - every cell of
the row, the five 法人 cells blank, in order. Read as columns of numbers (the aligned loader) the
row is two numbers and five dropped blanks whose place is a guess; read by its printed cells
(segment._BLANK_CELL) it is whole (aligned._prints_more_cells). A column whose total prints 0 or
blank as a cell of its own pins the blank rows' cells of that column (printed with no values
after their labels) as 0: counts are never negative (confidence.pinned); where the other side of
an identity is blank by inference too (上年结转 and 结转下年度 both printed blank), nothing does.
"""
from __future__ import annotations

from pathlib import Path

from corpus import SEEDS, labels, wrong_counts
from extractor.pipeline import extract_bytes

CONVERTED = Path(__file__).parent / "data" / "converted"
COLUMNS = ("natural", "commercial", "research", "social", "legal", "other", "total")


def _read(name: str, report: str):
    text = (CONVERTED / name).read_text(encoding="utf-8")
    want = labels(SEEDS / f"{report}.txt")["fields"]
    return text, want, extract_bytes(text.encode("utf-8"), name)


def test_a_rows_no_break_spaces_are_its_blank_cells():
    # dev 002 through Chromium's PDF and pypdf's layout text: （七）总计 and 四、结转下年度 print
    # "1 \xa0 … \xa0 1" and "0 \xa0 … \xa0 0" on a page of their own, under no header: read as
    # two columns they were placed by position at 0.85; their printed cells put the 1 under 自然人
    name = "002_ee8fa3a975bc8fe4.chromium-pypdf-layout.txt"
    text, want, out = _read(name, "002_ee8fa3a975bc8fe4")
    assert "（七）总计                                        1  \xa0" in text
    fields = out["fields"]
    assert wrong_counts(want, fields) == []
    for row in ("new", "carried_over", "unable.not_held", "total", "carried_forward"):
        for col in COLUMNS:
            assert fields[f"requests.{row}.{col}"]["confidence"] >= 0.9, (row, col)
    assert fields["requests.total.natural"]["value"] == 1 and fields["requests.total.legal"]["value"] is None


def test_a_printed_blank_total_pins_the_blank_rows_of_its_column():
    # the same report: the result rows printed with nothing after their labels are blank by
    # inference (0.85); each 法人 column's （七）总计 cell is printed blank (its no-break space), so
    # every row's cell of that column is 0 - the document is read whole (was in review)
    name = "002_ee8fa3a975bc8fe4.chromium-pypdf-layout.txt"
    _, want, out = _read(name, "002_ee8fa3a975bc8fe4")
    fields = out["fields"]
    assert wrong_counts(want, fields) == []
    assert fields["requests.partial.commercial"]["confidence"] >= 0.9
    assert fields["requests.denied.query.other"]["confidence"] >= 0.9
    assert not out["review"]["required"]


def test_blank_rows_on_both_sides_of_an_identity_stay_in_doubt():
    # dev 004 the same way: 二、上年结转 and 四、结转下年度 print nothing after their labels - 新收 +
    # 结转 = 总计 + 结转下年度 holds for any number carried both ways, so neither is pinned; the
    # result rows under printed blank totals are
    name = "004_22cd3b9bc5f65582.chromium-pypdf-layout.txt"
    _, want, out = _read(name, "004_22cd3b9bc5f65582")
    fields = out["fields"]
    assert wrong_counts(want, fields) == []
    assert fields["requests.partial.commercial"]["confidence"] >= 0.9
    assert fields["requests.new.natural"]["confidence"] >= 0.9
    for row in ("carried_over", "carried_forward"):
        for col in COLUMNS:
            assert fields[f"requests.{row}.{col}"]["confidence"] < 0.9, (row, col)
    assert out["review"]["required"]
