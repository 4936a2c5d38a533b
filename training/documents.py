"""Test documents: labelled reports as the files agencies publish — PDF, DOCX, scans.

API
---
    to_pdf(html, rng, route="auto") -> bytes            # a text-layer PDF of a rendered HTML report
    to_docx(html, rng, route="auto") -> bytes           # a DOCX of it
    to_scan(pdf, rng) -> bytes                          # an image-only "scanned" copy of a PDF
    render_document(report, fmt, rng, route="auto") -> Made(data, extension, fields, ambiguous)

`html` is the content of `training.render.render(report, "html", rng)`; `report` a labels-
shaped dict (see training.render). `fmt` is one of the seven text layouts of
training.render (`LAYOUTS`: the document is the rendered text itself) or "pdf", "docx",
"scan" (the report rendered as HTML, then converted). `Made` is a NamedTuple, so
`data, ext, fields, ambiguous = render_document(...)` works; `fields` and `ambiguous` are
the printed truth of training.render (converting never changes a value).

Routes (how the HTML becomes a file, the ways agencies make them)
------------------------------------------------------------------
PDF ("pdf", and the text-layer PDF a "scan" is made from):

* "typeset"     - pure PyMuPDF (no external program): the HTML is loaded by the HTML
                  loader and laid out like a WPS export — ruled grid, merged cells, labels
                  wrapped inside their cell, a one-character-wide vertical group column,
                  tables continued over pages with merged cells cut by the break, a running
                  header and "- n -" page numbers; or browser-like (borders as thin filled
                  rectangles, cut merged cells open at the break). Deterministic.
* "chromium"    - headless Chromium print-to-pdf (A4 or Letter, page margins, maybe the
                  browser's own header/footer with date, title, URL and "1/4"), in a
                  private --user-data-dir under a temporary folder, with a time limit.
* "libreoffice" - `soffice --headless --convert-to pdf` of the page opened as a Writer
                  document (the HTML (StarWriter) filter), private profile, time limit.

DOCX:

* "wordxml"     - a small WordprocessingML writer (pure Python): paragraphs, tables with
                  every merge written as Word does (w:gridSpan, w:vMerge restart plus a
                  continuation cell in each row below), labels split over runs.
* "python-docx" - python-docx (a dependency of xxgk): merged cells via Cell.merge, <br> as
                  a line-break run or a new paragraph, runs with odd font sizes.
* "libreoffice" - `soffice --headless --convert-to docx` of the page as a Writer document.

"auto" is "typeset" for PDF and "wordxml" for DOCX: deterministic and always available.
A route whose program is missing raises ConversionError (`available(route)` tells).
Scans come from training.paper.scan_pdf (pages rasterised at 150-200 dpi, rotated by
0.3-1.5 degrees, grey paper, uneven light, noise, blur, specks, one JPEG per page in an
image-only PDF) when OpenCV is installed, else from the same steps in numpy + PyMuPDF
(`scan_pdf_numpy`): making a scan needs no OCR extra, reading it back (xxgk extract) does.
Chromium and LibreOffice printouts are checked: a table wider than the paper, or a page
whose digits the PDF lacks (columns clipped at the margin), raises ConversionError rather
than give labels claiming values the document does not show.

CLI
---
    python -m training.documents OUTDIR [--formats pdf,docx,scan] [--routes ROUTES]
                                        [--seed N] [--generate N] [--limit N]

writes every labelled dev report (annotations/*.json with "fields"; without that folder,
tests/data/corpus's *.labels.json) in each format as OUTDIR/<stem>__<fmt>.<ext> with
OUTDIR/<stem>__<fmt>.labels.json ({"doc", "template", "year", "agency", "format",
"route", "seed", "fields", "ambiguous"}: score.py's label format), so that

    xxgk extract OUTDIR --out PRED && python -m training.score OUTDIR PRED

scores them (`xxgk extract` of a folder writes PRED/<stem>__<fmt>.json). `--formats`
takes "pdf", "docx", "scan", any text layout ("tabs", "html", ...), "text" (all seven) or
"all". `--routes` picks converters: "pdf=chromium", several for one format with "+"
("pdf=typeset+chromium,docx=wordxml+libreoffice,scan=chromium"); a bare route name
("chromium") applies to every chosen format it can make. A format given routes names its
files <stem>__<fmt>-<route> (e.g. 003__pdf-chromium.pdf). For one seed, every document
format of a report comes from the same rendered HTML, and a scan is made from exactly the
PDF its route makes (so scan=chromium scans the pdf=chromium file). `--generate N` adds N
generated reports (training.generate) as gen<seed>_<i>__<fmt>, one random format (and
route) each.
"""
from __future__ import annotations

import io
import os
import pathlib
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import zipfile
import zlib
from typing import NamedTuple
from xml.sax.saxutils import escape

from training.render import LAYOUTS, render

try:
    import pymupdf
except ImportError:  # pragma: no cover - pymupdf is a dependency of xxgk
    pymupdf = None

REPO = pathlib.Path(__file__).resolve().parents[1]
DOC_FORMATS = ("pdf", "docx", "scan")
FORMATS = tuple(LAYOUTS) + DOC_FORMATS
ROUTES = {"pdf": ("typeset", "chromium", "libreoffice"), "scan": ("typeset", "chromium", "libreoffice"),
          "docx": ("wordxml", "python-docx", "libreoffice")}
AUTO = {"pdf": "typeset", "scan": "typeset", "docx": "wordxml"}
EXTENSIONS = {"pdf": "pdf", "scan": "pdf", "docx": "docx"}
TIMEOUT = 120.0  # seconds an external converter may take


class ConversionError(RuntimeError):
    """A route's program is missing, failed, or ran out of time."""


class Made(NamedTuple):
    data: bytes
    extension: str
    fields: dict
    ambiguous: list


# =========================================================================================
# external programs
# =========================================================================================

def find_chromium() -> str | None:
    """Headless-capable Chromium/Chrome (XXGK_CHROMIUM overrides)."""
    env = os.environ.get("XXGK_CHROMIUM")
    if env:
        return env if os.path.isfile(env) and os.access(env, os.X_OK) else None
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def find_soffice() -> str | None:
    from extractor.loaders.legacy import find_soffice as _find

    return _find()


def have_python_docx() -> bool:
    try:
        import docx  # noqa: F401  (python-docx)
    except ImportError:
        return False
    return True


