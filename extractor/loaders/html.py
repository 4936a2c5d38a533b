"""HTML -> blocks: every <table> a grid of cells (spans expanded), other text as lines.

Document.text is the visible text in reading order: one line per block-level line, a
table row as its cells joined by tabs; block offsets point into it.
Inside a cell, text of runs, paragraphs and <br>-separated pieces joins with "":
Word-exported pages split labels anywhere (自然</span><span>人, 本年新<br>制作数量).
"""
from __future__ import annotations

import re

from lxml import etree

from .. import limits
from ..model import Document, LoadError, Source
from . import jsontables, placed, positioned, records, xmltable
from .builder import DocumentBuilder
from .cells import clean, number_lines, numbers_apart, strip_cell
from .furniture import counted_numbers, ruled_page_numbers
from .text import digits_unspaced_markup, parse_header
from .text import parse as text_parse

_DROP = frozenset(
    "script style noscript template head title nav header footer iframe frame frameset "
    "object embed svg canvas select button textarea audio video map".split()
)
_BLOCK = frozenset(
    "address article aside blockquote body center dd details dialog div dl dt fieldset "
    "figcaption figure form h1 h2 h3 h4 h5 h6 hr html li main ol p pre section summary ul "
    "caption legend tr td th thead tbody tfoot".split()
)
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden|mso-hide\s*:\s*all")  # on lowercase
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
# libxml2 stops at 256 levels of nesting (more only with huge_tree, which lifts its other
# safety limits too) and drops the rest of the page; a page nested deeper is read again
# with its wrapper tags flattened
_TOO_DEEP = "Excessive depth"
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)\b[^>]*>")
_KEEP = frozenset("table tr td th thead tbody tfoot caption".split()) | _DROP
# libxml2's HTML parser recovers from broken markup; comments and PIs are never text
_PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)


class _Out:
    """Rows of the page in reading order: ("line", text) or ("cells", table, row cells)."""

    def __init__(self) -> None:
        self.rows: list[tuple] = []
        self.tables = 0
        self.slots = 0  # grid slots of every table so far, spans expanded (limits.MAX_GRID_CELLS)
        self.rules: list[int] = []  # len(rows) at each <hr> (a converter's rule between pages)
        self._buf: list[str] = []

    def text(self, s: str | None) -> None:
        if s:
            self._buf.append(s)

    def flush(self) -> None:
        if self._buf:
            t = clean("".join(self._buf))
            self._buf.clear()
            if t:
                self.rows.append(("line", t))


_WITH_HIDDEN = etree.XPath("//*[@hidden]")
_STYLED = etree.XPath("//*[@style]")


def _prune(root, source: str) -> str | None:
    """Remove invisible parts in place (keeping the text that follows them); return <title>."""
    found = root.find(".//head/title")
    if found is None:
        found = root.find(".//title")
    title = (clean("".join(found.itertext())) or None) if found is not None else None
    hidden = _WITH_HIDDEN(root)
    # a per-element style check costs ~1 ms on Word pages; most pages hide nothing
    if _HIDDEN.search(source.lower()):
        hidden += [el for el in _STYLED(root) if _HIDDEN.search(el.get("style").lower())]
    for el in hidden:
        if el.getparent() is not None:
            _drop_keep_tail(el)
    etree.strip_elements(root, *_DROP, with_tail=False)
    return title


def _drop_keep_tail(el) -> None:
    parent = el.getparent()
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _walk(root, out: _Out) -> None:
    pre = 0
    walker = etree.iterwalk(root, events=("start", "end"))
    for ev, el in walker:
        tag = el.tag
        if ev == "start":
            if tag == "table":
                out.flush()
                _table(el, out)
                walker.skip_subtree()
                continue
            if tag in _BLOCK or tag == "br":
                out.flush()
            if tag == "hr":
                out.rules.append(len(out.rows))
            if tag == "pre":
                pre += 1
            _text(out, el.text, pre)
        else:
            if tag in _BLOCK:
                out.flush()
            if tag == "pre":
                pre -= 1
            if el is not root:
                _text(out, el.tail, pre)
    out.flush()


def _text(out: _Out, s: str | None, pre: int) -> None:
    if not s:
        return
    if pre and "\n" in s:  # preformatted: newlines are line breaks
        parts = s.split("\n")
        for p in parts[:-1]:
            out.text(p)
            out.flush()
        out.text(parts[-1])
    else:
        out.text(s)


def _rows_of(table) -> list:
    rows = []
    for child in table:
        if child.tag == "tr":
            rows.append(child)
        elif child.tag in ("thead", "tbody", "tfoot"):
            rows.extend(c for c in child if c.tag == "tr")
    return rows


def _span(el, name: str) -> int:
    try:
        return max(1, min(int(el.get(name, "1").strip().rstrip(";")), limits.MAX_SPAN))
    except ValueError:
        return 1


