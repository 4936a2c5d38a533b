"""Every registered input format (extractor.loaders.registry.FORMATS) honours the loader
contract, on a small real input of that format:

* load_bytes returns a Document whose source.format is the format's registry name;
* blocks come in reading order (rows and offsets never go back, never overlap), every
  block's start/end lies in doc.text and slices out its text (the text and markdown
  loaders keep the file's own text: there a cell may be printed with markup or wrapped
  over lines, and the slice is that printing), kinds are the loaders' (model.BLOCK_KINDS
  less "piece", which the pipeline makes), a blank is an empty cell, a break is empty;
* OCR'd text carries its confidence on every block, a text layer none;
* the format's check recognises its input and no other format's;
* empty input raises LoadError; damaged input raises LoadError or still loads, never
  another exception;
* the parse reaches the tables: known values of the report come out of
  extractor.pipeline.extract_bytes.

The inputs: samples/ (real published reports: 013.html, 005.txt, 010.md), the real report
013 as Word writes it (tests/data/docx/013_libreoffice.docx) and as PDF, ODT and Word XML
made from it here, tests/data/docx/report.doc, an RTF as Word writes it, a scanned table
page (tests/data/scan/active_table.jpg) as an image-only PDF and as a PNG, and the password-protected
tests/data/docx/encrypted.docx (an OLE container), and the real report 009's page saved as
one MIME file (tests/data/converted/009.mhtml), and 013's tables as an Excel and an OpenDocument
spreadsheet (tests/data/converted/013.xlsx-pandas.xlsx, 013.ods-pandas.ods). The legacy formats need LibreOffice and
the scan the OCR extra: skipped without them, except under XXGK_CI=1 (.ci/run), where
they fail.
"""
from __future__ import annotations

import functools
import io
import os
import struct
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest

from extractor.loaders import FORMATS, detect, document_suffixes, legacy, load_bytes
from extractor.loaders.markdown_syntax import clean_cell
from extractor.model import BLOCK_KINDS, Document, LoadError
from extractor.pipeline import extract_bytes

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
DOCX = ROOT / "tests" / "data" / "docx"
SCAN = ROOT / "tests" / "data" / "scan" / "active_table.jpg"
CI = os.environ.get("XXGK_CI") == "1"
LOADER_KINDS = set(BLOCK_KINDS) - {"piece"}

# annotations/013.json: the real report 013 (2021 template, 2023)
R013 = {"active.normative.issued": 8, "active.normative.in_force": 18, "requests.new.total": 26,
        "review.reconsideration.total": 1}


def _needs(what: str) -> None:
    if what == "soffice" and not legacy.find_soffice():
        why = "LibreOffice (soffice) is not installed"
    elif what == "ocr":
        from extractor.loaders import ocr
        why = None if ocr.available() else "the OCR extra is not installed (pip install 'xxgk[ocr]')"
    else:
        why = None
    if why:
        if CI:
            pytest.fail(why)
        pytest.skip(why)


# --- inputs ------------------------------------------------------------------------------

def _html() -> bytes:
    return (SAMPLES / "013.html").read_bytes()


def _pdf() -> bytes:
    """013.html read by the HTML loader, typeset as a text-layer PDF (ruled tables, pages)."""
    pytest.importorskip("pymupdf")
    from extractor.loaders import html
    from extractor.model import Source
    from training.documents import typeset

    return typeset(html.parse(_html().decode("utf-8"), Source("013.html", "x", "html")))


def _scan() -> bytes:
    """An image-only PDF: one scanned page of table 二 (2021 template)."""
    pymupdf = pytest.importorskip("pymupdf")
    pix = pymupdf.Pixmap(SCAN.read_bytes())
    pdf = pymupdf.open()
    page = pdf.new_page(width=pix.width * 72 / 170, height=pix.height * 72 / 170)  # scanned at 170 dpi
    page.insert_image(page.rect, stream=SCAN.read_bytes())
    return pdf.tobytes()


def _png() -> bytes:
    """The scanned table page as a PNG (a page image sent as it is, no PDF around it)."""
    import cv2
    import numpy as np

    img = cv2.imdecode(np.frombuffer(SCAN.read_bytes(), np.uint8), cv2.IMREAD_GRAYSCALE)
    return cv2.imencode(".png", img)[1].tobytes()


def _docx() -> bytes:
    return (DOCX / "013_libreoffice.docx").read_bytes()


def _odt() -> bytes:
    return legacy.convert(_docx(), ".docx", "odt")


def _wordxml() -> bytes:
    """The DOCX's parts as Word's single-file XML Document (flat OPC, <pkg:package>)."""
    from lxml import etree

    pkg = "http://schemas.microsoft.com/office/2006/xmlPackage"
    root = etree.Element(f"{{{pkg}}}package", nsmap={"pkg": pkg})
    with zipfile.ZipFile(io.BytesIO(_docx())) as z:
        for name in z.namelist():
            if name.endswith((".xml", ".rels")):
                part = etree.SubElement(root, f"{{{pkg}}}part", {f"{{{pkg}}}name": "/" + name})
                etree.SubElement(part, f"{{{pkg}}}xmlData").append(etree.fromstring(z.read(name)))
    return (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            b'<?mso-application progid="Word.Document"?>\n' + etree.tostring(root, encoding="UTF-8"))


