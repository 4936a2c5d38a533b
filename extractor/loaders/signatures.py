"""What a file is, from its content: every magic-byte and text check in one place.

The content decides, never the extension: collectors save HTML as .txt and markdown as .txt
(real/011), and a .html may really be a PDF. The format registry (registry.py) asks these
questions in its order; loaders never sniff on their own.

* binary: PDF (%PDF), page images (PNG, JPEG, TIFF: `image_kind`), Office containers (`office_kind`: an OLE compound file holding a
  WordDocument stream is Word 97-2003 / WPS, one holding EncryptionInfo + EncryptedPackage
  a password-protected .docx/.xlsx; `{\\rtf` is RTF; a ZIP is DOCX or OpenDocument text;
  spreadsheets: a ZIP holding xl/workbook.xml (.xlsx) or an OpenDocument spreadsheet (`spreadsheet_kind`);
  Word's single-file XML), a page saved as MIME (`is_mhtml`), and the binary formats we refuse with a reason (`refusal`);
* text, once decoded: HTML, markdown or plain text (`text_format`), and whether decoded
  text is binary garbage (`garbage`).
"""
from __future__ import annotations

import re
import struct

from .adoctable import tables as adoc_tables
from .encoding import cut_utf8
from .placed import placed as placed_text
from .jsontables import tables as json_tables
from .records import records as record_text
from .texitable import tables as texinfo_tables
from .textable import tables as tex_tables
from .textiletable import has_tables as textile_tables
from .wikitable import tables as wiki_tables
from .xmltable import tables as xml_tables

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED = "password-protected document: remove the password (or save an unprotected copy) and try again"
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_BOM_WS = b"\xef\xbb\xbf \t\r\n"


def is_pdf(data: bytes) -> bool:
    """A PDF header at the start, or within the first KiB (junk before %PDF- is common)."""
    return data[:1024].lstrip(_BOM_WS).startswith(b"%PDF") or data[:1024].find(b"%PDF-") != -1


# page images, read by OCR (image.py)
_IMAGE_MAGIC = ((b"\x89PNG\r\n\x1a\n", "png"), (b"\xff\xd8\xff", "jpeg"), (b"II*\x00", "tiff"), (b"MM\x00*", "tiff"))


def image_kind(data: bytes) -> str | None:
    """'png', 'jpeg' or 'tiff' for a page image (by its magic bytes), else None."""
    for magic, kind in _IMAGE_MAGIC:
        if data.startswith(magic):
            return kind
    return None


def is_docx(data: bytes) -> bool:
    """A ZIP package with Word parts (an .xlsx or any other ZIP is not)."""
    return office_kind(data) == "docx" and b"word/" in data


# binary containers we recognise, to say what the file is rather than "corrupt"
_MAGIC = (
    (b"GIF8", "image files are not supported (GIF)"),
    (b"\x1f\x8b", "compressed (gzip) input is not supported; decompress it first"),
    (b"7z\xbc\xaf\x27\x1c", "archives (7z) are not supported; extract the report first"),
    (b"Rar!", "archives (RAR) are not supported; extract the report first"),
)

_HTML_DOC = re.compile(r"<!doctype\s+html|<html[\s>]|<body[\s>]|<table[\s>]", re.I)
_HTML_TAG = re.compile(r"<(?:p|div|br|span|td|tr|li|h[1-6]|font|center|section|article|meta|ul|ol)\b[^<>]*>", re.I)
_HTML_START = re.compile(r"\s*<(?:[a-z][a-z0-9:]*|!--)[\s/>]", re.I)
_MD_SEP = re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*\r?$", re.M)  # (not \s: it runs over line ends and backtracks without end on lines of spaces)
_MD_HEADING = re.compile(r"^#{1,6} \S", re.M)
# Textile's and Jira's headings: "h2. 一、总体情况", "h3(#id). 四、…"
_H_HEADING = re.compile(r"^h[1-6](?:\([^()\n]*\)|\{[^{}\n]*\}|\[[^\[\]\n]*\]|[<>=])*\. \S", re.M)
_BAD_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f\ufffd]")


def refusal(data: bytes) -> str | None:
    """Why a binary file we do not read is refused (image, archive, other ZIP), or None."""
    head = data[:64].lstrip(_BOM_WS)
    for magic, msg in _MAGIC:
        if head.startswith(magic):
            return msg
    if data.startswith(ZIP_MAGIC):
        return "ZIP archives are not supported (is it a .docx/.xlsx? extract or convert it)"
    return None


_MIME_HEAD = re.compile(rb"^(?:[!-9;-~]+:[^\r\n]*\r?\n(?:[ \t][^\r\n]*\r?\n)*)+", re.M)
_MULTIPART_RELATED = re.compile(rb"^content-type:[ \t]*multipart/related\b", re.I | re.M)


