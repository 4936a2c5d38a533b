"""A page saved as one MIME file (.mhtml, a browser's "single file" save; held-out route
"mhtml" of training/converters.py): its HTML is a quoted-printable part, so read as text it
holds no legible character ("=E5=B9=B3"). The loader decodes the page part and reads it as
the HTML it is (tests/data/converted/009.mhtml, see its README)."""
from __future__ import annotations

from pathlib import Path

from corpus import CORPUS, labels

from extractor.loaders import document_suffixes, load
from extractor.pipeline import extract_bytes

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"


def test_mhtml_page_is_read_as_its_html():
    path = CONVERTED / "009.mhtml"
    data = path.read_bytes()
    assert b"=E5=" in data and "规章".encode() not in data  # the page is quoted-printable
    doc = load(path)
    assert doc.source.format == "mhtml"
    assert "行政规范性文件" in doc.text and "=3D" not in doc.text
    want = labels(CORPUS / "real/009.md")["fields"]
    out = extract_bytes(data, path.name)
    got = {k: out["fields"][k]["value"] for k in want if k in out["fields"]}
    assert got == want
    assert not out["review"]["required"]


def test_a_folder_walk_finds_mhtml_files():
    assert {".mhtml", ".mht"} <= document_suffixes()
