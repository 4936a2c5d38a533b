"""MuPDF's structured text (mutool draw -F stext / -F stext.json; held-out layouts, never
trained on), read from real output of the typeset PDFs of labelled reports
(tests/data/converted, see its README).

The XML prints a character an element: its four corners in a `quad` attribute, its text in a
`c` attribute, lines boxed by `bbox="x0 y0 x1 y1"` (apart by spaces). The typeset PDF sets its
digits apart (letter-spacing; a glyph's quad holds only its advance), so a number's glyphs
stand a third of the font apart ("9 5 3 . 3 1 8 万元"): a number is read whole, with its unit.
The JSON gives each line's text with a "bbox" object of x, y, w, h.
"""
from __future__ import annotations

from pathlib import Path

from corpus import SEEDS, extract_against

from extractor.loaders import load, placed

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"


def test_characters_placed_by_quads_are_read_as_rows():
    # table 二 of the report, the page's blocks from its heading to table 三's
    doc = load(CONVERTED / "002_ee8fa3a975bc8fe4.mutool-stext.xml")
    lines = doc.text.split("\n")
    assert "规范性文件\t0\t0\t8" in lines
    assert "行政许可\t389\t127\t25494" in lines


def test_letter_spaced_number_is_read_whole_with_its_unit():
    doc = load(CONVERTED / "002_ee8fa3a975bc8fe4.mutool-stext.xml")
    row = next(ln for ln in doc.text.split("\n") if ln.startswith("政府集中采购"))
    assert row.split("\t")[-1] == "953.318万元"


def test_glyphs_of_a_page_that_sets_digits_close_keep_their_spaces():
    # no tracking: a gap wider than a fifth of the font between two glyphs is a word space
    runs = [(c, 100.0, 50.0 + 6.0 * k + (3.0 if k >= 10 else 0.0), 10.0, 5.0, 10.0) for k, c in enumerate("1234567890123456789012")]
    html = placed.page_html([(True, runs)])
    assert ">1234567890 123456789012<" in html


def test_line_boxes_as_named_coordinates_are_read():
    path = CONVERTED / "000_26fa7c73a70403e4.mutool-stext-json.json"
    wrong, review = extract_against(path, SEEDS / "000_26fa7c73a70403e4.labels.json")
    assert wrong == [] and review["required"] is False
