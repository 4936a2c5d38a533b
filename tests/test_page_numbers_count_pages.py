"""A bare number at a page's edge is a page number only where it counts the pages: on two pages
side by side, or on three or more. Two table values that happen to equal their pages' numbers on
pages apart (page 1 ends with "1", page 3 with "3", page 2 between them prints no number) are
values.

Data: tests/data/converted/gen353_00015.lo-pdf-pdftotext-default.txt (README row): LibreOffice's
PDF through pdftotext's default order; table 二's 行政处罚 value "1" is page 1's last line and
行政强制's "0" page 2's first. Read as a page number the "1" vanished and 行政处罚 took the "0"
at 0.9996."""
from __future__ import annotations

from pathlib import Path

from corpus import label_fields
from extractor.loaders.furniture import drop_text_furniture
from extractor.pipeline import extract_bytes

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"


def _kept(pages: list[list[str]]) -> list[str]:
    kept, _ = drop_text_furniture("\n\f".join("\n".join(p) for p in pages))
    return [ln for ln in kept.split("\n") if ln.strip()]


def test_values_equal_to_pages_apart_are_kept():
    kept = _kept([["正文第一页", "行政处罚", "1"], ["行政强制", "文字"], ["表四", "3"]])
    assert "1" in kept and "3" in kept


def test_numbers_counting_pages_side_by_side_or_on_three_pages_are_dropped():
    assert _kept([["第一页正文", "1"], ["第二页正文", "2"]]) == ["第一页正文", "第二页正文"]
    kept = _kept([["甲", "1"], ["乙", "文字"], ["丙", "3"], ["丁", "4"]])
    assert "1" not in kept and "3" not in kept and "4" not in kept


def test_a_value_ending_a_page_is_read_and_no_row_takes_its_neighbour_for_certain():
    path = CONVERTED / "gen353_00015.lo-pdf-pdftotext-default.txt"
    truth = label_fields(CONVERTED / "gen353_00015.labels.json")
    got = extract_bytes(path.read_bytes(), path.name)["fields"]
    assert got["active.punishment.decisions"]["value"] == truth["active.punishment.decisions"] == 1
    confident_wrong = [k for k, v in truth.items() if not isinstance(v, dict)
                       and (got[k]["value"] or 0) != (v or 0) and got[k]["confidence"] >= 0.9]
    assert confident_wrong == []