def _works() -> bytes:
    """An OLE container with a Works CONTENTS stream (report.doc with its WordDocument
    stream renamed): LibreOffice cannot read it, and says so."""
    data = bytearray((DOCX / "report.doc").read_bytes())
    at = data.find("WordDocument".encode("utf-16-le"))
    name = "CONTENTS".encode("utf-16-le") + b"\0\0"
    data[at:at + 64] = name.ljust(64, b"\0")
    struct.pack_into("<H", data, at + 64, len(name))
    return bytes(data)


RTF = r"""{\rtf1\ansi\ansicpg936\deff0{\fonttbl{\f0\fnil\fcharset134 SimSun;}}
\pard\plain\f0 \u26576?\u23616?2020\u24180?\par
\trowd\trgaph108\clvmgf\cellx2000\cellx4000\cellx6000
\pard\intbl \u39033?\u30446?\cell\pard\intbl A\cell\pard\intbl B\cell\row
\trowd\trgaph108\clvmrg\cellx2000\cellx4000\cellx6000
\pard\intbl\cell\pard\intbl 1\cell\pard\intbl\cell\row
\pard\plain\f0 end\par
}"""


@dataclass
class Case:
    format: str  # the registry name
    name: str  # file name given to load_bytes
    make: Callable[[], bytes]
    needs: tuple[str, ...] = ()
    fields: dict = field(default_factory=dict)  # known values extract_bytes must give
    rows: list = field(default_factory=list)  # printed rows the document must have
    refused: str | None = None  # a format we recognise only to refuse: the LoadError says this
    ocr: bool = False


CASES = {
    "text": Case("text", "005.txt", lambda: (SAMPLES / "005.txt").read_bytes(),
                 fields={"active.licensing.decisions": 2629, "requests.new.total": 81,
                         "review.litigation_direct.total": 5}),
    "markdown": Case("markdown", "010.md", lambda: (SAMPLES / "010.md").read_bytes(),
                     fields={"active.rules.in_force": 235, "requests.new.natural": 1259,
                             "requests.new.total": 1295}),
    "html": Case("html", "013.html", _html, fields=R013),
    "pdf": Case("pdf", "013.pdf", _pdf, fields=R013),
    "pdf-scan": Case("pdf", "scan.pdf", _scan, needs=("ocr",), ocr=True,
                     fields={"active.rules.issued": 3, "active.normative.in_force": 1046,
                             "active.licensing.decisions": 45625}),
    "image": Case("image", "page.png", _png, needs=("ocr",), ocr=True,
                  fields={"active.rules.issued": 3, "active.normative.in_force": 1046,
                          "active.licensing.decisions": 45625}),
    "docx": Case("docx", "013.docx", _docx, fields=R013),
    "doc": Case("doc", "report.doc", lambda: (DOCX / "report.doc").read_bytes(), needs=("soffice",),
                rows=[["项目", "本年新制作数量", "信息内容"], ["规章", "4", "5", "6"]]),
    "works": Case("works", "report.wps", _works, needs=("soffice",), refused="LibreOffice could not convert"),
    "rtf": Case("rtf", "report.rtf", lambda: RTF.encode("ascii"), needs=("soffice",),
                rows=[["项目", "A", "B"], ["1", ""]]),
    "odt": Case("odt", "013.odt", _odt, needs=("soffice",), fields=R013),
    "wordxml": Case("wordxml", "013.xml", _wordxml, fields=R013),
    # the public report 009's page saved as one MIME file (tests/data/converted/009.mhtml)
    "mhtml": Case("mhtml", "009.mhtml", lambda: (ROOT / "tests" / "data" / "converted" / "009.mhtml").read_bytes(),
                  fields={"active.normative.issued": 13, "requests.new.natural": 32, "requests.new.total": 34,
                          "review.reconsideration.total": 1}),
    # the public report 013's tables saved as spreadsheets, a sheet per table (tests/data/converted)
    "xlsx": Case("xlsx", "013.xlsx", lambda: (ROOT / "tests" / "data" / "converted" / "013.xlsx-pandas.xlsx").read_bytes(),
                 fields=R013),
    "ods": Case("ods", "013.ods", lambda: (ROOT / "tests" / "data" / "converted" / "013.ods-pandas.ods").read_bytes(),
                fields=R013),
    "ole": Case("ole", "encrypted.docx", lambda: (DOCX / "encrypted.docx").read_bytes(), refused="password"),
}


@functools.lru_cache(maxsize=None)
def _made(case_id: str) -> bytes:
    return CASES[case_id].make()


def _input(case_id: str) -> tuple[Case, bytes]:
    case = CASES[case_id]
    for what in case.needs:
        _needs(what)
    return case, _made(case_id)


