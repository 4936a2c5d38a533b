"""Text placed by coordinate attributes -> absolutely positioned HTML (positioned.py reads it).

PDF and OCR tools that keep where each run of text was printed write it as XML attributes,
not CSS: a `<text top=".." left=".." height="..">` per run (pdftohtml -xml), a `<word xMin=".."
yMin=".." xMax=".." yMax="..">` per word (pdftotext -bbox, -bbox-layout), a `<String
CONTENT=".." HPOS=".." VPOS=".." HEIGHT="..">` per word (ALTO), an element titled `bbox x0 y0 x1
y1` per word (hOCR), a `<text bbox="x0,y0,x1,y1">` per character (pdfminer's XML, y counting up
from the page's bottom: turned upright, its characters joined into runs), an element per
character with its four corners in a `quad` and its text in a `c` attribute inside lines with a
`bbox="x0 y0 x1 y1"` (MuPDF's structured text, y down). Read as markup, their text runs together in one line or comes a tag a
line; the table is only where things were printed. Each run becomes a span placed at its
coordinates (its height as its font size), each page a `position:relative` box, as PDF-to-HTML
converters print them, so one reader rebuilds lines and tables from coordinates.
"""
from __future__ import annotations

import itertools
import math
import re
from html import escape

from ..model import LoadError
from .cells import CJK

# an element carrying its box as attributes (the attribute names, not the tool, decide)
_BOX = re.compile(r"""<[\w:.-]+(?:\s[^<>]*?)?\s(?:(?:top|ymin|vpos)\s*=\s*["']\s*-?[\d.]|title\s*=\s*["'][^"'<>]*\bbbox\s+-?\d"""
                  r"""|bbox\s*=\s*["']\s*-?[\d.]+\s*,|(?:bbox|quad)\s*=\s*["']\s*-?[\d.]+\s+-?[\d.]+\s+-?[\d.]+\s+-?[\d.]+)""", re.I)
_CJK_RUN = re.compile(f"[{CJK}]+")
_TOP = re.compile(r"top\s*=")  # with ymin, vpos, bbox: what _BOX needs, found without parsing tags
_BBOX = re.compile(r"\bbbox\s+(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)")
# an OCR engine's own score of a word, 0-100, in the box's title (hOCR: "x_wconf 49"; a
# character's "x_conf 91.3", a word's characters "x_confs 96 30 88" where the engine writes them)
_WCONF = re.compile(r"\bx_w?conf\s+(-?[\d.]+)")
_CONFS = re.compile(r"\bx_confs((?:\s+-?[\d.]+)+)")
_COMMA_BOX = re.compile(r"(-?[\d.]+)\s*,\s*(-?[\d.]+)\s*,\s*(-?[\d.]+)\s*,\s*(-?[\d.]+)")
# numbers apart by spaces: a box x0 y0 x1 y1, or a quad's four corners (x, y of each)
_SPACED = re.compile(r"-?[\d.]+(?:\s+-?[\d.]+){3}(?:(?:\s+-?[\d.]+){4})?")
_PAGES = ("page",)  # local names of page elements (pdftohtml -xml, pdftotext -bbox, ALTO's Page)
_MIN_RUNS = 3


def placed(head: str) -> bool:
    """Does the text (its first part) place at least three runs by coordinate attributes, and
    is it no HTML page that positions by CSS (positioned.py reads those as they are)?"""
    head = head[:65536]
    # (every HTML page is asked: the attribute names' absence settles it before any tag is parsed)
    low = head.lower()
    if not ("ymin" in low or "vpos" in low or "bbox" in low or _TOP.search(low)):
        return False
    runs = itertools.islice(_BOX.finditer(head), _MIN_RUNS)
    return sum(1 for _ in runs) >= _MIN_RUNS and "position:absolute" not in head.replace(" ", "")


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _num(v: str | None) -> float | None:
    """A coordinate: finite and within any page (not "nan", "1e308")."""
    try:
        x = float(v) if v is not None else None
    except ValueError:
        return None
    return x if x is not None and math.isfinite(x) and abs(x) < 1e6 else None


def _page(el) -> bool:
    return _local(el.tag) in _PAGES or "ocr_page" in (el.get("class") or "").split()