def _table(table, out: _Out) -> None:
    index = out.tables
    out.tables += 1
    for cap in table.iterchildren("caption"):
        t = clean("".join(cap.itertext()))
        if t:
            out.rows.append(("line", t))
    trs = _rows_of(table)
    taken: set[tuple[int, int]] = set()  # grid slots covered by spans from rows above
    for r, tr in enumerate(trs):
        cells = []
        nested: list = []
        c = 0
        for td in tr:
            if td.tag not in ("td", "th"):
                continue
            while (r, c) in taken:
                c += 1
            rs = min(_span(td, "rowspan"), len(trs) - r)
            cs = _span(td, "colspan")
            out.slots += rs * cs
            if out.slots > limits.MAX_GRID_CELLS:  # rowspan/colspan 1000 on every cell: GBs
                raise LoadError(f"HTML tables span more than {limits.MAX_GRID_CELLS:,} grid cells "
                                f"(rowspan/colspan expanded; XXGK_MAX_GRID_CELLS): not a report's tables")
            for dr in range(1, rs):
                for dc in range(cs):
                    taken.add((r + dr, c + dc))
            text, lines = _cell_text(td, nested), _number_lines(td)
            cells.append(("".join(lines) if lines else text, c, rs, cs, lines))
            c += cs
        if cells:
            out.rows.append(("cells", index, cells))
        for inner in nested:  # a table inside a cell: its rows follow the outer row
            _table(inner, out)


def _cell_text(td, nested: list) -> str:
    """Cell text; runs, paragraphs and <br> pieces join with "" (whitespace between them
    is collapsed like any other, then dropped between CJK characters by clean())."""
    if td.find(".//table") is None:  # the common case, done in C
        return _strip_cell(etree.tostring(td, method="text", encoding=str, with_tail=False))
    parts: list[str] = []
    walker = etree.iterwalk(td, events=("start", "end"))
    for ev, el in walker:
        if ev == "start":
            if el.tag == "table" and el is not td:
                nested.append(el)  # emitted as its own rows after this one
                walker.skip_subtree()
                continue
            if el.text:
                parts.append(el.text)
        elif el is td:
            break
        elif el.tail:
            parts.append(el.tail)
    return _strip_cell("".join(parts))


# a line break or tab printed as its escape, the two characters "\n" (pandas' to_html writes a
# cell's line breaks so: "行政许可\n2293"), never before a letter (a LaTeX command)
_ESCAPED_BREAK = re.compile(r"\\[nrt](?![A-Za-z])")


def _number_lines(td) -> tuple[str, ...]:
    """The lines of a cell of numbers printed over lines - apart by <br>, or by a line break
    printed as its escape (camelot's to_html: "53\\n0") - where every one is a number
    (cells.number_lines); () for any other cell."""
    if len(td) == 0:
        text = td.text or ""
        return number_lines(_ESCAPED_BREAK.split(text)) if "\\" in text else numbers_apart(text)
    if any(ch.tag != "br" or len(ch) for ch in td):
        return ()
    return number_lines([td.text or ""] + [ch.tail or "" for ch in td])


def _strip_cell(text: str) -> str:
    if "\\" in text:
        text = _ESCAPED_BREAK.sub(" ", text)
    return strip_cell(clean(text))


_DOC_END = re.compile(r"</html\s*>", re.I)
_DOC_START = re.compile(r"<!doctype\s+html|<html[\s>]", re.I)


def documents(text: str) -> list[str]:
    """The HTML documents of a file: converters write one per page into one file
    (`pdftohtml -s`), and a browser would show only the first."""
    out, at = [], 0
    for m in _DOC_END.finditer(text):
        if _DOC_START.search(text, m.end()):
            out.append(text[at:m.end()])
            at = m.end()
    out.append(text[at:])
    return [d for d in out if d.strip()]