@functools.lru_cache(maxsize=None)
def _loaded(case_id: str) -> Document:
    case, data = _input(case_id)
    return load_bytes(data, case.name)


DOCUMENTS = [c for c in CASES if not CASES[c].refused]


# --- the registry itself -------------------------------------------------------------------

def test_every_registered_format_has_a_conformance_input():
    assert {c.format for c in CASES.values()} == {f.name for f in FORMATS}
    assert len({f.name for f in FORMATS}) == len(FORMATS)


def test_document_suffixes_come_from_the_registry():
    try:  # where a directory walk decides what is a document
        from extractor.files import NON_DOCUMENT_SUFFIXES
    except ImportError:
        from extractor.cli import NON_DOCUMENT_SUFFIXES

    suffixes = document_suffixes()
    assert {".txt", ".html", ".md", ".pdf", ".docx", ".doc", ".wps", ".rtf", ".odt", ".xml", ".xlsx", ".ods"} <= suffixes
    assert all(s.startswith(".") and s == s.lower() for s in suffixes)
    assert not suffixes & NON_DOCUMENT_SUFFIXES  # a directory walk never skips a format we read


def test_no_backend_is_imported_before_its_format_is_parsed():
    """Sniffing and loading a text report import neither PyMuPDF, the OCR engine, nor
    the DOCX/legacy readers."""
    import subprocess
    import sys

    code = ("import sys; from extractor.loaders import load_bytes, detect; "
            "detect(b'%PDF-1.7 x'); load_bytes('<p>规章</p>'.encode(), 'a.html'); "
            "print(sorted(m for m in ('pymupdf', 'fitz', 'cv2', 'rapidocr_onnxruntime', "
            "'extractor.loaders.pdf', 'extractor.loaders.ocr', 'extractor.loaders.docx', "
            "'extractor.loaders.legacy', 'extractor.loaders.spreadsheet') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --- per format ------------------------------------------------------------------------------

@pytest.mark.parametrize("case_id", list(CASES))
def test_sniff_recognises_its_own_input_and_no_other(case_id):
    case, data = _input(case_id)
    assert detect(data).name == case.format
    for f in FORMATS:
        assert f.sniff(data) is (f.name == case.format), f.name


@pytest.mark.parametrize("case_id", DOCUMENTS)
def test_loader_contract(case_id):
    case = CASES[case_id]
    doc = _loaded(case_id)
    assert isinstance(doc, Document) and doc.blocks
    assert doc.source.format == case.format
    assert doc.source.name == case.name
    text_family = case.format in ("text", "markdown")
    prev = None
    for b in doc.blocks:
        assert b.kind in LOADER_KINDS, b
        assert 0 <= b.start <= b.end <= len(doc.text), b
        printed = doc.text[b.start:b.end]
        if b.kind == "break":
            assert b.text == "" and b.start == b.end
        elif text_family:
            assert printed == b.text or "".join(printed.split()) == b.text or clean_cell(printed) == b.text, b
        else:
            assert printed == b.text, b
        if b.blank:
            assert b.kind == "cell" and b.text == ""
        if b.kind == "cell":
            assert b.rowspan >= 1 and b.colspan >= 1 and b.col >= 0
        assert (b.text_confidence is not None) is case.ocr, b
        if prev is not None:
            assert b.row >= prev.row and b.start >= prev.end, (prev, b)
        prev = b
    assert [r[0].row for r in doc.rows()] == sorted({b.row for b in doc.blocks})  # a row is contiguous
    printed_rows = [[b.text for b in r] for r in doc.rows()]
    for row in case.rows:
        assert row in printed_rows


@pytest.mark.parametrize("case_id", [c for c in CASES if CASES[c].refused])
def test_refused_formats_say_why(case_id):
    case, data = _input(case_id)
    with pytest.raises(LoadError, match=case.refused) as e:
        load_bytes(data, case.name)
    assert str(e.value).startswith(f"{case.name}: ")


@pytest.mark.parametrize("case_id", list(CASES))
def test_empty_and_damaged_input(case_id):
    case, data = _input(case_id)
    for empty in (b"", b" \r\n\t "):
        with pytest.raises(LoadError, match="empty"):
            load_bytes(empty, case.name)
    if case.format in ("text", "markdown", "html"):
        damaged = [bytes(b if i % 7 else 1 for i, b in enumerate(data))]  # control bytes all through
    else:
        damaged = [data[:len(data) // 2]]  # truncated
    for bad in damaged:
        try:
            doc = load_bytes(bad, case.name)
        except LoadError as e:
            assert str(e).startswith(f"{case.name}: ")
        else:
            assert isinstance(doc, Document) and doc.source.format == case.format


@pytest.mark.parametrize("case_id", [c for c in DOCUMENTS if CASES[c].fields])
def test_known_values_come_out(case_id):
    case, data = _input(case_id)
    out = extract_bytes(data, case.name)
    got = {k: (out["fields"].get(k) or {}).get("value") for k in case.fields}
    assert got == case.fields