def available(route: str) -> bool:
    """Whether `route` can run here."""
    if route in ("auto", "typeset", "wordxml"):
        return pymupdf is not None or route == "wordxml"
    if route == "chromium":
        return find_chromium() is not None
    if route == "libreoffice":
        return find_soffice() is not None
    if route == "python-docx":
        return have_python_docx()
    return False


def _run(cmd: list[str], cwd: str, timeout: float, what: str) -> subprocess.CompletedProcess:
    """Run a converter in its own process group; on timeout end that group (ours) only."""
    env = dict(os.environ, HOME=cwd)
    kw: dict = {"start_new_session": True} if os.name == "posix" else {}
    try:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                cwd=cwd, env=env, **kw)
    except OSError as e:
        raise ConversionError(f"cannot run {what} ({cmd[0]}): {e}") from e
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        try:
            if os.name == "posix":
                os.killpg(proc.pid, signal.SIGKILL)
            else:
                proc.kill()
        except OSError:
            pass
        try:
            proc.communicate(timeout=10)
        except Exception:
            pass
        raise ConversionError(f"{what} did not finish within {timeout:g} s") from None
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def _why(res: subprocess.CompletedProcess) -> str:
    lines = (res.stderr or res.stdout or b"").decode("utf-8", "replace").splitlines()
    lines = [ln for ln in lines if ln.strip() and "javaldx" not in ln and "dbus" not in ln.lower()]
    return "; ".join(lines)[-300:] or f"exit status {res.returncode}"


# =========================================================================================
# HTML clean-up shared by the print routes
# =========================================================================================

_TABLE_NO_BORDER = re.compile(r"<table(?![^>]*\bborder\s*=)", re.I)
_NOWRAP = re.compile(r"""\snowrap(?:\s*=\s*["']?nowrap["']?)?(?=[\s/>])|white-space\s*:\s*nowrap\s*;?""", re.I)


def printable(html: str) -> str:
    """The page as a person prints it: fixed pixel widths and nowrap dropped (a Word
    table ~1000 px wide, or one whose cells may not wrap, runs off an A4 page and the
    printout loses its right-hand columns, which no published report does), ruled tables
    (every published report rules its tables; a bare <table> only lacks the site's CSS)
    and a charset declaration."""
    from training.paper import fit_page

    html = _NOWRAP.sub("", fit_page(html))
    html = _TABLE_NO_BORDER.sub('<table border="1" cellspacing="0"', html)
    if "<meta charset" not in html.lower():
        head = re.search(r"<head[^>]*>", html, re.I)
        meta = '<meta charset="utf-8">\n'
        html = html[:head.end()] + meta + html[head.end():] if head else meta + html
    return html


_MM = 72 / 25.4


def _print_css(rng: random.Random) -> str:
    paper = rng.choices(["A4", "Letter"], [9, 1])[0]
    margin = rng.choice(["10mm", "15mm", "20mm", "25mm 20mm"])
    size = rng.choice(["10.5pt", "11pt", "12pt", "14pt"])
    cell = rng.choice(["9pt", "10pt", "10.5pt", "12pt"])
    pad = rng.choice([1, 2, 3, 4])
    return (f"<style>@page {{size: {paper}; margin: {margin};}} body {{font-size: {size};}} "
            f"table {{border-collapse: collapse; max-width: 100%;{' width: 100%;' if rng.random() < 0.5 else ''}}} "
            f"td, th {{border: 1px solid #000; padding: {pad}px; font-size: {cell}; overflow-wrap: anywhere;}}"
            "</style>\n")


# =========================================================================================
# PDF routes
# =========================================================================================

def runs_off(pdf: bytes) -> list[int]:
    """1-based pages whose table rulings or text reach the left or right edge of the
    paper: a printout that cut its table there (the cut-off columns are not in the PDF,
    so the labels would claim values the document does not show)."""
    if pymupdf is None:
        return []
    out = []
    with pymupdf.open(stream=pdf, filetype="pdf") as d:
        for i, page in enumerate(d):
            w = page.rect.width
            edge = any(r.width > 20 and (r.x1 > w - 1 or r.x0 < 1) for r in (dr["rect"] for dr in page.get_drawings()))
            edge = edge or any(x1 > w - 1 or x0 < 1 for x0, _y0, x1, *_ in page.get_text("words"))
            if edge:
                out.append(i + 1)
    return out


def missing_digits(html: str, pdf: bytes, margin: float = 0.0) -> int:
    """How many digits of the page (as the HTML loader reads it) the PDF's text lacks;
    text within `margin` points of the top or bottom edge (a browser's header and
    footer) does not count. A printout that clipped a table's right-hand columns at the
    page margin lacks their values."""
    from collections import Counter

    want = Counter(ch for ch in html_document(html).text if ch.isdigit())
    got: Counter = Counter()
    with pymupdf.open(stream=pdf, filetype="pdf") as d:
        for page in d:
            r = page.rect
            clip = pymupdf.Rect(r.x0 - 1e4, r.y0 + margin, r.x1 + 1e4, r.y1 - margin)
            got.update(ch for ch in page.get_text("text", clip=clip) if ch.isdigit())
    return sum((want - got).values())


def _checked(pdf: bytes, route: str, html: str, margin: float = 0.0) -> bytes:
    cut = runs_off(pdf)
    if cut:
        raise ConversionError(f"{route} printed a table wider than the paper (page(s) {', '.join(map(str, cut))})")
    lost = missing_digits(html, pdf, margin)
    if lost:
        raise ConversionError(f"{route} lost {lost} digit(s) of the page (a table cut at the page margin?)")
    return pdf


def html_to_pdf_chromium(html: str, rng: random.Random, timeout: float = TIMEOUT) -> bytes:
    """Headless Chromium print-to-pdf of the page."""
    exe = find_chromium()
    if not exe:
        raise ConversionError("chromium not found (apt-get install chromium, or set XXGK_CHROMIUM)")
    page = printable(html)
    css = _print_css(rng)
    head = re.search(r"<head[^>]*>", page, re.I)
    page = page[:head.end()] + css + page[head.end():] if head else css + page
    header_footer = rng.random() < 0.25  # the browser's date / title / URL / "1/4" lines
    with tempfile.TemporaryDirectory(prefix="xxgk-chromium-") as d:
        src = pathlib.Path(d) / "report.html"
        src.write_text(page, encoding="utf-8")
        out = pathlib.Path(d) / "report.pdf"
        cmd = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               f"--user-data-dir={d}/profile", f"--print-to-pdf={out}"]
        if not header_footer:
            cmd.append("--no-pdf-header-footer")
        res = _run(cmd + [src.as_uri()], d, timeout, "chromium")
        if not out.is_file() or out.stat().st_size == 0:
            raise ConversionError(f"chromium printed no PDF ({_why(res)})")
        return _checked(out.read_bytes(), "chromium", html, _MM * 8 if header_footer else 0.0)


