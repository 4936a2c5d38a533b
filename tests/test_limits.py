"""The caps of extractor/limits.py: each one refuses what is over it with a LoadError that
names it (and its environment variable), and leaves real reports alone."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from extractor import limits
from extractor.loaders import load, load_bytes
from extractor.model import LoadError

DATA = Path(__file__).resolve().parent / "data"
REL = DATA / "reliability"
HTML = DATA / "corpus" / "real" / "013.html"
DOCX = DATA / "docx" / "001_libreoffice.docx"
PDF = DATA / "corpus" / "real-pdf" / "hongze-2024.pdf"


def test_caps_are_overridable_by_environment():
    code = "from extractor import limits; print(limits.MAX_INPUT_BYTES, limits.SOLVE_STEPS)"
    env = {**os.environ, "XXGK_MAX_INPUT_BYTES": "12345", "XXGK_SOLVE_STEPS": "7_000"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["12345", "7000"]
    bad = subprocess.run([sys.executable, "-c", code], env={**os.environ, "XXGK_MAX_PAGES": "many"},
                         capture_output=True, text=True)
    assert bad.returncode != 0 and "XXGK_MAX_PAGES" in bad.stderr


# --- input size and text ---------------------------------------------------------------------

def test_input_over_the_size_cap_is_refused_unread(monkeypatch, tmp_path):
    monkeypatch.setattr(limits, "MAX_INPUT_BYTES", 1000)
    with pytest.raises(LoadError, match="XXGK_MAX_INPUT_BYTES"):
        load_bytes(HTML.read_bytes(), "013.html")
    with pytest.raises(LoadError, match="XXGK_MAX_INPUT_BYTES"):
        load("/dev/zero")  # read up to the cap, never forever


def test_a_report_under_the_caps_loads():
    assert load(HTML).blocks and load(DOCX).blocks


def test_text_over_the_cap_is_refused_before_the_pipeline():
    """A 35 KB DOCX holding one 30 MB text run (4.4 GB of memory once classified)."""
    with pytest.raises(LoadError, match="XXGK_MAX_TEXT_CHARS"):
        load(REL / "membombs" / "bigtext_30MB_run.docx")


# --- spans and grids ---------------------------------------------------------------------------

def test_html_span_bomb_is_refused():
    """1,000 rows of rowspan/colspan 1000: > 10 GB of grid slots."""
    with pytest.raises(LoadError, match="XXGK_MAX_GRID_CELLS"):
        load(REL / "membombs" / "span_bomb_diag.html")


def test_html_grid_cap_counts_spans(monkeypatch):
    cells = sum(1 for b in load(HTML).blocks if b.kind == "cell")
    monkeypatch.setattr(limits, "MAX_GRID_CELLS", cells // 2)
    with pytest.raises(LoadError, match="grid cells"):
        load(HTML)


def test_docx_grid_cap(monkeypatch):
    monkeypatch.setattr(limits, "MAX_GRID_CELLS", 10)
    with pytest.raises(LoadError, match="XXGK_MAX_GRID_CELLS"):
        load(DOCX)


def _deep(tag: str, depth: int) -> str:
    src = HTML.read_text(encoding="utf-8")
    start = src.lower().index("<body")
    start = src.index(">", start) + 1
    end = src.lower().rindex("</body>")
    return src[:start] + f"<{tag}>" * depth + src[start:end] + f"</{tag}>" * depth + src[end:]


@pytest.mark.parametrize("tag", ["div", "span"])
def test_html_nested_deeper_than_the_parser_allows_is_read_flattened(tag):
    """libxml2 gives up at 256 levels and drops the rest of the page ("no visible text")."""
    want = load(HTML)
    got = load_bytes(_deep(tag, 10_000).encode("utf-8"), "deep.html")
    assert [b.text for b in got.blocks if b.kind == "cell"] == [b.text for b in want.blocks if b.kind == "cell"]
    assert any("256" in w for w in got.warnings)


def test_html_tables_nested_too_deep_are_a_clear_error():
    page = "<html><body>" + "<table><tr><td>" * 1000 + "一、总体情况" + "</td></tr></table>" * 1000 + "</body></html>"
    with pytest.raises(LoadError, match="nested more than 256 levels"):
        load_bytes(page.encode("utf-8"), "deep.html")


# --- PDF ---------------------------------------------------------------------------------------

def test_pdf_page_cap(monkeypatch):
    monkeypatch.setattr(limits, "MAX_PAGES", 1)
    with pytest.raises(LoadError, match="XXGK_MAX_PAGES"):
        load(PDF)


def test_pdf_whose_page_tree_lies_is_a_load_error():
    """/Count 2000 and no pages: PyMuPDF raises RuntimeError counting them."""
    with pytest.raises(LoadError, match="corrupt PDF"):
        load(REL / "pdf_runtimeerror" / "zero_pages_lying_count.pdf")


def test_huge_page_is_not_rendered_for_ocr():
    """One 14400 pt page: rendering it at OCR resolution took 8.2 GB and 81 s."""
    with pytest.raises(LoadError) as e:
        load(REL / "membombs" / "scan_hugepage_14400pt.pdf")
    if _ocr_installed():  # without the OCR extra it is refused as a scan nothing can read
        assert "XXGK_MAX_RASTER_PIXELS" in str(e.value)


def _ocr_installed() -> bool:
    try:
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


def test_raster_dpi_is_lowered_then_refused():
    from extractor.loaders.pdf import _raster_dpi

    class Rect:
        def __init__(self, w, h):
            self.width, self.height = w, h

    class Page:
        def __init__(self, w, h):
            self.rect = Rect(w, h)

    a4 = Page(595, 842)
    assert _raster_dpi(a4, 300) == 300  # an A4 page at 300 dpi is ~8.7 M pixels
    big = Page(595 * 4, 842 * 4)
    dpi = _raster_dpi(big, 300)
    assert limits.MIN_OCR_DPI <= dpi < 300
    assert (big.rect.width / 72 * dpi) * (big.rect.height / 72 * dpi) <= limits.MAX_RASTER_PIXELS
    assert _raster_dpi(Page(14400, 14400), 200) is None


def test_png_header_claiming_a_huge_image_is_refused_before_decoding():
    pytest.importorskip("cv2")
    from extractor.loaders import ocr

    header = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + (100_000).to_bytes(4, "big") * 2 + b"\x08\x00\x00\x00\x00"
    with pytest.raises(LoadError, match="XXGK_MAX_RASTER_PIXELS"):
        ocr._decode(header)


def test_too_many_drawn_rules_on_a_page_make_no_grid(monkeypatch):
    from extractor.loaders import pdf

    hs = [(float(y), 0.0, 500.0) for y in range(0, 400, 10)]
    vs = [(float(x), 0.0, 390.0) for x in range(0, 500, 10)]
    assert pdf._grids(hs, vs)
    monkeypatch.setattr(limits, "MAX_RULE_PAIRS", len(hs) * len(vs) - 1)
    assert pdf._grids(hs, vs) == []


def test_a_line_that_cuts_into_too_many_pieces_is_a_clear_error(monkeypatch):
    """A 1 MB line of digits and label words cut into ~400,000 pieces kept a worker for minutes;
    past limits.MAX_BLOCKS the segmenter refuses the document with a LoadError naming the cap."""
    import random

    from extractor import limits
    from extractor.model import LoadError
    from extractor.pipeline import extract_bytes

    monkeypatch.setattr(limits, "MAX_BLOCKS", 2_000)
    rng = random.Random(1)
    line = "".join(rng.choice("规章行政许可0123456789 一、（二）") for _ in range(20_000))
    with pytest.raises(LoadError, match="XXGK_MAX_BLOCKS"):
        extract_bytes(("规章 1 2 3\n" + line).encode("utf-8"), "run.txt")
    monkeypatch.setattr(limits, "MAX_BLOCKS", 10_000_000)
    assert extract_bytes(("规章 1 2 3\n" + line).encode("utf-8"), "run.txt")["fields"] is not None
