"""A report page partitioned into document elements and saved as JSON (unstructured's
partition_html + elements_to_json: held-out route unstructured-html-json of
training/converters.py; tests/data/converted, see its README). A list of objects each with a
"type", a "text" and "metadata"; a table element's text is its cells joined by single spaces
on one line, its metadata "text_as_html" the table as HTML. Read as the elements' text, a
paragraph each, with a table element's HTML as its table; ids, file names and languages are
never text."""
from __future__ import annotations

from pathlib import Path

from corpus import CORPUS, labels

from extractor.loaders import jsontables, load
from extractor.loaders.signatures import text_format
from extractor.pipeline import extract_bytes

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
NAME = "000_26fa7c73a70403e4.unstructured-html-json.json"


def _value(v):
    return v["yuan"] if isinstance(v, dict) else v


def test_elements_read_as_paragraphs_and_their_tables_as_tables():
    path = CONVERTED / NAME
    text = path.read_text(encoding="utf-8")
    assert '"type": "Table"' in text and '"text_as_html": "<table>' in text
    assert jsontables.tables(text) and text_format(text) == "html"
    blocks = load(path).blocks
    cells = [b.text for b in blocks if b.kind == "cell"]
    assert "规范性文件" in cells and "行政许可" in cells
    assert not any("element_id" in b.text or "xxgk-conv-" in b.text or b.text == "zho" for b in blocks)


def test_elements_every_field_right_and_accepted():
    out = extract_bytes((CONVERTED / NAME).read_bytes(), NAME)
    want = labels(CORPUS / "seeds/000_26fa7c73a70403e4.txt")["fields"]
    got = {k: _value(f["value"]) for k, f in out["fields"].items()}
    assert {k: (got.get(k), _value(v)) for k, v in want.items() if got.get(k) != _value(v)} == {}
    assert not out["review"]["required"]


def test_lists_that_are_not_elements_are_not_read_as_them():
    # too few items, or items without a string "type" and "text"
    assert jsontables._elements('[{"type": "Title", "text": "a"}, {"type": "Text", "text": "b"}]') is None
    assert jsontables._elements('[{"type": "x", "text": 1}, {"type": "x", "text": 2}, {"type": "x", "text": 3}]') is None
    # rows saved as records (no "type") stay a table
    assert "<td>行政许可</td><td>2</td>" in jsontables.html_of(
        '[{"text": "规章", "n": 1}, {"text": "行政许可", "n": 2}, {"text": "x", "n": 3}]')
