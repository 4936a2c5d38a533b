"""Tesseract's plain text of a typeset report's page (`tesseract page.tiff out -l chi_sim`)
carries no score of its own, and read as typed text every character was as sure as a typeset
one: table 二's 规范性文件 row 132 / 132 / 134 read "132 1332 1314" (the cells' rules read as
digits) and, no sum checking table 二, the two misreadings were near-certain (1.0). What the
text itself shows of its picture is the table's rules read as glyphs: a "|" glued to a number
of a space-aligned row ("1 |];"), and to the labels beside the group label's column ("三|( 一)
予以公开", "条|( 二", "( |1 ，属于国家秘密"). Typed text prints "|" only as markup (a pipe
table's: at a line's ends, several a row, spaced). Such a text is read as an OCR's (text
confidence text.OCR_TEXT_CONFIDENCE, below TEXT_SURE, as an OCR'd PDF's text layer): a value there
is near-certain only where identities prove it (tests/data/converted/gen509_00014.tesseract-txt.txt,
README)."""
from __future__ import annotations

from pathlib import Path

from extractor.loaders.text import _rules_as_glyphs
from extractor.pipeline import extract_bytes
from corpus import label_fields

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
NAME = "gen509_00014.tesseract-txt.txt"


def test_an_ocr_text_is_not_read_surely():
    truth = label_fields(CONVERTED / "gen509_00014.tesseract-txt.labels.json")
    f = extract_bytes((CONVERTED / NAME).read_bytes(), NAME)["fields"]
    row = "active.normative"
    assert [truth[f"{row}.{c}"] for c in ("made", "published", "total")] == [132, 132, 134]
    assert [f[f"{row}.{c}"]["value"] for c in ("made", "published", "total")] == [132, 1332, 1314]
    for c in ("made", "published", "total"):
        assert f[f"{row}.{c}"]["confidence"] < 0.9, (c, f[f"{row}.{c}"])


def test_which_texts_print_rules_as_glyphs():
    assert _rules_as_glyphs((CONVERTED / NAME).read_text(encoding="utf-8"))
    assert _rules_as_glyphs((CONVERTED / "gen467_00012.tesseract-txt.txt").read_text(encoding="utf-8"))
    # pipe tables (compact, spaced, a row's ends), space-aligned typed text: no glyph of a rule
    for name in ("000_26fa7c73a70403e4.html2text-w40.md", "002_ee8fa3a975bc8fe4.pandoc-asciidoc.txt",
                 "001.pdftotext-layout.txt", "001.html2text-ignore-tables.md"):
        assert not _rules_as_glyphs((CONVERTED / name).read_text(encoding="utf-8")), name
    row = "规章      0      0     |3 2 7\n"
    assert not _rules_as_glyphs(row)  # one row alone: no other glyph
    assert _rules_as_glyphs(row + "三|( 一) 予以公开\n条|( 二) 部分公开\n")
    assert not _rules_as_glyphs("规章 | 0 | 0 | 327\n三|( 一) 予以公开\n条|( 二) 部分公开\n他|3 其他\n")
