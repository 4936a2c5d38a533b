"""OCR of page images (scanned PDF pages) -> blocks, with the OCR confidence of each block.

Optional: needs the ``ocr`` extra (``pip install 'xxgk[ocr]'``: rapidocr-onnxruntime, which
brings onnxruntime, opencv-python and numpy, and ships the PP-OCRv4 Chinese detection and
recognition models inside its wheel; nothing is downloaded at run time and no socket is
opened). Nothing heavy is imported until a page is read; the engine loads once per
process (module-level lazy singleton, ~1 s) and is thread-safe.

API
---
    available() -> bool
        Is the OCR extra installed? (cheap: imports nothing)

    ocr_page(png: bytes, page_no: int) -> list[(text, (x0, y0, x1, y1), conf)]
        Every text box on a page image (PNG/JPEG bytes), top to bottom. The page is
        deskewed first (skew estimated from the sharpness of the horizontal ink profile,
        +-3 degrees, to 0.01 degree); bboxes are pixel coordinates in the *deskewed*
        image, which has the input's size (rotation about the centre). conf: the
        recogniser's confidence, 0..1 (mean over the characters; a character and its
        other-width twin, 0/０ or (/（, count as one; read() keeps the least sure
        character's in box.extra["least"]). Raises LoadError(INSTALL_HINT)
        when the extra is missing.

    read(png, page_no) -> OcrPage
        What ocr_page() does, keeping the rest: .boxes (objects with .text, .x0 .y0 .x1
        .y1, .conf, .tup() -> the ocr_page tuple), .image (the deskewed grayscale page,
        numpy uint8), .grids (ruled tables found: grid.Grid with xs, ys, cells (r0, c0, r1, c1)),
        .skew (degrees removed), .ms, .ink (binarised page without its rules).

    table_blocks(boxes, page_no, row0=0, table_index=0, image=None, grids=None) -> OcrBlocks
        Blocks of one page from its boxes (as ocr_page returns them): tables become
        kind="cell" blocks with a grid position (row, col, table, rowspan, colspan, blank)
        as the HTML loader makes them; all other text becomes kind="line" blocks, one per
        printed line. Layout rows are numbered from row0, tables from table_index.
        The table structure comes from ruling lines - of ``image`` (PNG bytes or a
        grayscale ndarray of the *deskewed* page, e.g. OcrPage.image) or given ``grids`` -
        when the page is ruled; otherwise from geometry alone (rows by centre clustering,
        columns by where the segments of most multi-column lines lie, a wrapped first-
        column line joined to its row). Boxes inside one cell (a label wrapped over lines,
        stacked vertical text) join with "". A cell spanning rows is emitted on the row
        its text starts on (its first row when blank); cells whose borders a page break
        removed are cut where rules are.

    read_page(png, page_no, row0=0, table_index=0) -> OcrBlocks
        read() + table_blocks() with the page's grids.

    assemble(pages, source) -> (Document, confidences)
        A Document from the OcrBlocks of consecutive pages (Document.text and offsets by
        builder.DocumentBuilder, as for every loader: one line per layout row, cells
        joined by tabs), and
        the OCR confidence of each of its blocks (a list parallel to Document.blocks as
        assembled; pipeline.parse_document's split_runs later inserts blocks).
        read_pages(pngs, source) does it all for a list of page images.

OcrBlocks is a list of Block (block.start/end are 0 until assemble() sets them) with
    .confidence  list[float], parallel to the blocks: the OCR confidence of each block,
                 the lowest of its boxes' (a cell reading as a number: its least sure
                 character's, at most 0.6 where a letter became a digit, numeric_fix);
                 for a blank ruled cell how sure we are it is
                 empty: 1.0 without character-like ink, 0.3 with ink nothing was read
                 from (0.8 for a blank slot of an unruled table, 0.9 without an image),
    .next_row, .next_table  the row0/table_index to pass for the next page,
    .skew        degrees removed from the page, .ms the page's OCR wall time and .cpu_ms
                 its CPU time (all threads; steadier than wall time on a busy machine).

How the recogniser is used (what makes table cells read right)
    * detection runs on the page reduced to ~1000 px on its short side (10x cheaper
      than full size, as good), with a box threshold of 0.3 so lone digits are kept;
    * crops are cut from the full-resolution page, padded, and clipped to the inside of
      their ruled cell (a rule in a crop reads as 1 or |);
    * the short boxes of one table row are read as one strip (pieces side by side with
      small gaps; characters go back to pieces by their CTC position), ~5x faster than a
      call per cell; doubtful pieces are re-read between two copies of a surely read
      number of the same page (a lone 0 reads at ~0.45, in context at ~0.99), and alone as
      their cell cuts them (a lone 1 cut to its ink, as strip pieces are, reads as 4);
    * a ruled cell with ink but no (or a sliver of a) detected box - the detector misses
      lone small digits - gets its ink's bounding box read like a detected one;
    * a cell's number read alone (too long for a strip, or a tall narrow box) with a doubtful
      character is read again cut to its ink: a second view that reads the same digits
      settles them as surely as it reads them; one that reads others leaves the doubt;
    * a box that reads again a part of a wider box of its cell (a label's item number boxed
      alone and inside the label's box: "2" and "2、其他…") is dropped (_distinct);
    * a cell's one box read as digit groups apart ("4 6 213") whose digits stand no further
      apart on the ink than the page prints the digits of the numbers it reads whole (a page
      that letter-spaces its digits) is one number (_letter_spaced);
    * in cells, a reading made only of digits and look-alikes (。 . o O 〇 ○ ° D Q 口 ·)
      takes the likeliest digit at each look-alike step, confidence p(digit) + p(look-
      alike)/2; numeric_fix() maps o/O/〇->0 and l/I/|->1 in number-like cells;
    * fullwidth digits and letters come out ASCII.

What OCR errors look like (python -m training.scan errors on the scanned dev set):
numbers are almost never misread as other numbers; the errors are a lone 0 not read
(an ink-bearing blank cell, confidence 0.3) or read doubtfully, a digit dropped or
doubled inside a strip (re-read when the ink has more blobs than the text digits), and
in labels: a character doubled (其他也结果, 上上年) or dropped (不予 -> 不), 、 dropped
after 一/二, 未 read as 末, and (/（ width swaps.
"""
from __future__ import annotations

import importlib.util
import math
import os
import re
import threading
import time
from dataclasses import dataclass, field

from .. import limits
from ..model import Block, Document, LoadError, Source
from .builder import DocumentBuilder
from .cells import clean, lost_rule_split, strip_cell
from .grid import Grid, connected, crosses, grid_from_rules

INSTALL_HINT = "scanned PDF: install the OCR extra: pip install 'xxgk[ocr]'"

Box = tuple  # (text, (x0, y0, x1, y1), conf)


def available() -> bool:
    """True when rapidocr-onnxruntime (and so onnxruntime, OpenCV, numpy) is installed."""
    try:
        return all(importlib.util.find_spec(m) is not None
                   for m in ("rapidocr_onnxruntime", "onnxruntime", "cv2", "numpy"))
    except (ImportError, ValueError):
        return False


class OcrBlocks(list):
    """Blocks of one page (a list of Block) plus a parallel list of OCR confidences."""

    def __init__(self, blocks=(), confidence=(), next_row: int = 0, next_table: int = 0,
                 skew: float = 0.0, ms: float = 0.0, cpu_ms: float = 0.0):
        super().__init__(blocks)
        self.confidence: list[float] = list(confidence)
        self.next_row = next_row
        self.next_table = next_table
        self.skew = skew
        self.ms = ms
        self.cpu_ms = cpu_ms


