"""A PDF turned into DOCX by a converter that keeps the page's look: every line fragment a
floating text box placed by offsets, all anchored to one paragraph, the pages one over the
other (LibreOffice's Writer PDF import saved as DOCX: held-out route lo-pdfimport-docx of
training/converters.py; tests/data/converted, see its README). In document order the boxes
come in the PDF's content order; read at their offsets, the tables are rebuilt as from the PDF."""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from corpus import CORPUS, labels, plain
from lxml import etree

from extractor.loaders import docx, docxframes, load, records
from extractor.pipeline import extract_bytes

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
DOCX = Path(__file__).resolve().parent / "data" / "docx"
FRAMES = CONVERTED / "001.lo-pdfimport-docx.docx"


def _body(data: bytes):
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    T = docx._TAGS[root.tag[1:].split("}")[0]]
    return root.find(T.body), T


def test_text_boxes_placed_by_offsets_are_read_by_position():
    data = FRAMES.read_bytes()
    body, T = _body(data)
    runs = docxframes.placed_runs(body, T)
    assert runs is not None and len(runs) > 300
    # the pages over each other: every page's running title (8 pt) is placed at the same offset
    title = [r for r in runs if r[0] == "平潭综合实验区2019年政府信息公开工作年度报告" and r[3] == 8.0]
    assert len(title) >= 3 and len({(round(r[1]), round(r[2])) for r in title}) == 1
    want = labels(CORPUS / "real/001.txt")["fields"]
    out = extract_bytes(data, FRAMES.name)
    got = {k: plain(f["value"]) for k, f in out["fields"].items()}
    assert {k: (got[k], plain(v)) for k, v in want.items() if got[k] != plain(v)} == {}
    # a table row's cells stand on one row again (in document order its values came apart)
    rows = {}
    for b in load(FRAMES).blocks:
        rows.setdefault(b.row, []).append(b.text)
    assert any(r[:4] == ["行政许可", "396", "0", "181"] for r in rows.values())


def test_boxes_measured_from_different_places_are_not_placed():
    # offsets from different anchoring paragraphs (or the page and a paragraph) are not one
    # page's coordinates: the body is read in document order, as any DOCX with text boxes
    xml = zipfile.ZipFile(io.BytesIO(FRAMES.read_bytes())).read("word/document.xml").decode("utf-8")
    n = [0]

    def every_other(m: re.Match) -> str:
        n[0] += 1
        return '<wp:positionV relativeFrom="page">' if n[0] % 2 else m.group(0)

    mixed = re.sub(r'<wp:positionV relativeFrom="paragraph">', every_other, xml)
    body, T = _body_of_xml(mixed)
    assert docxframes.placed_runs(body, T) is None


def test_a_word_document_without_placed_boxes_is_read_as_before():
    for name in ("001_libreoffice.docx", "013_libreoffice.docx"):
        body, T = _body((DOCX / name).read_bytes())
        assert docxframes.placed_runs(body, T) is None


def _body_of_xml(xml: str):
    root = etree.fromstring(xml.encode("utf-8"))
    T = docx._TAGS[root.tag[1:].split("}")[0]]
    return root.find(T.body), T


def test_a_real_reports_pages_are_cut_where_the_next_page_starts():
    # a real WPS export through the same import: LibreOffice measures the boxes with its own
    # fonts, wider than the text ("hzzwgk@126.com" over the "）。" placed just before it on the
    # same line), and a page's first boxes (table 三's top row) land where the page before
    # printed nothing - the page starts where the boxes rise from the footer to the top
    name = "hongze-2023.lo-pdfimport-docx.docx"
    data = (CONVERTED / name).read_bytes()
    body, T = _body(data)
    runs = docxframes.placed_runs(body, T)
    at = next(k for k, r in enumerate(runs) if r[0] == "hzzwgk@126.com")
    assert runs[at - 1][0] == "）。" and records._overlap(runs[at], runs[at - 1]) > 0.5
    pdf = extract_bytes((CORPUS / "real-pdf" / "hongze-2023.pdf").read_bytes(), "hongze-2023.pdf")["fields"]
    out = extract_bytes(data, name)["fields"]
    assert {k: (out[k]["value"], f["value"]) for k, f in pdf.items() if out[k]["value"] != f["value"]} == {}
