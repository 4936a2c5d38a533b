"""Reports through docx2txt of the page saved as DOCX by LibreOffice (a held-out route of
training/converters.py, never trained on), read from its real output of a generated report
(tests/data/converted, see its README).

docx2txt prints every paragraph followed by an empty line, a table cell's paragraph too, so
an empty cell is an empty paragraph: "95", then nine empty lines, then "4" is 95, four blank
cells, 4 - the blank cells are there, as runs of empty lines.
"""
from __future__ import annotations

from pathlib import Path

from corpus import label_fields
from extractor.loaders import load
from extractor.pipeline import extract_bytes

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"


def test_empty_paragraphs_between_cells_are_blank_cells():
    path = CONVERTED / "gen11_00020.docx2txt.txt"
    texts = [(b.text, b.blank) for b in load(path).blocks if b.kind != "break"]
    at = next(i for i, (t, _) in enumerate(texts) if t.startswith("(二)部分公开"))
    assert texts[at + 1:at + 8] == [("95", False)] + [("", True)] * 4 + [("4", False), ("99", False)]
    want = label_fields(CONVERTED / "gen11_00020.labels.json")
    got = extract_bytes(path.read_bytes(), path.name)["fields"]
    requests = [k for k in want if k.startswith("requests.")]
    assert [k for k in requests if got[k]["value"] != want[k]] == []
