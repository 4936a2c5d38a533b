"""A sum that holds with a number in either of two rows is no evidence for either placement
(confidence.placement_unproven; tests/data/converted, see its README).

unstructured's partition_pdf of a typeset report (pdfminer's text boxes, joined by blank lines)
prints table 三's row labels one a paragraph and the few numbers it kept between them in box
order: a row's lone total "1" comes after a later row's label. The column sum (一)+...+(六) =
(七) holds with the 1 in the row it was placed in and with the 1 in the row the label order
left blank, so it pins neither blank. Where the number's row keeps its own sum with other
printed numbers (html-text: "1" "1" after their label, 自然人 and 总计), moving it alone breaks
that sum: the blanks the column sums pin stay near-certain.
"""
from __future__ import annotations

from pathlib import Path

from corpus import label_fields
from extractor.loaders import load
from extractor.pipeline import default_pipeline

DATA = Path(__file__).resolve().parent / "data"
CONVERTED = DATA / "converted"
SEEDS = DATA / "corpus" / "seeds"


def _fields(name: str) -> dict:
    return default_pipeline().run(load(CONVERTED / name), until="review").assembly.fields


def _truth(stem: str) -> dict:
    return label_fields(SEEDS / f"{stem}.labels.json")


def _right(got, want) -> bool:
    return (got or 0) == (want or 0)


def _confident_wrong(fields: dict, stem: str) -> list[str]:
    want = _truth(stem)
    return [k for k, fr in fields.items() if k.startswith("requests.") and k in want and fr.confidence >= 0.9 and not _right(fr.value, want[k])]


def test_a_lone_number_placed_after_a_later_label_pins_no_blank_of_its_column():
    # 002: "3. 补正后申请内容仍不明确" then "1" - the report's 1 is 1. 本机关不掌握相关政府信息's total
    fields = _fields("002_ee8fa3a975bc8fe4.unstructured-pdf.txt")
    placed, blank = fields["requests.unable.unclear.total"], fields["requests.unable.not_held.total"]
    assert placed.value == 1 and placed.evidence.get("how") == "placed"
    assert blank.value is None and not blank.evidence.get("pinned") and blank.confidence < 0.9
    assert _confident_wrong(fields, "002_ee8fa3a975bc8fe4") == []
    # 004: the 1 of （一）予以公开 printed after a later row's label
    fields = _fields("004_22cd3b9bc5f65582.unstructured-pdf.txt")
    assert fields["requests.granted.total"].value is None and fields["requests.granted.total"].confidence < 0.9
    assert _confident_wrong(fields, "004_22cd3b9bc5f65582") == []


def test_a_number_whose_row_keeps_its_own_sum_still_lets_the_column_pin_blanks():
    # html-text 002: "1. 本机关不掌握相关政府信息" "1" "1" (自然人, 总计): the row's own sum holds,
    # moving either 1 alone to another row breaks it - the column sums pin the other rows' blanks
    fields = _fields("002_ee8fa3a975bc8fe4.html-text.txt")
    for k in ("requests.unable.unclear.total", "requests.unable.unclear.natural", "requests.granted.natural",
              "requests.granted.total"):
        assert fields[k].value is None and fields[k].evidence.get("pinned") and fields[k].confidence >= 0.9, k
    assert fields["requests.unable.not_held.total"].value == 1
    assert fields["requests.unable.not_held.total"].confidence >= 0.9
