"""training.documents: labelled reports as PDF / DOCX / scanned PDF files, read back.

Fast routes (typeset PDF, Word-XML DOCX) always run; Chromium, LibreOffice and
python-docx routes run only where the program / package exists, and skip saying why
(Chromium and LibreOffice: except under XXGK_CI=1, set by .ci/run, which installs them).
"""
from __future__ import annotations

import json
import os
import random

import pytest

from extractor.loaders import load_bytes
from extractor.pipeline import parse_document
from training import documents as D
from training import score

REPORTS = D.labelled_reports()

needs_reports = pytest.mark.skipif(not REPORTS, reason="no labelled reports (annotations/*.json)")
CI = os.environ.get("XXGK_CI") == "1"  # there a missing program fails the test instead
needs_chromium = pytest.mark.skipif(not CI and not D.available("chromium"), reason="chromium is not installed")
needs_soffice = pytest.mark.skipif(not CI and not D.available("libreoffice"),
                                   reason="LibreOffice (soffice) is not installed")


def _norm(v):
    if isinstance(v, dict):
        v = v.get("yuan")
        v = round(float(v), 2) if isinstance(v, (int, float)) else v
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return 0 if v is None else v


def _wrong(data: bytes, name: str, fields: dict, ambiguous=()) -> list:
    out = parse_document(load_bytes(data, name))
    got = out.get("fields") or {}
    return [(k, v, (got.get(k) or {}).get("value")) for k, v in fields.items()
            if k not in ambiguous and _norm(v) != _norm((got.get(k) or {}).get("value"))]


def _report(stem: str | None = None) -> tuple[str, dict]:
    for s, rep in REPORTS:
        if stem is None or s == stem:
            return s, rep
    return REPORTS[0]


@pytest.fixture(scope="module")
def rendered():
    """(report, rendered HTML) of one 2021 dev report."""
    from training.render import render

    stem, rep = _report("003")
    return rep, render(rep, "html", random.Random("documents-test"))


# --- always available ----------------------------------------------------------------------

@needs_reports
def test_typeset_pdf_reads_back_the_true_fields():
    stem, rep = _report("003")
    made = D.render_document(rep, "pdf", random.Random(1))
    data, ext, fields, ambiguous = made
    assert ext == "pdf" and data.startswith(b"%PDF")
    assert _wrong(data, f"{stem}.pdf", fields, ambiguous) == []


@needs_reports
def test_wordxml_docx_reads_back_the_true_fields():
    stem, rep = _report("001")
    data, ext, fields, ambiguous = D.render_document(rep, "docx", random.Random(2))
    assert ext == "docx" and data[:2] == b"PK"
    assert _wrong(data, f"{stem}.docx", fields, ambiguous) == []


@needs_reports
def test_text_layouts_are_the_rendered_text():
    from training.render import render

    stem, rep = _report()
    made = D.render_document(rep, "tabs", random.Random(3))
    r = render(rep, "tabs", random.Random(3))
    assert made == (r.content.encode("utf-8"), "txt", r.fields, list(r.ambiguous))


def test_unknown_format_and_route():
    with pytest.raises(ValueError, match="unknown format"):
        D.render_document({"fields": {}}, "xlsx", random.Random(0))
    with pytest.raises(ValueError, match="unknown PDF route"):
        D.to_pdf("<p>x</p>", random.Random(0), "wkhtmltopdf")
    with pytest.raises(ValueError, match="unknown DOCX route"):
        D.to_docx("<p>x</p>", random.Random(0), "pandoc")


def test_printable_page():
    page = D.printable('<table><tr><td nowrap="nowrap" style="width:300px;">a</td><td nowrap>b</td></tr></table>')
    assert "nowrap" not in page and "300px" not in page
    assert '<table border="1"' in page and page.startswith('<meta charset="utf-8">')
    full = D.printable("<!DOCTYPE html>\n<html><head><title>t</title></head><body><table border=0></table></body></html>")
    assert full.startswith("<!DOCTYPE html>") and "<head><meta charset" in full and "border=0" in full


@pytest.mark.parametrize("opencv", [True, False])
def test_scan_is_image_only_and_same_pages(opencv, monkeypatch):
    """With OpenCV (training.scan) or without it (numpy): making a scan needs no OCR extra."""
    import sys

    pymupdf = pytest.importorskip("pymupdf")
    if opencv:
        pytest.importorskip("cv2", reason="OpenCV is not installed")
    else:
        monkeypatch.setitem(sys.modules, "cv2", None)  # import fails
    d = pymupdf.open()
    for text in ("第一页 规章 5", "第二页 行政许可 550"):
        d.new_page(width=298, height=210).insert_text((36, 60), text, fontname=D.FONT, fontsize=12)  # small: fast
    s = pymupdf.open(stream=D.to_scan(d.tobytes(), random.Random(4)), filetype="pdf")
    assert s.page_count == 2
    assert all(not p.get_text().strip() and p.get_images() for p in s)
    images = [s.extract_image(p.get_images()[0][0]) for p in s]
    assert {im["ext"] for im in images} <= {"jpeg", "jpg"}
    again = pymupdf.open(stream=D.to_scan(d.tobytes(), random.Random(4)), filetype="pdf")
    assert [again.extract_image(p.get_images()[0][0])["image"] for p in again] == [im["image"] for im in images]