def _root(text: str):
    try:
        root = etree.fromstring(text, _PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as e:
        raise LoadError(f"cannot parse HTML: {e}") from e
    if root is None:
        raise LoadError("cannot parse HTML: no document")
    return root


def _deep(text: str):
    """The root of a page, and whether it had to be flattened (nested too deep)."""
    root = _root(text)
    if not any(_TOO_DEEP in e.message for e in _PARSER.error_log):
        return root, False
    root = _root(_flatten(text))
    if any(_TOO_DEEP in e.message for e in _PARSER.error_log):
        raise LoadError("cannot parse HTML: its tables are nested more than 256 levels deep")
    return root, True


def _flatten(text: str) -> str:
    """The page with only its table structure (and what is never text) kept as tags: block
    tags become line breaks, inline tags go. What a page nests without end is wrappers."""
    def tag(m: re.Match) -> str:
        name = m.group(2).lower()
        if name in _KEEP:
            return m.group(0)
        return "<br>" if name in _BLOCK or name == "br" else ""
    return _TAG.sub(tag, text)


def parse(text: str, source: Source) -> Document:
    text = _XML_DECL.sub("", text.replace("\x00", ""), count=1)  # lxml refuses str + declaration
    if xmltable.tables(text):  # DocBook's, OpenDocument's tables
        text = xmltable.as_html(text)
    elif placed.placed(text):  # runs placed by coordinate attributes, not CSS
        text = placed.as_html(text)
    elif text.lstrip()[:1] != "<" and records.records(text) and not jsontables.cell_tables(text):
        # words with boxes as JSON or TSV/CSV records (a table reader's rows of boxed cells are rows)
        text = records.as_html(text)
    elif text.lstrip()[:1] in ("[", "{") and (tabled := jsontables.html_of(text)) is not None:
        text = tabled  # tables saved as JSON rows
    if not text.strip():
        raise LoadError("empty HTML document")
    text = digits_unspaced_markup(text)
    built = DocumentBuilder()
    title = None
    furniture: list[str] = []
    pages = 0
    tables = 0
    docs = documents(text)
    flattened = False
    for k, part in enumerate(docs):
        try:
            root, flat = _deep(part)
            flattened |= flat
        except LoadError:
            if k == 0 and len(docs) == 1:
                raise
            continue  # a damaged page among several
        preformatted = _preformatted(root) if len(docs) == 1 and _PRE.search(part) else None
        if preformatted is not None:
            return text_parse(preformatted, source)
        if positioned.maybe_positioned(part) and positioned.is_positioned(root):
            # coordinates decide lines and cells; <style> (font sizes) is read before pruning
            t = _prune_title(root)
            etree.strip_elements(root, "script", "noscript", "template", "title", with_tail=False)
            used, dropped, n = positioned.read(root, built, tables, pages)
            tables += used
            furniture += dropped
            pages += n
        else:
            t = _prune(root, part)
            _tei_tables(root)
            out = _Out()
            out.tables = tables
            _walk(root, out)
            tables = out.tables
            numbers = counted_numbers([r[1] if r[0] == "line" else "\x00" for r in out.rows]) \
                or ruled_page_numbers([r[1] if r[0] == "line" else None for r in out.rows], out.rules)
            if numbers:  # each page's number a line of its own beside its text (a block a page)
                furniture += [out.rows[k][1] for k in numbers]
                gone = set(numbers)
                out.rows = [r for k, r in enumerate(out.rows) if k not in gone]
            built.rows(out.rows)
        title = title or t
    if not built.blocks:
        raise LoadError("HTML document has no visible text")
    head_title, meta = parse_header(built.text.split("\n", 40)[:40])
    if len(docs) > 1:
        meta["documents"] = len(docs)
    if pages:
        meta["pages"] = pages
    if furniture:
        meta["furniture"] = furniture
    doc = built.build(source, title=title or head_title, meta=meta)
    if flattened:
        doc.warnings.append("HTML nested more than 256 levels deep: read with its wrapper tags "
                            "(div, span, font, …) flattened")
    return doc


_PRE = re.compile(r"<pre\b", re.I)
_PRE_TEXT = etree.XPath("//pre[not(ancestor::pre)]")
_SHOWN_TEXT = etree.XPath("//body//text()[not(ancestor::script or ancestor::style or ancestor::noscript "
                          "or ancestor::template)]")
PREFORMATTED_SHARE = 0.9  # of a page's visible characters inside <pre> for it to be a text shown as a page
_SPACE = re.compile(r"\s+")


def _preformatted(root) -> str | None:
    """The text of a page that only shows a text (nearly all its visible characters inside
    <pre>: pdftotext -htmlmeta, a browser's or a crawler's page of a .txt file), or None. Such
    a text keeps its layout in spaces and line breaks - columns aligned by padding, a row's
    cells wrapped over lines - that the text reader reads and the page reader does not."""
    pres = _PRE_TEXT(root)
    if not pres:
        return None
    inside = ["".join(el.itertext()) for el in pres]
    shown = sum(len(_SPACE.sub("", t)) for t in _SHOWN_TEXT(root))
    kept = sum(len(_SPACE.sub("", t)) for t in inside)
    if not kept or kept < PREFORMATTED_SHARE * shown:
        return None
    return "\n".join(inside)


def _tei_tables(root) -> None:
    """Tables of an XML text written as TEI writes them (<table><row><cell>, spans as @cols and
    @rows: trafilatura's XML output of a page, a corpus's TEI files) read as HTML's rows and
    cells (an HTML page has no <row> or <cell>: nothing else changes)."""
    for table in root.iter("table"):
        for el in table.iter("row", "cell"):
            if el.tag == "row":
                el.tag = "tr"
                continue
            el.tag = "td"
            for tei, html in (("cols", "colspan"), ("rows", "rowspan")):
                if el.get(tei) is not None and el.get(html) is None:
                    el.set(html, el.get(tei))


def _prune_title(root) -> str | None:
    found = root.find(".//title")
    return (clean("".join(found.itertext())) or None) if found is not None else None
