"""Text placed by coordinates in data records (JSON, TSV/CSV) -> positioned HTML.

Scripts save what PDF and OCR libraries hand them as data: PyMuPDF's words as tuples
(x0, y0, x1, y1, word, block, line, word number) written as JSON or as a TSV/CSV row, its
"dict"/"json" pages (spans with a "bbox" and "text"), pdfplumber's words (x0, x1, top, bottom,
text), Tesseract's TSV (left, top, width, height, text, under a header). Read as text, the
coordinates are numbers beside the words: a row label followed by its word's block, line and
word numbers ("规章 17 0 0") reads as a row of values. Here every record that has a box and
text becomes a run placed at its box (placed.page_html), so one reader rebuilds lines and
tables from coordinates; records carry no page of their own, so a page ends where a box
lands on one already printed on it (two words never print over each other on a page).
Records placed by an x and a y alone, their text in a list of runs (pdf2json's Texts: x, y in
page units of 16 pt, each run's string a "T" of "R"), give no height: the text's line pitch
gives it (_sized).
"""
from __future__ import annotations

import csv
import io
import json
import math
import re
import unicodedata
from dataclasses import dataclass

from ..model import LoadError
from . import placed

_NUM = r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?"
# a JSON record with a box: a "bbox" list, named coordinates, or a list led by four numbers and a string
_JSON_BOX = re.compile(rf'"bbox"\s*:\s*[\[{{]\s*(?:"\w+"\s*:\s*)?{_NUM}|"(?:x0|left|xmin)"\s*:\s*{_NUM}'
                       rf'|"x"\s*:\s*{_NUM}\s*,\s*"y"\s*:\s*{_NUM}[^{{}}\[\]]*"R"\s*:\s*\[\s*{{\s*"T"\s*:'
                       rf'|\[\s*{_NUM}\s*,\s*{_NUM}\s*,\s*{_NUM}\s*,\s*{_NUM}\s*,\s*"')
_IS_NUM = re.compile(rf"\s*{_NUM}\s*")
# header names of the columns (lower case): which coordinate each one is
_NAMES = {"x0": "x0", "xmin": "x0", "left": "x0", "x": "x0", "y0": "y0", "ymin": "y0", "top": "y0", "y": "y0",
          "x1": "x1", "xmax": "x1", "right": "x1", "y1": "y1", "ymax": "y1", "bottom": "y1",
          "width": "w", "w": "w", "height": "h", "h": "h", "text": "text", "word": "text", "content": "text"}
_MIN_RECORDS = 10


@dataclass(frozen=True)
class _Words:
    """What a reader made of the records: the runs in document order, and the index of each run
    that begins a page where the records say so (a page's container in JSON, PyMuPDF's word
    numbers restarting at (0, 0, 0)); the reader returns it rather than filling a caller's set."""
    runs: list
    starts: frozenset[int] = frozenset()


def records(head: str) -> bool:
    """Does the text (its first part) hold words with their boxes as data records?"""
    head = head[:65536]
    lead = head.lstrip()[:1]
    if lead and lead in "[{":
        return len(_JSON_BOX.findall(head, 0, 65536)) >= 3
    if lead == "<":
        return False
    return _table_records(head, sniff=True) is not None


def as_html(text: str) -> str:
    """The records' words as positioned spans, a page box per page."""
    words = _json_records(text) if text.lstrip()[:1] in "[{" else _table_records(text)
    if words is None or not words.runs:
        raise LoadError("no words with boxes in the records")
    runs = _sized(words.runs)
    cut = sorted(words.starts) + [len(runs)]
    tops = {a: min(r[1] for r in runs[a:b]) for a, b in zip(cut, cut[1:]) if b > a}
    pages = _pages(runs, starts=tops)
    up = placed.rises(pages)
    return placed.page_html((True, placed._upright(p, None) if up else p) for p in pages)