def _soffice_convert(html: str, target: str, timeout: float = TIMEOUT) -> bytes:
    """LibreOffice: open the page as a Writer document, save it as `target` (pdf|docx)."""
    exe = find_soffice()
    if not exe:
        raise ConversionError("LibreOffice (soffice) not found (apt-get install libreoffice-writer)")
    filt = {"pdf": "pdf:writer_pdf_Export", "docx": "docx:MS Word 2007 XML"}[target]
    with tempfile.TemporaryDirectory(prefix="xxgk-soffice-") as d:
        src = pathlib.Path(d) / "report.html"
        src.write_text(html, encoding="utf-8")
        outdir = pathlib.Path(d) / "out"
        outdir.mkdir()
        cmd = [exe, f"-env:UserInstallation={(pathlib.Path(d) / 'profile').as_uri()}", "--headless", "--invisible",
               "--norestore", "--nolockcheck", "--nodefault", "--nologo", "--infilter=HTML (StarWriter)",
               "--convert-to", filt, "--outdir", str(outdir), str(src)]
        res = _run(cmd, d, timeout, "LibreOffice")
        out = outdir / f"report.{target}"
        if not out.is_file() or out.stat().st_size == 0:
            raise ConversionError(f"LibreOffice made no {target} ({_why(res)})")
        return out.read_bytes()


def html_to_pdf_libreoffice(html: str, rng: random.Random, timeout: float = TIMEOUT) -> bytes:
    """LibreOffice Writer's PDF export of the page."""
    return _checked(_soffice_convert(printable(html), "pdf", timeout), "LibreOffice", html)


def html_document(html: str):
    """The page as the HTML loader reads it (extractor.model.Document)."""
    from extractor.loaders import html as html_loader
    from extractor.model import Source

    return html_loader.parse(html, Source("report.html", "x", "html"))


def html_to_pdf_typeset(html: str, rng: random.Random, label_width: float | None = None) -> bytes:
    """PyMuPDF typesetting of the page as the HTML loader reads it (see `typeset`)."""
    doc = html_document(html)
    title = (doc.title or "").strip()
    header = rng.choice([None, "政府信息公开工作年度报告", title or None])
    numbers = rng.choice(["- {n} -", "- {n} -", "— {n} —", "－{n}－", "第 {n} 页", "{n}"])
    return typeset(doc, header=header, numbers=numbers, browser=rng.random() < 0.3, label_width=label_width)


def to_pdf(rendered_html: str, rng: random.Random, route: str = "auto", label_width: float | None = None) -> bytes:
    """A text-layer PDF of a rendered HTML report; route "typeset" (auto), "chromium" or "libreoffice".
    `label_width` (typeset only): the widest a label column may be, in pt (see `typeset`)."""
    route = AUTO["pdf"] if route == "auto" else route
    if route == "typeset":
        return html_to_pdf_typeset(rendered_html, rng, label_width)
    if route == "chromium":
        return html_to_pdf_chromium(rendered_html, rng)
    if route == "libreoffice":
        return html_to_pdf_libreoffice(rendered_html, rng)
    raise ValueError(f"unknown PDF route {route!r}; one of auto, {', '.join(ROUTES['pdf'])}")


# =========================================================================================
# a small typesetter: Document (from the HTML loader) -> PDF, like a WPS export
# =========================================================================================

FONT = "china-s"  # PyMuPDF's built-in CJK font: nothing embedded, tiny files


def _width(text: str, size: float) -> float:
    return pymupdf.get_text_length(text, fontname=FONT, fontsize=size)


def _wrap(text: str, width: float, size: float) -> list[str]:
    lines, cur = [], ""
    for ch in text:
        if cur and _width(cur + ch, size) > width:
            lines.append(cur)
            cur = ""
        cur += ch
    return lines + [cur] if cur else lines


