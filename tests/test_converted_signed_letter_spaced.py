"""A signed number in a letter-spaced text (extractor/loaders/text.py, `_SIGNED_ALONE`): real
MuPDF text and HTML of a seed report's typeset PDF (tests/data/converted/000_26fa7c73a70403e4
.mutool-text.txt and .mutool-html.html, README). MuPDF writes each placed glyph apart, the sign
too: table 二's change of 行政许可 prints as "- 5 8 8", a line (a `<p>`) of its own. The digits
were joined ("- 588") but the sign was left a cell of its own: "-" read as a blank cell, 588 as
the next column's (the text: 本年增/减 blank, 处理决定数量 588, the row sent to review; the
HTML through the rules: the row not read). A sign, one space and a number alone on a line of a
letter-spaced text is that signed number."""
from __future__ import annotations

from pathlib import Path

from corpus import SEEDS, label_fields, wrong_keys

from extractor.classify import RuleClassifier
from extractor.loaders import load_bytes
from extractor.pipeline import Pipeline

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
TRUTH = label_fields(SEEDS / "000_26fa7c73a70403e4.labels.json")


def _read(name: str, classifier=None) -> dict:
    path = CONVERTED / name
    return Pipeline(classifier).run(load_bytes(path.read_bytes(), path.name))


def _licensing(out: dict) -> list:
    return [out["fields"][f"active.licensing.{c}"]["value"] for c in ("prev_items", "change", "decisions")]


def test_a_sign_apart_from_its_digits_in_a_text():
    out = _read("000_26fa7c73a70403e4.mutool-text.txt")
    assert _licensing(out) == [46213, -588, 45625]
    assert wrong_keys(TRUTH, out["fields"]) == []
    assert not out["review"]["required"]


def test_a_sign_apart_from_its_digits_in_a_text_node():
    out = _read("000_26fa7c73a70403e4.mutool-html.html", RuleClassifier())
    assert _licensing(out) == [46213, -588, 45625]
    assert wrong_keys(TRUTH, out["fields"]) == []


def test_a_page_number_between_dashes_keeps_its_dashes():
    from extractor.loaders.text import _digits_unspaced

    text = "2 0 2 0 年 3 9 6 件\n-  1  -\n- 5 8 8\n+ 3 2\n2 0 2 1 - 0 3 - 1 2\n"
    assert _digits_unspaced(text) == "2020 年 396 件\n-  1  -\n-588\n+32\n2021 - 03 - 12\n"