# =========================================================================================
# engine
# =========================================================================================

_ENGINE = None
_LOCK = threading.Lock()


def _engine():
    """The RapidOCR engine, loaded once (the models are files inside the wheel)."""
    global _ENGINE
    if _ENGINE is None:
        with _LOCK:
            if _ENGINE is None:
                if not available():
                    raise LoadError(INSTALL_HINT)
                try:
                    from rapidocr_onnxruntime import RapidOCR
                except Exception as e:  # broken install (missing shared library, ...)
                    raise LoadError(f"{INSTALL_HINT} ({e})") from e
                # one onnxruntime thread per process unless $XXGK_OCR_THREADS says otherwise:
                # its default pool (one thread per core) oversubscribes the cores under
                # `--jobs N` and costs more CPU per page even alone (2.25 s vs 3.9 s measured)
                threads = int(os.environ.get("XXGK_OCR_THREADS", "1") or 1)  # 0: onnxruntime's own default
                kw = {"intra_op_num_threads": threads, "inter_op_num_threads": 1} if threads > 0 else {}
                eng = RapidOCR(print_verbose=False, **kw)
                # a lone small digit in a table cell scores low as a text region: keep
                # boxes down to 0.3 (the recogniser's confidence filters the false ones)
                eng.text_det.postprocess_op.box_thresh = 0.3
                _ENGINE = eng
    return _ENGINE


def _np():
    import numpy as np

    return np


def _cv2():
    import cv2

    return cv2


# =========================================================================================
# image helpers
# =========================================================================================