def _run(text, x0, y0, x1=None, y1=None, w=None, h=None):
    """(text, top, left, size, width, height) of a record, None unless its box is finite."""
    try:
        x0, y0 = float(x0), float(y0)
        w = float(w) if w is not None else float(x1) - x0
        h = float(h) if h is not None else float(y1) - y0
    except (TypeError, ValueError):
        return None
    t = " ".join(str(text).split())
    if not t or not all(math.isfinite(v) and abs(v) < 1e6 for v in (x0, y0, w, h)) or w < 0 or h <= 0:
        return None
    return t, y0, x0, h, w, h


def _json_records(text: str) -> _Words:
    """The runs of a JSON of records, in document order; where the JSON is a list of containers
    (a page's dict or list of words each: PyMuPDF's pages as dicts, its words page by page), the
    index of the first run of each is a start."""
    try:
        data = json.loads(text)
    except ValueError as e:
        raise LoadError(f"cannot parse the records' JSON: {e}") from None
    out: list = []
    starts: set[int] = set()
    # a list of containers, none a record itself (a list of words' dicts or tuples is one page),
    # at the top or the one such list a top object holds beside its metadata ({"pages": [...]})
    pages = _containers(data)
    if pages is None and isinstance(data, dict):
        held = [x for x in (_containers(v) for v in data.values()) if x is not None]
        pages = held[0] if len(held) == 1 else None
    grouped = pages is not None
    stack = [(data, 0)] if not grouped else [(v, i) for i, v in reversed(list(enumerate(pages)))]
    group = -1
    while stack:  # depth first, in document order
        v, g = stack.pop()
        if g != group and grouped:
            starts.add(len(out))
            group = g
        if isinstance(v, dict):
            r = _dict_record(v)
            if r is not None:
                out.append(r)
                continue
            stack.extend((x, g) for x in reversed(list(v.values())))
        elif isinstance(v, list):
            if len(v) >= 5 and isinstance(v[4], str) and all(_number(x) for x in v[:4]):
                r = _run(v[4], v[0], v[1], v[2], v[3])  # (x0, y0, x1, y1, text, ...): PyMuPDF's words
                if r is not None:
                    if out and all(_number(x) for x in v[5:8]) and _first_word(v[5:8]):
                        starts.add(len(out))
                    out.append(r)
                continue
            stack.extend((x, g) for x in reversed(v))
    return _Words(out, frozenset(starts))


def _containers(v) -> list | None:
    """`v` where it is a list of two or more containers (pages), none a record itself."""
    ok = isinstance(v, list) and len(v) >= 2 and all(
        (isinstance(x, dict) and _dict_record(x) is None)
        or (isinstance(x, list) and not (len(x) >= 5 and isinstance(x[4], str))) for x in v)
    return v if ok else None


def _finite(*xs) -> bool:
    return all(math.isfinite(float(x)) and abs(float(x)) < 1e6 for x in xs)


_LINE = 12.0  # the height a line of records placed by a point alone is given, in px


