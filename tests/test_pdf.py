"""PDF loader (extractor.loaders.pdf): text-layer PDFs become the same Document as HTML.

* real WPS exports from the shared corpus (skipped when absent): tables found, identities
  checked, page numbers never inside a table;
* rendered reports: a labelled report is rendered to HTML (training.render), loaded by
  the HTML loader, and typeset here into a PDF with PyMuPDF (ruled grid, merged cells,
  labels wrapped inside cells, a one-character-wide group column set vertically, tables
  continued over pages with merged cells cut by the break, running header and "- n -"
  page numbers); the fields read back must equal the truth;
* a page without a text layer goes to the OCR module (faked here);
* encrypted, truncated and corrupt PDFs raise LoadError.
"""
from __future__ import annotations

import hashlib
import pathlib
import random
import sys

import pytest

pymupdf = pytest.importorskip("pymupdf")

import extractor.loaders as loaders  # noqa: E402
from extractor.loaders import html as html_loader  # noqa: E402
from extractor.loaders import pdf  # noqa: E402
from extractor.model import Document, LoadError, Source  # noqa: E402
from extractor.pipeline import parse_document  # noqa: E402
from training.generate import generate_report  # noqa: E402
from training.render import render  # noqa: E402

REPO = pathlib.Path(__file__).resolve().parents[1]
REAL_PDF = REPO.parent / "shared" / "corpus" / "real-pdf"
PAGE_NUMBER = pdf._PAGE_NO


def _src(name: str, data: bytes) -> Source:
    return Source(name=name, sha256=hashlib.sha256(data).hexdigest(), format="pdf")


def load(data: bytes, name: str = "t.pdf") -> Document:
    return pdf.parse(data, _src(name, data))


# --- a small typesetter: Document (from the HTML loader) -> PDF ---------------------------

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

    def __init__(self, header: str | None, numbers: str, browser: bool = False):
        self.doc = pymupdf.open()
        self.header, self.numbers = header, numbers
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
        scale = avail / sum(need)
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


def typeset(doc: Document, header: str | None = "政府信息公开工作年度报告", numbers: str = "- {n} -",
            paginate_before: set | None = None, browser: bool = False) -> bytes:
    """Lines as paragraphs, HTML tables as ruled grids (spans kept), over A4 pages."""
    ts = _Typesetter(header, numbers, browser)
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


def _rendered(seed: int, template: str | None = None, **kw) -> tuple[dict, bytes]:
    """(printed fields, PDF bytes) of a generated report rendered as an HTML page."""
    rng = random.Random(seed)
    report = generate_report(rng, template)
    r = render(report, "html", rng)
    hdoc = html_loader.parse(r.content, Source("r.html", "x", "html"))
    return r.fields, typeset(hdoc, **kw)


def _lenient(v):
    if v is None:
        return 0
    if isinstance(v, dict):
        return round(float(v.get("yuan") or 0), 2)
    return v


def _wrong(truth: dict, out: dict) -> list:
    got = out["fields"]
    return [(k, v, (got.get(k) or {}).get("value")) for k, v in truth.items()
            if _lenient(v) != _lenient((got.get(k) or {}).get("value"))]


def _assert_no_page_numbers_in_cells(doc: Document) -> None:
    for b in doc.blocks:
        if b.kind == "cell":
            assert not (PAGE_NUMBER.match(b.text) and ("-" in b.text or "—" in b.text or "页" in b.text)), b
    rows = [b.row for b in doc.blocks]
    assert rows == sorted(rows), "layout rows must not decrease"


# --- rendered reports ------------------------------------------------------------------

@pytest.mark.parametrize("seed,template,browser", [(3, "2019", False), (11, "2021", False), (29, None, False),
                                                   (3, "2019", True), (11, "2021", True), (41, None, True)])
def test_rendered_report_fields_equal_truth(seed, template, browser):
    truth, data = _rendered(seed, template, browser=browser)
    doc = load(data)
    assert doc.meta["pages"] >= 2
    _assert_no_page_numbers_in_cells(doc)
    assert len({b.table for b in doc.blocks if b.kind == "cell"}) >= 3
    out = parse_document(doc)
    assert _wrong(truth, out) == []