def _box(el, sizes: dict[str, float]) -> tuple[float, float, float, float | None, float | None] | None:
    """(top, left, font size, width, height) of a run (width/height None where not given), from
    whichever vocabulary of coordinates it carries."""
    a = {k.lower(): v for k, v in el.attrib.items()}
    if "top" in a and "left" in a:  # pdftohtml -xml: its font's size where it names one
        top, left, w, h = _num(a["top"]), _num(a["left"]), _num(a.get("width")), _num(a.get("height"))
        size = sizes.get(a.get("font", ""), h)
    elif "ymin" in a and "xmin" in a:
        top, left, x1, y1 = _num(a["ymin"]), _num(a["xmin"]), _num(a.get("xmax")), _num(a.get("ymax"))
        w = x1 - left if x1 is not None and left is not None else None
        h = size = y1 - top if y1 is not None and top is not None else None
    elif "vpos" in a and "hpos" in a:
        top, left, w = _num(a["vpos"]), _num(a["hpos"]), _num(a.get("width"))
        h = size = _num(a.get("height"))
    elif _COMMA_BOX.fullmatch(a.get("bbox", "").strip()):  # pdfminer's XML: x0,y0,x1,y1 (y up, see rises)
        left, top, x1, y1 = (_num(g) for g in _COMMA_BOX.fullmatch(a["bbox"].strip()).groups())
        w = x1 - left if x1 is not None and left is not None else None
        h = y1 - top if y1 is not None and top is not None else None
        size = _num(a.get("size")) or h
    elif _SPACED.fullmatch(a.get("quad", a.get("bbox", "")).strip()):  # MuPDF's stext: y down
        left, top, w, h = _spaced_box(a.get("quad", a.get("bbox", "")))
        size = h
    else:
        m = _BBOX.search(a.get("title", ""))
        if not m:
            return None
        left, top, x1, y1 = (_num(g) for g in m.groups())
        w = x1 - left if x1 is not None and left is not None else None
        h = size = y1 - top if y1 is not None and top is not None else None
    if top is None or left is None:
        return None
    return top, left, size if size and size > 0 else 12.0, w, h


def _spaced_box(v: str) -> tuple[float | None, ...]:
    """(left, top, width, height) of numbers apart by spaces: a box (x0 y0 x1 y1) or a quad
    (four corners, x y each, in any order: the box that holds them)."""
    nums = [_num(x) for x in v.split()]
    if any(x is None for x in nums):
        return None, None, None, None
    xs, ys = nums[0::2], nums[1::2]
    return min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)


def _conf(el) -> float | None:
    """How sure the engine that read the run's text says it is (0-1): the least of the word's
    score and its characters' where the title gives them; None where it gives none."""
    title = el.get("title") or ""
    if "conf" not in title:
        return None
    scores = [_num(m.group(1)) for m in _WCONF.finditer(title)]
    scores += [_num(v) for m in _CONFS.finditer(title) for v in m.group(1).split()]
    scores = [v for v in scores if v is not None and 0 <= v <= 100]
    return min(scores) / 100 if scores else None


def _pieces(t: str, box) -> list[tuple[str, float, float, float]]:
    """(text, top, left, size) of the spans a run prints. A run of CJK characters whose box is
    taller than wide was printed one character below the other (a group label in a narrow
    column, one word to pdftotext -bbox): a span per character, so that it spans no rows."""
    top, left, size, w, h = box
    if len(t) >= 2 and w and h and h > 1.5 * w and _CJK_RUN.fullmatch(t):
        step = h / len(t)
        return [(c, top + k * step, left, step) for k, c in enumerate(t)]
    return [(t, top, left, size)]




def _text(el) -> str:
    content = el.get("CONTENT") if el.get("CONTENT") is not None else el.get("content")
    if content is None and len(el) == 0 and not (el.text or "").strip():
        content = el.get("c")  # an empty element a character, its text an attribute (MuPDF's <char c>)
    return content if content is not None else "".join(el.itertext())


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _root(text: str):
    from lxml import etree  # (the sniffing that imports this module needs no parser)

    # a control character (a PDF title's) is no XML: the recovering parser would lose the
    # structure after it (pages run together), so it goes first
    data = _NOT_XML.sub(" ", text).encode("utf-8")
    for parser in (etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False),
                   etree.HTMLParser(no_network=True, huge_tree=False)):
        root = etree.fromstring(data, parser)
        if root is not None:
            return root
    raise LoadError("cannot parse the placed text's markup")


def as_html(text: str) -> str:
    """The runs as positioned spans, a relative box per page (runs outside any page: one)."""
    root = _root(text)
    sizes = {el.get("id"): _num(el.get("size")) for el in root.iter()
             if _local(el.tag) == "fontspec" and el.get("id") is not None and _num(el.get("size"))}
    boxes = {}
    for el in root.iter():
        if isinstance(el.tag, str) and not _page(el):
            box = _box(el, sizes)
            if box is not None:
                boxes[el] = box
    # the innermost boxes only: a line's box holds its words' (hOCR's ocr_line, bbox's <line>)
    outer: set = set()
    for el in boxes:
        for a in el.iterancestors():
            if a in outer:
                break
            outer.add(a)
    pages: list[tuple[bool, list, float | None]] = [(False, [], None)]
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        if _page(el):
            pages.append((True, [], _page_height(el)))
            continue
        if el not in boxes or el in outer:
            continue
        t = " ".join(_text(el).split())
        if t:
            conf = _conf(el)
            pages[-1][1].append((t, *boxes[el]) + ((conf,) if conf is not None else ()))
    pages = [pg for pg in pages if pg[0] or pg[1]]
    up = rises([runs for _, runs, _ in pages])
    return page_html((boxed, _upright(runs, height) if up else runs) for boxed, runs, height in pages)