def _sized(runs: list) -> list:
    """Runs placed by a point alone (no height, no width, in units of the writer's own),
    scaled so that a line of text is _LINE high: the text's line pitch (the usual step down from
    one line to the next, about 1.4 times the text's height) tells the unit; each run as wide as
    its characters (a CJK character square, others a little over half). Where any run has a box,
    the boxes place the text and runs without one are left out (their unit is unknown)."""
    if not any(r[3] is None for r in runs):
        return runs
    if any(r[3] is not None for r in runs):
        return [r for r in runs if r[3] is not None]
    steps = sorted(b[1] - a[1] for a, b in zip(runs, runs[1:]) if b[1] > a[1])
    pitch = steps[len(steps) // 2] if steps else 0.0
    if pitch <= 0:
        return []
    scale = 1.4 * _LINE / pitch
    return [(t, top * scale, left * scale, _LINE, _text_width(t), _LINE) for t, top, left, *_ in runs]


def _text_width(t: str) -> float:
    """A line of _LINE px: a wide (CJK) character as wide as high, any other a little over half."""
    return sum(_LINE if unicodedata.east_asian_width(ch) in "WF" else 0.55 * _LINE for ch in t)


def _number(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def _dict_record(d: dict):
    text = d.get("text", d.get("c"))
    if text is None:
        text = _runs_text(d.get("R"))
    if not isinstance(text, str):
        return None
    box = d.get("bbox")
    if isinstance(box, (list, tuple)) and len(box) == 4 and all(_number(x) for x in box):
        return _run(text, *box)
    if isinstance(box, dict):  # the box an object of named coordinates (MuPDF's stext JSON: x, y, w, h)
        return _named(text, _coordinates(box))
    return _named(text, _coordinates(d))


def _coordinates(d: dict) -> dict:
    """The coordinates a dict names (x0/left/x ..., as _NAMES reads them), by what they are."""
    return {_NAMES[k.lower()]: v for k, v in d.items() if isinstance(k, str) and k.lower() in _NAMES and _number(v)}


def _runs_text(runs) -> str | None:
    """The text of a record given as a list of runs, each its string under "T" (pdf2json)."""
    if not isinstance(runs, list) or not runs or not all(isinstance(r, dict) and isinstance(r.get("T"), str)
                                                         for r in runs):
        return None
    return "".join(r["T"] for r in runs)


def _named(text, c: dict):
    if "x0" in c and "y0" in c and "y1" not in c and "h" not in c:
        t = " ".join(str(text).split())  # placed by a point alone: its height from the lines (_sized)
        return (t, float(c["y0"]), float(c["x0"]), None, None, None) if t and _finite(c["x0"], c["y0"]) else None
    if "x0" not in c or "y0" not in c or not ("x1" in c or "w" in c) or not ("y1" in c or "h" in c):
        return None
    return _run(text, c["x0"], c["y0"], c.get("x1"), c.get("y1"), c.get("w"), c.get("h"))


def _table_records(text: str, sniff: bool = False) -> _Words | None:
    """Runs of a TSV/CSV of words: under a header naming the coordinates and the text, or,
    headless, rows led by x0, y0, x1, y1 (each pair rising) and the word (PyMuPDF's tuples).
    None unless nearly every row is such a record. The first run of each page is a start where
    the rows number their words as PyMuPDF does (`_first_word`)."""
    lines = [ln for ln in text.splitlines()[: 40 if sniff else None] if ln.strip()]
    if len(lines) < _MIN_RECORDS:
        return None
    delim = "\t" if "\t" in lines[0] else "," if "," in lines[0] else None
    if delim is None:
        return None
    # quoted as csv writes them, or joined as they are (a word's own quote mark is no quoting)
    best = None
    for quoting in (csv.QUOTE_MINIMAL, csv.QUOTE_NONE):
        rows = list(csv.reader(io.StringIO("\n".join(lines)), delimiter=delim, quoting=quoting))
        words = _rows_records(rows)
        if words is not None and (best is None or len(words.runs) > len(best.runs)):
            best = words
    return best


def _first_word(nums) -> bool:
    """Is a word record numbered (block, line, word) = (0, 0, 0) after its text? PyMuPDF numbers
    its words' blocks page by page: that word is the first of a page."""
    try:
        return len(nums) >= 3 and all(float(x) == 0 for x in nums[:3])
    except (TypeError, ValueError):
        return False


def _rows_records(rows: list[list[str]]) -> _Words | None:
    head = [h.strip().lower() for h in rows[0]]
    cols = {_NAMES[h]: i for i, h in enumerate(head) if h in _NAMES}
    runs, bad, words = [], 0, 0
    starts: set[int] = set()
    conf = head.index("conf") if "conf" in head else None
    if "text" in cols and {"x0", "y0"} <= set(cols) and ({"x1", "w"} & set(cols)) and ({"y1", "h"} & set(cols)):
        for r in rows[1:]:
            if len(r) < len(head):
                bad += 1
                continue
            c = {k: r[i] for k, i in cols.items()}
            if not c["text"].strip() or (conf is not None and r[conf].strip() == "-1"):
                # a layout level's box (Tesseract's pages, blocks, lines: no text, confidence -1;
                # pdftotext -tsv names them "###PAGE###", "###FLOW###", "###LINE###"), no word
                continue
            run = _run(c["text"], c["x0"], c["y0"], c.get("x1"), c.get("y1"), c.get("w"), c.get("h"))
            bad += run is None
            if run is not None:
                runs.append(run)
    else:
        for r in rows:
            ok = (len(r) >= 5 and all(_IS_NUM.fullmatch(x) for x in r[:4])
                  and float(r[2]) >= float(r[0]) and float(r[3]) > float(r[1]))
            run = _run(r[4], *r[:4]) if ok else None
            bad += run is None
            if run is not None:
                if runs and _first_word(r[5:8]):
                    starts.add(len(runs))
                runs.append(run)
                words += not _IS_NUM.fullmatch(r[4])
        if words < 0.1 * len(runs):  # a table of numbers, not words with their boxes
            return None
    if len(runs) < _MIN_RECORDS or bad > 0.1 * (len(runs) + bad):
        return None
    return _Words(runs, frozenset(starts))


def _pages(runs: list, rise: float | None = None, starts: dict | None = None) -> list[list]:
    """The runs cut into pages: a new page where a box covers half of one already on the
    current page (the same word drawn again over itself right after - a bold face printed
    twice - is dropped, not a new page; a running header is no such repeat; nor is the next
    piece of the same line overlapping the piece just before it). With `rise`, also where a
    box stands more than `rise` above the box before it (runs in page order, each page read
    top down: a page's first line after the last one's footer). `starts`: the first run of each
    container of records (JSON: a page's dict or list of words) -> the top of its highest
    run; a container whose words reach above the bottom of what the page so far printed
    begins again at the top, so it is the next page (its words need not land on the last
    page's: its table's first rows can stand where the page before printed only prose)."""
    starts = starts or {}
    bottom = -math.inf
    pages: list[list] = [[]]
    grid: dict[tuple[int, int], list] = {}
    for k, r in enumerate(runs):
        t, top, left, size, w, h = r
        cells = [(i, j) for i in range(int(left // 50), int((left + w) // 50) + 1)
                 for j in range(int(top // 50), int((top + h) // 50) + 1)]
        hits = [o for c in cells for o in grid.get(c, ()) if _overlap(r, o[1]) > 0.5]
        hit = hits[0] if hits else None
        if hit is not None and hit[1][0] == t and k - hit[0] <= 3:
            continue
        # a box over the one just before it on the same line is that line's next piece, its
        # box drawn wider than its text (a converter measuring with another font), not a new page
        if (hit is not None and not all(o[0] == k - 1 and abs(o[1][1] - top) < 0.5 * max(h, o[1][5]) for o in hits)) \
                or (rise is not None and k and top < runs[k - 1][1] - rise) \
                or (k in starts and pages[-1] and starts[k] < bottom - 0.5 * h):
            pages.append([])
            grid = {}
            bottom = -math.inf
        pages[-1].append(r)
        bottom = max(bottom, top + h)
        for c in cells:
            grid.setdefault(c, []).append((k, r))
    return [p for p in pages if p]


def _overlap(a, b) -> float:
    """The share of the smaller box that the two boxes have in common."""
    w = min(a[2] + a[4], b[2] + b[4]) - max(a[2], b[2])
    h = min(a[1] + a[5], b[1] + b[5]) - max(a[1], b[1])
    if w <= 0 or h <= 0:
        return 0.0
    small = min(a[4] * a[5], b[4] * b[5])
    return w * h / small if small > 0 else 0.0
