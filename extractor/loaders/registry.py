"""The input formats: what each one is called, how it is recognised, what reads it, and
the file suffixes it usually has. load() and load_bytes() go through this list only.

The content decides, never the extension (collectors save HTML as .txt, a .html may really
be a PDF): formats are tried in order, binary ones on the raw bytes first, then text ones
on the decoded text. Every check is in signatures.py; a format's reader module is imported only
when a file of that format is parsed (PyMuPDF, the OCR engine and LibreOffice stay
untouched otherwise). Suffixes only name files (directory walks, stored uploads).

Adding a format: a reader module (`parse(data_or_text, source) -> Document`, LoadError
when it cannot), a check in signatures.py, and one `Format(...)` line below; its conformance
test input goes in tests/test_loader_conformance.py.
"""
from __future__ import annotations

import hashlib
import re
import importlib
import os
from dataclasses import dataclass
from functools import cached_property
from typing import Callable

from .. import limits
from ..model import Block, Document, LoadError, Source
from . import signatures as S
from . import notebook, traditional
from . import printed_over
from .encoding import cut_utf8, decode


class Probe:
    """The facts formats are recognised by, each worked out once per file, when first asked."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    @cached_property
    def pdf(self) -> bool:
        return S.is_pdf(self.data)

    @cached_property
    def office(self) -> str | None:
        return S.office_kind(self.data)

    @cached_property
    def decoded(self) -> tuple[str, str]:
        """(text, encoding); LoadError when no encoding fits. A notebook's text is the text its
        cells show (notebook.py): the JSON around it is no part of the report."""
        txt, enc = decode(self.data, html=S.looks_html(self.data))
        return notebook.text_of(txt) or txt, enc

    @cached_property
    def text_format(self) -> str:
        return S.text_format(self.decoded[0])


@dataclass(frozen=True)
class Format:
    name: str  # also Source.format of what it reads
    recognise: Callable[[Probe], bool]
    reader: str  # "module:function" in this package, imported when the format is parsed
    suffixes: tuple[str, ...] = ()  # usual file suffixes, the first one preferred
    text: bool = False  # read from decoded text (recognised after every binary format)

    def sniff(self, data: bytes) -> bool:
        """Is `data` this format (and no format tried before it)? As load_bytes decides."""
        try:
            return detect(data).name == self.name
        except LoadError:
            return False

    def parse(self, data, source: Source) -> Document:
        """Read `data` (bytes; str for a text format) with this format's reader."""
        module, func = self.reader.split(":")
        return getattr(importlib.import_module(f".{module}", __package__), func)(data, source)


def _office(*kinds: str) -> Callable[[Probe], bool]:
    return lambda p: not p.pdf and p.office in kinds


def _text(kind: str) -> Callable[[Probe], bool]:
    return lambda p: p.text_format == kind


# In the order they are tried. The legacy kinds (doc, works, ole, rtf, odt, wordxml) share the
# legacy reader: LibreOffice converts them to DOCX (WordprocessingML XML is read directly).
FORMATS: tuple[Format, ...] = (
    Format("pdf", lambda p: p.pdf, "pdf:parse", (".pdf",)),
    # page images go to OCR; no suffixes: a folder walk skips pictures (logos, icons),
    # an image named on the command line or uploaded is read by its content
    Format("image", lambda p: not p.pdf and S.image_kind(p.data) is not None, "image:parse"),
    # a page saved as one MIME file: its HTML part decoded, then read as HTML
    Format("mhtml", lambda p: not p.pdf and S.is_mhtml(p.data), "mhtml:parse", (".mhtml", ".mht")),
    Format("docx", lambda p: not p.pdf and p.office == "docx" and b"word/" in p.data, "docx:parse", (".docx",)),
    # spreadsheets of a report's tables (Excel, WPS, LibreOffice, pandas): every sheet read as HTML tables
    Format("xlsx", lambda p: not p.pdf and S.spreadsheet_kind(p.data) == "xlsx", "spreadsheet:parse", (".xlsx", ".xlsm")),
    Format("ods", lambda p: not p.pdf and S.spreadsheet_kind(p.data) == "ods", "spreadsheet:parse", (".ods",)),
    Format("doc", _office("doc"), "legacy:parse", (".doc",)),
    Format("works", _office("works"), "legacy:parse", (".wps",)),
    Format("rtf", _office("rtf"), "legacy:parse", (".rtf",)),
    Format("odt", _office("odt"), "legacy:parse", (".odt",)),
    Format("wordxml", _office("wordxml"), "legacy:parse", (".xml",)),
    # any other OLE container: read as .doc, or refused with what it is (encrypted, Excel, ...)
    Format("ole", _office("ole", "encrypted", "xls", "ppt", "corrupt"), "legacy:parse"),
    Format("html", _text("html"), "html:parse", (".html", ".htm", ".shtml", ".xhtml", ".hocr"), text=True),
    Format("markdown", _text("markdown"), "markdown:parse", (".md", ".markdown"), text=True),
    Format("text", _text("text"), "text:parse", (".txt",), text=True),
)
_BY_NAME = {f.name: f for f in FORMATS}


def get(name: str) -> Format:
    return _BY_NAME[name]


def document_suffixes() -> frozenset[str]:
    """File suffixes of the formats we read (lower case, with the dot)."""
    return frozenset(s for f in FORMATS for s in f.suffixes)


