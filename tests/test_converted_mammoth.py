"""Reports through mammoth's markdown of the page saved as DOCX by LibreOffice (a held-out route
of training/converters.py, never trained on), read from its real output of a public report
(tests/data/converted, see its README).

mammoth writes every table cell as a paragraph and escapes markdown's punctuation: a count's
minus ("\\-29" for 本年增/减 -29), an amount's dot ("953\\.318万元") and row labels' numbering
("1\\. 属于国家秘密"; a generated report's "\\(一\\)予以公开").
"""
from __future__ import annotations

from pathlib import Path

from corpus import CORPUS, labels

from extractor.loaders import load
from extractor.pipeline import extract_bytes

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"


def test_numbers_printed_with_markdown_escapes_are_numbers():
    path = CONVERTED / "003_2b6abe27bfe85e6a.mammoth-md.md"
    texts = [b.text for b in load(path).blocks if b.kind != "break"]
    at = texts.index("其他对外管理服务事项")
    assert texts[at + 1:at + 4] == ["699", "-29", "10569008"]
    want = labels(CORPUS / "seeds/003_2b6abe27bfe85e6a.txt")["fields"]
    got = extract_bytes(path.read_bytes(), path.name)["fields"]
    assert [k for k in want if got[k]["value"] != want[k]] == []


def test_escaped_row_labels_are_labels():
    # "1\\. 属于国家秘密": the numbering of table 三's row labels escaped
    path = CONVERTED / "003_2b6abe27bfe85e6a.mammoth-md.md"
    texts = [b.text for b in load(path).blocks if b.kind != "break"]
    assert "1. 属于国家秘密" in texts
    assert not any("\\" in t for t in texts)