def _check_pixels(data: bytes) -> None:
    """Refuse a PNG whose header claims more than limits.MAX_RASTER_PIXELS before decoding
    allocates it (a small file can claim a huge image)."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        w, h = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        if w * h > limits.MAX_RASTER_PIXELS:
            raise LoadError(f"page image of {w} × {h} pixels, more than {limits.MAX_RASTER_PIXELS:,} "
                            f"(XXGK_MAX_RASTER_PIXELS)")


def _decode(png):
    """PNG/JPEG bytes (or an ndarray) -> grayscale uint8 array."""
    np, cv2 = _np(), _cv2()
    if isinstance(png, np.ndarray):
        img = png
    else:
        _check_pixels(png)
        img = cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_UNCHANGED)
        if img is None:
            raise LoadError("cannot decode the page image")
    if img.ndim == 3:
        if img.shape[2] == 4:  # transparent background -> white
            alpha = img[:, :, 3:4].astype(np.float32) / 255
            img = (img[:, :, :3] * alpha + 255 * (1 - alpha)).astype(np.uint8)
        img = cv2.cvtColor(img, cv2.COLOR_BGR2GRAY)
    return img


def _unit(gray, heights=None) -> float:
    """Pixels per typographic point. From the page size when the image is a whole A4 /
    letter page; from the text (a median detected box is ~16 pt tall for body text in
    10.5-12 pt) when the two disagree by too much (a cropped or odd-sized image)."""
    h, w = gray.shape[:2]
    page = max(0.8, min(w, h) / 8.3 / 72)
    if heights:
        hs = sorted(heights)
        text = hs[len(hs) // 2] / 16
        if not 0.6 <= text / page <= 2.2:
            return max(0.8, text)
    return page


def estimate_skew(gray, max_deg: float = 3.0) -> float:
    """Rotation (degrees, counter-clockwise positive as cv2) that makes text lines and
    ruling lines horizontal: the angle whose horizontal ink profile is sharpest."""
    np, cv2 = _np(), _cv2()
    h, w = gray.shape
    scale = min(1.0, 1100 / max(h, w))
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else gray
    _, ink = cv2.threshold(small, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    ink = ink.astype(np.float32)
    if ink.sum() < 50:
        return 0.0
    sh, sw = ink.shape
    centre = (sw / 2, sh / 2)

    def sharpness(a: float) -> float:
        m = cv2.getRotationMatrix2D(centre, a, 1.0)
        rot = cv2.warpAffine(ink, m, (sw, sh), flags=cv2.INTER_LINEAR, borderValue=0)
        prof = rot.sum(axis=1)
        return float(np.square(np.diff(prof)).sum())

    best = max(np.arange(-max_deg, max_deg + 1e-9, 0.25), key=sharpness)
    for step, span in ((0.05, 0.25), (0.01, 0.05)):
        best = max(np.arange(best - span, best + span + 1e-9, step), key=sharpness)
    return float(round(best, 3))


def deskew(gray, angle: float | None = None):
    """(deskewed image, angle removed). Same size; small angles are left alone."""
    cv2 = _cv2()
    if angle is None:
        angle = estimate_skew(gray)
    if abs(angle) < 0.05:
        return gray, 0.0
    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    out = cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_CONSTANT,
                         borderValue=255)
    return out, angle


# =========================================================================================
# ruling lines -> grids
# =========================================================================================

def _binarize(gray, u: float | None = None):
    cv2 = _cv2()
    u = u or _unit(gray)
    block = int(u * 8) | 1
    return cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV,
                                 max(block, 11), 12)


def _line_masks(gray, bw=None, u: float | None = None):
    cv2 = _cv2()
    u = u or _unit(gray)
    if bw is None:
        bw = _binarize(gray, u)
    # bridge 1-2 px breaks (noise, JPEG) along the line direction only
    hk = max(15, int(u * 30))
    vk = max(10, int(u * 11))
    hmask = cv2.morphologyEx(bw, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 1)))
    hmask = cv2.morphologyEx(hmask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (hk, 1)))
    vmask = cv2.morphologyEx(bw, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, 3)))
    vmask = cv2.morphologyEx(vmask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, vk)))
    return hmask, vmask, bw


def _segments(mask, horizontal: bool):
    """Connected line pieces: (pos, lo, hi) - y, x0, x1 for horizontal; x, y0, y1 vertical."""
    cv2 = _cv2()
    n, _, stats, cents = cv2.connectedComponentsWithStats(mask, connectivity=8)
    segs = []
    for i in range(1, n):
        x, y, w, h, _area = stats[i]
        if horizontal:
            segs.append((y + h / 2, float(x), float(x + w), h))
        else:
            segs.append((x + w / 2, float(y), float(y + h), w))
    return segs


def find_grids(gray, masks=None, u: float | None = None) -> list[Grid]:
    """Ruled tables of a (deskewed) page image."""
    u = u or _unit(gray)
    hmask, vmask, _ = masks if masks is not None else _line_masks(gray, u=u)
    tol = max(3.0, u * 2.2)
    hsegs = [s for s in _segments(hmask, True) if s[3] <= u * 6]  # thick blobs are not lines
    vsegs = [s for s in _segments(vmask, False) if s[3] <= u * 6]

    # a vertical piece is a table rule when it meets a horizontal rule (not a glyph stroke)
    keep_v = []
    for v in vsegs:
        ends = sum(1 for h in hsegs if crosses(h, v, tol))
        if ends >= 1 and (v[2] - v[1] >= u * 14 or ends >= 2):
            keep_v.append(v)
    keep_h = [h for h in hsegs if any(crosses(h, v, tol) for v in keep_v)]
    if len(keep_h) < 2 or len(keep_v) < 2:
        return []
    grids = []
    for hs, vs in connected(keep_h, keep_v, tol):
        if len(hs) < 2 or len(vs) < 2:
            continue
        g = grid_from_rules(hs, vs, tol)
        # a table is at least ~two short cells wide and a row tall (glyphs such as 田 or
        # 口 in a big font make tiny "grids")
        if g is not None and g.xs[-1] - g.xs[0] >= u * 40 and g.ys[-1] - g.ys[0] >= u * 12:
            grids.append(g)
    grids.sort(key=lambda g: g.ys[0])
    # a grid inside another one's box (glyph strokes inside a cell) is no table
    return [g for g in grids if not any(o is not g and o.xs[0] - tol <= g.xs[0] and g.xs[-1] <= o.xs[-1] + tol
                                        and o.ys[0] - tol <= g.ys[0] and g.ys[-1] <= o.ys[-1] + tol
                                        for o in grids)]


# =========================================================================================
# recognition
# =========================================================================================

@dataclass
class _Box:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    conf: float
    extra: dict = field(default_factory=dict)

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def h(self) -> float:
        return self.y1 - self.y0

    def tup(self) -> Box:
        return (self.text, (round(self.x0, 1), round(self.y0, 1), round(self.x1, 1), round(self.y1, 1)),
                round(self.conf, 4))


_MIN_CONF = 0.5  # boxes read less surely than this are dropped (mostly noise read as text)
_DET_SIDE = 1000  # the detector's input: short side in pixels (~120 dpi for A4)


def _detect(gray) -> list[tuple[float, float, float, float]]:
    """Text boxes (x0, y0, x1, y1) by PP-OCR's DB detector, run on a reduced page (the
    detector does as well at ~1000 px across and costs a tenth of full resolution)."""
    np, cv2 = _np(), _cv2()
    eng = _engine()
    h, w = gray.shape
    scale = min(1.0, _DET_SIDE / min(h, w))
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else gray
    boxes, _ = eng.text_det(cv2.cvtColor(small, cv2.COLOR_GRAY2BGR))
    out = []
    if boxes is None:
        return out
    for q in boxes:
        q = np.asarray(q, dtype=np.float32) / scale
        x0, y0 = float(q[:, 0].min()), float(q[:, 1].min())
        x1, y1 = float(q[:, 0].max()), float(q[:, 1].max())
        if x1 - x0 >= 2 and y1 - y0 >= 2:
            out.append((max(0.0, x0), max(0.0, y0), min(float(w), x1), min(float(h), y1)))
    return out


# what a lone 0 in a table cell is misread as (with "." alone)
_LOOKALIKE = frozenset("。oO〇○°DQ口·.")
_DIGIT_IDS = None


def _digit_ids(chars):
    global _DIGIT_IDS
    if _DIGIT_IDS is None or len(_DIGIT_IDS[0]) != len(chars):
        np = _np()
        _DIGIT_IDS = (chars, np.array([i for i, c in enumerate(chars) if c in "0123456789"]))
    return _DIGIT_IDS[1]


def _rec_raw(crops: list) -> list[list[tuple[str, float, float, tuple | None]]]:
    """Run the PP-OCR recogniser on grayscale crops (batched by width like RapidOCR).

    For each crop, its characters [(char, x, prob, alt)]: x the character's centre in the
    crop's pixel coordinates (from its CTC time step); prob counts the same character in
    the other width (０/0) too; alt, for a digit look-alike (。 o O 〇 .), the likeliest
    digit at that step and its probability."""
    np, cv2 = _np(), _cv2()
    if not crops:
        return []
    rec = _engine().text_rec
    chars = rec.postprocess_op.character
    _, ih, iw = rec.rec_image_shape[:3]
    ratios = [c.shape[1] / max(1, c.shape[0]) for c in crops]
    order = np.argsort(ratios)
    out: list = [None] * len(crops)
    bs = rec.rec_batch_num
    for s in range(0, len(crops), bs):
        ids = order[s:s + bs]
        max_ratio = max(iw / ih, max(ratios[i] for i in ids))
        wb = int(ih * max_ratio)
        batch = np.zeros((len(ids), 3, ih, wb), dtype=np.float32)
        widths = []
        for k, i in enumerate(ids):
            c = crops[i]
            rw = min(wb, int(math.ceil(ih * ratios[i])))
            img = cv2.resize(c, (max(1, rw), ih)).astype(np.float32) / 127.5 - 1.0
            batch[k, :, :, :rw] = img[None]
            widths.append(rw)
        preds = rec.session(batch)[0]  # (B, T, C)
        idx = preds.argmax(axis=2)
        prob = preds.max(axis=2)
        twins = _twins(chars)
        digit_ids = _digit_ids(chars)
        if twins is not None:  # ０/0, （/(: one character in two widths shares its mass
            prob = prob + np.take_along_axis(preds, twins[idx][..., None], axis=2)[..., 0] * (twins[idx] != idx)
        t_len = preds.shape[1]
        for k, i in enumerate(ids):
            seq = idx[k]
            keep = np.ones(len(seq), dtype=bool)
            keep[1:] = seq[1:] != seq[:-1]
            keep &= seq != 0
            ts = np.nonzero(keep)[0]
            scale = crops[i].shape[1] / max(1, widths[k])
            got = []
            for t in ts:
                c = chars[seq[t]].translate(_HALF)
                alt = None
                if c in _LOOKALIKE:  # best digit at this step, for numeric cells
                    d = digit_ids[int(np.argmax(preds[k, t, digit_ids]))]
                    alt = (chars[d].translate(_HALF), float(preds[k, t, d] + preds[k, t, twins[d]] * (twins[d] != d)))
                got.append((c, (t + 0.5) * wb / t_len * scale, float(prob[k, t]), alt))
            out[i] = got
    return out


_TWINS = None
# fullwidth digits and Latin letters, ．and ％ -> ASCII (tables print ASCII digits; the
# recogniser often cannot tell the widths apart)
_HALF = {**{0xFF10 + i: 0x30 + i for i in range(10)}, **{0xFF21 + i: 0x41 + i for i in range(26)},
         **{0xFF41 + i: 0x61 + i for i in range(26)}, 0xFF0E: 0x2E, 0xFF05: 0x25}


def _twins(chars):
    """For each class index, the index of the same character in the other width
    (fullwidth ０ for 0, ( for （, ...), or itself."""
    global _TWINS
    if _TWINS is None or len(_TWINS) != len(chars):
        import unicodedata

        np = _np()
        where = {c: i for i, c in enumerate(chars)}
        tw = np.arange(len(chars))
        for i, c in enumerate(chars):
            if len(c) != 1:
                continue
            n = unicodedata.normalize("NFKC", c)
            if n != c and n in where:
                tw[i] = where[n]
                if tw[where[n]] == where[n]:
                    tw[where[n]] = i
        _TWINS = tw
    return _TWINS


def _text_of(chars, numeric: bool = False, least: bool = False) -> tuple[str, float]:
    """(text, confidence) of recognised characters; confidence is their mean probability
    (with `least`, the lowest: how sure the recogniser is of its least sure character).

    numeric: the text is a table cell, where a reading made only of digits and digit
    look-alikes (a lone 0 read as 。 or ., 1O0 for 100) is a number: each look-alike
    becomes its likeliest digit, with probability p(digit) + p(look-alike) / 2 (the
    reading is plausible but was not the recogniser's first choice)."""
    if not chars:
        return "", 0.0
    text = "".join(c for c, *_ in chars).strip()
    probs = [p for c, _, p, _ in chars if not least or c.strip()] or [p for _, _, p, _ in chars]
    if numeric and text and any(a is not None for *_, a in chars):
        core = [x for x in chars if x[0] != " "]
        looks = [x for x in core if x[3] is not None]
        # "." between digits is a decimal point, not a look-alike
        if all(x[0] in "0123456789,-%" or x[3] is not None for x in core) and not (
                len(looks) == sum(1 for x in looks if x[0] == ".") and len(core) > 1):
            text = "".join(x[3][0] if x[3] is not None and not (x[0] == "." and 0 < k < len(core) - 1)
                           else x[0] for k, x in enumerate(core))
            probs = [min(1.0, x[3][1] + x[2] / 2) if x[3] is not None else x[2] for x in core]
    return text, float(min(probs) if least else sum(probs) / len(probs))


def _recognise(crops: list) -> list[tuple[str, float]]:
    """Text and confidence of each grayscale crop."""
    return [_text_of(chars) for chars in _rec_raw(crops)]


def _tight(crop):
    """The crop cut to its ink, with a margin of a third of the ink's height: pieces of a
    strip are scaled by their text, not by how much white their box had."""
    np, cv2 = _np(), _cv2()
    if crop.size == 0:
        return crop
    _, ink = cv2.threshold(crop, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    if int(crop.max()) - int(crop.min()) < 40:  # no text contrast: leave it
        return crop
    h, w = ink.shape
    rows = np.nonzero(ink.sum(axis=1) >= max(2, w // 50))[0]
    cols = np.nonzero(ink.sum(axis=0) >= 2)[0]
    if len(rows) == 0 or len(cols) == 0:
        return crop
    y0, y1, x0, x1 = rows[0], rows[-1] + 1, cols[0], cols[-1] + 1
    m = max(2, int((y1 - y0) * 0.33))
    return crop[max(0, y0 - m):min(h, y1 + m), max(0, x0 - m):min(w, x1 + m)]


def _strip(pieces: list):
    """Short crops side by side, scaled to one text height, with white gaps: one
    recogniser call reads a whole table row of numbers (~5x faster than one call per
    cell). Returns the strip and each piece's x-range in it."""
    np, cv2 = _np(), _cv2()
    pieces = [_tight(p) for p in pieces]
    hs = sorted(p.shape[0] for p in pieces)
    h = max(16, hs[len(hs) // 2])
    gap = max(3, int(h * 0.25))
    parts = [np.full((h, gap // 2), 255, np.uint8)]
    ranges = []
    x = gap // 2
    for p in pieces:
        w = max(1, int(round(p.shape[1] * h / p.shape[0])))
        q = cv2.resize(p, (w, h), interpolation=cv2.INTER_AREA if p.shape[0] > h else cv2.INTER_LINEAR)
        parts.append(q)
        ranges.append((x, x + w))
        x += w
        parts.append(np.full((h, gap), 255, np.uint8))
        x += gap
    return np.concatenate(parts, axis=1), ranges, gap


_DIGITISH = re.compile(r"^[0-9.,%-]+$")
# a number as a cell prints it: digits (groups apart), a decimal point, an amount's unit
_NUMBER_READ = re.compile(r"^[-+]?\d[\d,. ]*(?:万元|元|万|%)?$")
TWICE_BELOW = 0.9  # a cell's number read alone less surely than this (its least sure character) is read twice


def _fewer_digits(text: str, crop) -> bool:
    """A number read with fewer characters than the crop has separate ink columns."""
    if not _DIGITISH.match(text):
        return False
    np, cv2 = _np(), _cv2()
    _, ink = cv2.threshold(crop, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    h = crop.shape[0]
    cols = ink.sum(axis=0) >= max(2, h // 12)
    runs = int(np.count_nonzero(cols[1:] & ~cols[:-1])) + int(cols[0])
    return runs > len(text)


def _stack_to_line(crop):
    """Stacked vertical CJK text (a tall narrow crop) -> the same characters side by side."""
    np = _np()
    h, w = crop.shape
    n = max(1, round(h / max(w, 1)))
    step = h / n
    pieces = [crop[int(i * step): int((i + 1) * step), :] for i in range(n)]
    hh = max(p.shape[0] for p in pieces)
    pieces = [np.pad(p, ((0, hh - p.shape[0]), (0, 0)), constant_values=255) for p in pieces]
    return np.concatenate(pieces, axis=1)


def _crop(gray, x0, y0, x1, y1):
    h, w = gray.shape
    a, b = max(0, int(math.floor(x0))), max(0, int(math.floor(y0)))
    c, d = min(w, int(math.ceil(x1))), min(h, int(math.ceil(y1)))
    if c - a < 2 or d - b < 2:
        return None
    return gray[b:d, a:c]


def _read_boxes(gray, rects, clip=None, rowkey=None) -> list[_Box]:
    """Recognise the text of detected rects.

    clip(rect) may shrink a rect (to its cell's inside, so ruling lines stay out of the
    crop). rowkey(rect) -> a key for rects inside a ruled table's cell (their grid row),
    or None. Short rects of one grid row are read together in one strip; pieces a strip
    reads doubtfully are read again between two copies of a surely read number of the
    same page (an "anchor": the recogniser reads a lone 0 poorly, a 0 in context well).
    Tall narrow rects are read both as stacked vertical CJK text and rotated, keeping the
    likelier reading. In cells, a reading made only of digits and look-alikes is a number
    (see _text_of)."""
    np = _np()
    h_img, w_img = gray.shape
    # a little white around the text (the recogniser reads a glyph that touches the crop
    # edge badly: a tight lone 0 comes out as "00"); the cell clip keeps rules out
    padded = []
    for x0, y0, x1, y1 in rects:
        ph = (y1 - y0) * 0.25
        padded.append((max(0.0, x0 - ph), max(0.0, y0 - ph * 0.4), min(float(w_img), x1 + ph),
                       min(float(h_img), y1 + ph * 0.4)))
    clipped = [clip(r) if clip else r for r in padded]
    keys = [rowkey(r) if rowkey else None for r in rects]
    crops, owners = [], []  # owners: ("one", i) or ("strip", [i...], ranges)
    rows: dict = {}
    for i, rr in enumerate(clipped):
        c = _crop(gray, *rr)
        if c is None:
            continue
        h, w = c.shape
        if h >= 1.5 * w:
            crops.append(_stack_to_line(c)); owners.append(("one", i))
            crops.append(np.ascontiguousarray(np.rot90(c))); owners.append(("one", i))
            continue
        if keys[i] is not None and w <= 3 * h:
            rows.setdefault(keys[i], []).append(i)
            continue
        crops.append(c); owners.append(("one", i))
    for ids in rows.values():
        ids.sort(key=lambda i: clipped[i][0])
        for k in range(0, len(ids), 12):
            chunk = ids[k:k + 12]
            strip, ranges, _ = _strip([_crop(gray, *clipped[i]) for i in chunk])
            crops.append(strip); owners.append(("strip", chunk, ranges))
    best: dict[int, tuple[str, float]] = {}

    def offer(i, chars):
        text, conf = _text_of(chars, keys[i] is not None)
        if text and (i not in best or conf > best[i][1]):
            best[i] = (text, conf, _text_of(chars, keys[i] is not None, least=True)[1])

    for own, chars in zip(owners, _rec_raw(crops)):
        if own[0] == "one":
            offer(own[1], chars)
        else:
            for i, got in zip(own[1], _split_chars(chars, own[2])):
                offer(i, got)
    # doubtful strip pieces (or ones read with fewer digits than they have ink blobs: a
    # strip can drop the 0 of "80" and be sure of the "8"): read again, anchored
    short = {i for own in owners if own[0] == "strip" for i in own[1]
             if i in best and _fewer_digits(best[i][0], _crop(gray, *clipped[i]))}
    again = [i for own in owners if own[0] == "strip" for i in own[1]
             if best.get(i, ("", 0.0))[1] < 0.9 or i in short]
    if again:
        sure = [(best[i][1], len(best[i][0]), i) for own in owners if own[0] == "strip" for i in own[1]
                if i in best and best[i][1] >= 0.97 and best[i][0].isdigit() and i not in again]
        anchor = _crop(gray, *clipped[max(sure)[2]]) if sure else None
        crops2, spans = [], []
        for i in again:
            piece = _crop(gray, *clipped[i])
            if anchor is None:
                crops2.append(piece); spans.append(None)
            else:
                strip, ranges, _ = _strip([anchor, piece, anchor])
                crops2.append(strip); spans.append(ranges)
        for i, chars, ranges in zip(again, _rec_raw(crops2), spans):
            chars = chars if ranges is None else _split_chars(chars, ranges)[1]
            if i in short:  # the longer number wins over a surer but shorter reading
                text, conf = _text_of(chars, True)
                if _DIGITISH.match(text) and len(text) > len(best[i][0]):
                    best[i] = (text, conf, _text_of(chars, True, least=True)[1])
                    continue
            offer(i, chars)
        if anchor is not None:
            # and alone, as cut (not cut to its ink as strips cut their pieces): a lone "1"
            # cut to its ink reads as 4 (0.45-0.81; between two copies of a number too), as
            # cut it reads 1 at 0.98-1.0; a lone 0 reads best cut to its ink (0.97 vs 0.5)
            for i, chars in zip(again, _rec_raw([_crop(gray, *clipped[i]) for i in again])):
                offer(i, chars)
    # a cell's number read alone (too long for a strip, or a tall narrow box read stacked and
    # turned) with a doubtful character: read again cut to its ink. A second view of the crop that reads the same digits settles them as
    # surely as the surer view reads them ("24252.311082" as cut: one 5 at 0.84; cut to its
    # ink: every character >= 0.998); views that disagree leave the doubt as it was
    twice = [own[1] for own in owners if own[0] == "one" and keys[own[1]] is not None]
    twice = [i for i in dict.fromkeys(twice) if i in best and best[i][2] < TWICE_BELOW
             and _NUMBER_READ.match(best[i][0])]
    if twice:
        for i, chars in zip(twice, _rec_raw([_tight(_crop(gray, *clipped[i])) for i in twice])):
            text, conf = _text_of(chars, True)
            if text.replace(" ", "") == best[i][0].replace(" ", ""):
                least = _text_of(chars, True, least=True)[1]
                best[i] = (best[i][0], max(best[i][1], conf), max(best[i][2], least))
    return [_Box(best[i][0], *clipped[i], best[i][1], {"cell": keys[i] is not None, "least": best[i][2]})
            for i in range(len(rects)) if i in best]


def _split_chars(chars, ranges) -> list[list]:
    """Characters read from a strip, per piece (by their x), spaces dropped."""
    per: list[list] = [[] for _ in ranges]
    for ch in chars:
        if ch[0] == " ":
            continue
        x = ch[1]
        k = min(range(len(ranges)), key=lambda k: 0 if ranges[k][0] <= x <= ranges[k][1]
                else min(abs(x - ranges[k][0]), abs(x - ranges[k][1])))
        per[k].append(ch)
    return per


@dataclass
class OcrPage:
    """One page read: deskewed grayscale image, boxes, ruled tables, skew, timing."""
    image: object
    boxes: list[_Box]
    grids: list[Grid]
    skew: float
    ms: float
    cpu_ms: float
    ink: object = None  # binarised page without its rules
    lines: object = None  # (hmask, vmask)


def _inset_clip(grids: list[Grid], inset: float):
    def clip(r):
        x0, y0, x1, y1 = r
        g_cell = None
        for g in grids:
            cell = g.cell_at((x0 + x1) / 2, (y0 + y1) / 2)
            if cell is not None:
                g_cell = (g, cell)
                break
        if g_cell is None:
            return r
        a, b, c, d = g_cell[0].rect(g_cell[1])
        return max(x0, a + inset), max(y0, b + inset), min(x1, c - inset), min(y1, d - inset)
    return clip


def read(png, page_no: int = 0) -> OcrPage:
    """Decode, deskew, find ruled tables, detect and recognise text."""
    t0, c0 = time.perf_counter(), time.process_time()
    _engine()  # LoadError without the extra, before anything else
    gray = _decode(png)
    gray, angle = deskew(gray)
    rects = _detect(gray)
    u = _unit(gray, [r[3] - r[1] for r in rects])
    masks = _line_masks(gray, u=u)
    grids = find_grids(gray, masks, u)
    rects = _split_by_rules(rects, grids)
    rects = _missed(gray, masks, grids, rects, u)
    boxes = _read_boxes(gray, rects, _inset_clip(grids, max(2.0, u * 0.9)) if grids else None,
                        _row_key(grids) if grids else None)
    # unsure readings are mostly noise read as text, but a number in a cell is kept
    # (its confidence says how unsure it is; a blank would hide the doubt)
    boxes = [b for b in boxes if b.conf >= _MIN_CONF or (b.extra.get("cell") and b.conf >= 0.2
                                                          and _DIGITISH.match(b.text))]
    boxes.sort(key=lambda b: (round(b.cy / max(1.0, u * 6)), b.x0))
    ink = _ink(masks)
    return OcrPage(gray, boxes, grids, angle, (time.perf_counter() - t0) * 1000,
                   (time.process_time() - c0) * 1000, ink, masks[:2])


def _row_key(grids: list[Grid]):
    def key(r):
        cx, cy = (r[0] + r[2]) / 2, (r[1] + r[3]) / 2
        for gi, g in enumerate(grids):
            cell = g.cell_at(cx, cy)
            if cell is not None:
                ri = next((i for i in range(len(g.ys) - 1) if g.ys[i] <= cy <= g.ys[i + 1]), cell[0])
                return gi, ri
        return None
    return key


def _split_by_rules(rects, grids: list[Grid]):
    """A detected box straddling a cell border (text of two cells read as one) is cut
    at the border, when it reaches well into both sides."""
    if not grids:
        return rects
    out = []
    for r in rects:
        pieces = [r]
        for g in grids:
            gx0, gy0, gx1, gy1 = g.bbox
            x0, y0, x1, y1 = r
            cy = (y0 + y1) / 2
            if not (gy0 <= cy <= gy1 and x1 > gx0 and x0 < gx1):
                continue
            ri = next((i for i in range(len(g.ys) - 1) if g.ys[i] <= cy <= g.ys[i + 1]), None)
            if ri is None:
                continue
            cuts = []
            for cell in g.cells:
                if cell[0] <= ri < cell[2]:
                    xa = g.xs[cell[1]]
                    if x0 + 0.3 * (y1 - y0) < xa < x1 - 0.3 * (y1 - y0):
                        cuts.append(xa)
            if cuts:
                pieces, prev = [], x0
                for xc in sorted(set(cuts)):
                    pieces.append((prev, y0, xc, y1))
                    prev = xc
                pieces.append((prev, y0, x1, y1))
            break
        out.extend(pieces)
    return out


def ocr_page(png: bytes, page_no: int = 0) -> list[Box]:
    """(text, (x0, y0, x1, y1), conf) of every text box on a page image; see the module doc."""
    return [b.tup() for b in read(png, page_no).boxes]


# =========================================================================================
# boxes -> blocks
# =========================================================================================

def _as_boxes(boxes) -> list[_Box]:
    out = []
    for b in boxes:
        if isinstance(b, _Box):
            out.append(b)
        else:
            text, (x0, y0, x1, y1), conf = b
            out.append(_Box(str(text), float(x0), float(y0), float(x1), float(y1), float(conf)))
    return out


_NUMLIKE = re.compile(r"^[-+]?[0-9oO〇lI|.,]+%?$")
_DIGIT = re.compile(r"[0-9]")
_AS_DIGIT = str.maketrans({"o": "0", "O": "0", "〇": "0", "l": "1", "I": "1", "|": "1"})


def numeric_fix(text: str) -> str:
    """A table cell that reads as a number but for letter look-alikes (o/O/〇 for 0,
    l/I/| for 1): the number. "o" alone is 0. Other text is left alone."""
    if _NUMLIKE.match(text) and (_DIGIT.search(text) or text in ("o", "O", "〇")):
        return text.translate(_AS_DIGIT)
    return text


# a digit put for a letter the recogniser read (o/O/〇 for 0, l/I/| for 1: numeric_fix): the
# likeliest reading of the cell, not the recogniser's - as sure as a digit it doubted
FIXED_CONF = 0.6


def _cell_conf(boxes: list[_Box], text: str) -> float:
    """How sure the reading of a table cell is: the least sure of its boxes; for a cell that
    reads as a number, the least sure of its characters (a box's mean hides one doubtful digit
    among sure ones: "1O0" read 0.97 with its "O" at 0.5), and FIXED_CONF at most where a
    letter became a digit."""
    conf = min(b.conf for b in boxes)
    if _DIGITISH.match(text):
        conf = min([conf] + [b.extra["least"] for b in boxes if b.extra.get("least") is not None])
        raw = "".join(b.text for b in boxes)
        if raw != raw.translate(_AS_DIGIT):
            conf = min(conf, FIXED_CONF)
    return conf


def _distinct(boxes: list[_Box]) -> list[_Box]:
    """The boxes less those that read again a part of a longer box on the same line: the
    detector boxes a label's item number ("2" of "2、其他法律…") both alone and inside the
    label's box, whose padded crop reads it too - joined, the cell read "2、其他…2" (the
    duplicate sorted after the box it starts) and a label ending in a digit reads as a value.
    A box is such a part when at least half its width lies inside a wider box's x-range on
    its line and the wider box's text starts (it lies at the left) or ends (at the right) with
    its text."""
    if len(boxes) < 2:
        return boxes
    out = []
    for s in boxes:
        t = s.text.strip()
        dup = bool(t) and any(
            b is not s and b.x1 - b.x0 >= max(b.h, 1.5 * (s.x1 - s.x0))
            and min(s.y1, b.y1) - max(s.y0, b.y0) >= 0.5 * min(s.h, b.h)
            and min(s.x1, b.x1) - max(s.x0, b.x0) >= 0.5 * (s.x1 - s.x0)
            and (b.text.strip().startswith(t) if s.cx < b.cx else b.text.strip().endswith(t))
            for b in boxes)
        if not dup:
            out.append(s)
    return out


_SPACED_NUMBER = re.compile(r"^\d+(?: \d+)+$")
_TOGETHER = re.compile(r"^\d{2,}$")
PITCH_MIN_GAPS = 5  # gaps between digits read together that a page needs to show its digit pitch


def _ink_runs(ink, b: _Box) -> list[tuple[int, int]]:
    """The x-runs of ink (columns with two or more ink pixels) of a box on the page's ink
    (binarised, rules removed): one per glyph where glyphs stand apart."""
    np = _np()
    c = _crop(ink, b.x0, b.y0, b.x1, b.y1)
    if c is None:
        return []
    cols = np.count_nonzero(c, axis=0) >= 2
    edges = np.flatnonzero(np.diff(np.concatenate(([0], cols.astype(np.int8), [0]))))
    return list(zip(edges[::2].tolist(), edges[1::2].tolist()))


def _gaps(runs) -> list[int]:
    return [b0 - a1 for (_, a1), (b0, _) in zip(runs, runs[1:])]


def _digit_pitch(boxes: list[_Box], ink) -> int | None:
    """How far apart the page prints the digits of one number: the 90th percentile of the
    gaps between digits that the recogniser read together ("1036": no space) in ruled cells,
    each of whose digits stands apart on the ink; None with fewer than PITCH_MIN_GAPS."""
    if ink is None:
        return None
    gaps: list[int] = []
    for b in boxes:
        if b.extra.get("cell") and _TOGETHER.match(b.text):
            runs = _ink_runs(ink, b)
            if len(runs) == len(b.text):
                gaps += _gaps(runs)
    if len(gaps) < PITCH_MIN_GAPS:
        return None
    gaps.sort()
    return gaps[int(0.9 * (len(gaps) - 1))]


def _letter_spaced(boxes: list[_Box], ink, pitch: int | None) -> list[_Box]:
    """A ruled cell's one box read as digit groups apart ("4 6 213") whose digits stand apart
    on the ink at no wider a gap than the page prints inside the numbers it reads whole
    (`_digit_pitch`: a page that letter-spaces its digits, "1 0 3 6" read 1036): the spaces
    are the page's spacing, not a boundary between numbers - one number, its digits joined, as
    sure as its least sure digit (the spaces, which the recogniser doubts, were never text; a
    gap wider than the page's pitch stays a doubt: values.malformed_count)."""
    if pitch is None or len(boxes) != 1 or not _SPACED_NUMBER.match(boxes[0].text):
        return boxes
    b = boxes[0]
    digits = b.text.replace(" ", "")
    runs = _ink_runs(ink, b)
    if len(runs) != len(digits) or max(_gaps(runs)) > pitch:
        return boxes
    least = b.extra.get("least")
    return [_Box(digits, b.x0, b.y0, b.x1, b.y1, b.conf if least is None else least, dict(b.extra))]


def _join_cell(boxes: list[_Box]) -> str:
    """Boxes of one cell in reading order (lines top to bottom), joined with ""."""
    lines = _group_lines(boxes)
    return numeric_fix(strip_cell(clean("".join(b.text for ln in lines for b in ln))))


def _group_lines(boxes: list[_Box]) -> list[list[_Box]]:
    """Boxes grouped into printed lines (a box joins the line whose mean centre is
    within ~half a text height of its own); each line sorted by x, lines top down."""
    lines: list[list[_Box]] = []
    stats: list[list[float]] = []  # [sum cy, sum h, n]
    for b in sorted(boxes, key=lambda b: (b.cy, b.x0)):
        best, best_d = None, None
        for k, st in enumerate(stats):
            cy, h = st[0] / st[2], st[1] / st[2]
            d = abs(b.cy - cy)
            if d <= 0.5 * min(h, b.h) and (best_d is None or d < best_d):
                best, best_d = k, d
        if best is None:
            lines.append([b])
            stats.append([b.cy, b.h, 1])
        else:
            lines[best].append(b)
            st = stats[best]
            st[0] += b.cy
            st[1] += b.h
            st[2] += 1
    order = sorted(range(len(lines)), key=lambda i: stats[i][0] / stats[i][2])
    return [sorted(lines[i], key=lambda b: b.x0) for i in order]


def _join_line(line: list[_Box]) -> str:
    parts = []
    prev = None
    for b in line:
        if prev is not None:
            gap = b.x0 - prev.x1
            parts.append(" " if gap > 1.0 * max(b.h, prev.h) else "")
        parts.append(b.text)
        prev = b
    return clean("".join(parts))


def _ink_conf(ink_img, rect, u: float) -> float:
    """Confidence that a ruled cell with no text read is really empty: 1.0 when it has no
    character-like ink (rules and specks excluded), 0.3 when it has some."""
    if ink_img is None:
        return 0.9
    x0, y0, x1, y1 = rect
    m = max(3, int(u * 1.5))
    c = _crop(ink_img, x0 + m, y0 + m, x1 - m, y1 - m)
    if c is None:
        return 1.0
    return 1.0 if _glyph_box(c, u) is None else 0.3


def _grid_rows(g: Grid, boxes: list[_Box]):
    """Cells of a ruled table with their boxes: {cell: [boxes]}."""
    members: dict[tuple, list[_Box]] = {c: [] for c in g.cells}
    rest = []
    for b in boxes:
        cell = g.cell_at(b.cx, b.cy)
        if cell is None:
            rest.append(b)
        else:
            members[cell].append(b)
    return members, rest


def _anchor_row(g: Grid, cell, boxes: list[_Box]) -> int:
    """The grid row a cell is emitted on: its first row, or for a cell spanning rows the
    row its text starts on (a rowspan label is printed mid-span, and a cell whose
    borders are missing - a rowspan continued from the previous page - is no label of
    the rows above its text)."""
    r0, _, r1, _ = cell
    if not boxes or r1 - r0 == 1:
        return r0
    top = min(b.y0 + 0.5 * min(b.h, b.x1 - b.x0) for b in boxes)  # centre of the first character
    for r in range(r0, r1):
        if top < g.ys[r + 1]:
            return r
    return r1 - 1


def table_blocks(boxes, page_no: int = 0, row0: int = 0, table_index: int = 0, image=None,
                 grids: list[Grid] | None = None, _bw=None) -> OcrBlocks:
    """Blocks of one page from its text boxes; see the module doc."""
    bxs = _as_boxes(boxes)
    bw = _bw
    u = 1.0
    if grids is None and image is not None:
        gray = _decode(image)
        u = _unit(gray, [b.h for b in bxs])
        masks = _line_masks(gray, u=u)
        grids = find_grids(gray, masks, u)
        bw = _ink(masks)
    elif bw is not None:
        u = _unit(bw, [b.h for b in bxs])
    grids = grids or []
    # items: ("grid", y, grid, members) and ("line", y, boxes)
    items = []
    rest = bxs
    for g in grids:
        members, rest = _grid_rows(g, rest)
        items.append(("grid", g.ys[0], g, members))
    rest_items = _stream(rest)
    items.extend(rest_items)
    items.sort(key=lambda it: it[1])
    blocks: list[Block] = []
    conf: list[float] = []
    row, table = row0, table_index
    pitch = _digit_pitch(bxs, bw) if grids else None
    for it in items:
        if it[0] == "line":
            line = it[2]
            t = _join_line(line)
            if t:
                blocks.append(Block(t, "line", row=row, page=page_no))
                conf.append(min(b.conf for b in line))
                row += 1
        elif it[0] == "grid":
            g, members = it[2], it[3]
            emitted = False
            anchor = {cell: _anchor_row(g, cell, members[cell]) for cell in g.cells}
            for r in range(len(g.ys) - 1):
                cells = sorted((c for c in g.cells if anchor[c] == r), key=lambda c: c[1])
                if not cells:
                    continue
                for cell in cells:
                    bs = _distinct(members[cell])
                    if cell[3] - cell[1] == 1:
                        bs = _letter_spaced(bs, bw, pitch)
                    t = _join_cell(bs) if bs else ""
                    parts = lost_rule_split(t, cell[3] - cell[1])
                    if parts:
                        for i, p in enumerate(parts):
                            blocks.append(Block(p, "cell", row=row, col=cell[1] + i, table=table,
                                                rowspan=cell[2] - r, page=page_no))
                            conf.append(_cell_conf(bs, p))
                        continue
                    blocks.append(Block(t, "cell", row=row, col=cell[1], table=table, rowspan=cell[2] - r,
                                        colspan=cell[3] - cell[1], blank=not t, page=page_no))
                    conf.append(_cell_conf(bs, t) if t else _ink_conf(bw, g.rect(cell), u))
                row += 1
                emitted = True
            if emitted:
                table += 1
        else:  # stream table: rows of (col, colspan, boxes)
            for cells in it[2]:
                for col, span, bs in cells:
                    bs = _distinct(bs)
                    t = _join_cell(bs) if bs else ""
                    blocks.append(Block(t, "cell", row=row, col=col, table=table, colspan=span, blank=not t,
                                        page=page_no))
                    conf.append(_cell_conf(bs, t) if t else 0.8)
                row += 1
            table += 1
    return OcrBlocks(blocks, conf, row, table)


# --- unruled text: lines, and tables made of aligned multi-column lines --------------------

def _segments_of(line: list[_Box]) -> list[list[_Box]]:
    """A printed line cut where the gap between boxes is wide (column gutters)."""
    segs: list[list[_Box]] = []
    for b in line:
        if segs:
            prev = segs[-1][-1]
            if b.x0 - prev.x1 <= 0.5 * max(b.h, prev.h):
                segs[-1].append(b)
                continue
        segs.append([b])
    return segs


def _stream(boxes: list[_Box]):
    """Items ("line", y, boxes) and ("stream", y, rows) for boxes outside ruled tables.

    A run of >= 3 lines of which most have >= 2 wide-gapped segments is a table: its
    columns are the x-intervals of the segments merged across the run; a one-segment
    line inside the run that sits in the first column just under (or over) a row is a
    wrapped label and joins that row's first cell."""
    lines = _group_lines(boxes)
    segd = [_segments_of(ln) for ln in lines]
    items = []
    i = 0
    n = len(lines)
    while i < n:
        if len(segd[i]) < 2:
            items.append(("line", lines[i][0].y0, lines[i]))
            i += 1
            continue
        # grow a run: multi-segment lines, allowing single-segment lines between them
        j = i
        last_multi = i
        while j + 1 < n:
            gap = min(b.y0 for b in lines[j + 1]) - max(b.y1 for b in lines[j])
            hh = max(b.h for b in lines[j])
            if gap > 2.5 * hh:
                break
            if len(segd[j + 1]) >= 2:
                last_multi = j + 1
            elif j + 1 - last_multi > 2:
                break
            j += 1
        j = last_multi
        multi = [k for k in range(i, j + 1) if len(segd[k]) >= 2]
        if len(multi) < 3:
            for k in range(i, j + 1):
                items.append(("line", lines[k][0].y0, lines[k]))
            i = j + 1
            continue
        items.append(("stream", lines[i][0].y0, _stream_rows(lines[i:j + 1], segd[i:j + 1])))
        i = j + 1
    return items


_NEW_ITEM = re.compile(r"^(?:第[一二三四五六七八九十]+条|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)]"
                       r"|\d+[.、．](?!\d))")


def _columns(segd) -> list[list[float]]:
    """Column x-intervals of an unruled table: where the segments of most multi-column
    lines lie (a header whose cells run together covers the gutters of one line only)."""
    multi = [segs for segs in segd if len(segs) >= 2]
    spans = [[(min(b.x0 for b in s), max(b.x1 for b in s)) for s in segs] for segs in multi]
    lo = min(a for sp in spans for a, _ in sp)
    hi = max(b for sp in spans for _, b in sp)
    step = max(1.0, (hi - lo) / 2000)
    n = int((hi - lo) / step) + 2
    cov = [0] * n
    for sp in spans:
        for a, b in sp:
            for k in range(int((a - lo) / step), int((b - lo) / step) + 1):
                cov[k] += 1
    thr = max(1, int(0.25 * len(spans)))
    cols: list[list[float]] = []
    k = 0
    while k < n:
        if cov[k] > thr or (cov[k] and len(spans) <= 2):
            a = k
            while k < n and cov[k] > 0 and (cov[k] > thr or len(spans) <= 2):
                k += 1
            cols.append([lo + a * step, lo + k * step])
        else:
            k += 1
    return cols or [[lo, hi]]


def _stream_rows(lines, segd):
    cols = _columns(segd)

    def col_of(seg):
        a, b = min(x.x0 for x in seg), max(x.x1 for x in seg)
        hit = [k for k, (c0, c1) in enumerate(cols) if min(b, c1) - max(a, c0) > 0.3 * min(b - a, c1 - c0)]
        if not hit:  # between columns: nearest by centre
            cx = (a + b) / 2
            k = min(range(len(cols)), key=lambda k: abs((cols[k][0] + cols[k][1]) / 2 - cx))
            return k, 1
        return hit[0], hit[-1] - hit[0] + 1

    rows: list[dict] = []  # {"y": (y0, y1), "cells": {col: [boxes]}, "span": {col: n}, "multi": bool}
    for ln, segs in zip(lines, segd):
        cells: dict[int, list[_Box]] = {}
        span: dict[int, int] = {}
        for s in segs:
            k, n = col_of(s)
            cells.setdefault(k, []).extend(s)
            span[k] = max(span.get(k, 1), n)
        rows.append({"y": (min(b.y0 for b in ln), max(b.y1 for b in ln)), "cells": cells, "span": span,
                     "multi": len(segs) >= 2})
    # wrapped first-column labels: single-segment rows in column 0 join the nearest row
    keep = []
    for idx, r in enumerate(rows):
        if r["multi"] or set(r["cells"]) != {0} or _NEW_ITEM.match(_join_line(r["cells"][0])):
            keep.append(r)
            continue
        cand = []
        for jdx in (idx - 1, idx + 1):
            if 0 <= jdx < len(rows) and rows[jdx]["multi"]:
                o = rows[jdx]
                gap = max(o["y"][0] - r["y"][1], r["y"][0] - o["y"][1])
                cand.append((gap, jdx))
        if not cand:
            keep.append(r)
            continue
        gap, jdx = min(cand)
        hh = r["y"][1] - r["y"][0]
        if gap > 0.8 * hh:
            keep.append(r)
            continue
        tgt = rows[jdx]
        if jdx < idx:
            tgt["cells"].setdefault(0, []).extend(r["cells"][0])
        else:
            tgt["cells"][0] = r["cells"][0] + tgt["cells"].get(0, [])
            tgt.setdefault("pre", True)
    out = []
    ncol = len(cols)
    for r in keep:
        cells = []
        c = 0
        while c < ncol:
            bs = r["cells"].get(c)
            n = r["span"].get(c, 1)
            if bs is not None:
                cells.append((c, n, _ordered(bs)))
                c += n
            else:
                cells.append((c, 1, []))
                c += 1
        if not r["multi"]:  # a lone line inside the run: keep only its text cell(s)
            cells = [x for x in cells if x[2]]
        out.append(cells)
    return out


def _ordered(bs: list[_Box]) -> list[_Box]:
    return [b for ln in _group_lines(bs) for b in ln]


# =========================================================================================
# page and document
# =========================================================================================

def read_page(png, page_no: int = 0, row0: int = 0, table_index: int = 0) -> OcrBlocks:
    """OCR one page image into blocks (see the module doc)."""
    page = read(png, page_no)
    t0, c0 = time.perf_counter(), time.process_time()
    out = table_blocks(page.boxes, page_no, row0, table_index, grids=page.grids, _bw=page.ink)
    out.skew = page.skew
    out.ms = page.ms + (time.perf_counter() - t0) * 1000
    out.cpu_ms = page.cpu_ms + (time.process_time() - c0) * 1000
    return out


def _ink(masks):
    """The binarised page without its ruling lines."""
    cv2 = _cv2()
    hmask, vmask, bw = masks
    return cv2.bitwise_and(bw, cv2.bitwise_not(cv2.bitwise_or(hmask, vmask)))


def _missed(gray, masks, grids: list[Grid], rects, u: float) -> list[tuple]:
    """The rects plus, for ruled cells with ink but no (or only a sliver of a) detected
    box - the detector misses a lone small digit, or boxes a part of a thin "1" - the
    ink's bounding box instead, read like any detected box (in its row's strip)."""
    if not grids:
        return rects
    np = _np()
    ink_img = _ink(masks)
    out = list(rects)
    for g in grids:
        taken: dict = {}
        for i, r in enumerate(rects):
            cell = g.cell_at((r[0] + r[2]) / 2, (r[1] + r[3]) / 2)
            if cell is not None:
                taken.setdefault(cell, []).append(i)
        for cell in g.cells:
            mine = taken.get(cell, [])
            if any(rects[i][3] - rects[i][1] >= u * 6 for i in mine):
                continue
            x0, y0, x1, y1 = g.rect(cell)
            m = max(3, int(u * 1.5))
            c = _crop(ink_img, x0 + m, y0 + m, x1 - m, y1 - m)
            if c is None or np.count_nonzero(c) < (u * 2) ** 2:
                continue
            box = _glyph_box(c, u)
            if box is None:
                continue
            bx0, by0, bx1, by1 = box
            bx0, bx1, by0, by1 = x0 + m + bx0, x0 + m + bx1, y0 + m + by0, y0 + m + by1
            pad = max(2.0, (by1 - by0) * 0.2)
            for i in mine:
                out[i] = None
            out.append((max(x0 + 1, bx0 - pad), max(y0 + 1, by0 - pad), min(x1 - 1, bx1 + pad),
                        min(y1 - 1, by1 + pad)))
    return [r for r in out if r is not None]


def _glyph_box(ink, u: float):
    """Bounding box of the character-like ink in a cell crop (binary), ignoring specks
    and line remnants along the crop's edges; None when there is none."""
    cv2 = _cv2()
    n, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    h, w = ink.shape
    keep = []
    for i in range(1, n):
        x, y, bw, bh, area = stats[i]
        if area < u * u * 1.5 or bh < u * 1.2:  # specks (a stroke of a small digit is ~1 pt x 3 pt)
            continue
        if (bw > 0.9 * w and bh <= u * 2) or (bh > 0.9 * h and bw <= u * 2):  # rule remnants
            continue
        keep.append((x, y, x + bw, y + bh))
    if not keep:
        return None
    x0, y0 = min(k[0] for k in keep), min(k[1] for k in keep)
    x1, y1 = max(k[2] for k in keep), max(k[3] for k in keep)
    if y1 - y0 < u * 4:
        return None
    return x0, y0, x1, y1


def assemble(pages: list[OcrBlocks], source: Source) -> tuple[Document, list[float]]:
    """A Document from consecutive pages' blocks; also their OCR confidences (parallel)."""
    out = DocumentBuilder()
    conf: list[float] = []
    for page in pages:
        run: list[Block] = []  # the blocks of one layout row, printed as one line
        for b, c in zip(page, page.confidence):
            if run and b.row != run[-1].row:
                out.row(run)
                run = []
            run.append(b)
            conf.append(c)
        if run:
            out.row(run)
    if not out.blocks:
        raise LoadError("OCR found no text on the page images")
    return out.build(source), conf


def read_pages(pngs, source: Source) -> tuple[Document, list[float]]:
    """OCR page images (bytes, in order) into a Document; see assemble()."""
    pages = []
    row = table = 0
    for i, png in enumerate(pngs):
        p = read_page(png, i + 1, row, table)
        row, table = p.next_row, p.next_table
        pages.append(p)
    return assemble(pages, source)