class _Typesetter:
    W, H, LEFT, RIGHT, TOP, BOTTOM = 595, 842, 70, 525, 70, 770

    def __init__(self, header: str | None, numbers: str, browser: bool = False, label_width: float | None = None):
        if pymupdf is None:
            raise ConversionError("the typeset route needs PyMuPDF (pip install pymupdf)")
        self.doc = pymupdf.open()
        self.header, self.numbers = header, numbers
        self.label_width = label_width
        # browser-like printing: borders as thin filled rectangles, a merged cell cut by a
        # page break has no bottom/top border at the break, and a row moved to the next
        # page leaves an empty strip of itself at the bottom of the page
        self.browser = browser
        self.page = None
        self.y = 0.0
        self.new_page()

    def new_page(self):
        self.page = self.doc.new_page(width=self.W, height=self.H)
        n = self.doc.page_count
        if self.header:
            self.text(self.LEFT, 40, self.header, 8)
        label = self.numbers.format(n=n)
        self.text(self.W / 2 - _width(label, 9) / 2, 805, label, 9)
        self.y = self.TOP

    def text(self, x, y, s, size):
        self.page.insert_text((x, y + size), s, fontname=FONT, fontsize=size)

    def paragraph(self, s: str, size: float = 11):
        for ln in _wrap(s, self.RIGHT - self.LEFT, size):
            if self.y + size * 1.5 > self.BOTTOM:
                self.new_page()
            self.text(self.LEFT, self.y, ln, size)
            self.y += size * 1.5
        self.y += 4

    def table(self, cells: list, size: float = 7.5):
        rows = sorted({c.row for c in cells})
        ridx = {r: i for i, r in enumerate(rows)}
        ncols = max(c.col + c.colspan for c in cells)
        # column widths from the longest text of a single-column cell; group labels that
        # span many rows do not count, so their column is one character wide (vertical)
        need = [size * 1.6] * ncols
        for c in cells:
            if c.colspan == 1 and not (c.rowspan > 2 and ncols > 4):
                need[c.col] = max(need[c.col], min(_width(c.text, size) + 6, 150))
        # narrow (number) columns keep their width, wide (label) columns share the rest
        avail = self.RIGHT - self.LEFT
        fixed = sum(w for w in need if w <= 45)
        wide = sum(w for w in need if w > 45)
        k = (avail - fixed) / wide if wide else 1.0
        need = [w if w <= 45 else w * k for w in need]
        scale = None
        if self.label_width and all(w <= 45 for w in need):  # no label column: table 四
            need, scale = _heading_widths(cells, ncols, size, self.label_width), 1.0
        elif self.label_width:
            groups = _group_columns(cells, need, size)
            need = _narrow_labels(need, self.label_width)
            need = [self.label_width * NARROW_GROUP_SHARE if k in groups else w for k, w in enumerate(need)]
        scale = scale or avail / sum(need)
        xs = [self.LEFT]
        for w in need:
            xs.append(xs[-1] + w * scale)
        pad, lh = 2.5, size * 1.35
        spans = []
        for c in cells:
            w = xs[c.col + c.colspan] - xs[c.col] - 2 * pad
            spans.append((c, ridx[c.row], ridx[c.row] + c.rowspan, _wrap(c.text, w, size)))
        heights = [lh + 2 * pad] * len(rows)
        for c, r0, r1, lines in sorted(spans, key=lambda s: s[2] - s[1]):
            h = len(lines) * lh + 2 * pad
            have = sum(heights[r0:r1])
            if h > have:
                heights[r1 - 1] += h - have
        # rows top to bottom; a row that does not fit starts a new page. A merged cell cut
        # by the break loses the space its line breaks waste: grow its last row and redo.
        y0 = self.y
        for _ in range(4):
            tops, pg, y = self._paginate(heights, y0)
            short = False
            for c, r0, r1, lines in spans:
                parts: dict[int, float] = {}
                for r in range(r0, r1):
                    parts[tops[r][0]] = parts.get(tops[r][0], 0.0) + heights[r]
                room = sum(max(int((h - 2 * pad) / lh + 1e-6), 0) for h in parts.values())
                if room < len(lines):
                    heights[r1 - 1] += (len(lines) - room) * lh
                    short = True
            if not short:
                break
        while self.doc.page_count - 1 < pg:
            self.new_page()
        self.y = y + 12
        if self.browser:  # the empty strip a row moved to the next page leaves behind
            for r in range(1, len(rows)):
                if tops[r][0] != tops[r - 1][0]:
                    pg_, top_ = tops[r - 1]
                    strip = top_ + heights[r - 1]
                    if self.BOTTOM - strip > 4:
                        self._box(self.doc[pg_], xs[0], strip, xs[-1], self.BOTTOM, top=True, bottom=False)
        for c, r0, r1, lines in spans:
            x0, x1 = xs[c.col], xs[c.col + c.colspan]
            parts: dict[int, list[float]] = {}
            for r in range(r0, r1):
                pg, top = tops[r]
                part = parts.setdefault(pg, [top, top])
                part[1] = top + heights[r]
            left = list(lines)
            order = sorted(parts)
            for pg in order:  # a cell cut by a page break: each part its lines
                top, bottom = parts[pg]
                page = self.doc[pg]
                if self.browser:
                    self._box(page, x0, top, x1, bottom, top=pg == order[0], bottom=pg == order[-1])
                else:
                    page.draw_rect(pymupdf.Rect(x0, top, x1, bottom), color=(0, 0, 0), width=0.5)
                fit = max(int((bottom - top - 2 * pad) / lh + 1e-6), 0)
                for k, ln in enumerate(left[:fit]):
                    page.insert_text((x0 + pad, top + pad + k * lh + size), ln, fontname=FONT, fontsize=size)
                left = left[fit:]

    @staticmethod
    def _box(page, x0, y0, x1, y1, top=True, bottom=True):
        t = 0.75
        edges = [(x0 - t / 2, y0, x0 + t / 2, y1), (x1 - t / 2, y0, x1 + t / 2, y1)]
        if top:
            edges.append((x0, y0 - t / 2, x1, y0 + t / 2))
        if bottom:
            edges.append((x0, y1 - t / 2, x1, y1 + t / 2))
        for e in edges:
            page.draw_rect(pymupdf.Rect(*e), color=None, fill=(0.3, 0.3, 0.3), width=0)

    def _paginate(self, heights: list[float], y: float) -> tuple[list, int, float]:
        """(page index, top) of each row, and the page and y after the last row."""
        pg = self.doc.page_count - 1
        tops = []
        for h in heights:
            if y + h > self.BOTTOM:
                pg, y = pg + 1, self.TOP
            tops.append((pg, y))
            y += h
        return tops, pg, y

    def tobytes(self) -> bytes:
        return self.doc.tobytes(garbage=3, deflate=True)


def _narrow_labels(need: list[float], most: float) -> list[float]:
    """Column widths with every label (wide) column at most `most` pt, the room they give up
    shared by the number columns: how Word, LibreOffice or a browser may size a table, whose
    labels then wrap sooner, at other characters, than at this typesetter's own widths."""
    spare = sum(w - most for w in need if w > most)
    narrow = sum(w for w in need if w <= 45)
    if spare <= 0 or not narrow:
        return need
    return [min(w, most) if w > 45 else w + spare * w / narrow for w in need]


# With narrow label columns, the columns of the group labels that span rows (（六）其他处理 beside
# its 1./2./3. rows) are this share of the widest label column: a few characters, as Word's or
# LibreOffice's table sizes print them ("(六)其" / "他处理"), where this typesetter's own widths
# print them one character a line.
NARROW_GROUP_SHARE = 0.4


_NUMBER = re.compile(r"[\d.,+\-/%]*")


def _heading_widths(cells: list, ncols: int, size: float, label_width: float) -> list[float]:
    """Column widths of a table of number columns only (table 四) in a narrow report: each as
    narrow as its widest value allows, one or two heading characters a line (which, by column,
    from `label_width`), the table narrower than the page - as WeasyPrint's or LibreOffice's PDF
    prints 结果维持 "结" / "果" / "维" / "持" or "结果" / "维持", so training sees those heading lines."""
    out = []
    for k in range(ncols):
        w = _width("结" * (1 if (k + int(label_width)) % 3 == 0 else 2), size) + 6
        for c in cells:
            if c.col == k and c.colspan == 1 and _NUMBER.fullmatch(c.text.strip()):
                w = max(w, _width(c.text.strip(), size) + 6)
        out.append(w)
    return out


def _group_columns(cells: list, need: list[float], size: float) -> set[int]:
    """The columns that only group labels spanning rows set (still at their least width):
    this typesetter prints them one character a line."""
    spanning = {c.col for c in cells if c.colspan == 1 and c.rowspan > 2 and c.text.strip()}
    return {k for k in spanning if need[k] <= size * 1.6}