def test_table_continued_over_pages_is_one_table():
    truth, data = _rendered(3, "2019")
    doc = load(data)
    tables: dict[int, set] = {}
    for b in doc.blocks:
        if b.kind == "cell":
            tables.setdefault(b.table, set()).add(b.page)
    assert any(len(p) > 1 for p in tables.values()), "a table should run over a page break"
    assert len(tables) == 3  # active, requests, review: none split in two
    assert all(f in doc.meta["furniture"] for f in ("- 1 -", "- 2 -"))
    assert not any(b.text in ("- 1 -", "- 2 -", "政府信息公开工作年度报告") for b in doc.blocks)


def _mini_table_pdf(rows: list[list[str]], widths: list[float], *, spans=None, extra=None) -> bytes:
    """One ruled table at the top of a page; spans: {(r, c): (rowspan, colspan)}."""
    d = pymupdf.open()
    page = d.new_page(width=595, height=842)
    xs = [60]
    for w in widths:
        xs.append(xs[-1] + w)
    h, top, size = 40, 80, 9
    spans = spans or {}
    covered = set()
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if (r, c) in covered or text is None:
                continue
            rs, cs = spans.get((r, c), (1, 1))
            for a in range(r, r + rs):
                for b in range(c, c + cs):
                    covered.add((a, b))
            rect = pymupdf.Rect(xs[c], top + r * h, xs[c + cs], top + (r + rs) * h)
            page.draw_rect(rect, color=(0, 0, 0), width=0.5)
            for k, ln in enumerate(_wrap(text, rect.width - 4, size)):
                page.insert_text((rect.x0 + 2, rect.y0 + 2 + size + k * size * 1.3), ln, fontname=FONT, fontsize=size)
    if extra:
        extra(page)
    return d.tobytes()


def test_wrapped_and_vertical_labels_are_one_cell():
    rows = [["三、本年度办理结果", "（三）不予公开", "1.属于国家秘密", "1"],
            [None, None, "2.其他法律行政法规禁止公开", "0"],
            [None, None, "3.危及“三安全一稳定”", "12"]]
    data = _mini_table_pdf(rows, [14, 40, 60, 40], spans={(0, 0): (3, 1), (0, 1): (3, 1)})
    doc = load(data)
    cells = [b for b in doc.blocks if b.kind == "cell"]
    assert [b.text for b in cells] == ["三、本年度办理结果", "（三）不予公开", "1.属于国家秘密", "1",
                                       "2.其他法律行政法规禁止公开", "0", "3.危及“三安全一稳定”", "12"]
    first = cells[0]
    assert (first.col, first.rowspan, first.colspan) == (0, 3, 1)
    assert [b.col for b in cells[2:4]] == [2, 3] and cells[4].col == 2
    assert cells[0].row == cells[3].row < cells[4].row < cells[6].row


def test_blank_cells_and_spaced_numbers_outside_tables():
    def extra(page):  # a borderless row of numbers under the table
        for x, s in ((60, "合计"), (160, "21"), (220, "0"), (280, "21")):
            page.insert_text((x, 300), s, fontname=FONT, fontsize=10)
        page.insert_text((280, 820), "第 1 页", fontname=FONT, fontsize=9)

    data = _mini_table_pdf([["自然人", "商业企业", "总计"], ["3", "", "3"]], [80, 80, 80], extra=extra)
    doc = load(data)
    cells = [b for b in doc.blocks if b.kind == "cell"]
    assert [(b.text, b.blank) for b in cells[3:]] == [("3", False), ("", True), ("3", False)]
    lines = [b.text for b in doc.blocks if b.kind == "line"]
    assert lines == ["合计 21 0 21"]
    assert doc.meta["furniture"] == ["第 1 页"]
    for b in doc.blocks:  # offsets point into the text
        assert doc.text[b.start:b.end] == b.text


# --- scanned pages ---------------------------------------------------------------------

def _scanned(data: bytes, dpi: int = 100) -> tuple[bytes, list]:
    """An image-only copy of a one-page PDF and its words as OCR boxes in image pixels."""
    src = pymupdf.open(stream=data, filetype="pdf")
    page = src[0]
    pix = page.get_pixmap(dpi=dpi)
    scale = pdf._SCAN_DPI / 72
    boxes = [(w[4], (w[0] * scale, w[1] * scale, w[2] * scale, w[3] * scale), 0.9)
             for w in page.get_text("words")]
    out = pymupdf.open()
    p = out.new_page(width=page.rect.width, height=page.rect.height)
    p.insert_image(p.rect, stream=pix.tobytes("png"))
    return out.tobytes(), boxes