def _page_height(el) -> float | None:
    """A page element's height where its box is given as x0,y0,x1,y1 (pdfminer's <page bbox>)."""
    m = _COMMA_BOX.fullmatch((el.get("bbox") or "").strip())
    if not m:
        return None
    y0, y1 = _num(m.group(2)), _num(m.group(4))
    return y1 - y0 if y0 is not None and y1 is not None and y1 > y0 else None


def rises(pages: list[list]) -> bool:
    """Do the coordinates count upwards (PDF user space, as pdfminer writes boxes)? Text is
    written from the top of a page down, so in the order runs come the y of a page counting
    from its bottom falls: runs going up from one to the next far more often than down. One
    file counts one way on every page, so its pages vote together: a page alone can say too
    little (a short last page) or mislead (a table whose cells are written column by column),
    and read the wrong way up its lines come bottom first."""
    up = down = 0
    for runs in pages:
        for a, b in zip(runs, runs[1:]):
            d = b[1] - a[1]
            if abs(d) > 0.5 * a[3]:
                up += d < 0
                down += d > 0
    return up >= 10 and up > 2 * down


def _upright(runs: list, height: float | None) -> list:
    """Runs measured from the page's bottom, as measured from its top (a box's top is then
    the page's height less its upper edge)."""
    height = height or max(r[1] + (r[5] or r[3]) for r in runs)
    return [(t, height - top - (h or size), left, size, w, h, *conf) for t, top, left, size, w, h, *conf in runs]


def _joined(runs: list) -> list:
    """A page printed a character a box (pdfminer's XML, a per-glyph dump): the characters
    of a word or a cell, one after the other on a line and close, become one run (a gap wider
    than a fifth of the font a space), so that the page is read as runs of text, not glyphs."""
    if len(runs) < 20 or sum(len(r[0]) == 1 for r in runs) < 0.8 * len(runs):
        return runs
    tracking = _digit_tracking(runs)
    out = [list(runs[0])]
    for prev, (t, top, left, size, w, h, *conf) in zip(runs, runs[1:]):
        p = out[-1]
        end = p[2] + (p[4] if p[4] is not None else 0)
        gap = left - end
        if (len(t) == 1 and len(prev[0]) == 1 and p[4] is not None and w is not None  # glyph after glyph
                and abs(top - p[1]) <= 0.25 * size and abs(size - p[3]) <= 0.2 * size and -0.3 * size <= gap <= 0.6 * size):
            # (a number's glyphs, and its unit after it, set apart by the page's tracking)
            tracked = tracking is not None and gap <= (tracking + 0.2) * size and _DIGIT.fullmatch(prev[0]) is not None
            p[0] += (" " if gap > 0.2 * size and not tracked else "") + t
            p[4] = left + w - p[2]
            p[5] = max(p[5] or 0, h or 0) or None
            if conf:  # (the least sure glyph's score is the run's)
                p[6:] = [min(p[6], conf[0])] if len(p) > 6 else conf
        else:
            out.append([t, top, left, size, w, h, *conf])
    return [tuple(r) for r in out]


_DIGIT = re.compile(r"[\d.,]+")


def _digit_tracking(runs: list) -> float | None:
    """The gap a page sets between the glyphs of its numbers where it prints every digit
    apart (letter-spacing: a glyph's box only its advance, "9 5 3 . 3 1 8"), as a share of
    the font size: its usual digit-to-digit gap on a line, when that is wider than a word
    space; None where its digits sit close (the gaps then say where words end, as they are).
    A gap up to a fifth of the font wider (a narrow point's) is the same tracking."""
    gaps = sorted((b[2] - (a[2] + a[4])) / a[3] for a, b in zip(runs, runs[1:])
                  if len(a[0] + b[0]) == 2 and _DIGIT.fullmatch(a[0] + b[0]) and a[4] is not None and a[3] > 0
                  and abs(b[1] - a[1]) <= 0.25 * a[3] and 0 <= b[2] - (a[2] + a[4]) <= 0.6 * a[3])
    if len(gaps) < 10:
        return None
    mid = gaps[len(gaps) // 2]
    return mid if mid > 0.2 else None


def page_html(pages) -> str:
    """Positioned HTML of placed runs: `pages` (boxed, runs) in order, a run (text, top, left,
    font size, width, height) measured from the page's top left (width, height None where
    not known), and where a run has a seventh, how sure the engine that read it is of its text
    (0-1, `data-confidence`); a boxed page is a `position:relative` box, runs outside any page are not."""
    out = ['<html><body>']
    for boxed, runs in pages:
        if boxed:
            out.append('<div style="position:relative">')
        for t, top, left, size, w, h, *conf in _joined(runs):
            sure = f' data-confidence="{conf[0]:.3f}"' if conf else ""
            for piece, y, x, sz in _pieces(t, (top, left, size, w, h)):
                out.append(f'<span style="position:absolute;top:{y:.2f}px;left:{x:.2f}px;'
                           f'font-size:{sz:.2f}px"{sure}>{escape(piece)}</span>')
        if boxed:
            out.append('</div>')
    out.append('</body></html>')
    return "\n".join(out)