def detect(data: bytes) -> Format:
    """The format of a file's bytes; LoadError (without the file name) for what we refuse."""
    return _detect(Probe(data))


def _detect(probe: Probe) -> Format:
    if not probe.data.strip():
        raise LoadError("empty file")
    for f in FORMATS:
        if not f.text and f.recognise(probe):
            return f
    why = S.refusal(probe.data)
    if why:
        raise LoadError(why)
    why = S.garbage(probe.decoded[0], probe.data, probe.decoded[1])
    if why:
        raise LoadError(why)
    for f in FORMATS:
        if f.text and f.recognise(probe):
            return f
    raise LoadError("unrecognised file")  # not reached: every decoded text is html, markdown or text


def load(path: str | os.PathLike) -> Document:
    """Load a report file; raise LoadError when it cannot be read as one."""
    path = os.fspath(path)
    try:
        with open(path, "rb") as f:
            # one byte over the cap is enough to refuse it (and /dev/zero is not read forever)
            data = f.read(limits.MAX_INPUT_BYTES + 1)
    except OSError as e:
        raise LoadError(f"cannot read {path}: {e.strerror or e}") from e
    return load_bytes(data, os.path.basename(path), path)


def too_large(size: int) -> str | None:
    """Why an input of `size` bytes is refused, or None."""
    if size > limits.MAX_INPUT_BYTES:
        return (f"larger than {limits.MAX_INPUT_BYTES:,} bytes, the most a report may have "
                f"(XXGK_MAX_INPUT_BYTES); refused unread")
    return None


def _check_text(doc: Document) -> None:
    """A document whose text is far beyond any report's (a 30 MB text run) is refused
    before the later stages spend memory in proportion to it."""
    if len(doc.text) > limits.MAX_TEXT_CHARS:
        raise LoadError(f"the document holds {len(doc.text):,} characters of text, more than the "
                        f"{limits.MAX_TEXT_CHARS:,} a report may have (XXGK_MAX_TEXT_CHARS)")


def load_bytes(data: bytes, name: str, path: str | None = None) -> Document:
    """Load a report from its raw bytes (name: for messages and Source.name)."""
    why = too_large(len(data))
    if why:
        raise LoadError(f"{name}: {why}")
    probe = Probe(data)
    try:
        fmt = _detect(probe)
    except LoadError as e:
        raise LoadError(f"{name}: {e}") from e
    sha = hashlib.sha256(data).hexdigest()
    if not fmt.text:
        try:
            doc = traditional.fold(fmt.parse(data, Source(name=name, sha256=sha, format=fmt.name, path=path)))
            _check_text(doc)
            return doc
        except LoadError as e:
            raise LoadError(e.args[0] if str(e).startswith(name) else f"{name}: {e}") from e
    txt, enc = probe.decoded
    lost = txt.count("\ufffd")
    relaid = _relaid_printed_over(txt, lost, enc, data) if fmt.name in _LAID_OUT else None
    if relaid is not None:
        txt, heads, drawn = relaid
    folded = traditional.is_traditional(txt)
    if folded:  # before the loader reads it: its headings and labels are matched in simplified characters
        txt = traditional.fold_text(txt)
    try:
        doc = fmt.parse(txt, Source(name=name, sha256=sha, format=fmt.name, path=path, encoding=enc))
        if folded:
            doc.warnings.append(traditional.FOLDED)
        _check_text(doc)
    except LoadError as e:
        raise LoadError(f"{name}: {e}") from e
    if not doc.blocks:
        raise LoadError(f"{name}: no text in the file")
    if lost:
        doc.warnings.append(f"{lost} undecodable character(s) replaced by U+FFFD ({enc})")
        for b in doc.blocks:  # what was printed there is unknown: values read from it are doubtful
            if "\ufffd" in b.text:
                _doubt(b)
    if relaid is not None:
        _doubt_rows_printed_over(doc, heads, drawn)
    return doc


_LAID_OUT = ("text", "markdown")  # formats whose lines place cells by columns


def _doubt(b: Block) -> None:
    b.text_confidence = min(b.text_confidence or 1.0, limits.REPLACED_TEXT_CONFIDENCE)


def _relaid_printed_over(txt: str, lost: int, enc: str, data: bytes) -> tuple[str, set[str], set[str]] | None:
    """UTF-8 cut at byte positions with cells printed over labels (printed_over.py): the text
    with those lines laid out as label, cells, and their labels; None for any other text."""
    if not lost or enc != "utf-8" or not cut_utf8(txt, lost, data):
        return None
    heads, drawn = printed_over.heads(txt), printed_over.drawn_heads(txt)
    return (printed_over.relaid(txt), heads, drawn) if heads or drawn else None


def _doubt_rows_printed_over(doc: Document, heads: set[str], drawn: set[str] = frozenset()) -> None:
    """Every cell of a layout row whose label is one that cells were printed over: which number
    belongs to which column, and which of the lines' labels to which row, is a reading of the
    bytes left (the cells printed inside it are the row's, or a wrapped label's next line's),
    so none of them is near-sure - not only those holding a cut character."""
    rows = {b.row for b in doc.blocks if any(h in b.text for h in heads)
            or any(h in re.sub(r"[\s_]", "", b.text) for h in drawn)}
    for b in doc.blocks:
        if b.row in rows:
            _doubt(b)
