"""PDF loader (extractor.loaders.pdf): text-layer PDFs become the same Document as HTML.

* real WPS exports (tests/data/corpus/real-pdf): tables found, identities
  checked, page numbers never inside a table;
* rendered reports: a labelled report is rendered to HTML (training.render), loaded by
  the HTML loader, and typeset into a PDF with PyMuPDF by training.documents.typeset
  (ruled grid, merged cells, labels wrapped inside cells, a one-character-wide group
  column set vertically, tables continued over pages with merged cells cut by the break,
  running header and "- n -" page numbers); the fields read back must equal the truth;
* a page without a text layer goes to the OCR module (faked here);
* encrypted, truncated and corrupt PDFs raise LoadError.
"""
from __future__ import annotations

import hashlib
import random
import sys
import unicodedata

import pytest

pymupdf = pytest.importorskip("pymupdf")

import extractor.loaders as loaders  # noqa: E402
from corpus import REAL_PDF  # noqa: E402
from extractor.loaders import html as html_loader  # noqa: E402
from extractor.loaders import pdf  # noqa: E402
from extractor.model import Document, LoadError, Source  # noqa: E402
from extractor.pipeline import parse_document  # noqa: E402
from training.documents import FONT, _Typesetter, _wrap, typeset  # noqa: E402
from training.generate import generate_report  # noqa: E402
from training.render import render  # noqa: E402

PAGE_NUMBER = pdf._PAGE_NO


def _src(name: str, data: bytes) -> Source:
    return Source(name=name, sha256=hashlib.sha256(data).hexdigest(), format="pdf")


def load(data: bytes, name: str = "t.pdf") -> Document:
    return pdf.parse(data, _src(name, data))


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


def _ocr_ready() -> bool:
    from extractor.loaders import ocr

    return ocr.available()


@pytest.mark.skipif(not _ocr_ready(), reason="OCR extra not installed: pip install -e .[ocr]")
def test_image_only_pdf_is_read_by_the_ocr_module_with_its_furniture_dropped():
    """A whole scan goes to the OCR module's page reader: cells on the grid of the picture's
    rules, the OCR confidence on every block, a browser's margin lines left out."""
    def extra(page):
        page.insert_text((30, 20), "2026/11/23 10:31", fontname=FONT, fontsize=8)
        page.insert_text((30, 830), "file:///tmp/print/report.html", fontname=FONT, fontsize=8)
        page.insert_text((540, 830), "1/1", fontname=FONT, fontsize=8)

    rows = [["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"], ["行政许可", "396", "0", "181"],
            ["行政处罚", "2648", "-18", "430"]]
    scan, _ = _scanned(_mini_table_pdf(rows, [120, 90, 70, 90], extra=extra), dpi=200)
    doc = load(scan)
    cells = [(unicodedata.normalize("NFKC", b.text), b.col) for b in doc.blocks if b.kind == "cell"]
    assert cells == [("信息内容", 0), ("上一年项目数量", 1), ("本年增/减", 2), ("处理决定数量", 3),
                     ("行政许可", 0), ("396", 1), ("0", 2), ("181", 3),
                     ("行政处罚", 0), ("2648", 1), ("-18", 2), ("430", 3)]
    assert doc.meta["ocr_pages"] == [1]
    assert all(b.text_confidence is not None and 0 < b.text_confidence <= 1 for b in doc.blocks)
    assert not any("file:" in b.text or "10:31" in b.text for b in doc.blocks), [b.text for b in doc.blocks]
    for b in doc.blocks:  # offsets point into the text
        assert doc.text[b.start:b.end] == b.text


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


def test_no_picture_shortcut_never_hides_a_picture():
    """pdf._draws_no_picture spares get_image_info (a text pass of its own) on pages that
    certainly draw no picture: it must say so of no page that draws one (an image XObject, an
    inline image, a shading), and it does say so of the real reports' text pages."""
    d = pymupdf.open()
    for draw in ("xobject", "inline", "shading"):
        page = d.new_page(width=595, height=842)
        page.insert_text((60, 60), "本年度公开情况", fontname=FONT, fontsize=10)
        if draw == "xobject":
            pix = pymupdf.Pixmap(pymupdf.csGRAY, pymupdf.IRect(0, 0, 8, 8), False)
            page.insert_image(pymupdf.Rect(50, 100, 550, 800), stream=pix.tobytes("png"))
            continue
        page.clean_contents()
        xref = page.get_contents()[0]
        if draw == "inline":
            extra = b"q 500 0 0 700 50 100 cm BI /W 2 /H 2 /CS /G /BPC 8 ID \x00\xff\xff\x00 EI Q"
        else:
            sh = d.get_new_xref()
            d.update_object(sh, "<</ShadingType 2/ColorSpace/DeviceRGB/Coords[0 0 100 0]/Function"
                                "<</FunctionType 2/Domain[0 1]/C0[1 1 1]/C1[0 0 0]/N 1>>>>")
            kind, res = d.xref_get_key(page.xref, "Resources")
            if kind == "xref":
                d.xref_set_key(int(res.split()[0]), "Shading", f"<</Sh1 {sh} 0 R>>")
            else:
                d.xref_set_key(page.xref, "Resources/Shading", f"<</Sh1 {sh} 0 R>>")
            extra = b"q 500 0 0 700 0 0 cm /Sh1 sh Q"
        d.update_stream(xref, d.xref_stream(xref) + b"\n" + extra + b"\n")
    drawn = pymupdf.open(stream=d.tobytes(), filetype="pdf")
    for page in drawn:
        assert page.get_image_info() and not pdf._draws_no_picture(page), page.number
    for path in sorted(REAL_PDF.glob("*.pdf")):
        for page in pymupdf.open(path):
            assert not page.get_image_info() and pdf._draws_no_picture(page), (path.name, page.number)


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
    # hongze 2023 prints table 四 rows that do not add up (10+1+0+0, total 0), every cell read with
    # certainty: a source inconsistency (review.findings), not a reason to re-read it
    "hongze-2023.pdf": (186, {"review.reconsideration", "review.litigation_after"}, False,
                        {"requests.new.total": 21, "active.fees.amount": 77302800, "requests.other.total": 0}),
    "hongze-2024.pdf": (186, set(), False, {"requests.new.natural": 95, "active.licensing.decisions": 9487}),
    "huaian-2024.pdf": (200, set(), False, {"requests.new.total": 3119, "requests.unable.not_held.total": 769,
                                            "review.litigation_after.total": 20}),
}


@pytest.mark.parametrize("name", sorted(REAL))
def test_real_pdf(name):
    data = (REAL_PDF / name).read_bytes()
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
    assert out["review"]["source_inconsistent"] is bool(broken)
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
