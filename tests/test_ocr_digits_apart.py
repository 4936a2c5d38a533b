"""Tesseract's plain text of a typeset report's page (`tesseract page.tiff out -l chi_sim`) sets
a table's cells apart by runs of spaces, as pdftotext -layout does, but prints a number's digits
one space apart where it reads them as two words: 重复申请's row "2 1     1        1      2 3" is
21, 1, 1 and 23 in four columns. Read as six numbers (2 2 1 1 1 2 / 3) the row's sum breaks, and
with every cell's text as sure as a typeset character the break was judged the report's own, each
cell at 0.999. Two numbers one space apart on a row whose other numbers stand wider gaps apart
are a reading in doubt (aligned._digits_apart): the row's cells are read as an OCR's (text
confidence), and a sum that breaks there leaves them below 0.9
(tests/data/converted/gen467_00012.tesseract-txt.txt, README)."""
from __future__ import annotations

from pathlib import Path

from extractor.loaders.aligned import Frag, _digits_apart
from extractor.pipeline import extract_bytes
from corpus import label_fields

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
NAME = "gen467_00012.tesseract-txt.txt"
COLS = ("natural", "commercial", "research", "social", "legal", "other", "total")


def test_a_row_with_digits_apart_is_not_sure():
    truth = label_fields(CONVERTED / "gen467_00012.tesseract-txt.labels.json")
    row = "requests.unprocessed.duplicate"
    assert [truth[f"{row}.{c}"] for c in COLS] == [21, 1, None, None, 1, None, 23]
    f = extract_bytes((CONVERTED / NAME).read_bytes(), NAME)["fields"]
    misread = [c for c in COLS if f[f"{row}.{c}"]["value"] != truth[f"{row}.{c}"]]
    assert misread  # the digits apart are still read as numbers of their own
    for c in COLS:
        assert f[f"{row}.{c}"]["confidence"] < 0.9, (c, f[f"{row}.{c}"])


def _row(*cells):
    return {k: [Frag(t, x, x + len(t), 0, 1)] for k, (t, x) in enumerate(cells)}


def test_which_rows_print_digits_apart():
    # one space between two numbers, the others several apart
    assert _digits_apart(_row(("2", 0), ("1", 2), ("1", 8), ("1", 32), ("2", 46), ("3", 48)), 1.0)
    # every gap wide: columns set apart by padding
    assert not _digits_apart(_row(("21", 0), ("1", 8), ("1", 32), ("23", 46)), 1.0)
    # every gap one space: a text joining its cells by spaces (or columns crowded throughout)
    assert not _digits_apart(_row(("266", 0), ("120", 4), ("10", 8), ("1", 11)), 1.0)
    # two-space gaps among them: crowded columns, no sign of one number's digits
    assert not _digits_apart(_row(("5", 0), ("3", 2), ("12", 5), ("8", 12)), 1.0)
