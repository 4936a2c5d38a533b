"""Input loaders: a report file of any supported format -> Document.

The format is sniffed from the content, never the extension: collectors save HTML as
.txt and markdown as .txt (real/011), and a .html may really be a PDF.
"""
from __future__ import annotations

import hashlib
import os
import re

from ..model import Document, LoadError, Source
from . import docx, html, legacy, markdown, text
from .encoding import decode

__all__ = ["load", "load_bytes", "sniff", "LoadError"]

# binary containers we recognise, to say what the file is rather than "corrupt"
_MAGIC = (
    (b"\x89PNG", "image files are not supported (PNG)"),
    (b"\xff\xd8\xff", "image files are not supported (JPEG)"),
    (b"GIF8", "image files are not supported (GIF)"),
    (b"\x1f\x8b", "compressed (gzip) input is not supported; decompress it first"),
    (b"7z\xbc\xaf\x27\x1c", "archives (7z) are not supported; extract the report first"),
    (b"Rar!", "archives (RAR) are not supported; extract the report first"),
)

_HTML_DOC = re.compile(r"<!doctype\s+html|<html[\s>]|<body[\s>]|<table[\s>]", re.I)
_HTML_TAG = re.compile(r"<(?:p|div|br|span|td|tr|li|h[1-6]|font|center|section|article|meta|ul|ol)\b[^<>]*>", re.I)
_HTML_START = re.compile(r"\s*<(?:[a-z][a-z0-9:]*|!--)[\s/>]", re.I)
_MD_ROW = re.compile(r"^\s*\|.*\|\s*$", re.M)
_MD_SEP = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$", re.M)
_MD_HEADING = re.compile(r"^#{1,6} \S", re.M)
_BAD_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f\ufffd]")


def load(path: str | os.PathLike) -> Document:
    """Load a report file; raise LoadError when it cannot be read as one."""
    path = os.fspath(path)
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise LoadError(f"cannot read {path}: {e.strerror or e}") from e
    return load_bytes(data, os.path.basename(path), path)


def load_bytes(data: bytes, name: str, path: str | None = None) -> Document:
    """Load a report from its raw bytes (name: for messages and Source.name)."""
    if not data.strip():
        raise LoadError(f"{name}: empty file")
    binary = _binary_document(data, name, path)
    if binary is not None:
        return binary
    _reject_binary_formats(data, name)
    head = data[:65536].decode("latin-1")  # ASCII markup is findable before decoding
    looks_html = bool(_HTML_DOC.search(head) or _HTML_START.match(head))
    try:
        txt, enc = decode(data, html=looks_html)
    except LoadError as e:
        raise LoadError(f"{name}: {e}") from e
    _reject_garbage(txt, name)
    fmt = sniff(txt)
    source = Source(name=name, sha256=hashlib.sha256(data).hexdigest(), format=fmt, path=path, encoding=enc)
    parser = {"html": html.parse, "markdown": markdown.parse, "text": text.parse}[fmt]
    try:
        doc = parser(txt, source)
    except LoadError as e:
        raise LoadError(f"{name}: {e}") from e
    if not doc.blocks:
        raise LoadError(f"{name}: no text in the file")
    lost = txt.count("\ufffd")
    if lost:
        doc.warnings.append(f"{lost} undecodable character(s) replaced by U+FFFD ({enc})")
    return doc


def _binary_document(data: bytes, name: str, path: str | None) -> Document | None:
    """PDF, Word (DOCX; .doc/.wps/.rtf/.odt through LibreOffice) by their magic bytes."""
    def source(fmt: str) -> Source:
        return Source(name=name, sha256=hashlib.sha256(data).hexdigest(), format=fmt, path=path)

    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    try:
        if head.startswith(b"%PDF") or data[:1024].find(b"%PDF-") != -1:
            from . import pdf
            return pdf.parse(data, source("pdf"))
        kind = legacy.sniff(data)
        if kind == "docx" and b"word/" in data:
            return docx.parse(data, source("docx"))
        if kind not in (None, "docx"):
            return legacy.parse(data, source(kind))
    except LoadError as e:
        raise LoadError(e.args[0] if str(e).startswith(name) else f"{name}: {e}") from e
    return None


def sniff(txt: str) -> str:
    """'html', 'markdown' or 'text' from decoded content."""
    head = txt[:65536]
    if _HTML_DOC.search(head):
        return "html"
    tags = len(_HTML_TAG.findall(head))
    if _HTML_START.match(head) and tags:
        return "html"
    if _has_pipe_table(head) or len(_MD_HEADING.findall(head)) >= 2:
        return "markdown"  # (inline <br> in markdown cells is common, so this goes first)
    if tags >= 3:
        return "html"
    return "text"


def _has_pipe_table(txt: str) -> bool:
    """A `| a | b |` row directly followed by a `|---|---|` separator."""
    for m in _MD_SEP.finditer(txt):
        before = txt[:m.start()].rstrip("\n")
        prev = before[before.rfind("\n") + 1:]
        if "|" in m.group(0) and _MD_ROW.match(prev):
            return True
    return False


def _reject_binary_formats(data: bytes, name: str) -> None:
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    for magic, msg in _MAGIC:
        if head.startswith(magic):
            raise LoadError(f"{name}: {msg}")
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        raise LoadError(f"{name}: ZIP archives are not supported (is it a .docx/.xlsx? extract or convert it)")


def _reject_garbage(txt: str, name: str) -> None:
    """Binary or badly mis-decoded input: many control characters or U+FFFD."""
    if not txt.strip():
        raise LoadError(f"{name}: empty file (only whitespace)")
    sample = txt[:200_000]
    bad = len(_BAD_CHARS.findall(sample))
    if bad > max(8, len(sample) // 100):
        raise LoadError(f"{name}: looks binary or corrupt ({bad} control/undecodable characters in {len(sample)})")
