"""PDF -> blocks: ruled tables become grids of cells, other text becomes lines.

The text layer is read glyph by glyph (PyMuPDF ``rawdict``) and the ruling lines from
the page's vector drawings (WPS and browsers draw every cell border). Per page:

* ruling segments (stroked lines, rectangle edges, thin filled rectangles or polygons)
  are merged, grouped into connected grids, and each grid is cut into physical cells:
  grid slots between neighbouring x/y rulings, joined where the border between them is
  missing (merged cells). A cell's text is its glyphs' lines in reading order joined
  with "" (labels wrapped inside a cell, one-character-per-line vertical labels);
* glyphs outside every grid become visual lines (a space where the PDF has one or where
  the gap is wider than about a character, so numbers printed in separate columns stay
  apart); the lines of a paragraph that the page width wrapped are joined into one line
  block, as the HTML and text loaders give it (a sentence cut at a number would
  otherwise read as a label and a value);
* page furniture (page numbers such as "- 3 -", "— 3 —", "第 3 页", running headers or
  footers repeated on most pages) at the top or bottom of a page is dropped and listed
  in ``doc.meta["furniture"]``, so it can never sit between the rows of a table
  continued on the next page;
* a table that ends a page and a table that starts the next page with the same outer
  and (mostly) inner column rulings are one table: same table index, rows continue, and
  a row or a merged cell that the page break cut in two is joined again.

Blocks follow html.py's contract: one ``cell`` block per physical cell at its top-left
slot (``col`` is the grid column after span expansion, over the union of the column
rulings of all pages of the table), ``row`` a global layout-row id, ``blank`` for empty
cells, ``page`` 1-based. Document.text is the pages' text in reading order (a table row's
cells joined by tabs), and block offsets point into it.

Pages without a text layer but with an image (scans), and pages whose text layer is
mostly unmapped glyphs, go to the optional OCR module (``extractor.loaders.ocr.ocr_page(
png_bytes, page_no) -> [(text, (x0, y0, x1, y1), confidence)]``, boxes in pixels of the
PNG, page_no 0-based); the boxes are laid out like glyphs, with the table rulings found on
the page image (also for scans that carry an invisible OCR text layer). Per-block OCR
confidences are in ``doc.meta["ocr_confidence"]`` ({index in doc.blocks as loaded:
confidence}). Without the OCR module a PDF that is all scans raises LoadError; a
scanned page among text pages is left out with a warning.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter, itemgetter

from .. import limits
from ..model import Block, Document, LoadError, Source
from .builder import DocumentBuilder, Split
from .cells import clean, lost_rule_split, strip_cell
from .grid import cluster, connected
from .signatures import is_pdf

# --- tunables (PDF points unless said otherwise) --------------------------------------------

_SNAP = 3.5  # rulings closer than this are one (double borders, cellspacing, stroke width)
_THIN = 3.0  # a filled rectangle thinner than this is a ruling
_MIN_SEG = 4.0  # shorter strokes are not rulings (glyph decorations, dots)
_COVER = 0.5  # a border exists where a ruling covers at least this share of the slot side
_MARGIN = 0.12  # top/bottom share of the page where furniture can sit
_SCAN_DPI = 200  # rendering resolution for OCR
_RULING_DPI = 120  # rendering resolution to find table rulings in a scan that has a text layer
_MIN_TEXT_CHARS = 10  # a page with fewer text characters and an image is a scan
# how sure a character of an OCR'd PDF's text layer (a scan with a text layer, no drawn table)
# is: an OCR's reading whose own character scores the file does not carry - below
# confidence.TEXT_SURE, so a value read there is near-certain only where identities over other
# cells prove it (cross_proven), and a sum that breaks there is a doubt about the reading, not
# the report's arithmetic. Tesseract's layers misread table 二's counts (no identity checks
# them) at 0.999 when this was 0.95: 66 as 600, 13674 as 136714, 132 as 1332 (a rule as a 1).
OCR_LAYER_CONFIDENCE = 0.85
# how sure a ruled cell of such a page is empty when the layer has no text there but the
# picture holds character-like ink inside the cell (ocr._ink_conf's value for a cell with ink
# nothing was read from): the OCR lost the digits, the blank is no reading (seed 617: a row of
# 表三 printed 6 / 2 / 8, its layer blank, read as blanks at 0.999)
INKED_BLANK_CONFIDENCE = 0.3

_CJK_RE = re.compile("[\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
                     "\ufe30-\ufe4f\uff00-\uffef]")
_PAGE_NO = re.compile(
    # a bare number, or one with marks on both its sides ("- 3 -"): "-18" alone is a negative
    # value (本年增/减) at a page's edge (as loaders.furniture.PAGE_NO)
    r"^(?:\s*\d{1,4}\s*|\s*[-—–－~·•][-—–－~·•\s]*\d{1,4}\s*[-—–－~·•][-—–－~·•\s]*"
    r"|第\s*\d{1,4}\s*页(?:\s*[/，,]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?)$", re.I)
_NUMBERED = re.compile(r"^\s*(?:[（(]\s*[一二三四五六七八九十\d]+\s*[）)]|[一二三四五六七八九十]+\s*[、.．]|\d{1,2}\s*[、.．]"
                       r"|第[一二三四五六七八九十\d]+[条项部])")
_NUMBERISH = re.compile(r"^[-+]?[\d\s,.]+(?:万元|元|%)?$")


class _CjkTable(dict):
    """Is this character CJK? Asked for every pair of neighbouring glyphs (a dict lookup,
    cheaper than a cached function call); a few thousand distinct characters, bounded."""

    def __missing__(self, ch: str) -> bool:
        v = bool(ch) and _CJK_RE.match(ch) is not None
        if len(self) < 1 << 16:
            self[ch] = v
        return v


_IS_CJK = _CjkTable()


# --- geometry records ------------------------------------------------------------------------

class _Glyph:
    """One character (or one OCR word) with its box, baseline and size."""

    __slots__ = ("c", "x0", "y0", "x1", "y1", "base", "size", "conf")

    def __init__(self, c, x0, y0, x1, y1, base, size, conf=None):
        self.c, self.x0, self.y0, self.x1, self.y1 = c, x0, y0, x1, y1
        self.base, self.size, self.conf = base, size, conf


@dataclass
class _Line:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    conf: float | None = None
    size: float = 10.0
    tabular: bool = False  # has a gap of several characters (columns of a borderless table)
    right: float = 0.0  # right edge of the text column of its page (set when paragraphs are joined)


@dataclass(eq=False, slots=True)  # (slots: made and read for every slot of every table)
class _Cell:
    r0: int
    r1: int  # exclusive, in the part's grid rows
    x0: float
    y0: float
    x1: float
    y1: float
    glyphs: list = field(default_factory=list)
    text: str = ""
    conf: float | None = None
    c0: int = 0  # group grid columns (set when the table group is laid out)
    c1: int = 0
    row: int = 0  # group grid row
    rowspan: int = 1
    dropped: bool = False
    into: _Cell | None = None  # the cell on an earlier page this one continues


def _rep(c: _Cell) -> _Cell:
    """The cell that carries the text of a merged cell cut by page breaks."""
    while c.into is not None:
        c = c.into
    return c


@dataclass
class _TablePart:
    page: int
    xs: list[float]
    ys: list[float]
    cells: list[_Cell]
    owner: list[list[int]] = field(default_factory=list)  # grid slot -> index in cells

    @property
    def x0(self) -> float:
        return self.xs[0]

    @property
    def x1(self) -> float:
        return self.xs[-1]

    @property
    def y0(self) -> float:
        return self.ys[0]

    @property
    def y1(self) -> float:
        return self.ys[-1]


@dataclass
class _Page:
    number: int  # 0-based
    height: float
    items: list  # ("line", _Line) | ("table", _TablePart), in reading order
    furniture: list[str] = field(default_factory=list)
    ocr: bool = False
    unreadable: bool = False  # text layer mostly glyphs without a Unicode mapping
    scanned: bool = False  # a page image without a text layer, not read (no OCR module)


# --- opening -----------------------------------------------------------------------------

def _import():
    try:
        import pymupdf
    except ImportError:  # older releases only ship the fitz name
        try:
            import fitz as pymupdf  # type: ignore[no-redef]
        except ImportError as e:  # pragma: no cover - depends on the install
            raise LoadError("PDF input needs PyMuPDF: pip install pymupdf") from e
    return pymupdf


def _open(pymupdf, data: bytes):
    if not is_pdf(data):
        raise LoadError("not a PDF file (no %PDF header)")
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception as e:  # FileDataError, RuntimeError, ValueError across versions
        if _truncated(data):
            raise LoadError(f"truncated PDF: cannot open it, the file ends before its end-of-file marker "
                            f"({_msg(e)})") from e
        raise LoadError(f"corrupt PDF: cannot open it ({_msg(e)})") from e
    try:
        if doc.needs_pass:
            raise LoadError("encrypted PDF: it needs a password to open (save an unprotected copy)")
        if doc.is_encrypted and not doc.authenticate(""):
            raise LoadError("encrypted PDF: it cannot be decrypted without a password")
        if doc.page_count == 0:
            raise LoadError("corrupt PDF: no pages could be read")
        if doc.page_count > limits.MAX_PAGES:
            raise LoadError(f"PDF of {doc.page_count:,} pages, more than the {limits.MAX_PAGES:,} a report "
                            f"may have (XXGK_MAX_PAGES)")
        if _truncated(data):
            raise LoadError("truncated PDF: the file ends before its end-of-file marker (incomplete download?)")
    except LoadError:
        doc.close()
        raise
    except Exception as e:  # a page tree that lies (/Count 2000, no pages): RuntimeError
        doc.close()
        raise LoadError(f"corrupt PDF: cannot count its pages ({_msg(e)})") from e
    return doc


def _raster_dpi(page, dpi: float, floor: float | None = None) -> int | None:
    """`dpi`, lowered so that the page image stays within limits.MAX_RASTER_PIXELS; None
    when even `floor` (limits.MIN_OCR_DPI) is over it (a 14400 pt page took 8.2 GB)."""
    floor = limits.MIN_OCR_DPI if floor is None else floor
    w, h = abs(page.rect.width) / 72, abs(page.rect.height) / 72  # inches
    pixels = w * h * dpi * dpi
    if pixels > limits.MAX_RASTER_PIXELS:
        dpi = int(dpi * (limits.MAX_RASTER_PIXELS / pixels) ** 0.5)
    return int(dpi) if dpi >= floor else None


def _ocr_dpi(page, dpi: float, page_no: int) -> int:
    """The resolution to render a page for OCR at; LoadError when the page is too large."""
    got = _raster_dpi(page, dpi)
    if got is None:
        raise LoadError(f"page {page_no + 1} is {page.rect.width:.0f} × {page.rect.height:.0f} pt: too large "
                        f"to render for OCR (over {limits.MAX_RASTER_PIXELS:,} pixels at "
                        f"{limits.MIN_OCR_DPI} dpi; XXGK_MAX_RASTER_PIXELS)")
    return got


def _truncated(data: bytes) -> bool:
    """No %%EOF marker, or PDF objects after the last one (a file cut inside a later
    revision or after the first-page section of a linearized file). Junk appended after
    the marker (a server's HTML, zero padding) is not truncation."""
    end = data.rfind(b"%%EOF")
    if end < 0:
        return True
    rest = data[end + 5:]
    return b"endobj" in rest or b" obj" in rest or b"endstream" in rest


def _msg(e: Exception) -> str:
    s = str(e).strip() or e.__class__.__name__
    return s if len(s) < 200 else s[:200] + "…"


# --- rulings -----------------------------------------------------------------------------

def _segments(drawings) -> tuple[list, list]:
    """Horizontal (y, x0, x1) and vertical (x, y0, y1) ruling segments of a page."""
    hs: list[list[float]] = []
    vs: list[list[float]] = []

    def rect_edges(x0, y0, x1, y1):
        hs.append([y0, x0, x1])
        hs.append([y1, x0, x1])
        vs.append([x0, y0, y1])
        vs.append([x1, y0, y1])

    def thin_rect(x0, y0, x1, y1):
        w, h = x1 - x0, y1 - y0
        if w <= _THIN and h >= _MIN_SEG:
            vs.append([(x0 + x1) / 2, y0, y1])
        elif h <= _THIN and w >= _MIN_SEG:
            hs.append([(y0 + y1) / 2, x0, x1])

    for d in drawings:
        typ = d.get("type") or ""
        stroked = "s" in typ and not _invisible(d.get("color"), d.get("stroke_opacity"))
        filled = "f" in typ and not _invisible(d.get("fill"), d.get("fill_opacity"))
        if not (stroked or filled):
            continue
        if filled and not stroked and d.get("rect") is not None:
            x0, y0, x1, y1 = map(float, d["rect"])
            w, h = x1 - x0, y1 - y0
            if min(w, h) <= _THIN:  # a filled sliver (rectangle or polygon): a ruling
                if w <= _THIN and h >= _MIN_SEG:  # (thin_rect, inlined: most drawings of a page)
                    vs.append([(x0 + x1) / 2, y0, y1])
                elif h <= _THIN and w >= _MIN_SEG:
                    hs.append([(y0 + y1) / 2, x0, x1])
                continue
        for it in d.get("items") or ():
            op = it[0]
            if op == "l":
                (ax, ay), (bx, by) = it[1], it[2]
                if not stroked:
                    continue
                if abs(ay - by) < 1.0 and abs(ax - bx) >= _MIN_SEG:
                    hs.append([(ay + by) / 2, min(ax, bx), max(ax, bx)])
                elif abs(ax - bx) < 1.0 and abs(ay - by) >= _MIN_SEG:
                    vs.append([(ax + bx) / 2, min(ay, by), max(ay, by)])
            elif op in ("re", "qu"):
                r = it[1]
                if op == "qu":  # a quad: keep it only when axis-aligned
                    pts = [tuple(p) for p in r]
                    xs_, ys_ = sorted({round(p[0], 1) for p in pts}), sorted({round(p[1], 1) for p in pts})
                    if len(xs_) > 2 or len(ys_) > 2:
                        continue
                    r = (xs_[0], ys_[0], xs_[-1], ys_[-1])
                x0, y0, x1, y1 = map(float, r)
                x0, x1 = min(x0, x1), max(x0, x1)
                y0, y1 = min(y0, y1), max(y0, y1)
                if x1 - x0 <= _THIN or y1 - y0 <= _THIN:
                    thin_rect(x0, y0, x1, y1)
                elif stroked:
                    rect_edges(x0, y0, x1, y1)
                # a large filled rectangle is a cell background, not a border
    return hs, vs


def _invisible(color, opacity) -> bool:
    if color is None:
        return True
    if opacity is not None and opacity < 0.05:
        return True
    n = len(color)  # (asked twice per drawing: no generator)
    if n == 3:
        return color[0] > 0.92 and color[1] > 0.92 and color[2] > 0.92
    return color[0] > 0.92 if n == 1 else False


_POS_START, _START = itemgetter(0, 1), itemgetter(1)  # sort keys of segments (pos, start, end)


def _merge_collinear(segs: list) -> list:
    """Join segments on one line (coordinate within _SNAP) that touch or overlap."""
    if not segs:
        return []
    segs.sort(key=_POS_START)
    # cluster by coordinate first
    clusters: list[list] = []
    for s in segs:
        if clusters and s[0] - clusters[-1][-1][0] <= _SNAP:
            clusters[-1].append(s)
        else:
            clusters.append([s])
    out = []
    for cl in clusters:
        pos = sum([s[0] for s in cl]) / len(cl)
        cl.sort(key=_START)
        a, b = cl[0][1], cl[0][2]
        for s in cl[1:]:
            if s[1] <= b + _SNAP:
                if s[2] > b:  # (max(b, s[2]))
                    b = s[2]
            else:
                out.append([pos, a, b])
                a, b = s[1], s[2]
        out.append([pos, a, b])
    return out


def _grids(hs: list, vs: list) -> list[tuple[list, list]]:
    """Connected groups of crossing horizontal and vertical rulings: (hs, vs) per grid."""
    hs = _merge_collinear(hs)
    vs = _merge_collinear(vs)
    if not hs or len(vs) < 2:
        return []
    if len(hs) * len(vs) > limits.MAX_RULE_PAIRS:
        return []  # hatching or a drawing, not a table: every pair would be tested (no grid)
    groups = connected(hs, vs, _SNAP)
    # two horizontal rulings, or one when the page break cut the table's top and bottom
    # borders off (a page in the middle of a long row: only the verticals run through)
    grids = [g for g in groups if len(g[1]) >= 2 and (len(g[0]) >= 2 or (
        len(g[0]) == 1 and sum(1 for v in g[1] if v[2] - v[1] > 40) >= 2))]
    # a merged cell that a page break sliced keeps its side borders but loses its top or
    # bottom one (browsers): a lone vertical ruling beside a grid, as tall as the grid,
    # belongs to it
    for g in grids:
        gy0 = min(min(h[0] for h in g[0]), min(v[1] for v in g[1]))
        gy1 = max(max(h[0] for h in g[0]), max(v[2] for v in g[1]))
        gx0, gx1 = min(h[1] for h in g[0]), max(h[2] for h in g[0])
        reach = 0.5 * (gx1 - gx0)
        for grp in groups:
            if grp[0] or grp is g:
                continue
            for v in grp[1]:
                x, y0, y1 = v
                if (gx0 - reach <= x <= gx1 + reach and y1 - y0 >= 20
                        and min(y1, gy1) - max(y0, gy0) >= 0.9 * (y1 - y0)
                        and (abs(y0 - gy0) <= 2 * _SNAP or abs(y1 - gy1) <= 2 * _SNAP)):
                    g[1].append(v)
    return grids


def _edges(values: list[float]) -> list[float]:
    return cluster(values, _SNAP)


def _covered(segs: list, pos: float, edges: list[float]) -> list[bool]:
    """For each interval [a, b] between neighbouring `edges`: do the segments on line `pos`
    (within _SNAP) cover at least _COVER of it? (The line's segments are picked out once for
    all its intervals.)"""
    spans = [(s0, s1) for p, s0, s1 in segs if abs(p - pos) <= _SNAP]
    if not spans:
        return [False] * (len(edges) - 1)
    out = []
    for a, b in zip(edges, edges[1:]):
        need = (b - a) * _COVER
        if need <= 0:
            out.append(True)  # (the first span's share, at least 0, reaches it)
            continue
        got = 0.0
        for s0, s1 in spans:
            # got += max(0.0, min(b, s1) - max(a, s0)), without three calls per span
            d = (s1 if s1 < b else b) - (s0 if s0 > a else a)
            if d > 0.0:
                got += d
                if got >= need:
                    out.append(True)
                    break
        else:
            out.append(False)
    return out


def _table_from_grid(page_no: int, hs: list, vs: list) -> _TablePart | None:
    xs = _edges([v[0] for v in vs] + [min(h[1] for h in hs), max(h[2] for h in hs)])
    ys = _edges([h[0] for h in hs] + [min(v[1] for v in vs), max(v[2] for v in vs)])
    nr, nc = len(ys) - 1, len(xs) - 1
    if nr < 1 or nc < 1:
        return None
    # border flags: right[i][j] between slot (i,j) and (i,j+1); below[i][j] under slot (i,j)
    below = [_covered(hs, ys[i + 1], xs) for i in range(nr - 1)]
    right_by_col = [_covered(vs, xs[j + 1], ys) for j in range(nc - 1)]
    right = [list(r) for r in zip(*right_by_col)] if right_by_col else [[] for _ in range(nr)]
    owner = [[-1] * nc for _ in range(nr)]
    cells: list[_Cell] = []
    for i in range(nr):
        for j in range(nc):
            if owner[i][j] >= 0:
                continue
            j2 = j
            while j2 + 1 < nc and not right[i][j2] and owner[i][j2 + 1] < 0:
                j2 += 1
            i2 = i
            while i2 + 1 < nr and (not below[i2][j] and owner[i2 + 1][j] < 0 if j == j2 else
                                   all(not below[i2][k] and owner[i2 + 1][k] < 0 for k in range(j, j2 + 1))):
                i2 += 1
            idx = len(cells)
            for a in range(i, i2 + 1):
                for b in range(j, j2 + 1):
                    owner[a][b] = idx
            cells.append(_Cell(i, i2 + 1, xs[j], ys[i], xs[j2 + 1], ys[i2 + 1]))
    if len(cells) < 2:
        return None  # a frame around text, not a table
    return _TablePart(page_no, xs, ys, cells, owner)


# --- glyphs and lines --------------------------------------------------------------------

class _GlyphText(dict):
    """A text layer character -> the text of its glyph: "" (no character), " " for any
    whitespace (spaces matter only as word gaps: kept as marks), the NFKC form of a Kangxi
    radical or CJK compatibility ideograph, else itself. A dict lookup per character; a few
    thousand distinct characters, bounded."""

    def __missing__(self, c: str) -> str:
        t = c
        if c and ("\u2f00" <= c <= "\u2fdf" or "\uf900" <= c <= "\ufaff"):
            t = unicodedata.normalize("NFKC", c)  # Kangxi radical / compatibility form
        t = " " if t and t.isspace() else t
        if len(self) < 1 << 16:
            self[c] = t
        return t


_GLYPH_TEXT = _GlyphText()


def _page_glyphs(pymupdf, page) -> list[_Glyph]:
    flags = pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_PRESERVE_LIGATURES | pymupdf.TEXT_MEDIABOX_CLIP
    raw = page.get_text("rawdict", flags=flags)
    out: list[_Glyph] = []
    add, glyph, text = out.append, _Glyph, _GLYPH_TEXT  # (per character: the loop is a good part of a page's cost)
    for blk in raw.get("blocks", ()):
        for line in blk.get("lines", ()):
            vertical = line.get("wmode") == 1
            for span in line.get("spans", ()):
                size = span.get("size") or 10.0
                if not vertical:
                    for ch in span.get("chars", ()):
                        c = text[ch["c"]]
                        if c:
                            x0, y0, x1, y1 = ch["bbox"]
                            add(glyph(c, x0, y0, x1, y1, ch["origin"][1], size))
                    continue
                for ch in span.get("chars", ()):
                    c = text[ch["c"]]
                    if c:
                        x0, y0, x1, y1 = ch["bbox"]
                        # stacked glyphs (vertical writing): each is its own line, top to bottom
                        add(glyph(c, x0, y0, x1, y1, ch["origin"][1] if c == " " else (y0 + y1) / 2, size))
    return out


def _lines(glyphs: list[_Glyph]) -> list[list[_Glyph]]:
    """Glyphs grouped into visual lines (by baseline), lines top to bottom, glyphs left to right."""
    if len(glyphs) < 2:  # (most value cells hold one digit)
        return [[glyphs[0]]] if glyphs and glyphs[0].c != " " else []
    gs = sorted(glyphs, key=_BASE)
    lines: list[list[_Glyph]] = []
    cur: list[_Glyph] = []
    ref = 0.0
    for g in gs:
        tol = 0.45 * g.size
        if cur and g.base - ref <= tol:
            cur.append(g)
        else:
            if cur:
                lines.append(cur)
            cur = [g]
            ref = g.base
    lines.append(cur)
    for ln in lines:
        ln.sort(key=_X0)
    return [ln for ln in lines if ln[0].c != " " or any(g.c != " " for g in ln)]


_BASE, _X0 = attrgetter("base"), attrgetter("x0")  # sort keys (C, no lambda call per glyph)


def _join_line(glyphs: list[_Glyph]) -> str:
    """A visual line's text: a space where the PDF has one between words or where the gap
    is wider than about a character; duplicated glyphs of fake-bold text dropped."""
    parts: list[str] = []
    add, cjk = parts.append, _IS_CJK  # (per glyph)
    prev: _Glyph | None = None
    space = False
    for g in glyphs:
        c = g.c
        if c == " ":
            space = prev is not None
            continue
        if prev is not None:
            if c == prev.c and abs(g.x0 - prev.x0) < 0.3 * g.size and abs(g.base - prev.base) < 0.3 * g.size:
                continue  # overprinted (fake bold) glyph
            gap = g.x0 - prev.x1
            size = prev.size if prev.size > g.size else g.size
            if cjk[c[:1]] and cjk[prev.c[-1:]]:
                sep = gap > 1.0 * size
            else:
                sep = (space and gap > 0.1 * size) or gap > 0.6 * size
            if sep:
                add(" ")
        add(c)
        prev = g
        space = False
    return "".join(parts).strip()


def _make_line(glyphs: list[_Glyph]) -> _Line | None:
    text = _join_line(glyphs)
    if not text:
        return None
    real = [g for g in glyphs if g.c != " "]
    sizes = sorted([g.size for g in real])
    size = sizes[len(sizes) // 2]
    # one pass: the box, the least confidence, and the gaps that make a line tabular (one
    # gap over 1.5 characters, or two over 0.9)
    wide, wider = 0.9 * size, 1.5 * size
    first = real[0]
    x0, y0, x1, y1, conf = first.x0, first.y0, first.x1, first.y1, first.conf
    n_wide, very_wide = 0, False
    prev_x1 = x1
    for g in real[1:]:
        gap = g.x0 - prev_x1
        if gap > wide:
            n_wide += 1
        if gap > wider:
            very_wide = True
        prev_x1 = g.x1
        if g.x0 < x0:
            x0 = g.x0
        if g.y0 < y0:
            y0 = g.y0
        if g.x1 > x1:
            x1 = g.x1
        if g.y1 > y1:
            y1 = g.y1
        if g.conf is not None and (conf is None or g.conf < conf):
            conf = g.conf
    return _Line(text, x0, y0, x1, y1, conf, size, very_wide or n_wide >= 2)


def _cell_text(glyphs: list[_Glyph]) -> str:
    """Lines of a cell joined with "" (labels wrapped over lines, vertical labels)."""
    if not glyphs:
        return ""  # an empty cell (most of a table's value cells are short, many empty)
    out = ""
    for ln in _lines(glyphs):
        t = _join_line(ln)
        if not t:
            continue
        if out and out[-1].isascii() and out[-1].isalnum() and t[0].isascii() and t[0].isalnum() \
                and not (out[-1].isdigit() and t[0].isdigit()):
            out += " "
        out += t
    return strip_cell(clean(out))


# --- one page ----------------------------------------------------------------------------

def _layout(page_no: int, glyphs: list[_Glyph], grids: list) -> list:
    """Reading-order items of a page from its glyphs and ruling grids."""
    tables = [t for t in (_table_from_grid(page_no, h, v) for h, v in grids) if t]
    tables.sort(key=lambda t: (t.y0, t.x0))
    # nested or overlapping grids: keep the larger one
    kept: list[_TablePart] = []
    for t in sorted(tables, key=lambda t: -(t.x1 - t.x0) * (t.y1 - t.y0)):
        if not any(t.x0 >= k.x0 - _SNAP and t.x1 <= k.x1 + _SNAP and t.y0 >= k.y0 - _SNAP and t.y1 <= k.y1 + _SNAP
                   for k in kept):
            kept.append(t)
    tables = sorted(kept, key=lambda t: (t.y0, t.x0))
    free: list[_Glyph] = [] if tables else list(glyphs)
    # (per glyph: the tables' boxes as plain numbers, the slot lookup inlined)
    boxes = [(t, t.xs[0], t.xs[-1], t.ys[0], t.ys[-1], t.xs, t.ys, len(t.xs) - 2, len(t.ys) - 2, t.owner, t.cells)
             for t in tables]
    right = bisect.bisect_right
    for g in glyphs if tables else ():
        cx, cy = (g.x0 + g.x1) / 2, (g.y0 + g.y1) / 2
        for t, tx0, tx1, ty0, ty1, xs, ys, last_c, last_r, owner, cells in boxes:
            if tx0 <= cx <= tx1 and ty0 <= cy <= ty1:
                if len(g.c) > 1:
                    for piece in _split_box(t, g):
                        _place(t, piece, (piece.x0 + piece.x1) / 2, cy)
                else:  # _place
                    i = min(max(right(ys, cy) - 1, 0), last_r)
                    j = min(max(right(xs, cx) - 1, 0), last_c)
                    cells[owner[i][j]].glyphs.append(g)
                break
        else:
            free.append(g)
    items: list[tuple[float, int, str, object]] = []
    for t in tables:
        for c in t.cells:
            if not c.glyphs:
                continue  # empty: text "", conf None as made
            c.text = _cell_text(c.glyphs)
            confs = [g.conf for g in c.glyphs if g.conf is not None]
            c.conf = min(confs) if confs else None
            c.glyphs = []
        if any(c.text for c in t.cells):  # an empty ruled box (a frame, a blank form) is no table
            items.append((t.y0, 0, "table", t))
    for ln in _lines(free):
        line = _make_line(ln)
        if line:
            items.append((line.y0, 1, "line", line))
    items.sort(key=lambda it: (it[0], it[1]))
    return [(kind, obj) for _, _, kind, obj in items]


def _split_box(t: _TablePart, g: _Glyph) -> list[_Glyph]:
    """An OCR box read across column rulings ("0 0 0", "结果结果"), cut at the rulings,
    its characters spread evenly over its width."""
    cuts = [x for x in t.xs[1:-1] if g.x0 + 2 < x < g.x1 - 2]
    if not cuts:
        return [g]
    n = len(g.c)
    w = (g.x1 - g.x0) / n
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(bisect.bisect_left(cuts, g.x0 + (i + 0.5) * w), []).append(i)
    out = []
    for idx in sorted(groups):
        ii = groups[idx]
        text = g.c[ii[0]:ii[-1] + 1].strip()
        if text:
            out.append(_Glyph(text, g.x0 + ii[0] * w, g.y0, g.x0 + (ii[-1] + 1) * w, g.y1, g.base, g.size, g.conf))
    return out


def _place(t: _TablePart, g: _Glyph, cx: float, cy: float) -> None:
    i = min(max(bisect.bisect_right(t.ys, cy) - 1, 0), len(t.ys) - 2)
    j = min(max(bisect.bisect_right(t.xs, cx) - 1, 0), len(t.xs) - 2)
    t.cells[t.owner[i][j]].glyphs.append(g)


def _ocr_glyphs(pymupdf, page, page_no: int) -> tuple[list[_Glyph], list, list]:
    """OCR boxes of a page image as glyphs, and the ruling lines of that image.

    With the project's OCR module, ``ocr.read`` also deskews the page: its boxes are in
    the deskewed image (same size), so the rulings are taken from that image too."""
    try:
        from . import ocr  # type: ignore[attr-defined]
    except ImportError as e:
        raise LoadError("scanned PDF: install the OCR extra: pip install 'xxgk[ocr]'") from e
    pix = page.get_pixmap(dpi=_ocr_dpi(page, _SCAN_DPI, page_no), colorspace=pymupdf.csGRAY, alpha=False)
    png = pix.tobytes("png")
    image = None
    try:
        if callable(getattr(ocr, "read", None)):
            read = ocr.read(png, page_no)
            boxes = [b.tup() if hasattr(b, "tup") else b for b in read.boxes]
            image = getattr(read, "image", None)
        else:
            boxes = ocr.ocr_page(png, page_no)
    except LoadError:
        raise
    except Exception as e:
        raise LoadError(f"OCR failed on page {page_no + 1}: {_msg(e)}") from e
    sx = page.rect.width / pix.width
    sy = page.rect.height / pix.height
    glyphs = []
    for item in boxes or ():
        text, bbox, conf = item[0], item[1], (item[2] if len(item) > 2 else None)
        text = " ".join(str(text).split())
        if not text:
            continue
        x0, y0, x1, y1 = (float(v) for v in bbox)
        x0, x1 = min(x0, x1) * sx, max(x0, x1) * sx
        y0, y1 = min(y0, y1) * sy, max(y0, y1) * sy
        h = max(y1 - y0, 1.0)
        glyphs.append(_Glyph(text, x0, y0, x1, y1, y1 - 0.2 * h, h * 0.8, float(conf) if conf is not None else None))
    gray = _gray(pix)
    if image is not None and getattr(image, "shape", None) == gray.shape:
        gray = image
    hs, vs = _image_rulings(gray, sx, sy)
    return glyphs, hs, vs


def _gray(pix):
    """A grayscale pixmap as a 2-D uint8 array."""
    import numpy as np

    return np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.stride)[:, :pix.width]


def _inked_blanks(items: list, img, sx: float, sy: float) -> None:
    """Ruled cells an OCR'd page's text layer left blank whose box on the picture (2-D uint8,
    sx, sy: points per pixel) holds character-like ink - dark pixels well below the page's
    background, the cell's rules and specks left out - are not read as blank: their text
    confidence is INKED_BLANK_CONFIDENCE (the OCR lost the digits there). A cell with no such
    ink stays a blank as sure as the layer's reading."""
    import numpy as np

    bg = float(np.median(img))
    dark = img < 0.55 * bg
    m = 2.5  # pt inside the cell's rules (a rule drawn 1-2 pt wide, its centre the cell's edge)
    min_h = 4.0  # pt: the ink of a digit of body text is ~7 pt tall, a speck 1-2 pt
    for kind, obj in items:
        if kind != "table":
            continue
        for c in obj.cells:
            if c.text or c.dropped:
                continue
            x0, x1 = int((c.x0 + m) / sx), int((c.x1 - m) / sx)
            y0, y1 = int((c.y0 + m) / sy), int((c.y1 - m) / sy)
            if x1 - x0 < 2 or y1 - y0 < 2:
                continue
            crop = dark[max(y0, 0):y1, max(x0, 0):x1]
            if not crop.size:
                continue
            h, w = crop.shape
            rows = crop.sum(axis=1)
            cols = crop.sum(axis=0)
            # rule remnants: a row or column dark across (nearly) the whole crop
            crop = crop[rows < 0.8 * w][:, cols < 0.8 * h]
            if crop.sum() < min_h / sy:  # less ink than one stroke as tall as a digit
                continue
            ys = np.nonzero(crop.any(axis=1))[0]
            if (ys[-1] - ys[0] + 1) * sy >= min_h:
                c.conf = INKED_BLANK_CONFIDENCE


def _image_rulings(img, sx: float, sy: float) -> tuple[list, list]:
    """Long dark horizontal/vertical runs of a grayscale page image (2-D uint8 array) as
    ruling segments in page coordinates (sx, sy: points per pixel)."""
    import numpy as np

    dark = img < 140
    hs: list[list[float]] = []
    vs: list[list[float]] = []
    min_len = max(int(0.04 * img.shape[1]), 20)

    def runs(mask_rows, out, horizontal):
        for k, row in enumerate(mask_rows):
            if row.sum() < min_len:
                continue
            d = np.diff(np.concatenate(([0], row.view(np.int8), [0])))
            starts, ends = np.flatnonzero(d == 1), np.flatnonzero(d == -1)
            for a, b in zip(starts, ends):
                if b - a >= min_len:
                    if horizontal:
                        out.append([(k + 0.5) * sy, a * sx, b * sx])
                    else:
                        out.append([(k + 0.5) * sx, a * sy, b * sy])

    runs(dark, hs, True)
    runs(dark.T, vs, False)
    return hs, vs


def _read_page(pymupdf, page, page_no: int, glyphs: list[_Glyph] | None = None) -> _Page:
    """One page; `glyphs`: its text layer when already read (`_page_glyphs`)."""
    if glyphs is None:
        glyphs = _page_glyphs(pymupdf, page)
    ocr_used = False
    chars = [g.c for g in glyphs if g.c != " "]
    unreadable = len(chars) >= _MIN_TEXT_CHARS and sum(map(_unmapped, chars)) > 0.3 * len(chars)
    scanned = len(chars) < _MIN_TEXT_CHARS and _has_image(page)
    if (scanned or unreadable) and _ocr_available():
        glyphs, hs, vs = _ocr_glyphs(pymupdf, page, page_no)
        ocr_used = True
        scanned = unreadable = False
    else:
        try:
            drawings = page.get_cdrawings()
        except AttributeError:  # pragma: no cover - old PyMuPDF
            drawings = page.get_drawings()
        hs, vs = _segments(drawings)
    grids = _grids(hs, vs)
    ruling_dpi = _raster_dpi(page, _RULING_DPI, floor=_RULING_DPI / 4)
    if not grids and not ocr_used and glyphs and ruling_dpi and _has_image(page, 0.5):
        # a scan with a text layer (an OCR'd PDF): the table rulings are in the picture
        pix = page.get_pixmap(dpi=ruling_dpi, colorspace=pymupdf.csGRAY, alpha=False)
        hs, vs = _image_rulings(_gray(pix), page.rect.width / pix.width, page.rect.height / pix.height)
        if page.rotation:  # the picture is the page as shown; the text layer is unrotated
            hs, vs = _derotate(hs, vs, page.derotation_matrix)
        grids = _grids(hs, vs)
        # its text is an OCR's reading of the picture, not the characters the page was typeset
        # with: a lone digit lost as a rule ("|"), a 0 read as "o" - read as sure as a reading,
        # never as a typeset character (a break of the report's sums there is no proof the
        # report broke them: outcomes.reading_doubts "ocr")
        for g in glyphs:
            g.conf = OCR_LAYER_CONFIDENCE if g.conf is None else min(g.conf, OCR_LAYER_CONFIDENCE)
        items = _layout(page_no, glyphs, grids)
        if not page.rotation:  # (the picture is the page as shown: its boxes, unrotated)
            _inked_blanks(items, _gray(pix), page.rect.width / pix.width, page.rect.height / pix.height)
    else:
        items = _layout(page_no, glyphs, grids)
    # text layer and drawings are in unrotated page space, OCR boxes in the page as shown
    height = page.rect.height if ocr_used else page.cropbox.height
    return _Page(page_no, height, items, ocr=ocr_used, unreadable=unreadable, scanned=scanned)


@lru_cache(maxsize=1 << 16)
def _unmapped(c: str) -> bool:
    """A glyph the font maps to no character (U+FFFD, private use, control)."""
    return c == "\ufffd" or unicodedata.category(c[0]) in ("Co", "Cc", "Cn")


def _ocr_reads_pages() -> bool:
    """Does the OCR module recover whole pages (tables from the picture's rules), not only boxes?"""
    try:
        from . import ocr  # type: ignore[attr-defined]
    except ImportError:
        return False
    return callable(getattr(ocr, "read_page", None)) and callable(getattr(ocr, "assemble", None))


def _ocr_available() -> bool:
    """Is the OCR module there, and its engine installed (the ``ocr`` extra)?"""
    try:
        from . import ocr  # type: ignore[attr-defined]
    except ImportError:
        return False
    check = getattr(ocr, "available", None)
    return bool(check()) if callable(check) else True


def _derotate(hs: list, vs: list, m) -> tuple[list, list]:
    """Ruling segments of the page as shown, mapped to unrotated page space."""
    out_h: list[list[float]] = []
    out_v: list[list[float]] = []
    for segs, horizontal in ((hs, True), (vs, False)):
        for pos, a, b in segs:
            p = (a, pos) if horizontal else (pos, a)
            q = (b, pos) if horizontal else (pos, b)
            (px, py), (qx, qy) = (_apply(m, p), _apply(m, q))
            if abs(py - qy) < 1.0:
                out_h.append([(py + qy) / 2, min(px, qx), max(px, qx)])
            else:
                out_v.append([(px + qx) / 2, min(py, qy), max(py, qy)])
    return out_h, out_v


def _apply(m, p: tuple[float, float]) -> tuple[float, float]:
    x, y = p
    return x * m.a + y * m.c + m.e, x * m.b + y * m.d + m.f


def _has_image(page, share: float = 0.1) -> bool:
    """Does an image cover at least `share` of the page?"""
    if _draws_no_picture(page):
        return False
    try:
        infos = page.get_image_info()
    except Exception:
        return bool(page.get_images())
    area = abs(page.rect)
    return any(abs(_rect_area(i.get("bbox"))) > share * area for i in infos)


_REF = re.compile(r"(\d+)\s+\d+\s+R\b")  # an indirect object reference in a dictionary's text


def _draws_no_picture(page) -> bool:
    """True when the page certainly draws no picture, judged from its objects (~0.1 ms), so
    get_image_info, a text pass of the page of its own (~0.5 ms), need not look. A picture
    comes from an image or form XObject, an inline image, a shading or pattern, a soft mask, an
    annotation's appearance or a Type3 glyph: a page that has any of these, inherits its
    resources, or is anything else than expected is left to get_image_info (False)."""
    try:
        doc, xref = page.parent, page.xref
        if doc.xref_get_key(xref, "Annots")[0] != "null":
            return False
        kind, res = doc.xref_get_key(xref, "Resources")
        res = _dict_text(doc, kind, res)
        if not res or any(k in res for k in ("/XObject", "/Shading", "/Pattern")):
            return False  # (no resources of its own: inherited from the page tree)
        gs = _dict_text(doc, *doc.xref_get_key(xref, "Resources/ExtGState"))
        gs += "".join(doc.xref_object(int(n), compressed=True) for n in _REF.findall(gs))
        if "/Font" in gs or "/SMask" in gs.replace("/SMask/None", ""):
            return False
        fonts = _dict_text(doc, *doc.xref_get_key(xref, "Resources/Font"))
        fonts += "".join(doc.xref_object(int(n), compressed=True) for n in _REF.findall(fonts))
        if "/Type3" in fonts:
            return False
        return b"BI" not in page.read_contents()  # inline images (any "BI" at all: unsure)
    except Exception:  # unexpected objects: let get_image_info say
        return False


def _dict_text(doc, kind: str, value: str) -> str:
    """A dictionary's text from xref_get_key's answer, following a reference; "" if none."""
    if kind == "xref":
        return doc.xref_object(int(value.split()[0]), compressed=True)
    return value if kind == "dict" else ""


def _rect_area(b) -> float:
    if not b:
        return 0.0
    return max(0.0, b[2] - b[0]) * max(0.0, b[3] - b[1])


# --- furniture ---------------------------------------------------------------------------

def _furniture_key(line: _Line) -> tuple[str, int]:
    """Text with numbers masked, and the line's height on the page (in 8 pt steps)."""
    return re.sub(r"\d+", "#", "".join(line.text.split())), int(line.y0 // 8)


_BARE_NUMBER = re.compile(r"^\d{1,4}$")
# What a browser prints in the margins: the page's address, and "3/5" at the line's end.
_ADDRESS = re.compile(r"(?:https?|file|fil)\s*:\s*/|www\.", re.I)
_COUNTER_END = re.compile(r"(\d{1,3})\s*/\s*(\d{1,3})\s*$")
_PRINTED_AT = re.compile(r"^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}[,，]?\s*(?:上午|下午)?\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?\s*(?:[AaPp][Mm])?")


def _printed_by_browser(text: str, page_index: int, n_pages: int) -> bool:
    """A margin line with the page's address, the date and time it was printed at, or
    ending in this page's "n/N" counter."""
    if _ADDRESS.search(text) or _PRINTED_AT.match(text.strip()):
        return True
    m = _COUNTER_END.search(text)
    return bool(m) and int(m.group(2)) == n_pages and int(m.group(1)) == page_index + 1


def _drop_furniture(pages: list[_Page]) -> None:
    """Remove page numbers and running headers/footers from the top and bottom of pages:
    lines among the first or last three of a page, in its top or bottom margin, that read
    as a page number ("- 3 -", "— 3 —", "第 3 页", "3/5"; a bare "3" only as the very
    first or last line) or recur at the same height on at least half of the pages."""
    def edge_lines(p: _Page):
        out = []
        n = len(p.items)
        for k in sorted(set(range(min(3, n))) | set(range(max(0, n - 3), n))):
            kind, obj = p.items[k]
            if kind == "line" and (obj.y1 <= p.height * _MARGIN or obj.y0 >= p.height * (1 - _MARGIN)):
                out.append(k)
        return out

    counts: dict[tuple[str, int], int] = {}
    for p in pages:
        for k in edge_lines(p):
            key = _furniture_key(p.items[k][1])
            counts[key] = counts.get(key, 0) + 1
    repeated = max(2, (len(pages) + 1) // 2)
    for i, p in enumerate(pages):
        drop = set()
        n = len(p.items)
        for k in edge_lines(p):
            line = p.items[k][1]
            text = "".join(line.text.split())
            page_no = _PAGE_NO.match(line.text) and (not _BARE_NUMBER.match(text) or k in (0, n - 1))
            running = len(pages) >= 2 and len(text) <= 60 and counts.get(_furniture_key(line), 0) >= repeated
            # OCR reads a running line a little differently on every page, so it need not recur
            browser = len(pages) >= 2 and _printed_by_browser(line.text, i, len(pages))
            if page_no or running or browser:
                drop.add(k)
        if drop:
            p.furniture.extend(p.items[k][1].text for k in sorted(drop))
            p.items = [it for k, it in enumerate(p.items) if k not in drop]


# --- paragraphs --------------------------------------------------------------------------

_SENTENCE_END = ("。", "：", ":", "；", ";", "！", "？", "!", "?")


def _join_paragraphs(pages: list[_Page]) -> None:
    """Join the lines of a paragraph that the page width wrapped (also across a page
    break): a line that runs to the right edge of the text column, followed by a line of
    the same size without a new number, is continued by it. The text and HTML loaders give
    a paragraph as one line, and a wrapped line would otherwise cut a sentence into a
    label and a number ("…被申请行政复议3" / "件，提起行政诉讼12件。")."""
    rights = sorted(o.x1 for p in pages for k, o in p.items if k == "line" and not o.tabular)
    if not rights:
        return
    doc_right = rights[int(0.9 * (len(rights) - 1))]
    prev: _Line | None = None
    prev_page: _Page | None = None
    for p in pages:
        lines = [o for k, o in p.items if k == "line" and not o.tabular]
        right = max((o.x1 for o in lines), default=doc_right) if len(lines) >= 5 else doc_right
        out = []
        for kind, obj in p.items:
            if kind == "line" and prev is not None and _wraps_into(prev, obj, right, prev_page is not p):
                prev.text = _concat(prev.text, obj.text)
                prev.conf = _min_conf(prev.conf, obj.conf)
                # from now on the paragraph ends where its last line does
                prev.x1, prev.y0, prev.y1, prev.right = obj.x1, obj.y0, obj.y1, right
                prev_page = p
                continue
            out.append((kind, obj))
            if kind == "line":
                prev, prev_page = obj, p
                prev.right = right
            else:
                prev = None
        p.items = out
        if p.items and p.items[-1][0] != "line":
            prev = None


def _wraps_into(a: _Line, b: _Line, right: float, new_page: bool) -> bool:
    if a.tabular or b.tabular or abs(a.size - b.size) > 0.15 * max(a.size, b.size):
        return False
    if a.x1 < (a.right or right) - 1.5 * a.size:
        return False  # a ends before the right edge: the paragraph ends there
    if not new_page and (b.y0 - a.y1 > 1.2 * a.size or b.y0 < a.y0):
        return False
    if _NUMBERED.match(b.text) and a.text.endswith(_SENTENCE_END):
        return False
    if _NUMBERED.match(b.text) and len(b.text) <= 30:
        return False  # a heading
    return True


# --- tables across pages -----------------------------------------------------------------

def _continues(prev: _TablePart, nxt: _TablePart) -> bool:
    """Does `nxt` (first item of a page) continue `prev` (last item of the page before)?"""
    tol = 2 * _SNAP
    if abs(prev.x0 - nxt.x0) > tol or abs(prev.x1 - nxt.x1) > tol:
        return False
    inner = nxt.xs[1:-1]
    if not inner:
        return True
    hits = sum(1 for x in inner if any(abs(x - y) <= tol for y in prev.xs))
    return hits >= 0.5 * len(inner)


def _group_tables(pages: list[_Page]) -> list[list[_TablePart]]:
    """Table parts joined across page breaks; every part belongs to exactly one group."""
    groups: list[list[_TablePart]] = []
    last: _TablePart | None = None  # the last item of the previous page, if a table
    for p in pages:
        for k, (kind, obj) in enumerate(p.items):
            if kind != "table":
                continue
            if k == 0 and last is not None and last.page == p.number - 1 and _continues(last, obj):
                groups[-1].append(obj)
            else:
                groups.append([obj])
        if p.items and p.items[-1][0] == "table":
            last = p.items[-1][1]
        else:
            last = None
    return groups


def _layout_group(parts: list[_TablePart]) -> None:
    """Column indexes over the union of the parts' rulings; rows continued across parts,
    rows and merged cells cut by a page break joined again."""
    xs = _edges([x for p in parts for x in p.xs])

    def col(x: float) -> int:
        k = bisect.bisect_left(xs, x - _SNAP * 2)
        return min(k, len(xs) - 1)

    for p in parts:
        for c in p.cells:
            c0 = col(c.x0)
            c.c0, c.c1 = c0, max(col(c.x1), c0 + 1)
            c.rowspan = c.r1 - c.r0
    offset = 0
    prev: _TablePart | None = None
    for p in parts:
        if prev is not None:
            offset = _join_break(prev, p, offset)
        for c in p.cells:
            c.row = c.r0 + offset
        offset += len(p.ys) - 1
        prev = p


def _join_break(prev: _TablePart, nxt: _TablePart, offset: int) -> int:
    """Join what a page break cut in two; returns the row offset of `nxt`'s rows (one
    less than `offset` when `nxt`'s first row is the rest of `prev`'s last row).

    * a merged cell (row-group label) cut by the break continues in the same columns
      on the next page: blank there, or the rest of its text ("（四）无" + "法提供");
    * a row cut by the break: one side is an empty fragment (browsers leave an empty
      strip of the row's top at the page bottom), or its label goes on in the next page's
      first row ("5.要求行政机关确认或重新出" + "具已获取信息") with no new numbering."""
    last = len(prev.ys) - 2
    # cells touching the break, as the cell that carries them (a merged cell may already
    # run over several pages)
    edge = [c for c in prev.cells if c.r1 == last + 1 and (c.into is not None or not c.dropped)]
    bottom = [_rep(c) for c in edge]
    top = [c for c in nxt.cells if c.r0 == 0]
    if not bottom or not top:
        return offset
    by_cols = {(c.c0, c.c1): c for c in bottom}

    def tall(c: _Cell) -> bool:  # a merged cell (its rowspan counts the parts joined so far)
        return c.rowspan > 1

    def continuation(p: _Cell, c: _Cell) -> bool:
        if not p.text or not c.text:
            return True
        return not (_NUMBERED.match(c.text) or _NUMBERISH.match(c.text) or _NUMBERISH.match(p.text))

    # merged cells that go on across the break
    spans: list[tuple[_Cell, _Cell]] = []
    for c in top:
        p = by_cols.get((c.c0, c.c1))
        if p is not None and (tall(p) or tall(c)) and continuation(p, c):
            spans.append((p, c))
    joined = {id(x) for pc in spans for x in pc}
    flat_b = [c for c in edge if c.into is None and id(c) not in joined and c.rowspan == 1 and c.r0 == last]
    flat_t = [c for c in top if id(c) not in joined and c.r1 == 1]
    shift = 0
    if flat_b and not any(c.text for c in flat_b):  # empty fragment at the page bottom
        for c in flat_b:
            c.dropped = True
        shift = 1
    elif flat_t and not any(c.text for c in flat_t):  # empty rest of the row on the next page
        for c in flat_t:
            c.dropped = True
        shift = 1
    elif flat_b and flat_t and [(c.c0, c.c1) for c in flat_b] == [(c.c0, c.c1) for c in flat_t]:
        pairs = list(zip(flat_b, flat_t))
        if all(continuation(p, c) for p, c in pairs) and any(p.text and c.text for p, c in pairs):
            for p, c in pairs:
                p.text = _concat(p.text, c.text)
                p.conf = _min_conf(p.conf, c.conf)
                c.dropped = True
                c.into = p
            shift = 1
    for p, c in spans:
        p.text = _concat(p.text, c.text)
        p.conf = _min_conf(p.conf, c.conf)
        p.rowspan += c.rowspan - shift
        c.dropped = True
        c.into = p
    return offset - shift


def _min_conf(a: float | None, b: float | None) -> float | None:
    return b if a is None else a if b is None else min(a, b)


def _concat(a: str, b: str) -> str:
    if not a or not b:
        return a or b
    if a[-1].isascii() and a[-1].isalnum() and b[0].isascii() and b[0].isalnum():
        return a + " " + b
    return a + b


# --- document ----------------------------------------------------------------------------

def _emit(pages: list[_Page]) -> tuple[str, list[Block], dict[int, float]]:
    groups = _group_tables(pages)
    index: dict[int, tuple[int, list[_TablePart]]] = {}
    for n, g in enumerate(groups):
        _layout_group(g)
        for part in g:
            index[id(part)] = (n, g)
    out = DocumentBuilder()
    done: set[int] = set()
    for p in pages:
        for kind, obj in p.items:
            if kind == "line":
                out.line(obj.text, page=p.number + 1, text_confidence=obj.conf)
                continue
            n, g = index[id(obj)]
            if n in done:
                continue
            done.add(n)
            # all parts of the group, page by page (they are consecutive in reading order)
            cells = sorted((c for part in g for c in part.cells if not c.dropped), key=lambda c: (c.row, c.c0))
            pages_of = {id(c): part.page for part in g for c in part.cells}
            ncols = max((c.c1 for c in cells), default=1)
            by_row: dict[int, list[_Cell]] = {}
            for c in cells:
                by_row.setdefault(c.row, []).append(c)
            for r in sorted(by_row):
                rc = by_row[r]
                if not any(c.text for c in rc) and _gap_row(rc, ncols):
                    continue
                row = out.next_row
                printed: list[Block | Split] = []
                for c in rc:
                    page = pages_of[id(c)] + 1
                    parts = lost_rule_split(c.text, c.c1 - c.c0)
                    if parts:
                        printed.append(Split(c.text, [
                            Block(part, "cell", row=row, col=c.c0 + k, table=n, rowspan=max(1, c.rowspan),
                                  page=page, text_confidence=c.conf) for k, part in enumerate(parts)]))
                        continue
                    printed.append(Block(c.text, "cell", row=row, col=c.c0, table=n, rowspan=max(1, c.rowspan),
                                         colspan=max(1, c.c1 - c.c0), blank=not c.text, page=page,
                                         text_confidence=c.conf))
                out.row(printed)
    # the OCR confidence of each block that has one, by index in doc.blocks as loaded
    confs = {i: b.text_confidence for i, b in enumerate(out.blocks) if b.text_confidence is not None}
    return out.text, out.blocks, confs


def _gap_row(rc: list[_Cell], ncols: int) -> bool:
    """A row of only empty cells that holds no row of the table: thinner than a text line
    (a ruling artefact), or covering less than half the columns (the empty space a browser
    leaves under a merged cell continued from the page before)."""
    return all((c.y1 - c.y0) < 6.0 for c in rc) or sum(c.c1 - c.c0 for c in rc) < 0.5 * ncols


def _title(meta: dict) -> str | None:
    t = (meta or {}).get("title") or ""
    t = re.sub(r"^Microsoft (?:Word|PowerPoint|Excel) - ", "", t).strip()
    t = re.sub(r"\.(?:docx?|wps|pdf|xlsx?)$", "", t, flags=re.I).strip()
    return t or None


def _has_text(glyphs: list[_Glyph] | None) -> bool:
    """At least _MIN_TEXT_CHARS characters mapped to Unicode in a page's glyphs: then its
    plain text (what `_is_scan` counts) has them too, so the page is no scan. (The plain text
    is read with unmapped glyphs as their CIDs, which may count there but not here.)"""
    n = 0
    for g in glyphs or ():
        if g.c != " " and g.c != "\ufffd":
            n += 1
            if n >= _MIN_TEXT_CHARS:
                return True
    return False


def _is_scan(page) -> bool:
    """A page image with (next to) no text layer."""
    return len("".join(page.get_text("text").split())) < _MIN_TEXT_CHARS and _has_image(page)


def _scan_png(pymupdf, page, page_no: int = 0) -> bytes:
    """The page rendered at its picture's own resolution (150-300 dpi): no detail is made up
    or thrown away before OCR."""
    dpi = _SCAN_DPI
    infos = page.get_image_info()
    if infos:
        big = max(infos, key=lambda i: i["width"] * i["height"])
        width_pt = big["bbox"][2] - big["bbox"][0]
        if width_pt > 0:
            dpi = max(150, min(300, round(big["width"] / (width_pt / 72))))
    dpi = _ocr_dpi(page, dpi, page_no)
    return page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY, alpha=False).tobytes("png")


def _drop_scan_furniture(page_blocks, index: int, n_pages: int) -> list[str]:
    """Page numbers and what a browser prints in the margins, among the first and last two
    printed lines of an OCR'd page (no coordinates survive to tell margins apart)."""
    rows = sorted({b.row for b in page_blocks})
    edge = set(rows[:2] + rows[-2:])
    by_row: dict[int, list] = {}
    for b in page_blocks:
        by_row.setdefault(b.row, []).append(b)
    dropped = []
    for r in edge:
        line = by_row[r]
        if any(b.kind != "line" for b in line):
            continue  # a table row, never furniture
        text = " ".join(b.text for b in line)
        if _PAGE_NO.match(text.strip()) or _printed_by_browser(text, index, n_pages):
            dropped.append(text)
            keep = [(b, c) for b, c in zip(page_blocks, page_blocks.confidence) if b.row != r]
            page_blocks[:] = [b for b, _ in keep]
            page_blocks.confidence[:] = [c for _, c in keep]
    return dropped


def _parse_scan(pymupdf, pdf, source: Source) -> Document:
    """An image-only PDF, read page by page by the OCR module: its table structure comes from
    the rules in the (deskewed) picture and the boxes' geometry (extractor.loaders.ocr)."""
    n = pdf.page_count
    return read_scanned_pages(((lambda i=i: _scan_png(pymupdf, pdf[i], i)) for i in range(n)), n, source)


def read_scanned_pages(pictures, n: int, source: Source) -> Document:
    """One Document from `n` page pictures (callables giving each page's image, so a page is
    rendered only when it is read): each OCR'd (ocr.read_page), page numbers and browser margins
    dropped, the pages assembled with OCR confidence on every block. Scanned PDFs and page images
    (image.py) both come here."""
    from . import ocr  # type: ignore[attr-defined]

    pages = []
    furniture: list[str] = []
    row = table = 0
    for i, picture in enumerate(pictures):
        try:
            read = ocr.read_page(picture(), i + 1, row, table)
        except LoadError:
            raise
        except Exception as e:  # the OCR engine on a picture it cannot handle
            raise LoadError(f"OCR failed on page {i + 1}: {_msg(e)}") from e
        row, table = read.next_row, read.next_table
        furniture += _drop_scan_furniture(read, i, n)
        pages.append(read)
    doc, confs = ocr.assemble(pages, source)
    for b, c in zip(doc.blocks, confs):
        b.text_confidence = c
    doc.meta.update(pages=n, ocr_pages=list(range(1, n + 1)),
                    ocr_page_stats=[{"ms": p.ms, "cpu_ms": p.cpu_ms, "skew": p.skew} for p in pages])
    if furniture:
        doc.meta["furniture"] = furniture
    doc.warnings.append(f"text of page(s) {', '.join(map(str, range(1, n + 1)))} read by OCR")
    return doc


def parse(data: bytes, source: Source) -> Document:
    """A PDF's bytes -> Document; LoadError for encrypted, corrupt or truncated files."""
    pymupdf = _import()
    pdf = _open(pymupdf, data)
    try:  # page 1's text layer, read once: for the page, and to tell a text PDF from a scan
        first: list[_Glyph] | None = _page_glyphs(pymupdf, pdf[0])
    except Exception:  # a damaged page: the page-by-page reading below says which
        first = None
    try:
        # a first page with text is no scan (_is_scan would read it a second time to say so)
        scan = pdf.page_count > 0 and not _has_text(first) and all(_is_scan(p) for p in pdf)
    except Exception:  # a damaged page: the page-by-page reading below says which
        scan = False
    if scan and _ocr_available() and _ocr_reads_pages():
        try:
            doc = _parse_scan(pymupdf, pdf, source)
            try:
                doc.title = _title(pdf.metadata or {})
            except Exception:
                pass
            return doc
        finally:
            pdf.close()
    pages: list[_Page] = []
    broken: list[str] = []
    try:
        count = pdf.page_count
        for i in range(count):
            try:
                pages.append(_read_page(pymupdf, pdf[i], i, first if i == 0 else None))
            except LoadError:
                raise
            except Exception as e:  # damaged page content, broken fonts or xref
                broken.append(f"page {i + 1}: {_msg(e)}")
        try:
            meta_title = _title(pdf.metadata or {})
        except Exception:
            meta_title = None
    finally:
        pdf.close()
    if broken and not pages:
        raise LoadError(f"corrupt PDF: cannot read its pages ({broken[0]})")
    bad = [p.number + 1 for p in pages if p.unreadable]
    scans = [p.number + 1 for p in pages if p.scanned]
    readable = [p for p in pages if p.items and not p.unreadable and not p.scanned]
    if scans and not readable:
        raise LoadError("scanned PDF: install the OCR extra: pip install 'xxgk[ocr]'")
    if bad and not readable:
        raise LoadError("PDF text layer is unreadable (its fonts map glyphs to no characters): "
                        "install the OCR extra to read it: pip install 'xxgk[ocr]'")
    _drop_furniture(pages)
    _join_paragraphs(pages)
    text, blocks, confs = _emit(pages)
    if not blocks:
        raise LoadError("PDF has no text (no text layer and no scanned page)")
    meta: dict = {"pages": count}
    furniture = [t for p in pages for t in p.furniture]
    if furniture:
        meta["furniture"] = furniture
    ocr_pages = [p.number + 1 for p in pages if p.ocr]
    if ocr_pages:
        meta["ocr_pages"] = ocr_pages
        meta["ocr_confidence"] = confs
    doc = Document(source=source, text=text, blocks=blocks, title=meta_title, meta=meta)
    doc.warnings.extend(f"unreadable PDF {b} (left out)" for b in broken)
    if ocr_pages:
        doc.warnings.append(f"text of page(s) {', '.join(map(str, ocr_pages))} read by OCR")
    if scans:
        doc.warnings.append(f"page(s) {', '.join(map(str, scans))} are scanned images and were not read "
                            "(install the OCR extra: pip install 'xxgk[ocr]')")
    if bad:
        doc.warnings.append(f"unreadable text layer on page(s) {', '.join(map(str, bad))} "
                            "(glyphs without a Unicode mapping; the OCR extra would read them)")
    return doc
