"""Absolutely positioned HTML -> blocks: lines and table rows rebuilt from coordinates.

PDF-to-HTML converters (pdftohtml, "save as HTML" in PDF viewers) print every run of text
as its own element with `position:absolute; top:..px; left:..px`, often one element per
word or glyph run, in no particular order, a page per `position:relative` box or per
`<html>` document. There is no <table>: the table is only where things are printed.

* each positioned element is a run of text (its <br>-separated lines one below the other),
  its font size from its own style or its class's rule in the page's <style>; its width is
  estimated from the characters (CJK a full em, others about half);
* runs on one text line (tops within half a character) that touch are one fragment;
* text lines whose boxes overlap vertically are one visual row (a value printed level
  with the middle of a label wrapped over two lines);
* an element placed by `top`/`left` with no `position` of its own is placed too (PyMuPDF's
  "html": `<p style="top:…pt;left:…pt">` in a `<div>` sized as its page, the font size on
  the `<span>` inside);
* rows go to aligned.lay_out, which finds the tables and their columns from the numbers
  (and from the header words placed over them; a table that goes on over a page break, under
  the header of its first page);
* page furniture (furniture.py) is dropped per page, text outside tables is one line
  block per paragraph (lines that wrap at the right margin are joined);
* an element's `data-confidence` (0-1: how sure the engine that read the text is of it, an OCR
  engine's own score of the word, as placed.py carries hOCR's x_wconf) is its fragments' (Frag.conf):
  a cell's text confidence is its least sure word's, a paragraph's the least sure of its words
  that print digits (its values); text without it is as typed (None).

Blocks carry x0/x1/y0/y1 in px of their page and `page` (1-based).
"""
from __future__ import annotations

import re
import unicodedata

from lxml import etree

from ..model import Block
from .aligned import NUMBER, Frag, Row, display_width, join_text, lay_out, least_conf, text_frags
from .builder import DocumentBuilder
from .cells import clean
from .furniture import drop_furniture
from ..templates.text import numbered, strip_numbering

_POS = re.compile(r"position\s*:\s*absolute", re.I)
_TOP = re.compile(r"(?:^|;)\s*top\s*:\s*(-?[\d.]+)\s*(px|pt)?", re.I)
_LEFT = re.compile(r"(?:^|;)\s*left\s*:\s*(-?[\d.]+)\s*(px|pt)?", re.I)
_SIZE = re.compile(r"font-size\s*:\s*([\d.]+)\s*(px|pt)?", re.I)
_LINE_HEIGHT = re.compile(r"line-height\s*:\s*([\d.]+)\s*(px|pt)", re.I)
_RULE = re.compile(r"\.([\w-]+)\s*\{([^}]*)\}")
_RELATIVE = re.compile(r"position\s*:\s*relative", re.I)
_POSITION = re.compile(r"position\s*:", re.I)
_WIDTH = re.compile(r"(?:^|;)\s*width\s*:\s*[\d.]+\s*(?:px|pt)", re.I)
_BOX_WIDTH = re.compile(r"(?:^|;)\s*width\s*:\s*([\d.]+)\s*(px|pt)", re.I)
_HEIGHT = re.compile(r"(?:^|;)\s*height\s*:\s*([\d.]+)\s*(px|pt)", re.I)
# a writer that gives every run its coordinates and leaves `position` to a stylesheet it does
# not print (PyMuPDF's "html": `<p style="top:72.2pt;left:70.0pt">` in a page box of its size)
_COORDINATES = re.compile(r"\btop\s*:\s*-?[\d.]+\s*(?:px|pt)\s*;\s*left\s*:", re.I)
_DIGIT = re.compile(r"\d")
_SENTENCE_END = ("。", "：", ":", "；", ";", "！", "？", "!", "?")


def maybe_positioned(source: str) -> bool:
    """Cheap check on the markup before walking the tree (most pages position nothing)."""
    return _POS.search(source) is not None or _COORDINATES.search(source) is not None


def _placed(style: str) -> bool:
    """Printed at coordinates: absolutely positioned, or given top and left with no
    position of its own (offsets of a static element would be ignored: a writer that
    places its runs so means them as coordinates)."""
    if not (_TOP.search(style) and _LEFT.search(style)):
        return False
    return _POS.search(style) is not None or _POSITION.search(style) is None


