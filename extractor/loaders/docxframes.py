"""A DOCX whose text stands in anchored text boxes placed by offsets -> positioned HTML.

PDF-to-Word converters that keep the page's look (LibreOffice's PDF import saved as DOCX, and
its like) write no paragraphs or tables: every line fragment of the PDF becomes a floating text
box (wp:anchor) at an offset from its anchor, often all anchored to one paragraph, the pages
one over the other. Read in document order, the boxes come in the PDF's content order (labels
and values of a table in any order). Here each box becomes a run at its offset
(placed.page_html), cut into pages where a box lands on one already printed
(records._pages), so the positioned reader rebuilds lines and tables from coordinates, as for
PDFs. Boxes anchored to different paragraphs have offsets from different places: read this
way only where all are measured from one place (one anchoring paragraph, or the page).
"""
from __future__ import annotations

from . import placed, records

_WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_EMU_PT = 12700.0  # EMUs a point
_MIN_BOXES = 20
_SHARE = 0.8  # of the body's printed characters that must stand in the placed boxes


def _offset(anchor, axis: str) -> tuple[str, float] | None:
    pos = anchor.find(f"{_WP}position{axis}")
    off = pos.find(f"{_WP}posOffset") if pos is not None else None
    try:
        return pos.get("relativeFrom") or "", float(off.text) / _EMU_PT
    except (AttributeError, TypeError, ValueError):
        return None


def placed_runs(body, T) -> list | None:
    """The body's anchored text boxes as runs (text, top, left, size, width, height) in points,
    in document order; None when the body is not such a document."""
    runs, bases = [], set()
    boxed_chars = 0
    for anchor in body.iter(f"{_WP}anchor"):
        h, v = _offset(anchor, "H"), _offset(anchor, "V")
        ext = anchor.find(f"{_WP}extent")
        box = next(anchor.iter(T.txbxContent), None)
        if h is None or v is None or ext is None or box is None:
            continue
        lines = ["".join(t.text or "" for t in p.iter(T.t)) for p in box.iter(T.p)]
        lines = [ln.strip() for ln in lines if ln.strip()]
        if not lines:
            continue
        try:
            w, hgt = float(ext.get("cx")) / _EMU_PT, float(ext.get("cy")) / _EMU_PT
        except (TypeError, ValueError):
            continue
        if hgt <= 0 or w < 0:
            continue
        para = next((a for a in anchor.iterancestors(T.p)), None)
        # (the paragraph element itself, not id(para): lxml frees an element's Python object
        # once unreferenced and reuses its address for the next, so ids of elements met one at
        # a time tell nothing; held in the set, the object lives and compares by identity)
        bases.add((h[0], v[0], para if v[0] == "paragraph" else None))
        sz = next((s for s in box.iter(f"{{{T.w}}}sz")), None)
        try:
            size = float(sz.get(T.val)) / 2 if sz is not None else None
        except (TypeError, ValueError):
            size = None
        step = hgt / len(lines)
        for k, ln in enumerate(lines):
            runs.append((ln, v[1] + k * step, h[1], size or step, w, step))
            boxed_chars += len(ln)
    if len(runs) < _MIN_BOXES or len({b[1:] for b in bases}) != 1:
        return None
    # the body's printed characters, less the copies an mc:Fallback repeats for older readers
    printed = sum(len((t.text or "").strip()) for t in body.iter(T.t))
    printed -= sum(len((t.text or "").strip()) for fb in body.iter(_FALLBACK) for t in fb.iter(T.t))
    if boxed_chars < _SHARE * printed:
        return None
    return runs


def as_html(runs: list) -> str:
    # the boxes come page by page, each page's top down (the PDF's content order): a box
    # higher than the one before by half the pages' height starts the next page, even where it
    # lands on no box of the page before
    height = max(r[1] + r[5] for r in runs)
    return placed.page_html((True, p) for p in records._pages(runs, rise=0.5 * height))