def test_route_names_and_file_names():
    jobs = D.parse_routes("pdf=typeset+chromium,docx=libreoffice", ["pdf", "docx", "scan", "tabs"])
    assert jobs == [("pdf", "typeset", True), ("pdf", "chromium", True), ("docx", "libreoffice", True),
                    ("scan", "typeset", False), ("tabs", "", False)]
    assert D.parse_routes("libreoffice", ["pdf", "docx"]) == [("pdf", "libreoffice", True),
                                                              ("docx", "libreoffice", True)]
    assert D.parse_formats("text,pdf") == list(D.LAYOUTS) + ["pdf"]
    with pytest.raises(ValueError):
        D.parse_routes("docx=chromium", ["docx"])


@needs_reports
def test_cli_writes_score_py_labels(tmp_path):
    """One report as typeset PDF, Word-XML DOCX and tabs text; every file's extraction
    (named as `xxgk extract DIR` names it) scores perfectly with score.py's labels."""
    from extractor.pipeline import extract_file

    out, pred = tmp_path / "docs", tmp_path / "pred"
    assert D.main([str(out), "--formats", "pdf,docx,tabs", "--limit", "1", "--seed", "7"]) == 0
    stem = REPORTS[0][0]
    labels = sorted(p.name for p in out.glob("*.labels.json"))
    assert labels == [f"{stem}__{f}.labels.json" for f in ("docx", "pdf", "tabs")]
    pred.mkdir()
    for lf in out.glob("*.labels.json"):
        label = json.loads(lf.read_text(encoding="utf-8"))
        assert set(label) >= {"doc", "template", "year", "fields", "ambiguous"}
        doc = out / label["doc"]
        assert doc.stem == lf.name[: -len(".labels.json")]
        (pred / f"{doc.stem}.json").write_text(json.dumps(extract_file(doc), ensure_ascii=False, default=str),
                                               encoding="utf-8")
    summary = score.summarize(score.score(out, pred))
    assert summary["documents"] == 3 and summary["field_accuracy_lenient"] == 1.0


# --- external programs ---------------------------------------------------------------------

@needs_chromium
def test_chromium_pdf(rendered):
    rep, r = rendered
    data = D.to_pdf(r.content, random.Random(5), "chromium")
    assert data.startswith(b"%PDF")
    assert _wrong(data, "c.pdf", r.fields, r.ambiguous) == []


@needs_soffice
def test_libreoffice_pdf_and_docx(rendered):
    rep, r = rendered
    pdf = D.to_pdf(r.content, random.Random(6), "libreoffice")
    assert _wrong(pdf, "l.pdf", r.fields, r.ambiguous) == []
    docx = D.to_docx(r.content, random.Random(6), "libreoffice")
    assert docx[:2] == b"PK"
    assert _wrong(docx, "l.docx", r.fields, r.ambiguous) == []


def test_python_docx_route(rendered):
    pytest.importorskip("docx", reason="python-docx is not installed")
    rep, r = rendered
    data = D.to_docx(r.content, random.Random(7), "python-docx")
    assert _wrong(data, "p.docx", r.fields, r.ambiguous) == []


def test_missing_program_is_a_conversion_error(monkeypatch):
    monkeypatch.setattr(D, "find_chromium", lambda: None)
    monkeypatch.setattr(D, "find_soffice", lambda: None)
    assert not D.available("chromium") and not D.available("libreoffice")
    with pytest.raises(D.ConversionError, match="chromium not found"):
        D.to_pdf("<p>x</p>", random.Random(0), "chromium")
    with pytest.raises(D.ConversionError, match="LibreOffice"):
        D.to_docx("<p>x</p>", random.Random(0), "libreoffice")


@needs_chromium
def test_clipped_printout_is_refused(monkeypatch, rendered):
    """A table wider than the paper loses its right-hand columns: never a labelled document."""
    rep, r = rendered
    monkeypatch.setattr(D, "printable", lambda h: h.replace("<table", '<table style="width:2000px"'))
    monkeypatch.setattr(D, "_print_css", lambda rng: "<style>td{white-space:nowrap;border:1px solid}</style>")
    with pytest.raises(D.ConversionError, match="wider than the paper|lost"):
        D.to_pdf(r.content, random.Random(8), "chromium")