def typeset(doc, header: str | None = "政府信息公开工作年度报告", numbers: str = "- {n} -",
            paginate_before: set | None = None, browser: bool = False, label_width: float | None = None) -> bytes:
    """Lines as paragraphs, HTML tables as ruled grids (spans kept), over A4 pages; with
    `label_width`, label columns at most that wide (in pt: labels wrap sooner)."""
    ts = _Typesetter(header, numbers, browser, label_width)
    i, blocks = 0, doc.blocks
    while i < len(blocks):
        b = blocks[i]
        if b.kind == "cell":
            j = i
            while j < len(blocks) and blocks[j].kind == "cell" and blocks[j].table == b.table:
                j += 1
            ts.table(blocks[i:j])
            i = j
            continue
        if paginate_before and b.text in paginate_before:
            ts.new_page()
        ts.paragraph(b.text)
        i += 1
    return ts.tobytes()


# =========================================================================================
# DOCX routes
# =========================================================================================

# --- a minimal WordprocessingML writer ------------------------------------------------------

_NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
       'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
       'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"')


def R(text: str, hidden: bool = False) -> str:
    rpr = "<w:rPr><w:vanish/></w:rPr>" if hidden else "<w:rPr><w:rFonts w:hint=\"eastAsia\"/></w:rPr>"
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def P(*runs: str, num: tuple[int, int] | None = None, style: str | None = None) -> str:
    ppr = ""
    if num or style:
        ppr = "<w:pPr>"
        if style:
            ppr += f'<w:pStyle w:val="{style}"/>'
        if num:
            ppr += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
        ppr += "</w:pPr>"
    return f"<w:p>{ppr}{''.join(r if r.startswith('<') else R(r) for r in runs)}</w:p>"


def TC(*paras: str, span: int = 1, vmerge: str | None = None) -> str:
    pr = '<w:tcW w:w="1200" w:type="dxa"/>'
    if span > 1:
        pr += f'<w:gridSpan w:val="{span}"/>'
    if vmerge == "restart":
        pr += '<w:vMerge w:val="restart"/>'
    elif vmerge == "continue":
        pr += "<w:vMerge/>"
    body = "".join(p if p.startswith("<") else P(p) for p in paras) or "<w:p/>"
    return f"<w:tc><w:tcPr>{pr}</w:tcPr>{body}</w:tc>"


def TR(*cells: str, before: int = 0, after: int = 0) -> str:
    pr = ""
    if before or after:
        pr = "<w:trPr>" + (f'<w:gridBefore w:val="{before}"/>' if before else "") + \
             (f'<w:gridAfter w:val="{after}"/>' if after else "") + "</w:trPr>"
    return f"<w:tr>{pr}{''.join(cells)}</w:tr>"


def TBL(*rows: str, ncols: int = 4) -> str:
    grid = "".join('<w:gridCol w:w="1200"/>' for _ in range(ncols))
    return (f'<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/></w:tblPr>'
            f"<w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>")


WORD_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'wordprocessingml.document.main+xml"/></Types>')
WORD_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
    'core-properties" Target="docProps/core.xml"/></Relationships>')


def numbering_xml(levels: list[tuple[str, str]]) -> str:
    """One list (numId 1) whose level i is printed as levels[i] = (numFmt, lvlText)."""
    lvls = "".join(f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
                   f'<w:lvlText w:val="{text}"/><w:suff w:val="nothing"/></w:lvl>'
                   for i, (fmt, text) in enumerate(levels))
    return (f'<?xml version="1.0" encoding="UTF-8"?><w:numbering {_NS}><w:abstractNum w:abstractNumId="7">{lvls}'
            f'</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="7"/></w:num></w:numbering>')


