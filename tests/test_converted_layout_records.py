"""pdftotext -tsv (tests/data/converted, see its README): a word a record under Tesseract's
header (level, page_num, ..., left, top, width, height, conf, text), and between the words the
boxes of the layout's levels - page, flow, line - with confidence -1, named "###PAGE###",
"###FLOW###", "###LINE###". Each such box was placed as a word over the words it holds: a
page cut at every line and the values scattered (dev 85.4 %, none fully right).
"""
from __future__ import annotations

from pathlib import Path

from corpus import wrong_values
from extractor.loaders import load_bytes

DATA = Path(__file__).resolve().parent / "data"
CONVERTED = DATA / "converted"


def test_layout_level_boxes_are_no_words():
    path = CONVERTED / "002_ee8fa3a975bc8fe4.pdftotext-tsv.tsv"
    text = load_bytes(path.read_bytes(), path.name).text
    assert "###" not in text
    assert wrong_values(path, DATA / "corpus" / "seeds" / "002_ee8fa3a975bc8fe4.labels.json") == {}