def _page_box(el, style: str) -> bool:
    """A page's box: positioned relative (pdftohtml), or sized in px/pt, not itself placed
    and holding placed text (PyMuPDF's `<div id="page0" style="width:595pt;height:842pt">`)."""
    if el.tag == "body":
        return False
    if _RELATIVE.search(style):
        return True
    return bool(_WIDTH.search(style) and _HEIGHT.search(style)) and not _placed(style) \
        and _POSITION.search(style) is None \
        and any(_placed(d.get("style") or "") for d in el.iterdescendants() if isinstance(d.tag, str))


def is_positioned(root) -> bool:
    """Most of the visible text sits in absolutely positioned elements (three at least)."""
    placed = chars = 0
    for el in root.iter():
        style = el.get("style") if isinstance(el.tag, str) else None
        if style and _placed(style):
            t = "".join("".join(el.itertext()).split())
            if t:
                placed += 1
                chars += len(t)
    if placed < 3:  # (the page's whole text is counted only when it can matter)
        return False
    total = sum(len("".join((el.text or "").split())) + len("".join((el.tail or "").split()))
                for el in root.iter() if isinstance(el.tag, str) and el.tag not in ("style", "script", "title"))
    return chars >= 0.6 * total


def _px(m) -> float:
    v = float(m.group(1))
    return v * 4 / 3 if (m.group(2) or "").lower() == "pt" else v


def _class_sizes(root) -> dict[str, tuple[float, float | None]]:
    """Font size and line height (None if not given) of each class in the page's <style>."""
    sizes: dict[str, tuple[float, float | None]] = {}
    for st in root.iter("style"):
        for m in _RULE.finditer(st.text or ""):
            s = _SIZE.search(m.group(2))
            if s:
                lh = _LINE_HEIGHT.search(m.group(2))
                sizes[m.group(1)] = (_px(s), _px(lh) if lh else None)
    return sizes


def _width(text: str, size: float) -> float:
    w = 0.0
    for ch in text:
        if ch.isspace():
            w += 0.3 * size
        elif unicodedata.east_asian_width(ch) in "WF":
            w += size
        else:
            w += 0.55 * size
    return w


def _box_pitch(style: str, pieces: list[str], size: float) -> float | None:
    """The line pitch of an element whose box height the writer gives (pdfminer's text boxes:
    a column of cells one line each, ~20 px apart in a 14 px font): its lines spread over
    the box, first line's top to last line's bottom. Guessed from the font size instead,
    a tall column drifts a row off by its fifth line."""
    n = max((k + 1 for k, x in enumerate(pieces) if x.strip()), default=0)
    m = _HEIGHT.search(style) if n > 1 else None
    if m is None:
        return None
    pitch = (_px(m) - size) / (n - 1)
    return pitch if size <= pitch <= 3 * size else None


def _runs(root, sizes: dict[str, float]) -> list[list[Frag]]:
    """Text runs per page, in px of the page."""
    pages: list[list[Frag]] = []
    # keyed by the page box element itself, never id(el): lxml makes an element's Python object
    # on each access and frees it after, so an id is reused by other elements (an element then
    # went to the page of whichever box's freed object had its address: what the worker had
    # allocated before, not the markup, decided it). The dict keeps the boxes' objects alive,
    # and lxml hands back the live object for the same node.
    page_of: dict = {}
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        style = el.get("style") or ""
        if _page_box(el, style):
            page_of[el] = len(pages)
            pages.append([])
            continue
        if not _placed(style):
            continue
        if any(_placed(a.get("style") or "") for a in el.iterancestors() if isinstance(a.tag, str)):
            continue  # inside another positioned element: read with it
        page = next((page_of[a] for a in el.iterancestors() if a in page_of), None)
        if page is None:
            if not pages:
                pages.append([])
            page = len(pages) - 1
        top, left = _px(_TOP.search(style)), _px(_LEFT.search(style))
        size, lh = next((sizes[c] for c in (el.get("class") or "").split() if c in sizes), (16.0, None))
        # its own font size, else its text's (`<p style="top;left"><span style="font-size">`)
        m = _SIZE.search(style) or next((s for d in el.iterdescendants() if isinstance(d.tag, str)
                                         for s in [_SIZE.search(d.get("style") or "")] if s), None)
        if m:
            size = _px(m)
        m = _LINE_HEIGHT.search(style)
        if m:
            lh = _px(m)
        pieces = _lines_of(el)
        conf = _confidence(el)
        pitch = lh or _box_pitch(style, pieces, size) or size * 1.25
        boxed = _box_width(style, pieces)
        for k, piece in enumerate(pieces):
            t = clean(piece)
            if t:
                y = top + k * pitch
                # a number the converter ran into its label ("行政规范性文件 69") stands apart;
                # a run of numbers alone stays whole (aligned.py splits it by the columns)
                numbers_only = all(NUMBER.fullmatch(w) for w in t.split())
                # (a one-line box the writer gives its width: the run ends where the box does -
                # its last number's right edge as printed, not as estimated from the characters)
                scale = boxed / _width(t, size) if boxed else 1.0
                fs = [Frag(t, 0, _width(t, size) * scale, 0, 0)] if numbers_only \
                    else text_frags(t, 0, lambda s: _width(s, size) * scale)
                for j, f in enumerate(fs):
                    # after the run's first piece, x comes from estimated character widths
                    pages[page].append(Frag(f.text, left + f.x0, left + f.x1, y, y + size, page + 1,
                                            placed=j > 0 and f.numeric, boxed=boxed is not None, conf=conf,
                                            words=_word_spans(piece, t, left + f.x0, left + f.x1)
                                            if boxed and len(fs) == 1 else None))
    return pages