def test_scanned_page_goes_to_ocr(monkeypatch):
    rows = [["信息内容", "本年处理决定数量"], ["行政许可", "550"], ["行政处罚", "4119"]]
    scan, boxes = _scanned(_mini_table_pdf(rows, [120, 160]))
    calls = []

    class FakeOCR:
        @staticmethod
        def ocr_page(png: bytes, page_no: int):
            assert png.startswith(b"\x89PNG")
            calls.append(page_no)
            return boxes

    monkeypatch.setitem(sys.modules, "extractor.loaders.ocr", FakeOCR)
    monkeypatch.setattr(loaders, "ocr", FakeOCR, raising=False)
    doc = load(scan)
    assert calls == [0]
    cells = [(b.text, b.col) for b in doc.blocks if b.kind == "cell"]
    assert cells == [("信息内容", 0), ("本年处理决定数量", 1), ("行政许可", 0), ("550", 1),
                     ("行政处罚", 0), ("4119", 1)]  # grid from the ruling lines of the image
    assert doc.meta["ocr_pages"] == [1]
    assert set(doc.meta["ocr_confidence"]) == set(range(len(doc.blocks)))
    assert all(v == 0.9 for v in doc.meta["ocr_confidence"].values())


def test_scan_with_text_layer_finds_rulings_in_the_image():
    """An OCR'd scan: the words are an invisible text layer over the page image, the table
    rulings exist only in the picture."""
    rows = [["信息内容", "本年处理决定数量"], ["行政许可", "550"], ["行政处罚", ""]]
    src = pymupdf.open(stream=_mini_table_pdf(rows, [120, 160]), filetype="pdf")
    page = src[0]
    out = pymupdf.open()
    p = out.new_page(width=page.rect.width, height=page.rect.height)
    p.insert_image(p.rect, stream=page.get_pixmap(dpi=150).tobytes("png"))
    for x0, y0, x1, y1, word, *_ in page.get_text("words"):
        p.insert_text((x0, y1 - 2), word, fontname=FONT, fontsize=9, render_mode=3)  # invisible
    doc = load(out.tobytes())
    assert [(b.text, b.col, b.blank) for b in doc.blocks if b.kind == "cell"] == [
        ("信息内容", 0, False), ("本年处理决定数量", 1, False), ("行政许可", 0, False), ("550", 1, False),
        ("行政处罚", 0, False), ("", 1, True)]
    assert "ocr_pages" not in doc.meta


def test_scanned_page_without_ocr_module(monkeypatch):
    scan, _ = _scanned(_mini_table_pdf([["a", "b"], ["1", "2"]], [100, 100]))
    monkeypatch.setitem(sys.modules, "extractor.loaders.ocr", None)  # import fails
    monkeypatch.delattr(loaders, "ocr", raising=False)
    with pytest.raises(LoadError, match=r"scanned PDF: install the OCR extra"):
        load(scan)


def test_one_scanned_page_among_text_pages_without_ocr(monkeypatch):
    """A seal or signature page scanned into a text report: the report still loads."""
    text = pymupdf.open(stream=_mini_table_pdf([["规章", "0"], ["行政规范性文件", "5"]], [120, 60]))
    scan, _ = _scanned(_mini_table_pdf([["a", "b"], ["1", "2"]], [100, 100]))
    text.insert_pdf(pymupdf.open(stream=scan))
    monkeypatch.setitem(sys.modules, "extractor.loaders.ocr", None)
    monkeypatch.delattr(loaders, "ocr", raising=False)
    doc = load(text.tobytes())
    assert [b.text for b in doc.blocks] == ["规章", "0", "行政规范性文件", "5"]
    assert any("page(s) 2 are scanned images" in w for w in doc.warnings)


def test_unreadable_text_layer(monkeypatch):
    """Fonts without a Unicode map give U+FFFD / private-use characters: not a report."""
    monkeypatch.setattr(pdf, "_unmapped", lambda c: True)
    monkeypatch.setitem(sys.modules, "extractor.loaders.ocr", None)
    monkeypatch.delattr(loaders, "ocr", raising=False)
    with pytest.raises(LoadError, match="unreadable"):
        load(_mini_table_pdf([["规章", "0"], ["行政规范性文件", "5"]], [120, 60]))