def is_mhtml(data: bytes) -> bool:
    """A web page saved as one MIME file (.mht/.mhtml: a browser's "single file" save, Word's
    "single file web page"): the file opens with mail headers naming multipart/related."""
    head = data[:8192].lstrip(_BOM_WS)
    m = _MIME_HEAD.match(head)
    return bool(m and _MULTIPART_RELATED.search(m.group(0)))


def looks_html(data: bytes) -> bool:
    """ASCII markup is findable before decoding (the decoder trusts an HTML charset)."""
    head = data[:65536].decode("latin-1")
    return bool(_HTML_DOC.search(head) or _HTML_START.match(head))


def garbage(txt: str, data: bytes = b"", enc: str = "") -> str | None:
    """Why decoded text is binary or badly mis-decoded (many control characters or U+FFFD),
    or None. U+FFFD of UTF-8 cut at byte positions (`data` decoded as `enc`, encoding.cut_utf8)
    are cut characters, not garbage."""
    if not txt.strip():
        return "empty file (only whitespace)"
    sample = txt[:200_000]
    bad = len(_BAD_CHARS.findall(sample))
    if bad > max(8, len(sample) // 100) and enc == "utf-8" and cut_utf8(sample, sample.count("\ufffd"), data):
        bad -= sample.count("\ufffd")  # characters cut at byte positions, every other one whole
    if bad > max(8, len(sample) // 100):
        return f"looks binary or corrupt ({bad} control/undecodable characters in {len(sample)})"
    return None


# =========================================================================================
# OLE compound file (just enough to name the streams and read the head of one)
# =========================================================================================

class _Cfb:
    _FREE, _END = 0xFFFFFFFF, 0xFFFFFFFE

    def __init__(self, data: bytes) -> None:
        if len(data) < 512 or data[:8] != OLE_MAGIC:
            raise ValueError("not an OLE compound file")
        self.data = data
        shift = struct.unpack_from("<H", data, 0x1E)[0]
        if shift not in (9, 12):
            raise ValueError(f"bad sector size 2^{shift}")
        self.ssize = 1 << shift
        self.mini_shift = struct.unpack_from("<H", data, 0x20)[0]
        n_fat = struct.unpack_from("<I", data, 0x2C)[0]
        first_dir = struct.unpack_from("<I", data, 0x30)[0]
        self.mini_cutoff = struct.unpack_from("<I", data, 0x38)[0]
        first_minifat = struct.unpack_from("<I", data, 0x3C)[0]
        first_difat, n_difat = struct.unpack_from("<II", data, 0x44)
        self.nsect = max(0, -(-(len(data) - self.ssize) // self.ssize))  # sector n sits at (n + 1) * size
        difat = list(struct.unpack_from("<109I", data, 0x4C))
        sec, hops = first_difat, 0
        per = self.ssize // 4 - 1
        while sec < self._END - 3 and hops < n_difat and hops <= self.nsect:
            vals = struct.unpack_from(f"<{per + 1}I", self._sector(sec))
            difat.extend(vals[:per])
            sec = vals[per]
            hops += 1
        fat_secs = [s for s in difat if s < 0xFFFFFFFA][:n_fat]
        fat = b"".join(self._sector(s) for s in fat_secs)
        self.fat = struct.unpack(f"<{len(fat) // 4}I", fat)
        dirdata = self._chain(first_dir)
        self.entries: dict[str, tuple[int, int, int]] = {}  # name -> (type, start, size)
        root = None
        for off in range(0, len(dirdata) - 127, 128):
            e = dirdata[off:off + 128]
            nlen = struct.unpack_from("<H", e, 64)[0]
            typ = e[66]
            if typ not in (1, 2, 5) or not 2 <= nlen <= 64:
                continue
            name = e[:nlen - 2].decode("utf-16-le", "replace")
            start, size = struct.unpack_from("<IQ", e, 116)
            if self.ssize == 512:
                size &= 0xFFFFFFFF
            if typ == 5 and root is None:
                root = (start, size)
            self.entries.setdefault(name, (typ, start, size))
        self.minifat: tuple = ()
        self.ministream = b""
        if root is not None and first_minifat < 0xFFFFFFFA:
            mf = self._chain(first_minifat)
            self.minifat = struct.unpack(f"<{len(mf) // 4}I", mf)
            self.ministream = self._chain(root[0], root[1])

    def _sector(self, n: int) -> bytes:
        off = (n + 1) * self.ssize
        if n >= self.nsect:
            raise ValueError("sector out of range (truncated file)")
        return self.data[off:off + self.ssize].ljust(self.ssize, b"\0")

    def _chain(self, start: int, size: int | None = None, limit: int | None = None) -> bytes:
        out, sec, hops = [], start, 0
        want = size if size is not None else None
        got = 0
        while sec < 0xFFFFFFFA:
            if hops > self.nsect or sec >= len(self.fat):
                raise ValueError("broken sector chain")
            out.append(self._sector(sec))
            got += self.ssize
            if (want is not None and got >= want) or (limit is not None and got >= limit):
                break
            sec = self.fat[sec]
            hops += 1
        data = b"".join(out)
        return data[:want] if want is not None else data

    def read(self, name: str, limit: int = 1 << 16) -> bytes:
        typ, start, size = self.entries[name]
        if size < self.mini_cutoff and self.minifat:
            msize = 1 << self.mini_shift
            out, sec, hops = [], start, 0
            while sec < 0xFFFFFFFA and len(out) * msize < min(size, limit):
                if hops > len(self.minifat) or sec >= len(self.minifat):
                    raise ValueError("broken mini sector chain")
                out.append(self.ministream[sec * msize:(sec + 1) * msize])
                sec = self.minifat[sec]
                hops += 1
            return b"".join(out)[:min(size, limit)]
        return self._chain(start, min(size, limit), limit)


def ole_kind(data: bytes) -> str:
    """What an OLE compound file holds: 'encrypted' (password-protected OOXML or .doc),
    'doc' (Word 97-2003 / WPS), 'xls', 'ppt', 'works', 'ole' (something else) or 'corrupt'
    (the container cannot be read: truncated or damaged)."""
    try:
        cfb = _Cfb(data)
        names = set(cfb.entries)
    except (ValueError, struct.error, KeyError):
        # a damaged container: go by the directory names written in UTF-16
        names = {n for n in ("EncryptionInfo", "EncryptedPackage", "WordDocument", "Workbook", "Book",
                             "PowerPoint Document") if n.encode("utf-16-le") in data}
        cfb = None
        if not names:
            return "corrupt"
    if "EncryptionInfo" in names or "EncryptedPackage" in names:
        return "encrypted"
    if "WordDocument" in names:
        if cfb is not None:
            try:
                fib = cfb.read("WordDocument", 64)
                if len(fib) >= 12:
                    ident, flags = struct.unpack_from("<H", fib, 0)[0], struct.unpack_from("<H", fib, 0x0A)[0]
                    if ident in (0xA5EC, 0xA5DC) and flags & 0x0100:  # fEncrypted
                        return "encrypted"
            except (ValueError, struct.error, KeyError):
                pass
        return "doc"
    if "Workbook" in names or "Book" in names:
        return "xls"
    if "PowerPoint Document" in names:
        return "ppt"
    if "MatOST" in names or "CONTENTS" in names:
        return "works"
    return "ole"


_WORDXML = re.compile(rb"<\?mso-application\s+progid=\"Word\.Document\"|<w:wordDocument[\s>]|<pkg:package[\s>]")


def spreadsheet_kind(data: bytes) -> str | None:
    """'xlsx' for an Office Open XML workbook (a ZIP holding xl/workbook.xml and no Word
    parts), 'ods' for an OpenDocument spreadsheet (its uncompressed "mimetype" member first),
    else None."""
    if data[:4] != b"PK\x03\x04":
        return None
    if data[30:38] == b"mimetype" and b"application/vnd.oasis.opendocument.spreadsheet" in data[38:120]:
        return "ods"
    if b"xl/workbook.xml" in data and b"word/" not in data:
        return "xlsx"
    return None


def office_kind(data: bytes) -> str | None:
    """'docx', 'odt', 'doc', 'rtf', 'wordxml' (Word 2003 XML / flat OPC), 'encrypted', 'xls',
    'ppt', 'works', 'ole', 'corrupt' or None (none of these)."""
    head = data[:8]
    if head == OLE_MAGIC:
        return ole_kind(data)
    if data[:64].lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{\\rtf"):
        return "rtf"
    if data[:4] == b"PK\x03\x04":
        # ODF puts an uncompressed "mimetype" member first
        if data[30:38] == b"mimetype" and b"application/vnd.oasis.opendocument.text" in data[38:120]:
            return "odt"
        return "docx"
    if data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<?xml") and _WORDXML.search(data[:4096]):
        return "wordxml"
    return None


def text_format(txt: str) -> str:
    """'html', 'markdown' or 'text' from decoded content. Lightweight markup is 'markdown':
    markdown itself, MediaWiki (its tables `{|` … `|}`; its inline HTML no page), AsciiDoc
    (its tables `|===` … `|===`), LaTeX (its tabular/longtable environments), Texinfo
    (its @multitable) and textile whose cells run over lines (textiletable.py)."""
    head = txt[:65536]
    if (("{|" in head and wiki_tables(head)) or ("|==" in head and adoc_tables(head))
            or ("\\begin{" in head and tex_tables(head))
            or ("@multitable" in head and texinfo_tables(head))
            or ("|" in head and textile_tables(head))) and not _HTML_PAGE.search(head):
        return "markdown"
    if "<" in head and markdown_with_markup(head):
        return "markdown"
    if _HTML_DOC.search(head):
        return "html"
    if head.lstrip()[:1] == "<" and (xml_tables(head) or placed_text(head)):
        # DocBook, OpenDocument XML: their tables read as HTML tables; text placed by
        # coordinate attributes (pdftohtml -xml, ALTO): read as positioned HTML
        return "html"
    if head.lstrip()[:1] != "<" and record_text(head):
        return "html"  # words with their boxes as JSON or TSV/CSV records: read as positioned HTML
    if head.lstrip()[:1] in ("[", "{") and json_tables(txt):
        return "html"  # tables saved as JSON rows: read as HTML tables
    tags = len(_HTML_TAG.findall(head))
    if _HTML_START.match(head) and tags:
        return "html"
    if _has_pipe_table(head) or len(_MD_HEADING.findall(head)) >= 2:
        return "markdown"  # (inline <br> in markdown cells is common, so this goes first)
    if tags >= 3:
        return "html"
    return "text"


_GRID_RULE = re.compile(r"^\+(?:[-=:]{3,}\+){2,}[ \t]*\r?$", re.M)
_TABLE_TAG = re.compile(r"<(/?)table\b[^>]*>", re.I)


def html_tables(txt: str) -> list[tuple[int, int]]:
    """(start, end) of every outermost <table>…</table> (an unclosed one runs to the end)."""
    out, depth, at = [], 0, 0
    for m in _TABLE_TAG.finditer(txt):
        if not m.group(1):
            if depth == 0:
                at = m.start()
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                out.append((at, m.end()))
    if depth:
        out.append((at, len(txt)))
    return out


_HTML_PAGE = re.compile(r"<!doctype\s+html|<html[\s>]|<body[\s>]", re.I)
_TAG_ONLY = re.compile(r"^\s*(?:<[^<>]+>\s*)+$")
_TEXT_IN_BLOCK_TAG = re.compile(r"<(?:p|div|li|h[1-6]|tr|td|th|dd|dt)\b[^<>]*>\s*[^<\s]", re.I)


def markdown_with_markup(head: str) -> bool:
    """Markdown that carries some raw HTML - its merged-cell tables as <table>, wrapper
    <div>s on lines of their own (pandoc's markdown writers) - rather than an HTML page:
    no doctype, <html> or <body>; outside its tables, markdown structure (pipe or grid
    tables, rows of pipe tables written without a delimiter row as Textile, Jira and org write
    them, headings) on more lines than text inside block tags. Read as HTML, its lines
    and grid tables would run into one line."""
    if _HTML_PAGE.search(head):
        return False
    outside, at = [], 0
    for a, b in html_tables(head):
        outside.append(head[at:a])
        at = b
    lines = "\n".join(outside + [head[at:]]).split("\n")
    rest = "\n".join(ln for ln in lines if not _TAG_ONLY.match(ln))
    rows = _pipe_rows(rest)
    headings = len(_MD_HEADING.findall(rest)) + len(_H_HEADING.findall(rest))
    if not (_has_pipe_table(rest) or _GRID_RULE.search(rest) or headings >= 2 or rows):
        return False
    marked = sum(len(_TEXT_IN_BLOCK_TAG.findall(ln)) for ln in lines)
    md = headings + len(_GRID_RULE.findall(rest)) + len(_MD_SEP.findall(rest)) + rows
    return md > marked


def _pipe_rows(txt: str) -> int:
    """Lines that are rows of a pipe table written without a delimiter row, as Textile, Jira
    and org write one ("|规章|3|3|3|"): two or more cells between outer pipes, on a line
    next to another such line (one line alone is text)."""
    rows = [len(s) > 2 and s[0] == s[-1] == "|" and s.count("|") >= 3
            for s in (ln.strip() for ln in txt.split("\n"))]
    return sum(1 for i, r in enumerate(rows)
               if r and ((i and rows[i - 1]) or (i + 1 < len(rows) and rows[i + 1])))


def _has_pipe_table(txt: str) -> bool:
    """A `| a | b |` row directly followed by a `|---|---|` separator (or a table written
    without outer pipes, as html2text does: `a | b` over `---|---`)."""
    for m in _MD_SEP.finditer(txt):
        before = txt[:m.start()].rstrip("\n")
        prev = before[before.rfind("\n") + 1:]
        if "|" in m.group(0) and "|" in prev:
            return True
    return False
