"""Input loaders: a report file of any supported format -> Document.

    registry.py   the formats (name, recognise, reader, suffixes); load() / load_bytes()
    signatures.py every content check (magic bytes, HTML / markdown / text)
    encoding.py   bytes -> text for the text formats
    builder.py    Document.text and block offsets, one printed row at a time
    cells.py      cell text as every loader writes it; numbers of a cell that lost a rule
    grid.py       ruled tables from line segments (PDF drawings, scanned page images)
    aligned.py    tables from where text is printed: space-aligned text, positioned HTML
    boxdrawn.py   tables drawn with box characters in text (┌─┬┐, +---+)
    furniture.py  page numbers and running headers/footers of any paged input
    text.py, markdown.py (+ markdown_syntax.py), html.py (+ positioned.py), docx.py,
    legacy.py, pdf.py, ocr.py, image.py
                  the readers, one per format family

The format is sniffed from the content, never the extension: collectors save HTML as
.txt and markdown as .txt (real/011), and a .html may really be a PDF.
"""
from __future__ import annotations

from ..model import LoadError
from .registry import FORMATS, Format, detect, document_suffixes, load, load_bytes
from .signatures import text_format as sniff

__all__ = ["load", "load_bytes", "sniff", "detect", "document_suffixes", "FORMATS", "Format", "LoadError"]
