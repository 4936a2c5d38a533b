"""Docling's document model of a report page (`DocumentConverter().convert(page).document
.export_to_dict()` saved as JSON: held-out route docling-json of training/converters.py;
tests/data/converted/013.docling-json.json.gz, see its README). The document is a body tree of
references ({"$ref": "#/texts/3"}, "#/tables/1") into lists of items; a table's cells carry
their start row/column and spans, and its "grid" repeats a spanning cell in every position it
covers. Read as text the offsets and spans ("row_span": 1, "start_col_offset_idx": 3) sit
among the numbers; read as a document, only the items' text counts, table cells as cells."""
from __future__ import annotations

import gzip
import importlib.util
from pathlib import Path

from corpus import CORPUS, labels, plain

from extractor.loaders import jsontables, load
from extractor.loaders.signatures import text_format
from extractor.pipeline import extract_bytes

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
NAME = "013.docling-json.json"


def _data() -> bytes:
    return gzip.decompress((CONVERTED / (NAME + ".gz")).read_bytes())


def test_reference_tree_read_as_its_items_text_and_table_cells(tmp_path):
    text = _data().decode("utf-8")
    assert text.lstrip().startswith('{\n  "schema_name": "DoclingDocument"') and '"row_span": 1' in text
    assert jsontables.tables(text) and text_format(text) == "html"
    path = tmp_path / NAME
    path.write_bytes(_data())
    blocks = load(path).blocks
    cells = [b.text for b in blocks if b.kind == "cell"]
    assert "自然人" in cells and cells.count("申请人情况") == 1  # a spanning cell once, not per grid slot
    # no key, reference or span read as text anywhere
    assert not any("$ref" in b.text or "row_span" in b.text or "#/texts" in b.text for b in blocks)


def test_reference_tree_every_field_right_and_accepted():
    out = extract_bytes(_data(), NAME)
    want = labels(CORPUS / "real/013.html")["fields"]
    got = {k: plain(f["value"]) for k, f in out["fields"].items()}
    assert {k: (got.get(k), plain(v)) for k, v in want.items() if got.get(k) != plain(v)} == {}
    assert not out["review"]["required"]


def test_json_that_only_looks_like_a_reference_tree_is_not_read_as_one():
    assert jsontables.html_of('{"body": {"children": [{"$ref": "#/texts/0"}]}}') is None
    assert jsontables.html_of('{"body": {"children": []}, "texts": []}') is not None


def test_docling_routes_reported_missing_without_their_interpreter(monkeypatch):
    import sys

    from training import converters

    routes = converters.FAMILIES["held-out-docling"]
    assert routes == ["docling-md", "docling-text", "docling-json", "docling-html", "docling-docx-md"]
    assert all(r in converters.HELD_OUT and r not in converters.CONVERTERS for r in routes)
    monkeypatch.delenv("XXGK_DOCLING_PYTHON", raising=False)
    monkeypatch.setattr(converters, "_EXT_HAS", {})
    assert all("ext:docling" in converters.missing(r) for r in routes)
    if importlib.util.find_spec("docling") is None:  # an interpreter without docling is not one
        monkeypatch.setenv("XXGK_DOCLING_PYTHON", sys.executable)
        assert "ext:docling" in converters.missing("docling-md")