# --- broken files ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sample() -> bytes:
    return _mini_table_pdf([["规章", "0"], ["行政规范性文件", "5"]], [120, 60])


def test_encrypted_pdf(sample):
    d = pymupdf.open(stream=sample, filetype="pdf")
    enc = d.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="x", owner_pw="y")
    with pytest.raises(LoadError, match="encrypted PDF"):
        load(enc)
    # an owner password alone (permissions) opens without one
    perm = d.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="y", permissions=0)
    assert [b.text for b in load(perm).blocks][:2] == ["规章", "0"]


@pytest.mark.parametrize("cut", [0.3, 0.6, 0.9, 0.99])
def test_truncated_pdf(sample, cut):
    with pytest.raises(LoadError, match="truncated PDF"):
        load(sample[:int(len(sample) * cut)])


def test_trailing_junk_is_not_truncation(sample):
    assert load(sample + b"\n<html>junk</html>\n" + b"\0" * 64).blocks


@pytest.mark.parametrize("data", [b"%PDF-1.7\n" + bytes(range(256)) * 20, b"%PDF-1.4\n%%EOF\n",
                                  b"not a pdf at all"])
def test_corrupt_pdf(data):
    with pytest.raises(LoadError):
        load(data)


def test_pdf_without_text():
    d = pymupdf.open()
    d.new_page()
    with pytest.raises(LoadError, match="no text"):
        load(d.tobytes())


# --- real WPS exports --------------------------------------------------------------------

REAL = {  # file: (fields found, identities broken, review required, spot checks)
    "hongze-2023.pdf": (186, {"review.reconsideration", "review.litigation_after"}, True,
                        {"requests.new.total": 21, "active.fees.amount": 77302800, "requests.other.total": 0}),
    "hongze-2024.pdf": (186, set(), False, {"requests.new.natural": 95, "active.licensing.decisions": 9487}),
    "huaian-2024.pdf": (200, set(), False, {"requests.new.total": 3119, "requests.unable.not_held.total": 769,
                                            "review.litigation_after.total": 20}),
}


@pytest.mark.parametrize("name", sorted(REAL))
def test_real_pdf(name):
    path = REAL_PDF / name
    if not path.exists():
        pytest.skip(f"{path} not found")
    data = path.read_bytes()
    doc = load(data, name)
    _assert_no_page_numbers_in_cells(doc)
    assert len(doc.meta["furniture"]) == doc.meta["pages"]  # "- n -" on every page, dropped
    labels = [b.text for b in doc.blocks if b.kind == "cell"]
    assert "三、本年度办理结果" in labels and "（四）无法提供" in labels  # vertical / cut by the page break
    out = parse_document(doc)
    n, broken, review, spot = REAL[name]
    assert out["template"] == "2021"
    assert sum(1 for f in out["fields"].values() if f["value"] is not None) == n
    assert {c["rule"] for c in out["checks"] if c["status"] == "broken"} == broken
    assert out["review"]["required"] is review
    for k, v in spot.items():
        got = out["fields"][k]["value"]
        assert _lenient(got) == v, (k, got)


def test_merged_cell_cut_by_page_break():
    """A row-group label whose merged cell the page break cuts ("（四）无" + "法提供"):
    one cell, one table, rows continuing; the page number between them is dropped."""
    from extractor.model import Block

    rows = [("1.本机关不掌握相关政府信息", "746", "12", "0", "769"),
            ("2.没有现成信息需要另行制作", "11", "0", "0", "11"),
            ("3.补正后申请内容仍不明确", "1", "0", "0", "1")]
    cells = [Block("（四）无法提供", "cell", row=0, col=0, table=0, rowspan=3)]
    for r, row in enumerate(rows):
        cells += [Block(t, "cell", row=r, col=c + 1, table=0) for c, t in enumerate(row)]
    ts = _Typesetter(None, "— {n} —")
    ts.y = ts.BOTTOM - 45  # room for the first row and a half
    ts.table(cells, size=9)
    doc = load(ts.tobytes())
    got = [b for b in doc.blocks if b.kind == "cell"]
    assert {b.page for b in got} == {1, 2}
    assert {b.table for b in got} == {0}
    assert got[0].text == "（四）无法提供" and got[0].rowspan == 3
    assert [b.text for b in got[1:]] == [t for row in rows for t in row]
    assert len({b.row for b in got}) == 3
    assert doc.meta["furniture"] == ["— 1 —", "— 2 —"]
