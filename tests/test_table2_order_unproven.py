"""Table 二 rows printed a number a line, in text whose header shows its lines are a reader's
blocks grouped by position, not the table's cells: their columns rest on that reader's order
alone (`assemble._flowed_rows`; files in tests/data/converted, see its README)."""
from __future__ import annotations

from pathlib import Path

from corpus import REAL, label_fields, labels

from extractor.pipeline import extract_bytes

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"


def _read(name: str) -> dict:
    return extract_bytes((CONVERTED / name).read_bytes(), name)["fields"]


def test_a_row_a_number_a_line_under_headings_grouped_by_position_is_not_sure():
    # seed 449's gen449_00015 through WeasyPrint's PDF and pdftotext's default order (session 29's
    # held-out set): the header prints "上一年项目数量 本年增/减" on one line and "处理决定数量" on
    # another, and 行政许可's cells as pdftotext orders its blocks - "2", "62", "0" for 2 / 0 / 62. Read
    # in that order at 0.9998: nothing but the order of the lines placed the 62 (table 二 has no
    # identity, and no heading stands over a number)
    name = "gen449_00015.weasyprint-pdftotext-default.txt"
    text = (CONVERTED / name).read_text(encoding="utf-8")
    assert "上一年项目数量 本年增/减\n\n处理决定数量\n\n行政许可\n\n2\n\n62\n\n0\n" in text
    want = label_fields(CONVERTED / "gen449_00015.weasyprint-pdftotext-default.labels.json")
    fields = _read(name)
    assert [fields[f"active.licensing.{c}"]["value"] for c in ("prev_items", "change", "decisions")] == [2, 62, 0]
    assert (want["active.licensing.change"], want["active.licensing.decisions"]) == (0, 62)
    for row in ("licensing", "other_admin", "punishment", "coercion"):
        for col in ("prev_items", "change", "decisions"):
            assert fields[f"active.{row}.{col}"]["confidence"] < 0.9, (row, col)
    # a row whose headings one line prints together (行政事业性收费 under "上一年项目数量 本年增/减"),
    # and rows of one sub-table's header line, are read as before
    for key in ("active.fees.prev_items", "active.fees.change", "active.rules.made", "active.normative.total"):
        assert fields[key]["value"] == want[key] and fields[key]["confidence"] >= 0.9, key


def test_a_row_a_number_a_line_under_a_heading_a_line_stays_sure():
    # dev 001 through pdftotext's default order of the typeset PDF: "上一年项目数量" / "本年增/减" /
    # "处理决定数量", then "行政许可" / "396" / "0" / "181" - each heading a line of its own, as each
    # cell: nothing shows a reader grouped the header's text, the row is read as printed
    name = "001.pdftotext-default.txt"
    text = (CONVERTED / name).read_text(encoding="utf-8")
    assert "上一年项目数量\n\n本年增/减\n\n处理决定数量\n\n行政许可\n\n396\n\n0\n\n181\n" in text
    want = labels(REAL / "001.txt")["fields"]
    fields = _read(name)
    for col in ("prev_items", "change", "decisions"):
        key = f"active.licensing.{col}"
        assert fields[key]["value"] == want[key] and fields[key]["confidence"] >= 0.9, key