def _confidence(el) -> float | None:
    """How sure the writer says it is of the element's text (`data-confidence`, 0-1: an OCR
    engine's own score of the word, as placed.py carries it); None where it says nothing."""
    v = el.get("data-confidence")
    try:
        c = float(v) if v is not None else None
    except ValueError:
        return None
    return c if c is not None and 0.0 <= c <= 1.0 else None


def _word_spans(piece: str, t: str, x0: float, x1: float) -> tuple | None:
    """Where each word of a one-line box of CJK words one space apart lies ("商业企业 科研机构
    社会公益组织 法律服务机构 其他": pdfminer boxes a row's headings in one run; the text drops
    the spaces between CJK): its first word starts at the box's left edge, its last ends at
    its right, the words between by their share of the width in display columns. None where
    the run is not such a row of words (one word, or any space that the text keeps)."""
    raw = " ".join(piece.split())
    if " " in t or " " not in raw or raw.replace(" ", "") != t:
        return None
    total = display_width(raw)
    at = lambda k: x0 + (x1 - x0) * display_width(raw[:k]) / total  # noqa: E731
    return tuple((at(m.start()), at(m.end())) for m in re.finditer(r"\S+", raw))


def _box_width(style: str, pieces: list[str]) -> float | None:
    """The width the writer gives an element printing one line of text (pdfminer's text boxes:
    `left; top; width; height` measured from the glyphs), in px; None where it gives none or
    the box holds several lines (its width is the widest line's)."""
    m = _BOX_WIDTH.search(style)
    if m is None or sum(1 for x in pieces if x.strip()) != 1:
        return None
    w = _px(m)
    return w if w > 0 else None


def _lines_of(el) -> list[str]:
    """The element's text, split where it has a <br>."""
    parts = [""]
    for ev, node in etree.iterwalk(el, events=("start", "end")):
        if ev == "start":
            if node.tag == "br":
                parts.append("")
            elif node.text:
                parts[-1] += node.text
        elif node is not el and node.tail:
            parts[-1] += node.tail
    return parts


def _text_lines(runs: list[Frag]) -> list[list[Frag]]:
    """Runs on one printed text line, touching runs joined, left to right."""
    lines: list[list[Frag]] = []
    for f in sorted(runs, key=lambda f: (f.y0, f.x0)):
        size = f.y1 - f.y0
        for ln in lines[-3:]:
            if abs(ln[0].y0 - f.y0) < 0.5 * size:
                ln.append(f)
                break
        else:
            lines.append([f])
    out = []
    for ln in lines:
        ln.sort(key=lambda f: f.x0)
        merged = [ln[0]]
        for f in ln[1:]:
            p = merged[-1]
            size = p.y1 - p.y0
            # touching runs are one; a number stays apart; a row's numbering ("1.", "（三）")
            # printed alone goes with the words a gap right of it on its line
            reach = 1.5 * size if _numbering_only(p.text) else 0.3 * size
            if f.x0 - p.x1 < reach and not NUMBER.fullmatch(f.text):
                merged[-1] = Frag(join_text([p.text, f.text]), p.x0, max(p.x1, f.x1), min(p.y0, f.y0),
                                  max(p.y1, f.y1), p.page, conf=least_conf([p, f]))
            else:
                merged.append(f)
        out.append(merged)
    return out


