"""A row label wrapped over two lines whose second piece a classifier reads as another row's
label (extractor/assemble.py, `_joined_labels`): real LibreOffice PDF of a generated report
with damaged labels through PyMuPDF's text (tests/data/converted/gen4007_00000d.lo-pdf-pymupdf-text.txt,
README), where 4.无正当理由大量反复申请 prints as "4. 无正当理由大量" / "反复申请" and its values
17, 1, 18 after them. The shipped model reads the head as the row 无正当理由大量反复申请 and the
tail "反复申请" as the row 重复申请 (0.51): the values went to 重复申请 (a second label of a row
already read) and the right row was left blank. Joined, the two pieces are one row's wording:
the tail is a piece of that label, as the renderer printed it (the rules read both pieces
as narrative and the joined wording as the row: right)."""
from __future__ import annotations

from pathlib import Path

from corpus import label_fields, wrong_keys
from extractor.classify import RuleClassifier
from extractor.loaders import load_bytes
from extractor.pipeline import Pipeline

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
DOC = CONVERTED / "gen4007_00000d.lo-pdf-pymupdf-text.txt"
WANT = label_fields(CONVERTED / "gen4007_00000d.labels.json")
ROW = "requests.unprocessed.massive"


class _TailAnotherRow(RuleClassifier):
    """The rules' labels, with the head read as its row and the tail as the row 重复申请
    (what the shipped model reads)."""

    def predict(self, doc):
        out = super().predict(doc)
        texts = [b.text.strip() for b in doc.blocks]
        i = texts.index("反复申请")
        assert texts[i - 1] == "4. 无正当理由大量"
        out[i - 1], out[i] = (f"row.{ROW}", 0.92, {}), ("row.requests.unprocessed.duplicate", 0.51, {})
        return out


def _read(classifier=None):
    return Pipeline(classifier).run(load_bytes(DOC.read_bytes(), DOC.name))


def test_a_label_piece_read_as_another_row_is_a_piece_of_the_joined_label():
    out = _read(_TailAnotherRow())
    assert wrong_keys(WANT, out["fields"]) == []
    assert [out["fields"][f"{ROW}.{c}"]["value"] for c in ("natural", "legal", "total")] == [17, 1, 18]


def test_the_shipped_model_reads_the_row():
    out = _read()
    assert wrong_keys(WANT, out["fields"]) == []
