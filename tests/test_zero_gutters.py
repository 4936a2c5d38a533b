"""Space-aligned text whose narrow last columns stand one space apart: a space between two
numbers is a gutter, not one number's digits printed apart, where the table prints a 0 before
that very space in other rows - a count never prints a leading zero (`aligned._zero_gutters`;
files in tests/data/converted, see its README)."""
from __future__ import annotations

from pathlib import Path

from corpus import label_fields, plain

from extractor.loaders.aligned import Frag, _digits_apart
from extractor.pipeline import extract_bytes

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
NAME = "gen822_00009.lo-pdf-pdftotext-layout.txt"


def test_one_space_under_the_tables_own_gutter_is_that_gutter():
    # seed 822's gen822_00009 through LibreOffice's PDF and pdftotext -layout: 其他 and 总计 are
    # narrow, one space apart in every row ("1 0 0 0 0 0 1", "87 1 0 1 1 1 91"). Read before as
    # digits printed apart ("1 91" may be 191): every row's cells a reading in doubt, and the
    # report's own slips ((七)总计's 自然人 83 for rows adding to 85; a row of parts 2 and total 0)
    # held as doubts of the reading
    text = (CONVERTED / NAME).read_text(encoding="utf-8")
    assert "\n一、本年新收政府信息公开申请数量                   87     1     0   1   1   1 91\n" in text
    want = label_fields(CONVERTED / "gen822_00009.lo-pdf-pdftotext-layout.labels.json")
    out = extract_bytes(text.encode("utf-8"), NAME)
    fields = out["fields"]
    for c in ("natural", "other", "total"):
        key = f"requests.new.{c}"
        assert fields[key]["value"] == plain(want[key]) and fields[key]["confidence"] >= 0.9, (key, fields[key])
    wrong = [k for k in want if k in fields and (plain(fields[k]["value"]) or 0) != (plain(want[k]) or 0)]
    assert wrong == []
    review = out["review"]
    assert review["source_inconsistent"] and not review["required"], review["reasons"]


def _line(*cells):
    return {k: [Frag(t, x, x + len(t), 0, 1)] for k, (t, x) in enumerate(cells)}


def test_a_space_no_zero_proves_stays_in_doubt():
    row = _line(("87", 10), ("1", 20), ("1", 30), ("91", 32))
    assert _digits_apart(row, 1.0)
    assert _digits_apart(row, 1.0, [(25.0, 27.0)])  # a gutter elsewhere proves nothing here
    assert not _digits_apart(row, 1.0, [(31.0, 32.0)])
    # an OCR's reading (a word's score) is a reading of the glyphs, gutter or not
    ocr = _line(("87", 10), ("1", 20), ("1", 30), ("91", 32))
    ocr[3][0].conf = 0.95
    assert _digits_apart(ocr, 1.0, [(31.0, 32.0)])


def test_a_zero_one_space_after_a_digit_proves_no_gutter():
    from extractor.loaders.aligned import _zero_gutters
    # "1 0 6": the 0 may be 106's middle digit, so the space after it proves nothing
    assert _zero_gutters([([], _line(("5", 0), ("1", 10), ("0", 12), ("6", 14)))], 1.0) == []
    assert _zero_gutters([([], _line(("5", 0), ("0", 10), ("6", 12)))], 1.0) == [(11, 12)]