def _numbering_only(text: str) -> bool:
    return numbered(text) and not strip_numbering(text).strip()


def _visual_rows(lines: list[list[Frag]]) -> list[list[Frag]]:
    """A text line that overlaps the first line of the row above vertically belongs to
    that row (a value printed level with the middle of a label wrapped over two lines);
    measured against the row's first line only, so tall merged labels chain no rows."""
    rows: list[list[Frag]] = []
    top = bottom = 0.0
    for ln in sorted(lines, key=lambda ln: min(f.y0 for f in ln)):
        y0, y1 = min(f.y0 for f in ln), max(f.y1 for f in ln)
        tol = 0.1 * min(f.y1 - f.y0 for f in ln)
        if rows and y0 < bottom - tol and y1 > top + tol:
            rows[-1].extend(ln)
        else:
            rows.append(list(ln))
            top, bottom = y0, y1
    return [sorted(r, key=lambda f: f.x0) for r in rows]


def read(root, built: DocumentBuilder, table_base: int, page_base: int = 0) -> tuple[int, list[str], int]:
    """Lay the positioned text of `root` into `built` (its pages numbered after page_base);
    (tables used, furniture dropped, pages)."""
    pages = [p for p in _runs(root, _class_sizes(root)) if p]
    for k, p in enumerate(pages):
        for f in p:
            f.page = page_base + k + 1
    page_lines = [_visual_rows(_text_lines(p)) for p in pages]
    furniture = drop_furniture([[join_text([f.text for f in ln]) for ln in lines] for lines in page_lines])
    tables = 0
    carried = None  # the header of the table the page before ended with
    for lines, dropped in zip(page_lines, furniture):
        lines = [ln for k, ln in enumerate(lines) if k not in dropped]
        sizes = sorted(f.y1 - f.y0 for ln in lines for f in ln)
        if not sizes:
            continue
        size = sizes[len(sizes) // 2]
        # (header words placed as printed show the columns no number is printed in)
        rows = lay_out(lines, gap=0.3 * size, headers=True, blank_rows=True, carried=carried)
        carried = rows[-1].header if rows and rows[-1].cells is not None else None
        ends = sorted(ln[-1].x1 for ln in lines)
        right = ends[int(0.8 * (len(ends) - 1))]  # the right margin most full lines reach
        _emit(rows, built, table_base + tables, right, size)
        tables += len({r.table for r in rows if r.table is not None})
    dropped_text = [join_text([f.text for f in page_lines[i][k]]) for i, d in enumerate(furniture) for k in sorted(d)]
    return tables, dropped_text, len(pages)


def _emit(rows: list[Row], built: DocumentBuilder, table_base: int, right: float, size: float) -> None:
    para: list[Frag] = []

    def flush() -> None:
        if para:
            # (a paragraph's values are its numbers: how sure the source is of the words that
            # print digits, not of the prose around them)
            b = built.line(join_text([f.text for f in para]), page=para[0].page,
                           text_confidence=least_conf([f for f in para if _DIGIT.search(f.text)]))
            _geom(b, para)
            para.clear()

    for r in rows:
        if r.cells is None:
            ln = r.line or []
            text = join_text([f.text for f in ln])
            if para and not _wraps(para[-1], ln[0], right, size):
                flush()
            para.extend(ln)
            if text.endswith(_SENTENCE_END) or ln[-1].x1 < right - 3 * size:
                flush()
            continue
        flush()
        row = built.next_row
        cells = []
        page = next(f.page for c in r.cells for f in c.frags)
        for c in r.cells:
            b = Block(c.text, "cell", row=row, col=c.col, table=table_base + (r.table or 0), blank=c.blank,
                      blank_seen=c.blank and c.seen, column_doubt=c.doubt, column_headed=c.headed, page=page,
                      text_confidence=least_conf(c.frags))
            if c.frags:
                _geom(b, c.frags)
            cells.append(b)
        built.row(cells)
    flush()


def _wraps(prev: Frag, nxt: Frag, right: float, size: float) -> bool:
    """The next line continues a paragraph the right margin wrapped."""
    return prev.x1 >= right - 3 * size and nxt.y0 - prev.y1 < 1.5 * size


def _geom(b: Block, frags: list[Frag]) -> None:
    b.x0, b.x1 = min(f.x0 for f in frags), max(f.x1 for f in frags)
    b.y0, b.y1 = min(f.y0 for f in frags), max(f.y1 for f in frags)