def make_docx(body: str, numbering: str | None = None, title: str | None = None,
              header: str | None = None) -> bytes:
    """A .docx holding `body` (WordprocessingML of w:body's children)."""
    doc_rels = ['<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                'relationships/styles" Target="styles.xml"/>']
    parts = {"word/styles.xml": f'<?xml version="1.0" encoding="UTF-8"?><w:styles {_NS}/>'}
    if numbering:
        doc_rels.append('<Relationship Id="rId10" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                        'relationships/numbering" Target="numbering.xml"/>')
        parts["word/numbering.xml"] = numbering
    sect = "<w:sectPr/>"
    if header:
        doc_rels.append('<Relationship Id="rId11" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                        'relationships/header" Target="header1.xml"/>')
        parts["word/header1.xml"] = f'<?xml version="1.0" encoding="UTF-8"?><w:hdr {_NS}>{P(header)}</w:hdr>'
        sect = '<w:sectPr><w:headerReference w:type="default" r:id="rId11"/></w:sectPr>'
    core = ('<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/'
            'package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"<dc:title>{escape(title or '')}</dc:title><dc:creator>办公室</dc:creator></cp:coreProperties>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", WORD_CONTENT_TYPES)
        z.writestr("_rels/.rels", WORD_RELS)
        z.writestr("docProps/core.xml", core)
        z.writestr("word/document.xml", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                                        f"<w:document {_NS}><w:body>{body}{sect}</w:body></w:document>")
        z.writestr("word/_rels/document.xml.rels",
                   '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                   f'package/2006/relationships">{"".join(doc_rels)}</Relationships>')
        for name, xml in parts.items():
            z.writestr(name, xml)
    return buf.getvalue()


def _html_root(content: str):
    from lxml import html as lhtml

    root = lhtml.fromstring(content)
    body = root.find(".//body")
    return body if body is not None else root


def _html_grid(t) -> tuple[list[tuple], int, int]:
    """The cells of an HTML table on its grid, spans expanded: ([(row, col, rowspan, colspan,
    td)], rows, columns); a rowspan never reaches past the last row."""
    trs = list(t.iter("tr"))
    taken: set[tuple[int, int]] = set()
    cells = []
    ncols = 0
    for r, tr in enumerate(trs):
        c = 0
        for td in tr:
            if td.tag not in ("td", "th"):
                continue
            while (r, c) in taken:
                c += 1
            rs, cs = min(int(td.get("rowspan", 1)), len(trs) - r), int(td.get("colspan", 1))
            taken.update((r + dr, c + dc) for dr in range(rs) for dc in range(cs))
            cells.append((r, c, rs, cs, td))
            c += cs
            ncols = max(ncols, c)
    return cells, len(trs), ncols


def html_to_docx(content: str, rng: random.Random) -> bytes:
    """An HTML page as Word would save it: paragraphs, and tables with every merge written
    as Word does (w:gridSpan, w:vMerge restart + a continuation cell in each row below)."""
    out: list[str] = []

    def runs(el) -> list[str]:
        pieces: list[str] = []

        def walk(e):
            if e.text:
                pieces.append(R(e.text))
            for c in e:
                if c.tag == "br":
                    pieces.append("<w:r><w:br/></w:r>")
                elif isinstance(c.tag, str):
                    walk(c)
                if c.tail:
                    pieces.append(R(c.tail))
        walk(el)
        return pieces

    def table(t) -> str:
        cells, nrows, ncols = _html_grid(t)
        slots: dict[tuple[int, int], tuple] = {}
        for r, c, rs, cs, td in cells:
            for dr in range(rs):
                for dc in range(cs):
                    slots[(r + dr, c + dc)] = ("top" if dr == 0 else "below", td, rs, cs, dc)
        rows = []
        for r in range(nrows):
            cells = []
            for c in range(ncols):
                kind, td, rs, cs, dc = slots.get((r, c), ("none", None, 1, 1, 0))
                if kind == "none":
                    cells.append(TC())
                elif dc:
                    continue
                elif kind == "below":
                    cells.append(TC(span=cs, vmerge="continue"))
                else:
                    paras = [p for p in td if p.tag == "p"] or [td]
                    body = [P(*runs(p)) for p in paras if "".join(p.itertext()).strip("\xa0 \n")]
                    cells.append(TC(*body, span=cs, vmerge="restart" if rs > 1 else None))
            rows.append(TR(*cells))
        return TBL(*rows, ncols=ncols)

    blocks = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "div"}

    def walk(e):
        for c in e:
            if not isinstance(c.tag, str) or c.tag in ("head", "title", "script", "style"):
                continue
            if c.tag == "table":
                out.append(table(c))
            elif c.tag in blocks and not any(x.tag in blocks or x.tag == "table" for x in c.iterdescendants()):
                if "".join(c.itertext()).strip():
                    out.append(P(*runs(c)))
            else:
                walk(c)

    walk(_html_root(content))
    return make_docx("".join(out), title=rng.choice([None, "", "Normal", "2018年政府信息公开工作年度报告"]))


# --- python-docx ----------------------------------------------------------------------------

_PY_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "div", "li"}


def _pieces(el) -> list[tuple[str, bool]]:
    """[(text, is_break)] of an element: each <span> (or text node) a run, <br> a break."""
    out: list[tuple[str, bool]] = []

    def walk(e):
        if e.text:
            out.append((e.text, False))
        for c in e:
            if c.tag == "br":
                out.append(("", True))
            elif isinstance(c.tag, str):
                walk(c)
            if c.tail:
                out.append((c.tail, False))
    walk(el)
    return out


def html_to_docx_python_docx(content: str, rng: random.Random) -> bytes:
    """The page written with python-docx: Cell.merge for spans, <br> as a break run or a
    new paragraph, "Table Grid" style mostly, now and then a run with its own font size."""
    try:
        import docx as pydocx
        from docx.shared import Pt
    except ImportError as e:
        raise ConversionError("python-docx is not installed (pip install python-docx)") from e

    d = pydocx.Document()
    grid_style = rng.random() < 0.8

    def fill(par, pieces):
        for text, brk in pieces:
            if brk:
                par.add_run().add_break()
                continue
            text = text.replace("\xa0", " ")
            if not text:
                continue
            r = par.add_run(text)
            if rng.random() < 0.2:
                r.font.size = Pt(rng.choice([10.5, 12, 14]))

    def add_table(tbl):
        cells, nrows, ncols = _html_grid(tbl)
        t = d.add_table(rows=nrows, cols=ncols)
        if grid_style:
            t.style = "Table Grid"
        for r, c, rs, cs, _td in cells:
            if rs > 1 or cs > 1:
                t.cell(r, c).merge(t.cell(r + rs - 1, c + cs - 1))
        for r, c, _rs, _cs, td in cells:
            cell = t.cell(r, c)
            first = True
            for p in [p for p in td if p.tag == "p"] or [td]:
                pieces = _pieces(p)
                if not "".join(x for x, _ in pieces).replace("\xa0", " ").strip():
                    continue
                par = cell.paragraphs[0] if first else cell.add_paragraph()
                first = False
                if rng.random() < 0.5:  # a <br> inside a cell: a break run ...
                    fill(par, pieces)
                else:  # ... or a new paragraph (Word's Enter)
                    for text, brk in pieces:
                        if brk:
                            par = cell.add_paragraph()
                        else:
                            fill(par, [(text, False)])

    def walk(e):
        for c in e:
            if not isinstance(c.tag, str) or c.tag in ("script", "style", "head", "title"):
                continue
            if c.tag == "table":
                add_table(c)
            elif c.tag in _PY_BLOCKS and not any(isinstance(x.tag, str) and (x.tag in _PY_BLOCKS or x.tag == "table")
                                                 for x in c.iterdescendants()):
                pieces = _pieces(c)
                if "".join(x for x, _ in pieces).strip():
                    style = "Heading 1" if c.tag == "h1" and rng.random() < 0.5 else None
                    fill(d.add_paragraph(style=style), pieces)
            else:
                walk(c)

    walk(_html_root(content))
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def html_to_docx_libreoffice(html: str, rng: random.Random, timeout: float = TIMEOUT) -> bytes:
    """LibreOffice Writer's DOCX export of the page."""
    return _soffice_convert(printable(html), "docx", timeout)


def to_docx(rendered_html: str, rng: random.Random, route: str = "auto") -> bytes:
    """A DOCX of a rendered HTML report; route "wordxml" (auto), "python-docx" or "libreoffice"."""
    route = AUTO["docx"] if route == "auto" else route
    if route == "wordxml":
        return html_to_docx(rendered_html, rng)
    if route == "python-docx":
        return html_to_docx_python_docx(rendered_html, rng)
    if route == "libreoffice":
        return html_to_docx_libreoffice(rendered_html, rng)
    raise ValueError(f"unknown DOCX route {route!r}; one of auto, {', '.join(ROUTES['docx'])}")


# =========================================================================================
# scans
# =========================================================================================

def to_scan(pdf: bytes, rng: random.Random) -> bytes:
    """An image-only copy of `pdf`, degraded like an office scan: training.paper.scan_pdf
    (OpenCV, which the OCR extra brings), or without OpenCV the same steps in numpy and
    PyMuPDF (`scan_pdf_numpy`) — making scans needs no OCR, only reading them does."""
    try:
        import cv2  # noqa: F401
    except ImportError:
        return scan_pdf_numpy(pdf, rng)
    from training.paper import scan_pdf

    return scan_pdf(pdf, rng)[0]


def _rotate(f, angle: float, cx: float, cy: float, dx: float, dy: float, fill: float):
    """Bilinear rotation of a float image by `angle` degrees about (cx, cy), shifted."""
    import numpy as np

    h, w = f.shape
    a = float(np.deg2rad(angle))
    ca, sa = float(np.cos(a)), float(np.sin(a))
    xs = np.arange(w, dtype=np.float32)[None, :] - (cx + dx)
    ys = np.arange(h, dtype=np.float32)[:, None] - (cy + dy)
    # inverse map (cv2.getRotationMatrix2D turns counter-clockwise for a positive angle)
    sx = ca * xs - sa * ys + cx
    sy = sa * xs + ca * ys + cy
    x0, y0 = np.floor(sx), np.floor(sy)
    fx, fy = sx - x0, sy - y0
    pad = np.pad(f.astype(np.float32), 1, constant_values=fill).ravel()
    x0 = np.clip(x0.astype(np.int32) + 1, 0, w)
    y0 = np.clip(y0.astype(np.int32) + 1, 0, h)
    i00 = y0 * (w + 2) + x0
    top = pad[i00] * (1 - fx) + pad[i00 + 1] * fx
    bottom = pad[i00 + w + 2] * (1 - fx) + pad[i00 + w + 3] * fx
    return top * (1 - fy) + bottom * fy


def _blur(f, sigma: float):
    import numpy as np

    r = max(1, int(3 * sigma + 0.5))
    k = np.exp(-0.5 * (np.arange(-r, r + 1) / sigma) ** 2).astype(np.float32)
    k /= k.sum()
    p = np.pad(f, r, mode="edge")
    p = sum(k[i] * p[i:i + f.shape[0], :] for i in range(2 * r + 1))
    return sum(k[i] * p[:, i:i + f.shape[1]] for i in range(2 * r + 1))


def degrade_numpy(img, rng: random.Random):
    """training.paper.degrade without OpenCV: grey paper and ink, uneven light, a rotation
    of 0.3-1.5 degrees, blur, noise, specks. img: grayscale uint8 ndarray."""
    import numpy as np

    nrng = np.random.default_rng(rng.randrange(2 ** 32))
    h, w = img.shape
    paper, ink = rng.uniform(225, 250), rng.uniform(0, 60)
    f = ink + (paper - ink) * (img.astype(np.float32) / 255.0)
    f += rng.uniform(-12, 12) * np.linspace(0, 1, h, dtype=np.float32)[:, None]
    f += rng.uniform(-12, 12) * np.linspace(0, 1, w, dtype=np.float32)[None, :]
    angle = rng.uniform(0.3, 1.5) * rng.choice((-1, 1))
    f = _rotate(f, angle, w / 2 + rng.uniform(-20, 20), h / 2 + rng.uniform(-20, 20),
                rng.uniform(-8, 8), rng.uniform(-8, 8), paper)
    if rng.random() < 0.7:
        f = _blur(f, rng.uniform(0.4, 1.0))
    f += nrng.normal(0, rng.uniform(2, 12), f.shape).astype(np.float32)
    n = rng.randrange(0, 300)
    if n:
        f[nrng.integers(0, h, n), nrng.integers(0, w, n)] = ink
    return np.clip(f, 0, 255).astype(np.uint8), angle


def scan_pdf_numpy(pdf: bytes, rng: random.Random) -> bytes:
    """training.paper.scan_pdf without OpenCV: each page rasterised at 150-200 dpi,
    degraded (`degrade_numpy`), stored as one JPEG per page in an image-only PDF."""
    import numpy as np

    if pymupdf is None:
        raise ConversionError("making scans needs PyMuPDF (pip install pymupdf)")
    src = pymupdf.open(stream=pdf, filetype="pdf")
    out = pymupdf.open()
    for page in src:
        dpi = rng.choice((150, 150, 180, 200, 200))
        pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY, alpha=False)
        img = np.frombuffer(pix.samples, np.uint8).reshape(pix.h, pix.w)
        img, _angle = degrade_numpy(img, rng)
        jpeg = pymupdf.Pixmap(pymupdf.csGRAY, pix.w, pix.h, img.tobytes(), 0).tobytes("jpeg", jpg_quality=rng.randrange(35, 86))
        p = out.new_page(width=page.rect.width, height=page.rect.height)
        p.insert_image(p.rect, stream=jpeg)
    return out.tobytes(deflate=True, garbage=3)


# =========================================================================================
# entry point
# =========================================================================================

def convert(rendered_html: str, fmt: str, rng: random.Random, route: str = "auto") -> bytes:
    """The rendered HTML as a "pdf", "docx" or "scan" (scan: `route` makes its PDF)."""
    if fmt == "pdf":
        return to_pdf(rendered_html, rng, route)
    if fmt == "docx":
        return to_docx(rendered_html, rng, route)
    if fmt == "scan":
        return to_scan(to_pdf(rendered_html, rng, route), rng)
    raise ValueError(f"unknown document format {fmt!r}; one of {', '.join(DOC_FORMATS)}")


def render_document(report: dict, fmt: str, rng: random.Random, route: str = "auto") -> Made:
    """`report` as a file: (bytes, extension, printed fields, ambiguous keys)."""
    if fmt in LAYOUTS:
        r = render(report, fmt, rng)
        return Made(r.content.encode("utf-8"), r.extension, r.fields, list(r.ambiguous))
    if fmt not in DOC_FORMATS:
        raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    r = render(report, "html", rng)
    return Made(convert(r.content, fmt, rng, route), EXTENSIONS[fmt], r.fields, list(r.ambiguous))


# =========================================================================================
# CLI
# =========================================================================================

def labelled_reports(folder=None) -> list[tuple[str, dict]]:
    """(stem, report) of every labelled dev report: annotations/*.json that carry "fields"
    (sorted by name), else tests/data/corpus's *.labels.json (training.render.dev_reports)."""
    import json

    base = pathlib.Path(folder) if folder else REPO / "annotations"
    out = []
    for f in sorted(base.glob("*.json")) if base.is_dir() else []:
        try:
            d = json.loads(f.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(d, dict) and isinstance(d.get("fields"), dict) and d["fields"]:
            out.append((f.stem, d))
    if out or folder:
        return out
    from training.render import dev_reports

    return dev_reports()


def parse_formats(spec: str) -> list[str]:
    out: list[str] = []
    for f in (x.strip() for x in spec.split(",")):
        if not f:
            continue
        group = {"all": FORMATS, "text": LAYOUTS, "documents": DOC_FORMATS}.get(f, (f,))
        for g in group:
            if g not in FORMATS:
                raise ValueError(f"unknown format {g!r}; one of {', '.join(FORMATS)}, text, documents, all")
            if g not in out:
                out.append(g)
    return out


def parse_routes(spec: str | None, formats: list[str]) -> list[tuple[str, str, bool]]:
    """(format, route, named) jobs; `named`: the file name carries the route."""
    given: dict[str, list[str]] = {}
    for item in (x.strip() for x in (spec or "").split(",")):
        if not item:
            continue
        if "=" in item:
            fmt, routes = (s.strip() for s in item.split("=", 1))
            if fmt not in DOC_FORMATS:
                raise ValueError(f"routes are for {', '.join(DOC_FORMATS)}, not {fmt!r}")
            for r in routes.split("+"):
                if r not in ROUTES[fmt] and r != "auto":
                    raise ValueError(f"unknown {fmt} route {r!r}; one of auto, {', '.join(ROUTES[fmt])}")
                given.setdefault(fmt, []).append(r)
        else:
            used = False
            for r in item.split("+"):
                for fmt in formats:
                    if fmt in DOC_FORMATS and r in ROUTES[fmt]:
                        given.setdefault(fmt, []).append(r)
                        used = True
            if not used:
                raise ValueError(f"route {item!r} makes none of the chosen formats ({', '.join(formats)})")
    jobs = []
    for fmt in formats:
        if fmt in given:
            for r in dict.fromkeys(given[fmt]):
                jobs.append((fmt, AUTO[fmt] if r == "auto" else r, True))
        else:
            jobs.append((fmt, AUTO.get(fmt, ""), False))
    return jobs


def _write(out: pathlib.Path, name: str, report: dict, made: Made, fmt: str, route: str, seed: int) -> None:
    import json

    (out / f"{name}.{made.extension}").write_bytes(made.data)
    label = {"doc": f"{name}.{made.extension}", "template": report.get("template"), "year": report.get("year"),
             "agency": report.get("agency"), "format": fmt, "route": route or None, "seed": seed,
             "fields": made.fields, "ambiguous": made.ambiguous}
    if report.get("broken") is not None:
        label["broken"] = report["broken"]
    (out / f"{name}.labels.json").write_text(json.dumps(label, ensure_ascii=False, indent=1), encoding="utf-8")


def _make_all(report: dict, stem: str, jobs: list, seed: int):
    """Yield (name, fmt, route, Made or exception) for one report; one HTML per report and
    seed, one PDF per route (the scan of a route scans that route's PDF)."""
    crc = zlib.crc32(stem.encode())
    r = render(report, "html", random.Random(f"{seed}:{stem}:html:{crc}"))
    pdfs: dict[str, bytes] = {}
    for fmt, route, named in jobs:
        name = f"{stem}__{fmt}" + (f"-{route}" if named else "")
        try:
            if fmt in LAYOUTS:
                made = render_document(report, fmt, random.Random(f"{seed}:{stem}:{fmt}:{crc}"))
            elif fmt == "docx":
                data = to_docx(r.content, random.Random(f"{seed}:{stem}:docx:{route}:{crc}"), route)
                made = Made(data, "docx", r.fields, list(r.ambiguous))
            else:
                if route not in pdfs:
                    pdfs[route] = to_pdf(r.content, random.Random(f"{seed}:{stem}:pdf:{route}:{crc}"), route)
                data = pdfs[route]
                if fmt == "scan":
                    data = to_scan(data, random.Random(f"{seed}:{stem}:scan:{route}:{crc}"))
                made = Made(data, "pdf", r.fields, list(r.ambiguous))
        except (ConversionError, OSError) as e:
            yield name, fmt, route, e
            continue
        yield name, fmt, route, made


def main(argv: list[str] | None = None) -> int:
    import argparse

    ap = argparse.ArgumentParser(description="Write the labelled dev reports as PDF / DOCX / scanned PDF "
                                             "(and text layouts), with score.py labels.")
    ap.add_argument("outdir")
    ap.add_argument("--formats", default="pdf,docx,scan",
                    help="comma list of pdf, docx, scan, text layouts (tabs, html, ...), 'text' or 'all' "
                         "(default pdf,docx,scan)")
    ap.add_argument("--routes", default=None,
                    help="converters, e.g. 'pdf=typeset+chromium,docx=libreoffice,scan=chromium' or a bare route "
                         "name for every format it makes (default: typeset PDF, wordxml DOCX)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--generate", type=int, default=0, help="also write N generated reports (random format each)")
    ap.add_argument("--limit", type=int, default=None, help="only the first N labelled reports")
    ap.add_argument("--annotations", default=None, help="folder of labelled reports (default: annotations/)")
    a = ap.parse_args(argv)
    try:
        formats = parse_formats(a.formats)
        jobs = parse_routes(a.routes, formats)
    except ValueError as e:
        ap.error(str(e))
    missing = sorted({route for _f, route, _n in jobs if route and not available(route)})
    if missing:
        ap.error(f"route(s) not available here: {', '.join(missing)}")
    out = pathlib.Path(a.outdir)
    out.mkdir(parents=True, exist_ok=True)
    n = failed = 0
    reports = labelled_reports(a.annotations)[: a.limit]
    for stem, rep in reports:
        for name, fmt, route, made in _make_all(rep, stem, jobs, a.seed):
            if isinstance(made, Exception):
                print(f"{name}: {made}", file=sys.stderr)
                failed += 1
                continue
            _write(out, name, rep, made, fmt, route, a.seed)
            n += 1
    if a.generate:
        from training.generate import generate_report

        rng = random.Random(a.seed)
        for i in range(a.generate):
            rep = generate_report(rng)
            job = rng.choice(jobs)
            stem = f"gen{a.seed}_{i:05d}"
            for name, fmt, route, made in _make_all(rep, stem, [job], a.seed):
                if isinstance(made, Exception):
                    print(f"{name}: {made}", file=sys.stderr)
                    failed += 1
                    continue
                _write(out, name, rep, made, fmt, route, a.seed)
                n += 1
    print(f"wrote {n} documents to {out}" + (f" ({failed} failed)" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
