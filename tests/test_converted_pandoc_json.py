"""pandoc's syntax tree of a report page (`pandoc -f html -t json`: held-out route pandoc-json
of training/converters.py; tests/data/converted, see its README). Its text is in Str nodes;
a table cell is [attributes, alignment, row span, column span, blocks], so read as text the
spans ("1, 1") sit among the numbers. Only the text counts, table cells as cells."""
from __future__ import annotations

from pathlib import Path

from corpus import CORPUS, labels, plain

from extractor.loaders import jsontables, load
from extractor.loaders.signatures import text_format
from extractor.pipeline import extract_bytes

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
NAME = "013.pandoc-json.json"


def test_pandoc_tree_read_as_its_text_and_table_cells():
    path = CONVERTED / NAME
    text = path.read_text(encoding="utf-8")
    assert text.startswith('{"pandoc-api-version":') and '{"t":"AlignDefault"},1,1,' in text
    assert jsontables.tables(text) and text_format(text) == "html"
    cells = [b for b in load(path).blocks if b.kind == "cell"]
    assert any(b.text == "自然人" for b in cells)
    # no span or alignment read as text anywhere
    assert not any("AlignDefault" in b.text or b.text in ("1, 1", "[1,1]") for b in load(path).blocks)


def test_pandoc_tree_every_field_right_and_accepted():
    out = extract_bytes((CONVERTED / NAME).read_bytes(), NAME)
    want = labels(CORPUS / "real/013.html")["fields"]
    got = {k: plain(f["value"]) for k, f in out["fields"].items()}
    assert {k: (got.get(k), plain(v)) for k, v in want.items() if got.get(k) != plain(v)} == {}
    assert not out["review"]["required"]


def test_json_that_only_looks_like_a_tree_is_not_read_as_one():
    assert jsontables.html_of('{"blocks": [{"t": "Para", "c": [{"t": "Str", "c": "x"}]}]}') is None
