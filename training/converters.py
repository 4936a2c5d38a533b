"""Labelled reports as real third-party converters leave them: the routes, the families, the data.

Reports reach users through whatever tool their scraper used (pdftotext, a text browser, a
markdown converter, a page image ...). This module puts a report through such tools, so that
`xxgk evaluate --converters` (training.evaluate) can score every route and the classifier can
be trained, and tested leave-one-converter-out, on what they print.

API
---
    ROUTES                                  name -> Route (family, source "pdf" | "html", ext, needs)
    FAMILIES                                family -> route names (leave-one-converter-out groups)
    available(name) / missing(name)         can the route run here / what it lacks
    convert(route, source, rng) -> bytes    the converter's output for a source document
    sources(report, stem, seed) -> Source   one report's HTML page and typeset PDF (+ printed truth)
    dev_items(seed) / generated_items(seed, n)   (stem, report, original file or None) of a set
    converted(items, routes, seed)          yields Converted(content, name, fields, ambiguous, route, family, ...)
    converted_documents(seed, n, routes)    (content bytes, name, label fields, family): training data
    value_tokens / content_kept             how much of the labelled values a converter's output still shows

A report is first rendered as the HTML page an agency publishes (training.render, layout
"html") and as the PDF a WPS export would be (training.documents "typeset"); an "html" route
converts the page, a "pdf" route the PDF. Both keep the printed truth of the rendering (the
labels), since converting never changes a value - it can only lose it, which `content_kept`
measures. The routes named "original" (the labelled file as published, dev set only),
"html" and "pdf" are the unconverted references.

Routes whose program or package is missing are skipped (and said so); nothing here is a
runtime dependency of xxgk. Converters that pin what xxgk's environment must not take run in
interpreters of their own, named per route by an environment variable (ext_tool: unstructured's
and pdf2docx's $XXGK_CONVERTER_PYTHON, Docling's $XXGK_DOCLING_PYTHON - it pulls torch;
several interpreters apart by os.pathsep: each tool runs in the first that imports it).
training/install_converters.sh installs them all
(`pip install -e '.[converters]'` for the Python ones).

CLI
---
    python -m training.converters build OUTDIR [--set dev|generated|both] [--generate N]
                                               [--seed N] [--routes a,b,...]
    python -m training.converters list

`build` writes OUTDIR/<stem>__<route>.<ext> with OUTDIR/<stem>__<route>.labels.json (score.py's
label format plus "route" and "family"), like training.render's `write`, so that
`xxgk extract OUTDIR --out PRED && python -m training.score OUTDIR PRED` scores them.
"""
from __future__ import annotations

import codecs
import functools
import html as _html
import importlib.util
import io
import pathlib
import random
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator, NamedTuple

from training.documents import ConversionError, _html_grid, _run, find_chromium, find_soffice, html_to_pdf_chromium, to_pdf
from training.render import render

TIMEOUT = 120.0  # seconds an external converter may take


# =========================================================================================
# the converters
# =========================================================================================

TEMP_PREFIX = "xxgk-conv-"  # the converters' working folders (a tool may print its path: pdftohtml's <title>)


def _tool(data: bytes, in_name: str, cmd: Callable[[str, str], list[str]], out_name: str | None,
          what: str) -> bytes:
    """Run a command-line converter on `data` written to a temporary `in_name`; the result is
    the file `out_name` (or stdout when None)."""
    with tempfile.TemporaryDirectory(prefix=TEMP_PREFIX) as d:
        src = pathlib.Path(d) / in_name
        src.write_bytes(data)
        out = pathlib.Path(d) / out_name if out_name else None
        res = _run(cmd(str(src), str(out) if out else ""), d, TIMEOUT, what)
        if out is None:
            if res.returncode != 0 or not res.stdout:
                raise ConversionError(f"{what} failed ({_why(res)})")
            return res.stdout
        if not out.is_file() or out.stat().st_size == 0:
            raise ConversionError(f"{what} wrote nothing ({_why(res)})")
        return out.read_bytes()


def _why(res) -> str:
    lines = (res.stderr or b"").decode("utf-8", "replace").splitlines()
    return "; ".join(ln for ln in lines if ln.strip())[-300:] or f"exit status {res.returncode}"


def pdftotext(mode: str | None):
    """-bbox-layout writes XHTML: every word an element with its box as attributes; -htmlmeta
    the text (here -layout's) inside an XHTML page's <pre>."""
    flags = {"layout": ["-layout"], "raw": ["-raw"], "bbox": ["-bbox-layout"], "htmlmeta": ["-layout", "-htmlmeta"],
             None: []}[mode]
    out = "report.html" if mode in ("bbox", "htmlmeta") else "report.txt"
    return lambda pdf, rng: _tool(pdf, "report.pdf", lambda i, o: ["pdftotext", *flags, "-enc", "UTF-8", i, o],
                                  out, "pdftotext")


def pdftohtml(*flags: str):
    """pdftohtml writes <out>-html.html with -s (one <html> document per page, the text
    absolutely positioned; poppler >= 0.7x) and <out>.html with -noframes (-c: positioned
    page <div>s in one document; else lines joined by <br/>); <out>.xml with -xml (every run a
    <text> element with top/left/width/height attributes)."""
    target = "out.xml" if "-xml" in flags else "out.html" if "-noframes" in flags else "out-html.html"
    return lambda pdf, rng: _tool(pdf, "report.pdf", lambda i, o: ["pdftohtml", *flags, "-q", "-enc", "UTF-8", i,
                                                                   str(pathlib.Path(o).parent / "out")],
                                  target, "pdftohtml")


def pymupdf_text(pdf: bytes, rng) -> bytes:
    import pymupdf

    with pymupdf.open(stream=pdf, filetype="pdf") as d:
        return "\n".join(page.get_text() for page in d).encode("utf-8")


def chromium_pdf(page: bytes, rng) -> bytes:
    return html_to_pdf_chromium(page.decode("utf-8"), rng, TIMEOUT)


def soffice(target: str):
    """LibreOffice Writer opens the page (HTML filter) and saves it as `target`."""
    filt = {"docx": "docx:MS Word 2007 XML", "odt": "odt:writer8"}[target]

    def conv(page: bytes, rng) -> bytes:
        from training.documents import printable

        exe = find_soffice()
        if not exe:
            raise ConversionError("LibreOffice (soffice) not found")
        with tempfile.TemporaryDirectory(prefix="xxgk-soffice-") as d:
            src = pathlib.Path(d) / "report.html"
            src.write_text(printable(page.decode("utf-8")), encoding="utf-8")
            outdir = pathlib.Path(d) / "out"
            outdir.mkdir()
            res = _run([exe, f"-env:UserInstallation={(pathlib.Path(d) / 'profile').as_uri()}", "--headless",
                        "--invisible", "--norestore", "--nolockcheck", "--nodefault", "--nologo",
                        "--infilter=HTML (StarWriter)", "--convert-to", filt, "--outdir", str(outdir), str(src)],
                       d, TIMEOUT, "LibreOffice")
            out = outdir / f"report.{target}"
            if not out.is_file() or out.stat().st_size == 0:
                raise ConversionError(f"LibreOffice made no {target} ({_why(res)})")
            return out.read_bytes()

    return conv


def pandoc(to: str, ext: str):
    return lambda page, rng: _tool(page, "report.html",
                                   lambda i, o: ["pandoc", "-f", "html", "-t", to, "-o", o, i],
                                   f"report.{ext}", "pandoc")


def w3m(page: bytes, rng) -> bytes:
    return _tool(page, "report.html", lambda i, o: ["w3m", "-dump", "-T", "text/html", "-I", "UTF-8", "-O", "UTF-8", i],
                 None, "w3m")


def lynx(page: bytes, rng) -> bytes:
    return _tool(page, "report.html", lambda i, o: ["lynx", "-dump", "-nolist", "-assume_charset=UTF-8",
                                                    "-display_charset=UTF-8", i], None, "lynx")


def narrow(tool: str, cols: int):
    """A text browser's dump at a narrow width (a terminal of `cols` columns): table cells wrap."""
    argv = {"w3m": lambda i: ["w3m", "-dump", "-cols", str(cols), "-T", "text/html", "-I", "UTF-8", "-O", "UTF-8", i],
            "lynx": lambda i: ["lynx", "-dump", "-nolist", f"-width={cols}", "-assume_charset=UTF-8",
                               "-display_charset=UTF-8", i],
            "links": lambda i: ["links", "-dump", "-width", str(cols), "-codepage", "utf-8", i],
            "elinks": lambda i: ["elinks", "-dump", "-dump-width", str(cols), "-dump-charset", "utf-8", "-no-home",
                                 "-no-references", "-no-numbering", i]}[tool]
    return lambda page, rng: _tool(page, "report.html", lambda i, o: argv(i), None, tool)


def pandoc_opts(to: str, ext: str, *opts: str):
    """pandoc -f html -t `to` with options (--columns=N: the width plain text and grid tables wrap at)."""
    return lambda page, rng: _tool(page, "report.html",
                                   lambda i, o: ["pandoc", "-f", "html", "-t", to, *opts, "-o", o, i],
                                   f"report.{ext}", "pandoc")


def encoded(fn, codec: str, bom: bytes = b""):
    """`fn`'s UTF-8 text saved as Windows tools save it: CRLF line ends, in `codec` (GBK as
    Chinese Windows' "ANSI", UTF-16 as Notepad's "Unicode"), with `bom` in front."""
    def conv(data: bytes, rng) -> bytes:
        text = fn(data, rng).decode("utf-8").replace("\r\n", "\n").replace("\n", "\r\n")
        return bom + text.encode(codec)

    return conv


def links_dump(page: bytes, rng) -> bytes:
    """links -dump: tables drawn with ASCII rules ending in bars, a CJK character one column."""
    return _tool(page, "report.html", lambda i, o: ["links", "-dump", "-codepage", "utf-8", i], None, "links")


def elinks_dump(page: bytes, rng) -> bytes:
    """elinks -dump: tables drawn with box characters."""
    return _tool(page, "report.html", lambda i, o: ["elinks", "-dump", "-dump-charset", "utf-8", "-no-home",
                                                    "-no-references", "-no-numbering", i], None, "elinks")


def mutool(fmt: str, ext: str):
    """mutool convert -F text|html (MuPDF): each placed glyph written apart (digits spaced)."""
    return lambda pdf, rng: _tool(pdf, "report.pdf", lambda i, o: ["mutool", "convert", "-F", fmt, "-o", o, i],
                                  f"report.{ext}", "mutool")


def _weasyprint_pdf_here(page: bytes, rng) -> bytes:
    from training.converter_ext import weasyprint_pdf as pdf_of

    return pdf_of(page.decode("utf-8"))


def weasyprint_pdf(page: bytes, rng) -> bytes:
    """WeasyPrint's PDF of the page (HTML -> PDF without a browser); in this Python where it
    imports, else in $XXGK_CONVERTER_PYTHON's (own_or_ext)."""
    return own_or_ext("weasyprint", _weasyprint_pdf_here, "weasyprint-pdf", "html", "pdf")(page, rng)


def html2text_md(page: bytes, rng) -> bytes:
    import html2text

    return html2text.HTML2Text().handle(page.decode("utf-8")).encode("utf-8")


def html2text_width(width: int):
    """html2text with its body_width (the width it wraps paragraphs and table rows at) set."""
    def conv(page: bytes, rng) -> bytes:
        import html2text

        h = html2text.HTML2Text()
        h.body_width = width
        return h.handle(page.decode("utf-8")).encode("utf-8")

    return conv


def markitdown(ext: str):
    def conv(data: bytes, rng) -> bytes:
        from markitdown import MarkItDown, StreamInfo

        res = MarkItDown(enable_plugins=False).convert_stream(io.BytesIO(data), stream_info=StreamInfo(extension=ext))
        return res.text_content.encode("utf-8")

    return conv


def pymupdf4llm_md(pdf: bytes, rng) -> bytes:
    import pymupdf
    import pymupdf4llm

    with pymupdf.open(stream=pdf, filetype="pdf") as d:
        return pymupdf4llm.to_markdown(d, show_progress=False, use_ocr=False).encode("utf-8")


def pymupdf4llm_classic(strategy: str):
    """pymupdf4llm.to_markdown with its classic engine (pymupdf4llm.use_layout(False): what it
    does without pymupdf-layout installed) and a table strategy ("lines", "text")."""
    def conv(pdf: bytes, rng) -> bytes:
        import pymupdf
        import pymupdf4llm

        pymupdf4llm.use_layout(False)
        try:
            with pymupdf.open(stream=pdf, filetype="pdf") as d:
                return pymupdf4llm.to_markdown(d, show_progress=False, table_strategy=strategy).encode("utf-8")
        finally:
            pymupdf4llm.use_layout(True)

    return conv


def pdfplumber_text(pdf: bytes, rng) -> bytes:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as d:
        return "\n".join(page.extract_text() or "" for page in d.pages).encode("utf-8")


IMAGE_DPI = 150


def _page_images(pdf: bytes, dpi: int = IMAGE_DPI):
    import pymupdf
    from PIL import Image

    with pymupdf.open(stream=pdf, filetype="pdf") as d:
        for page in d:
            pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
            yield Image.frombytes("L", (pix.width, pix.height), pix.samples)


def page_image(fmt: str):
    """The PDF's pages as one image: PNG or JPEG, the pages stacked into one long image
    (a "long screenshot", as sites post them); TIFF, one page per frame."""
    def conv(pdf: bytes, rng) -> bytes:
        from PIL import Image

        pages = list(_page_images(pdf))
        buf = io.BytesIO()
        if fmt == "tiff":
            pages[0].save(buf, format="TIFF", save_all=True, append_images=pages[1:], compression="tiff_deflate")
            return buf.getvalue()
        w = max(p.width for p in pages)
        long = Image.new("L", (w, sum(p.height for p in pages)), 255)
        y = 0
        for p in pages:
            long.paste(p, (0, y))
            y += p.height
        if fmt == "jpeg":
            long.save(buf, format="JPEG", quality=85)
        else:
            long.save(buf, format="PNG", optimize=False)
        return buf.getvalue()

    return conv


# Tesseract, as users who scrape scanned reports OCR them themselves: the typeset PDF's pages
# as a multi-page TIFF at 300 dpi (the resolution Tesseract asks for), then `tesseract page.tiff
# out -l chi_sim` writing plain text (pages ended by form feeds), hOCR (a bbox per word) and a
# PDF (the page image under Tesseract's invisible text layer, as OCRmyPDF makes one) in one run,
# or plain text with --psm 6 ("a single uniform block of text"). One OCR run serves the routes
# that share its settings: the last document's outputs are kept (_TESSERACT_LAST).
TESSERACT_DPI = 300
_TESSERACT_OUT = {None: ("txt", "hocr", "pdf"), "6": ("txt",)}
_TESSERACT_LAST: dict = {}


def _tesseract_outputs(pdf: bytes, psm: str | None) -> dict[str, bytes]:
    import hashlib

    key = (hashlib.sha256(pdf).hexdigest(), psm)
    if key not in _TESSERACT_LAST:
        pages = list(_page_images(pdf, TESSERACT_DPI))
        buf = io.BytesIO()
        pages[0].save(buf, format="TIFF", save_all=True, append_images=pages[1:], compression="tiff_deflate",
                      dpi=(TESSERACT_DPI, TESSERACT_DPI))
        outs = _TESSERACT_OUT[psm]
        with tempfile.TemporaryDirectory(prefix=TEMP_PREFIX) as d:
            (pathlib.Path(d) / "page.tiff").write_bytes(buf.getvalue())
            cmd = ["tesseract", "page.tiff", "out", "-l", "chi_sim", *(["--psm", psm] if psm else []), *outs]
            res = _run(cmd, d, TIMEOUT * 3, "tesseract")
            got = {}
            for ext in outs:
                f = pathlib.Path(d) / f"out.{ext}"
                if not f.is_file() or f.stat().st_size == 0:
                    raise ConversionError(f"tesseract wrote no {ext} ({_why(res)})")
                got[ext] = f.read_bytes()
        _TESSERACT_LAST.clear()
        _TESSERACT_LAST[key] = got
    return _TESSERACT_LAST[key]


def tesseract(out: str, psm: str | None = None):
    return lambda pdf, rng: _tesseract_outputs(pdf, psm)[out]


def _identity(data: bytes, rng) -> bytes:
    return data


# Held-out converters (issue 10: "converters you have not seen judge this"): how scrapers
# commonly turn a page or PDF into text. Their routes (families "held-out-*", listed in
# HELD_OUT) are for evaluation only: never add them to training.train.TRAIN_ROUTES, and
# "all" (CONVERTERS, the training default) leaves them out - `--converters held-out` names them.

def soup_text(sep: str):
    """BeautifulSoup(page).get_text(separator=sep): with "" every cell of a row runs into the
    next (the commonest scraper bug); "\n", " ", "\t" keep a break between text nodes."""
    def conv(page: bytes, rng) -> bytes:
        from bs4 import BeautifulSoup

        return BeautifulSoup(page.decode("utf-8"), "html.parser").get_text(separator=sep).encode("utf-8")

    return conv


def lxml_text(page: bytes, rng) -> bytes:
    """lxml.html text_content(): text nodes joined with nothing between them."""
    import lxml.html

    return lxml.html.fromstring(page.decode("utf-8")).text_content().encode("utf-8")


def pdfminer_text(pdf: bytes, rng) -> bytes:
    from pdfminer.high_level import extract_text

    return extract_text(io.BytesIO(pdf)).encode("utf-8")


def pdfminer_to_fp(kind: str):
    """pdfminer.six extract_text_to_fp (default LAParams): "html" (every text box an
    absolutely positioned <div>, its lines' spans apart by <br>) or "xml" (every character a
    <text bbox="x0,y0,x1,y1"> in PDF space, y counting up from the page's bottom)."""
    def conv(pdf: bytes, rng) -> bytes:
        from pdfminer.high_level import extract_text_to_fp
        from pdfminer.layout import LAParams

        buf = io.BytesIO()
        extract_text_to_fp(io.BytesIO(pdf), buf, output_type=kind, laparams=LAParams(), codec="utf-8")
        return buf.getvalue()

    return conv


def pdfminer_laparams(**params):
    """pdfminer.six extract_text with LAParams other than its defaults (a script's tuning):
    boxes_flow=None orders text boxes by their position alone, not by flow; detect_vertical
    and all_texts also group vertical text and lay out text inside figures."""
    def conv(pdf: bytes, rng) -> bytes:
        from pdfminer.high_level import extract_text
        from pdfminer.layout import LAParams

        return extract_text(io.BytesIO(pdf), laparams=LAParams(**params)).encode("utf-8")

    return conv


def pdfplumber_layout_density(x_density: float, y_density: float):
    """pdfplumber extract_text(layout=True) on a grid of other densities (points a character
    across, a line down): at x_density=3 a 12-pt glyph spans four columns, so the text is
    spread four times as wide as pdftotext's, a word's glyphs kept together."""
    def conv(pdf: bytes, rng) -> bytes:
        import pdfplumber

        with pdfplumber.open(io.BytesIO(pdf)) as d:
            return "\n".join(page.extract_text(layout=True, x_density=x_density, y_density=y_density) or ""
                             for page in d.pages).encode("utf-8")

    return conv


def pymupdf_records(option: str):
    """What a script saves of PyMuPDF's structured text: "words" (each page's get_text("words")
    tuples (x0, y0, x1, y1, word, block, line, word number) dumped as one JSON list of pages),
    "words-tsv" (the same tuples a line each, fields joined by tabs, no header) or "json"
    (each page's get_text("json"): blocks, lines, spans with a "bbox" and "text"; the pages
    as one JSON list)."""
    def conv(pdf: bytes, rng) -> bytes:
        import json

        import pymupdf

        with pymupdf.open(stream=pdf, filetype="pdf") as d:
            if option == "words":
                return json.dumps([p.get_text("words") for p in d], ensure_ascii=False).encode("utf-8")
            if option == "words-tsv":
                return "\n".join("\t".join(str(x) for x in w) for p in d for w in p.get_text("words")).encode("utf-8")
            return ("[" + ",".join(p.get_text("json") for p in d) + "]").encode("utf-8")

    return conv


def pdfium_text(pdf: bytes, rng) -> bytes:
    import pypdfium2 as pdfium

    d = pdfium.PdfDocument(pdf)
    try:
        return "\n".join(d[i].get_textpage().get_text_range() for i in range(len(d))).encode("utf-8")
    finally:
        d.close()


def markdownify_md(page: bytes, rng) -> bytes:
    from markdownify import markdownify

    return markdownify(page.decode("utf-8")).encode("utf-8")


def pypdf_text(mode: str):
    """pypdf `page.extract_text()` per page, pages joined by "\n" ("plain": content-stream
    order; "layout": a fixed-pitch rendering of the page, columns kept by spaces)."""
    def conv(pdf: bytes, rng) -> bytes:
        from pypdf import PdfReader

        pages = PdfReader(io.BytesIO(pdf)).pages
        return "\n".join(p.extract_text(extraction_mode=mode) or "" for p in pages).encode("utf-8")

    return conv


def pymupdf_blocks(pdf: bytes, rng) -> bytes:
    """PyMuPDF get_text("blocks"): each block's text, blocks apart by an empty line (what a
    scraper joining the block tuples' text writes)."""
    import pymupdf

    with pymupdf.open(stream=pdf, filetype="pdf") as d:
        return "\n\n".join(b[4].strip() for page in d for b in page.get_text("blocks") if b[6] == 0).encode("utf-8")


def pymupdf_get_text(option: str | None):
    """PyMuPDF per page: get_text(sort=True) (lines rebuilt by position, padded with
    spaces: each row rounded to characters on its own), "html" (every line a <p> placed by
    top/left in pt, no `position`) or "xhtml" (a text block a <p>, its lines joined by a
    space); pages joined by "\n"."""
    def conv(pdf: bytes, rng) -> bytes:
        import pymupdf

        with pymupdf.open(stream=pdf, filetype="pdf") as d:
            pages = [page.get_text(sort=True) if option is None else page.get_text(option) for page in d]
        return "\n".join(pages).encode("utf-8")

    return conv


def pdfplumber_layout(pdf: bytes, rng) -> bytes:
    """pdfplumber extract_text(layout=True): characters placed in a grid of spaces."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as d:
        return "\n".join(page.extract_text(layout=True) or "" for page in d.pages).encode("utf-8")


def pdfplumber_tables(pdf: bytes, rng) -> bytes:
    """pdfplumber per page: extract_text(), then each of extract_tables() as CSV (csv.writer,
    None cells empty): every table twice, as text with its blanks dropped, then as a grid."""
    import csv

    import pdfplumber

    out = []
    with pdfplumber.open(io.BytesIO(pdf)) as d:
        for page in d.pages:
            out.append(page.extract_text() or "")
            for table in page.extract_tables():
                buf = io.StringIO()
                csv.writer(buf).writerows([["" if c is None else c for c in row] for row in table])
                out.append(buf.getvalue())
    return "\n".join(out).encode("utf-8")


# Session 31's probe of tools nobody had tried (training/CONVERTERS.md): poppler's TSV,
# MuPDF's structured text, PyMuPDF's characters, pdfplumber's tables by text alignment,
# pandoc's writers that keep a table as raw HTML or draw it in a wiki's markup.

def pdftotext_tsv(pdf: bytes, rng) -> bytes:
    """pdftotext -tsv (poppler >= 21): Tesseract's TSV columns (level, page_num, ... left, top,
    width, height, conf, text), a word a row under ###PAGE###/###FLOW###/###LINE### rows."""
    return _tool(pdf, "report.pdf", lambda i, o: ["pdftotext", "-tsv", "-enc", "UTF-8", i, o], "report.tsv",
                 "pdftotext")


def mutool_stext(fmt: str):
    """mutool draw -F stext (XML: a <char quad x y c> per character inside <line bbox="x0 y0 x1
    y1">, boxes apart by spaces) or -F stext.json (blocks and lines, each line's text with a
    "bbox" object of x, y, w, h)."""
    return lambda pdf, rng: _tool(pdf, "report.pdf", lambda i, o: ["mutool", "draw", "-q", "-F", fmt, "-o", o, i],
                                  f"report.{'json' if fmt.endswith('json') else 'xml'}", "mutool draw")


def pymupdf_rawdict(pdf: bytes, rng) -> bytes:
    """json.dumps of every page's PyMuPDF get_text("rawdict"): spans hold no text, only their
    characters, each a "c" with its own "bbox" and "origin"."""
    import json

    import pymupdf

    with pymupdf.open(stream=pdf, filetype="pdf") as d:
        pages = [p.get_text("rawdict") for p in d]
    return json.dumps(pages, ensure_ascii=False, default=str).encode("utf-8")


def pdfplumber_text_tables(pdf: bytes, rng) -> bytes:
    """pdfplumber extract_tables with vertical and horizontal strategy "text" (tables found by
    where words line up, not by rules), every table as CSV, nothing else of the page: the prose
    comes as one-column tables, a ruled table's cells are cut where its words leave gaps."""
    import csv

    import pdfplumber

    out = []
    settings = {"vertical_strategy": "text", "horizontal_strategy": "text"}
    with pdfplumber.open(io.BytesIO(pdf)) as d:
        for page in d.pages:
            for table in page.extract_tables(settings):
                buf = io.StringIO()
                csv.writer(buf).writerows([["" if c is None else c for c in row] for row in table])
                out.append(buf.getvalue())
    if not out:
        raise ConversionError("pdfplumber found no table")
    return "\n".join(out).encode("utf-8")


def inscriptis_text(page: bytes, rng) -> bytes:
    """inscriptis: HTML -> text that keeps a table's layout (cells padded into columns)."""
    from inscriptis import get_text

    return get_text(page.decode("utf-8")).encode("utf-8")


def html_text_text(page: bytes, rng) -> bytes:
    """html-text (Scrapy's): extract_text, a block element's text on a line, inline text
    (and table cells) joined by a space."""
    import html_text

    return html_text.extract_text(page.decode("utf-8")).encode("utf-8")


def trafilatura_text(page: bytes, rng) -> bytes:
    """trafilatura's main-text extraction, tables included (its default), as plain text."""
    import trafilatura

    out = trafilatura.extract(page.decode("utf-8"), include_tables=True, output_format="txt", favor_recall=True)
    if not out:
        raise ConversionError("trafilatura found no main text")
    return out.encode("utf-8")


_DOCX_OF: dict[int, bytes] = {}  # the page's LibreOffice DOCX (~5 s), made once for both DOCX readers


def _docx_of(page: bytes, rng) -> bytes:
    key = zlib.crc32(page)
    if key not in _DOCX_OF:
        _DOCX_OF.clear()
        _DOCX_OF[key] = soffice("docx")(page, rng)
    return _DOCX_OF[key]


def docx2txt_text(page: bytes, rng) -> bytes:
    """docx2txt of the page saved as DOCX by LibreOffice (an agency's Word file as a scraper reads it)."""
    import docx2txt

    with tempfile.TemporaryDirectory(prefix="xxgk-docx2txt-") as d:
        f = pathlib.Path(d) / "report.docx"
        f.write_bytes(_docx_of(page, rng))
        return docx2txt.process(str(f)).encode("utf-8")


def mammoth_html(page: bytes, rng) -> bytes:
    """mammoth (DOCX -> clean HTML) of the page saved as DOCX by LibreOffice."""
    import mammoth

    res = mammoth.convert_to_html(io.BytesIO(_docx_of(page, rng)))
    return f"<html><body>{res.value}</body></html>".encode("utf-8")


def mammoth_md(page: bytes, rng) -> bytes:
    """mammoth's markdown of the page saved as DOCX by LibreOffice: every table cell a
    paragraph, a leading minus and dots escaped ("\\-29", "953\\.318万元")."""
    import mammoth

    return mammoth.convert_to_markdown(io.BytesIO(_docx_of(page, rng))).value.encode("utf-8")


def python_docx_text(page: bytes, rng) -> bytes:
    """python-docx of the page saved as DOCX by LibreOffice, as scrapers walk it: the body's
    paragraphs and tables in order, a table row its cells' text joined by tabs (row.cells
    repeats a merged cell in every grid column it spans)."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    d = docx.Document(io.BytesIO(_docx_of(page, rng)))
    out = []
    for el in d.element.body.iterchildren():
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "p":
            out.append(Paragraph(el, d).text)
        elif tag == "tbl":
            out.extend("\t".join(c.text for c in row.cells) for row in Table(el, d).rows)
    return "\n".join(out).encode("utf-8")


_ODT_OF: dict[int, bytes] = {}  # the page's LibreOffice ODT, made once for the ODT readers


def _odt_of(page: bytes, rng) -> bytes:
    key = zlib.crc32(page)
    if key not in _ODT_OF:
        _ODT_OF.clear()
        _ODT_OF[key] = soffice("odt")(page, rng)
    return _ODT_OF[key]


def pandoc_of(office: str, to: str, ext: str):
    """pandoc of the page saved by LibreOffice as DOCX or ODT (an agency's Word or WPS file as
    a scraper converts it). Its ODT reader drops merged cells' covered cells (every row's cells
    packed leftwards); its plain writer prints a table wider than 72 columns allow as "[TABLE]"."""
    saved = _docx_of if office == "docx" else _odt_of
    return lambda page, rng: _tool(saved(page, rng), f"report.{office}",
                                   lambda i, o: ["pandoc", "-f", office, "-t", to, "-o", o, i],
                                   f"report.{ext}", "pandoc")


# LibreOffice's last export of a page per filter (~5 s each): the routes that read one PDF
# export with different text tools (lo-pdf-*) make it once per page
_EXPORT_OF: dict[str, tuple[int, bytes]] = {}


def soffice_of_docx(filt: str, ext: str, what: str):
    """LibreOffice's export (`filt`, e.g. "pdf:writer_pdf_Export") of the page saved as DOCX."""

    def conv(page: bytes, rng) -> bytes:
        key = zlib.crc32(page)
        hit = _EXPORT_OF.get(filt)
        if hit and hit[0] == key:
            return hit[1]
        data = export(page, rng)
        _EXPORT_OF[filt] = (key, data)
        return data

    def export(page: bytes, rng) -> bytes:
        exe = find_soffice()
        if not exe:
            raise ConversionError("LibreOffice (soffice) not found")
        with tempfile.TemporaryDirectory(prefix="xxgk-soffice-") as d:
            src = pathlib.Path(d) / "report.docx"
            src.write_bytes(_docx_of(page, rng))
            outdir = pathlib.Path(d) / "out"
            outdir.mkdir()
            res = _run([exe, f"-env:UserInstallation={(pathlib.Path(d) / 'profile').as_uri()}", "--headless",
                        "--invisible", "--norestore", "--nolockcheck", "--nodefault", "--nologo",
                        "--convert-to", filt, "--outdir", str(outdir), str(src)],
                       d, TIMEOUT, "LibreOffice")
            out = outdir / f"report.{ext}"
            if not out.is_file() or out.stat().st_size == 0:
                raise ConversionError(f"LibreOffice made no {what} ({_why(res)})")
            return out.read_bytes()

    return conv


# LibreOffice's text export of the page saved as DOCX: every paragraph a line, none between,
# a table one cell a line (an empty cell an empty line)
soffice_text_of_docx = soffice_of_docx("txt:Text (encoded):UTF8", "txt", "text")


def soffice_pdf_import(target: str, ext: str):
    """LibreOffice opens the PDF with its Writer PDF import (every line fragment a floating text
    box placed by offsets, as a PDF-to-Word converter that keeps the page's look writes it) and
    saves it as `target` ("docx:MS Word 2007 XML")."""
    def conv(pdf: bytes, rng) -> bytes:
        exe = find_soffice()
        if not exe:
            raise ConversionError("LibreOffice (soffice) not found")
        with tempfile.TemporaryDirectory(prefix="xxgk-soffice-") as d:
            src = pathlib.Path(d) / "report.pdf"
            src.write_bytes(pdf)
            outdir = pathlib.Path(d) / "out"
            outdir.mkdir()
            res = _run([exe, f"-env:UserInstallation={(pathlib.Path(d) / 'profile').as_uri()}", "--headless",
                        "--invisible", "--norestore", "--nolockcheck", "--nodefault", "--nologo",
                        "--infilter=writer_pdf_import", "--convert-to", target, "--outdir", str(outdir), str(src)],
                       d, TIMEOUT, "LibreOffice")
            out = outdir / f"report.{ext}"
            if not out.is_file() or out.stat().st_size == 0:
                raise ConversionError(f"LibreOffice made no {ext} of the PDF ({_why(res)})")
            return out.read_bytes()

    return conv


def kreuzberg_text(of: str):
    """kreuzberg's extract_bytes_sync of the HTML page, or of the page saved as DOCX by
    LibreOffice ("docx"): markdown-ish text, a table's cells joined by single spaces, a merged
    cell's text repeated in every column it spans."""
    def here(data: bytes, rng) -> bytes:
        from training.converter_ext import kreuzberg_content

        return kreuzberg_content(data, f".{of}").encode("utf-8")

    return own_or_ext("kreuzberg", here, "kreuzberg", of, "md", _docx_of if of == "docx" else None)


def camelot_tables(fmt: str):
    """camelot's stream mode (tables found by text alignment) of the PDF, every table of every
    page as a script saves it: "csv" (pandas to_csv, no header or index), "html" (pandas
    to_html: a cell's line breaks printed as the two characters \\n), "json" (one JSON list
    of tables, each pandas' to_dict("records")). The whole page is one table where no rules
    bound it, so the prose comes along; a row's first columns can land in its label cell."""
    def here(pdf: bytes, rng) -> bytes:
        from training.converter_ext import camelot_bytes, camelot_frames

        with tempfile.TemporaryDirectory(prefix="xxgk-camelot-") as d:
            f = pathlib.Path(d) / "report.pdf"
            f.write_bytes(pdf)
            frames = camelot_frames(str(f))
        if not frames:
            raise ConversionError("camelot found no table")
        return camelot_bytes(frames, fmt)

    return own_or_ext("camelot", here, f"camelot-{fmt}", "pdf", {"csv": "txt"}.get(fmt, fmt))


# Converters in their own Python: unstructured and pdf2docx pin numpy/lxml/PyMuPDF versions
# xxgk's environment must not take, Docling (IBM's document converter) pulls torch and its own
# pins, so each lives in a virtual environment of its own whose interpreter an environment
# variable names (unstructured's must not take torch: Docling has its own). One runner for them
# all: training/converter_ext.py (stdlib only besides the tool) is what the interpreter runs. A
# route needing "ext:MODULE" is missing until the interpreter EXT_PYTHONS names for MODULE
# imports it (training/install_converters.sh).
EXT_PYTHON_ENV = "XXGK_CONVERTER_PYTHON"
DOCLING_PYTHON = "XXGK_DOCLING_PYTHON"
EXT_PYTHONS = {"unstructured": EXT_PYTHON_ENV, "pdf2docx": EXT_PYTHON_ENV, "docling": DOCLING_PYTHON}
_EXT_SCRIPT = pathlib.Path(__file__).with_name("converter_ext.py")
_EXT_HAS: dict[tuple[str, str], bool] = {}
_EXT_OUT: dict[tuple, dict[str, bytes]] = {}  # one run (Docling's parse, seconds) per input, every export


def _ext_pythons(var: str = EXT_PYTHON_ENV) -> list[str]:
    """The interpreters `var` names: one, or several apart by os.pathsep (a venv per tool whose
    pins clash, e.g. WeasyPrint's and gne's), each tool run by the first that imports it."""
    import os

    exes = [e.strip() for e in os.environ.get(var, "").split(os.pathsep)]
    return [e for e in exes if e and (shutil.which(e) or pathlib.Path(e).is_file())]


def _imports(exe: str, module: str, var: str) -> bool:
    key = (exe, module)
    if key not in _EXT_HAS:
        with tempfile.TemporaryDirectory(prefix=TEMP_PREFIX) as d:
            try:
                res = _run([exe, str(_EXT_SCRIPT), "--has", module], d, 60.0, f"{var} import {module}")
                _EXT_HAS[key] = res.returncode == 0
            except ConversionError:
                _EXT_HAS[key] = False
    return _EXT_HAS[key]


def _ext_python(var: str = EXT_PYTHON_ENV, module: str | None = None) -> str | None:
    """The interpreter that runs `module`'s tool: of several, the first that imports it; of one,
    that one (a missing module then fails in it, as the route's `needs` said)."""
    exes = _ext_pythons(var)
    if module is None or len(exes) < 2:
        return exes[0] if exes else None
    return next((e for e in exes if _imports(e, module, var)), None)


def _ext_has(module: str) -> bool:
    var = EXT_PYTHONS.get(module, EXT_PYTHON_ENV)
    return any(_imports(exe, module, var) for exe in _ext_pythons(var))


def ext_tool(mode: str, in_ext: str, out_ext: str, of=None, tool: str = "unstructured", export: str | None = None,
             module: str | None = None):
    """Run training/converter_ext.py MODE in the interpreter EXT_PYTHONS names for `tool` on
    the source (or on what `of` makes of it first: the page's DOCX, the PDF's text). With
    `export`, MODE writes a folder of exports of one run (Docling's md, txt, json, html): the
    run is made once per input and this route's export returned. `module` (MODE's first word
    unless given) picks the interpreter where the variable names several (_ext_python)."""
    var = EXT_PYTHONS.get(tool, EXT_PYTHON_ENV)
    module = module or mode.split("-")[0]

    def conv(data: bytes, rng) -> bytes:
        exe = _ext_python(var, module)
        if exe is None:
            raise ConversionError(f"{var} is not set or none of its interpreters imports {module} "
                                  "(see training/install_converters.sh)")
        src = of(data, rng) if of else data
        if export is None:
            return _tool(src, f"report.{in_ext}", lambda i, o: [exe, str(_EXT_SCRIPT), mode, i, o],
                         f"report-out.{out_ext}", f"{mode} ({var})")
        key = (exe, mode, in_ext, zlib.crc32(src))
        if key not in _EXT_OUT:
            _EXT_OUT.clear()
            with tempfile.TemporaryDirectory(prefix=TEMP_PREFIX) as d:
                f = pathlib.Path(d) / f"report.{in_ext}"
                f.write_bytes(src)
                outdir = pathlib.Path(d) / "out"
                res = _run([exe, str(_EXT_SCRIPT), mode, str(f), str(outdir)], d, TIMEOUT, f"{mode} ({var})")
                got = {g.name: g.read_bytes() for g in outdir.iterdir()} if outdir.is_dir() else {}
                if res.returncode != 0 or export not in got:
                    raise ConversionError(f"{mode} failed ({_why(res)})")
            _EXT_OUT[key] = got
        out = _EXT_OUT[key].get(export, b"")
        if not out.strip():
            raise ConversionError(f"{mode} wrote no {export}")
        return out

    return conv


def docling(of: str, export: str):
    """Docling's DocumentConverter of the HTML page ("html") or of the page saved as DOCX by
    LibreOffice ("docx"), exported as markdown ("md"), text ("txt"), its own JSON document
    model (export_to_dict: texts, tables with their cells' row/column spans, a body tree of
    references; "json") or HTML ("html"). Run by the interpreter in $XXGK_DOCLING_PYTHON."""
    return ext_tool("docling", of, export, _docx_of if of == "docx" else None, tool="docling", export=export)


def own_or_ext(module: str, here, mode: str, in_ext: str, out_ext: str, of=None):
    """A converter that runs in this Python where `module` imports (`here`), else as
    training/converter_ext.py MODE in $XXGK_CONVERTER_PYTHON's (ext_tool): tools whose
    dependencies clash with this environment's (camelot's opencv-python-headless and
    opencv-python are one cv2) are kept out of it. Its route needs "own:MODULE"."""
    ext = ext_tool(mode, in_ext, out_ext, of, module=module)

    def conv(data: bytes, rng) -> bytes:
        if importlib.util.find_spec(module) is not None:
            return here(of(data, rng) if of else data, rng)
        return ext(data, rng)

    return conv


# Converters written in JavaScript (scrapers run on Node): Mozilla's pdf.js (pdfjs-dist, and
# pdf-parse which wraps it), turndown (HTML to markdown) and html-to-text. Their npm packages
# are installed (training only, never a dependency of xxgk) into a folder that
# $XXGK_CONVERTER_NODE_MODULES names (npm install --prefix DIR ...: see training/converter_node.mjs,
# which is what node runs); a route needing "node:PACKAGE" is missing until that folder holds it
# and `node` ($XXGK_NODE, else on PATH) runs.
NODE_MODULES_ENV = "XXGK_CONVERTER_NODE_MODULES"
_NODE_SCRIPT = pathlib.Path(__file__).with_name("converter_node.mjs")


def _node() -> str | None:
    import os

    return shutil.which(os.environ.get("XXGK_NODE", "").strip() or "node")


def _node_has(package: str) -> bool:
    import os

    d = os.environ.get(NODE_MODULES_ENV, "").strip()
    return bool(d) and _node() is not None and (pathlib.Path(d) / "node_modules" / package / "package.json").is_file()


def node_tool(mode: str, in_ext: str, out_ext: str):
    """training/converter_node.mjs MODE of the source, run by node with the packages of
    $XXGK_CONVERTER_NODE_MODULES."""
    def conv(data: bytes, rng) -> bytes:
        exe = _node()
        if exe is None:
            raise ConversionError("node not found")
        return _tool(data, f"report.{in_ext}", lambda i, o: [exe, str(_NODE_SCRIPT), mode, i, o],
                     f"report-out.{out_ext}", f"{mode} (node)")

    return conv


# Converters from Debian packages written in other languages (training only): Ghostscript's text
# device, Apache PDFBox's ExtractText (Java; the jars of libpdfbox2-java, or $XXGK_PDFBOX_CLASSPATH)
# and the C++ html2text (Debian's /usr/bin/html2text, not the Python package of the same name).
PDFBOX_CLASSPATH_ENV = "XXGK_PDFBOX_CLASSPATH"
_PDFBOX_JARS = ("pdfbox2-tools.jar", "pdfbox2.jar", "fontbox2.jar", "commons-logging.jar")


def _pdfbox_classpath() -> str | None:
    import os

    cp = os.environ.get(PDFBOX_CLASSPATH_ENV, "").strip()
    if cp:
        return cp
    jars = [pathlib.Path("/usr/share/java") / j for j in _PDFBOX_JARS]
    return ":".join(map(str, jars)) if all(j.is_file() for j in jars) else None


def pdfbox_text(*flags: str):
    """PDFBox's ExtractText (org.apache.pdfbox.tools) of the PDF; -sort orders text by position."""
    def conv(pdf: bytes, rng) -> bytes:
        cp, java = _pdfbox_classpath(), shutil.which("java")
        if cp is None or java is None:
            raise ConversionError("PDFBox (java and its jars) not found")
        return _tool(pdf, "report.pdf", lambda i, o: [java, "-Djava.awt.headless=true", "-cp", cp,
                                                      "org.apache.pdfbox.tools.ExtractText", *flags,
                                                      "-encoding", "UTF-8", i, o], "report.txt", "PDFBox")

    return conv


def gs_txtwrite(pdf: bytes, rng) -> bytes:
    """Ghostscript's txtwrite device: the text placed in columns by position, padded with spaces."""
    return _tool(pdf, "report.pdf", lambda i, o: ["gs", "-q", "-dSAFER", "-sDEVICE=txtwrite", "-o", o, i],
                 "report.txt", "Ghostscript")


def _html2text_c() -> str | None:
    """The C++ html2text on PATH (its -version says "This is html2text"), never the Python one."""
    import os

    for d in os.environ.get("PATH", "").split(os.pathsep) + ["/usr/bin"]:
        exe = pathlib.Path(d or ".") / "html2text"
        if exe.is_file() and os.access(exe, os.X_OK):
            try:
                res = subprocess.run([str(exe), "-version"], capture_output=True, timeout=10)
            except (OSError, subprocess.SubprocessError):
                continue
            if (res.stdout + res.stderr).lstrip().startswith(b"This is html2text"):
                return str(exe)
    return None


def html2text_c(*flags: str):
    """The C++ html2text (1.3.x) of the page: tables drawn with | and _, widths counted in bytes
    (a CJK character cut where a cell ends)."""
    def conv(page: bytes, rng) -> bytes:
        exe = _html2text_c()
        if exe is None:
            raise ConversionError("html2text (C++) not found")
        return _tool(page, "report.html", lambda i, o: [exe, *flags, "-o", o, i], "report.txt", "html2text")

    return conv


# what select-all-and-copy of a page pastes: the body's innerText (cells joined by tabs, a
# paragraph inside a cell set apart by empty lines), printed by the page itself into a <pre>
_INNER_TEXT = ("<script>(function(){var t=document.body.innerText;document.body.textContent='';"
               "var p=document.createElement('pre');p.id='xxgk-inner-text';p.textContent=t;"
               "document.body.appendChild(p);})();</script>")


def chromium_inner_text(page: bytes, rng) -> bytes:
    """Headless Chromium's rendered text of the page (document.body.innerText, as a browser's
    select-all-and-copy pastes it): the page prints it into a <pre> and --dump-dom writes it."""
    exe = find_chromium()
    if not exe:
        raise ConversionError("chromium not found")
    script = _INNER_TEXT.encode()
    src = page.replace(b"</body>", script + b"</body>", 1) if b"</body>" in page else page + script
    with tempfile.TemporaryDirectory(prefix="xxgk-chromium-") as d:
        f = pathlib.Path(d) / "report.html"
        f.write_bytes(src)
        res = _run([exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    f"--user-data-dir={d}/profile", "--dump-dom", f.as_uri()], d, TIMEOUT, "chromium")
    m = re.search(rb'<pre id="xxgk-inner-text">(.*?)</pre>', res.stdout or b"", re.S)
    if not m:
        raise ConversionError(f"chromium printed no text ({_why(res)})")
    return _html.unescape(m.group(1).decode("utf-8")).encode("utf-8")


def then(first, second):
    """One converter's output through another (the DOCX's PDF through pdftotext, ...)."""
    return lambda data, rng: second(first(data, rng), rng)


def browser_no_tables(tool: str):
    """A text browser's dump with its table layout turned off (links -html-tables 0, as lynx
    draws tables; elinks document.html.display_tables = 0): every cell a paragraph of its own,
    set as the cell aligns it (centred cells indented to the middle), apart by empty lines."""
    argv = {"links": lambda i: ["links", "-dump", "-codepage", "utf-8", "-html-tables", "0", i],
            "elinks": lambda i: ["elinks", "-dump", "-dump-charset", "utf-8", "-no-home", "-no-references",
                                 "-no-numbering", "-eval", "set document.html.display_tables = 0", i]}[tool]
    return lambda page, rng: _tool(page, "report.html", lambda i, o: argv(i), None, tool)


def groff_man(page: bytes, rng) -> bytes:
    """pandoc's man page of the page (-t man -s: tables as tbl source) typeset by groff for a
    terminal (-man -t -Tutf8, grotty without bold or underline), as `man -l` prints it: tbl lays
    each table out in columns of spaces, a cell's text wrapped inside its column; a CJK
    paragraph has no break point, so it runs on as one long line."""
    man = pandoc_opts("man", "man", "-s")(page, rng)
    return _tool(man, "report.man", lambda i, o: ["groff", "-man", "-t", "-Tutf8", "-P-cbou", "-Wall", i], None,
                 "groff")


def mhtml(page: bytes, rng) -> bytes:
    """The page saved as one MIME file as Chromium's "Save as: single file" writes it: mail
    headers, multipart/related, the page a quoted-printable text/html part (CRLF lines)."""
    import quopri

    boundary = "----MultipartBoundary--" + "".join(rng.choice("0123456789abcdefABCDEF") for _ in range(42)) + "----"
    where = "https://www.example.gov.cn/zwgk/report.html"
    head = (f"From: <Saved by Blink>\r\nSnapshot-Content-Location: {where}\r\n"
            f"Subject: =?utf-8?Q?report?=\r\nDate: Sun, 6 Dec 2026 15:00:00 -0000\r\nMIME-Version: 1.0\r\n"
            f'Content-Type: multipart/related;\r\n\ttype="text/html";\r\n\tboundary="{boundary}"\r\n\r\n\r\n'
            f"--{boundary}\r\nContent-Type: text/html\r\nContent-ID: <frame-0@mhtml.blink>\r\n"
            f"Content-Transfer-Encoding: quoted-printable\r\nContent-Location: {where}\r\n\r\n")
    body = quopri.encodestring(page.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    tail = (f"\r\n\r\n--{boundary}\r\nContent-Type: text/css\r\nContent-Transfer-Encoding: quoted-printable\r\n"
            f"Content-Location: cid:css-0@mhtml.blink\r\n\r\n@charset \"utf-8\";\r\n\r\n--{boundary}--\r\n")
    return head.encode() + body + tail.encode()


def pymupdf_tables(pdf: bytes, rng) -> bytes:
    """PyMuPDF: each page's text, then the tables find_tables() sees on it as markdown."""
    import pymupdf

    parts = []
    with pymupdf.open(stream=pdf, filetype="pdf") as d:
        for page in d:
            parts.append(page.get_text())
            parts.extend(t.to_markdown() for t in page.find_tables().tables)
    return "\n".join(parts).encode("utf-8")


def trafilatura_xml(page: bytes, rng) -> bytes:
    """trafilatura's XML output (tables as TEI's <table><row><cell>, spans padded with empty cells)."""
    import trafilatura

    out = trafilatura.extract(page.decode("utf-8"), include_tables=True, output_format="xml", favor_recall=True)
    if not out:
        raise ConversionError("trafilatura found no main text")
    return out.encode("utf-8")


# HTML elements that end a line of text (what a scraper's "text outside the tables" keeps apart)
_BLOCK_TAGS = frozenset("p div h1 h2 h3 h4 h5 h6 li tr br table section article header footer title ul ol "
                        "dl dt dd blockquote pre form nav".split())


def pandas_tables(how: str):
    """What a researcher's pandas scraper keeps of the page: the text outside the tables, a
    line per block element, and each table where it stood as pandas.read_html (lxml flavour)
    gives it, written by DataFrame.to_csv(index=False) ("csv"), to_csv() ("csv-index": each row
    led by its index 0, 1, 2 …), to_string() ("string") or to_markdown(index=False, tablefmt=F)
    ("tabulate-F": the tabulate package's table formats, psql, orgtbl, rst, simple, fancy_grid …).
    read_html fills a merged cell's value into every grid column and row it spans, and
    names the columns 0..n-1 (a header line of numbers) when the table has no <th>."""
    def conv(page: bytes, rng) -> bytes:
        import lxml.html
        import pandas as pd

        root = lxml.html.fromstring(page.decode("utf-8"))
        for el in root.xpath("//script|//style"):
            el.drop_tree()
        tables = [t for t in root.iter("table") if not any(a.tag == "table" for a in t.iterancestors())]
        printed = []
        for i, t in enumerate(tables):
            df = pd.read_html(io.StringIO(lxml.html.tostring(t, encoding="unicode")), flavor="lxml")[0]
            printed.append(df.to_csv(index=False) if how == "csv" else df.to_csv() if how == "csv-index"
                           else df.to_string() if how == "string"
                           else df.to_markdown(index=False, tablefmt=how.removeprefix("tabulate-")))
            mark = lxml.html.Element("p")
            mark.text = f"XXGKTABLE{i}XXGK"
            t.getparent().replace(t, mark)
        for el in root.iter():
            if isinstance(el.tag, str) and el.tag in _BLOCK_TAGS:
                el.tail = "\n" + (el.tail or "")
        out = []
        for line in root.text_content().split("\n"):
            line = " ".join(line.split())
            m = re.fullmatch(r"XXGKTABLE(\d+)XXGK", line)
            if m:
                out.append(printed[int(m.group(1))].rstrip("\n"))
            elif line:
                out.append(line)
        return ("\n".join(out) + "\n").encode("utf-8")

    return conv


def spreadsheet(how: str):
    """The page's tables saved as a spreadsheet, a sheet per table, as researchers keep scraped
    tables: "pandas" (pandas.read_html then DataFrame.to_excel(index=False), openpyxl engine:
    merged cells filled into every slot they span, a header row of read_html's column names; a
    table whose header read_html makes two rows is written with its index, the header merged),
    "ods" (the same with pandas' odf engine, odfpy) or "merged" (openpyxl from the HTML grid,
    as Excel or WPS save a web page's table: rowspan/colspan as merged ranges, whole numbers
    stored as floats 6.0). The text outside the tables is lost."""
    def conv(page: bytes, rng) -> bytes:
        import lxml.html

        root = lxml.html.fromstring(page.decode("utf-8"))
        tables = [t for t in root.iter("table") if not any(a.tag == "table" for a in t.iterancestors())]
        buf = io.BytesIO()
        if how in ("pandas", "ods"):
            import pandas as pd

            with pd.ExcelWriter(buf, engine="odf" if how == "ods" else "openpyxl") as w:
                for i, t in enumerate(tables):
                    df = pd.read_html(io.StringIO(lxml.html.tostring(t, encoding="unicode")), flavor="lxml")[0]
                    # MultiIndex columns are written only with the index (merged header cells)
                    df.to_excel(w, sheet_name=f"Sheet{i + 1}", index=isinstance(df.columns, pd.MultiIndex))
            return buf.getvalue()
        import openpyxl

        wb = openpyxl.Workbook()
        wb.remove(wb.active)
        for i, t in enumerate(tables):
            ws = wb.create_sheet(f"表{i + 1}")
            for r, c, rs, cs, td in _html_grid(t)[0]:
                txt = " ".join(td.text_content().split())
                ws.cell(r + 1, c + 1, float(txt) if re.fullmatch(r"\d+", txt) else (txt or None))
                if rs > 1 or cs > 1:
                    ws.merge_cells(start_row=r + 1, start_column=c + 1, end_row=r + rs, end_column=c + cs)
        wb.save(buf)
        return buf.getvalue()

    return conv


# =========================================================================================
# the routes and their families
def site_page(page: bytes, rng) -> bytes:
    """The report as a government site serves it: the article inside the site's frame (a
    navigation bar, a breadcrumb, a footer), which is what a scraper hands an article
    extractor."""
    body = page.decode("utf-8")
    return ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府信息公开</title></head><body>'
            '<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>'
            '<li><a href="/bsfw/">办事服务</a></li><li><a href="/hdjl/">互动交流</a></li></ul></div>'
            '<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政府信息公开</a> &gt; '
            '年度报告</div><div class="article"><div class="article-content">' + body + '</div></div>'
            '<div class="footer"><p>主办单位：人民政府办公室</p><p>网站标识码：0000000000</p></div>'
            '</body></html>').encode("utf-8")


def calibre(source: str, *opts: str):
    """calibre's ebook-convert (6.13) of the page ("html": the page with its charset, as saved
    from a browser), the typeset PDF ("pdf": calibre's PDF input runs pdftohtml -xml) or the
    page saved as DOCX by LibreOffice ("docx") into a .txt, with `opts`
    (--txt-output-formatting=markdown | textile)."""
    def conv(data: bytes, rng) -> bytes:
        from training.documents import printable

        src = {"html": lambda: printable(data.decode("utf-8")).encode("utf-8"), "pdf": lambda: data,
               "docx": lambda: _docx_of(data, rng)}[source]()
        return _tool(src, f"report.{source}", lambda i, o: ["ebook-convert", i, o, *opts], "report.txt",
                     "ebook-convert")

    return conv


def wkhtmltopdf_text(flags: tuple):
    """wkhtmltopdf 0.12.6 (Qt WebKit) prints the page (as a person prints it: training.documents
    printable) to PDF; pdftotext `flags` reads it."""
    def conv(page: bytes, rng) -> bytes:
        from training.documents import printable

        pdf = _tool(printable(page.decode("utf-8")).encode("utf-8"), "report.html",
                    lambda i, o: ["wkhtmltopdf", "-q", i, o], "report.pdf", "wkhtmltopdf")
        return _tool(pdf, "report.pdf", lambda i, o: ["pdftotext", *flags, "-enc", "UTF-8", i, o], "report.txt",
                     "pdftotext")

    return conv


def word97_text(tool: str):
    """The page saved as Word 97 (.doc) by LibreOffice - an agency's .doc as WPS or Word
    saves it - read by catdoc 0.95 (`-d utf-8`) or antiword 0.37 (`-m UTF-8.txt`)."""
    argv = {"catdoc": lambda i: ["catdoc", "-d", "utf-8", "-w", i],
            "antiword": lambda i: ["antiword", "-m", "UTF-8.txt", "-w", "0", i]}[tool]
    doc = soffice_of_docx("doc:MS Word 97", "doc", "Word 97 document")
    return lambda page, rng: _tool(doc(page, rng), "report.doc", lambda i, o: argv(i), None, tool)


def docx2txt_of_pandoc(page: bytes, rng) -> bytes:
    """docx2txt of pandoc's DOCX of the page (html -> docx -> text: another DOCX writer than
    LibreOffice's - its tables' merged cells - read by a scraper's DOCX reader)."""
    import docx2txt

    with tempfile.TemporaryDirectory(prefix="xxgk-docx2txt-") as d:
        f = pathlib.Path(d) / "report.docx"
        f.write_bytes(pandoc("docx", "docx")(page, rng))
        return docx2txt.process(str(f)).encode("utf-8")


def odt2txt_text(page: bytes, rng) -> bytes:
    """odt2txt 0.5 (`--encoding=UTF-8`) of the page saved as ODT by LibreOffice."""
    return _tool(_odt_of(page, rng), "report.odt", lambda i, o: ["odt2txt", "--encoding=UTF-8", i], None, "odt2txt")


# =========================================================================================

@dataclass(frozen=True)
class Route:
    name: str
    family: str         # leave-one-converter-out group: the tool (and, where it matters, its mode)
    source: str         # "pdf", "html" or "original" (what it converts)
    ext: str            # extension of what it writes
    needs: tuple        # programs ("pdftotext") and Python modules ("py:markitdown") it runs
    fn: Callable
    what: str           # how a user gets this output


def _r(name, family, source, ext, needs, fn, what):
    return name, Route(name, family, source, ext, tuple(needs), fn, what)


ROUTES: dict[str, Route] = dict([
    _r("original", "original", "original", "", (), _identity, "the labelled file as published (dev set)"),
    _r("html", "original", "html", "html", (), _identity, "the report as an HTML page (source of the html routes)"),
    _r("pdf", "original", "pdf", "pdf", ("py:pymupdf",), _identity,
       "the report as a WPS-like PDF (training.documents typeset; source of the pdf routes)"),
    _r("pdftotext-layout", "pdftotext-layout", "pdf", "txt", ("pdftotext", "poppler-data"), pdftotext("layout"),
       "pdftotext -layout (space-aligned columns)"),
    _r("pdftotext-default", "pdftotext", "pdf", "txt", ("pdftotext", "poppler-data"), pdftotext(None),
       "pdftotext (default reading order)"),
    _r("pdftotext-raw", "pdftotext", "pdf", "txt", ("pdftotext", "poppler-data"), pdftotext("raw"), "pdftotext -raw (content order)"),
    _r("pdftohtml", "pdftohtml", "pdf", "html", ("pdftohtml", "poppler-data"), pdftohtml("-s", "-i"),
       "pdftohtml -s -i (one <html> per page in one file, text absolutely positioned)"),
    _r("pdftohtml-c", "pdftohtml", "pdf", "html", ("pdftohtml", "poppler-data"), pdftohtml("-c", "-i", "-noframes"),
       "pdftohtml -c -i -noframes (every page a positioned <div> of one <html>)"),
    _r("pdftohtml-noframes", "pdftohtml", "pdf", "html", ("pdftohtml", "poppler-data"), pdftohtml("-i", "-noframes"),
       "pdftohtml -i -noframes (lines joined by <br/>)"),
    _r("pymupdf-text", "pymupdf-text", "pdf", "txt", ("py:pymupdf",), pymupdf_text, "PyMuPDF page.get_text()"),
    _r("pdfplumber", "pdfplumber", "pdf", "txt", ("py:pdfplumber",), pdfplumber_text, "pdfplumber extract_text()"),
    _r("pymupdf4llm", "pymupdf4llm", "pdf", "md", ("py:pymupdf4llm",), pymupdf4llm_md, "pymupdf4llm.to_markdown"),
    _r("markitdown-pdf", "markitdown", "pdf", "md", ("py:markitdown", "py:pdfminer"), markitdown(".pdf"),
       "markitdown of the PDF"),
    _r("markitdown-html", "markitdown", "html", "md", ("py:markitdown",), markitdown(".html"),
       "markitdown of the HTML page"),
    _r("chromium-pdf", "browser-pdf", "html", "pdf", ("chromium",), chromium_pdf,
       "headless Chromium print-to-PDF of the page"),
    _r("libreoffice-docx", "libreoffice", "html", "docx", ("soffice",), soffice("docx"),
       "LibreOffice Writer: the page saved as DOCX"),
    _r("libreoffice-odt", "libreoffice", "html", "odt", ("soffice",), soffice("odt"),
       "LibreOffice Writer: the page saved as ODT"),
    _r("pandoc-docx", "pandoc", "html", "docx", ("pandoc",), pandoc("docx", "docx"), "pandoc -f html -t docx"),
    _r("pandoc-markdown", "pandoc", "html", "md", ("pandoc",), pandoc("markdown", "md"),
       "pandoc -f html -t markdown"),
    _r("pandoc-plain", "pandoc", "html", "txt", ("pandoc",), pandoc("plain", "txt"), "pandoc -f html -t plain"),
    _r("w3m", "text-browser", "html", "txt", ("w3m",), w3m, "w3m -dump"),
    _r("lynx", "text-browser", "html", "txt", ("lynx",), lynx, "lynx -dump -nolist"),
    _r("html2text", "html2text", "html", "md", ("py:html2text",), html2text_md, "html2text (Python)"),
    _r("image-png", "page-image", "pdf", "png", ("py:pymupdf", "py:PIL"), page_image("png"),
       f"the pages as one long PNG ({IMAGE_DPI} dpi, PyMuPDF)"),
    _r("image-jpeg", "page-image", "pdf", "jpg", ("py:pymupdf", "py:PIL"), page_image("jpeg"),
       f"the pages as one long JPEG ({IMAGE_DPI} dpi)"),
    _r("image-tiff", "page-image", "pdf", "tiff", ("py:pymupdf", "py:PIL"), page_image("tiff"),
       f"the pages as a multi-page TIFF ({IMAGE_DPI} dpi)"),
    # held out: evaluation only, never trained on (see soup_text above)
    _r("soup-text", "held-out-soup", "html", "txt", ("py:bs4",), soup_text(""),
       'BeautifulSoup get_text() (separator "": cells run together)'),
    _r("soup-text-nl", "held-out-soup", "html", "txt", ("py:bs4",), soup_text("\n"),
       'BeautifulSoup get_text(separator="\\n")'),
    _r("soup-text-space", "held-out-soup", "html", "txt", ("py:bs4",), soup_text(" "),
       'BeautifulSoup get_text(separator=" ")'),
    _r("soup-text-tab", "held-out-soup", "html", "txt", ("py:bs4",), soup_text("\t"),
       'BeautifulSoup get_text(separator="\\t")'),
    _r("lxml-text", "held-out-lxml", "html", "txt", ("py:lxml",), lxml_text, "lxml.html text_content()"),
    _r("pdfminer", "held-out-pdfminer", "pdf", "txt", ("py:pdfminer",), pdfminer_text,
       "pdfminer.six extract_text (default LAParams)"),
    _r("pypdfium2", "held-out-pdfium", "pdf", "txt", ("py:pypdfium2",), pdfium_text,
       "pypdfium2 PdfTextPage.get_text_range()"),
    _r("markdownify", "held-out-markdownify", "html", "md", ("py:markdownify",), markdownify_md,
       "markdownify of the HTML page"),
    _r("pandoc-gfm", "held-out-pandoc-md", "html", "md", ("pandoc",), pandoc("gfm", "md"), "pandoc -f html -t gfm"),
    _r("pandoc-commonmark", "held-out-pandoc-md", "html", "md", ("pandoc",), pandoc("commonmark", "md"),
       "pandoc -f html -t commonmark"),
    # markup writers: tables as org/Textile/Jira pipe rows without delimiter rows, MediaWiki
    # `{|` tables, AsciiDoc `|===` tables, Zim rows a cell a line, Muse, LaTeX longtables,
    # Texinfo multitables, XWiki groups, DocBook and OpenDocument XML tables; Word's empty runs
    # as empty targets/anchors
    _r("pandoc-org", "held-out-pandoc-markup", "html", "txt", ("pandoc",), pandoc("org", "txt"), "pandoc -f html -t org"),
    _r("pandoc-mediawiki", "held-out-pandoc-markup", "html", "txt", ("pandoc",), pandoc("mediawiki", "txt"),
       "pandoc -f html -t mediawiki"),
    _r("pandoc-textile", "held-out-pandoc-markup", "html", "txt", ("pandoc",), pandoc("textile", "txt"),
       "pandoc -f html -t textile"),
    _r("pandoc-jira", "held-out-pandoc-markup", "html", "txt", ("pandoc",), pandoc("jira", "txt"), "pandoc -f html -t jira"),
    _r("pandoc-asciidoc", "held-out-pandoc-markup", "html", "txt", ("pandoc",), pandoc("asciidoc", "txt"),
       "pandoc -f html -t asciidoc"),
    _r("pandoc-zimwiki", "held-out-pandoc-markup", "html", "txt", ("pandoc",), pandoc("zimwiki", "txt"),
       "pandoc -f html -t zimwiki"),
    _r("pandoc-muse", "held-out-pandoc-markup", "html", "txt", ("pandoc",), pandoc("muse", "txt"), "pandoc -f html -t muse"),
    _r("pandoc-latex", "held-out-pandoc-markup", "html", "txt", ("pandoc",), pandoc("latex", "txt"),
       "pandoc -f html -t latex (longtables)"),
    _r("pandoc-texinfo", "held-out-pandoc-markup", "html", "txt", ("pandoc",), pandoc("texinfo", "txt"),
       "pandoc -f html -t texinfo (multitables)"),
    _r("pandoc-xwiki", "held-out-pandoc-markup", "html", "txt", ("pandoc",), pandoc("xwiki", "txt"),
       "pandoc -f html -t xwiki"),
    _r("pandoc-docbook", "held-out-pandoc-markup", "html", "xml", ("pandoc",), pandoc("docbook", "xml"),
       "pandoc -f html -t docbook (CALS tables: row/entry)"),
    _r("pandoc-json", "held-out-pandoc-markup", "html", "json", ("pandoc",), pandoc("json", "json"),
       "pandoc -f html -t json (pandoc's syntax tree: Str nodes, table cells with spans and alignments)"),
    _r("pandoc-opendocument", "held-out-pandoc-markup", "html", "xml", ("pandoc",), pandoc("opendocument", "xml"),
       "pandoc -f html -t opendocument (flat ODF XML tables)"),
    _r("pypdf", "held-out-pypdf", "pdf", "txt", ("py:pypdf",), pypdf_text("plain"), "pypdf extract_text()"),
    _r("pypdf-layout", "held-out-pypdf", "pdf", "txt", ("py:pypdf",), pypdf_text("layout"),
       'pypdf extract_text(extraction_mode="layout")'),
    _r("pymupdf-blocks", "held-out-pymupdf-blocks", "pdf", "txt", ("py:pymupdf",), pymupdf_blocks,
       'PyMuPDF get_text("blocks"), the blocks\' text apart by empty lines'),
    _r("pymupdf-sort", "held-out-pymupdf-layouts", "pdf", "txt", ("py:pymupdf",), pymupdf_get_text(None),
       "PyMuPDF get_text(sort=True) (lines by position, padded with spaces)"),
    _r("pymupdf-html", "held-out-pymupdf-layouts", "pdf", "html", ("py:pymupdf",), pymupdf_get_text("html"),
       'PyMuPDF get_text("html") (lines placed by top/left in pt)'),
    _r("pymupdf-xhtml", "held-out-pymupdf-layouts", "pdf", "html", ("py:pymupdf",), pymupdf_get_text("xhtml"),
       'PyMuPDF get_text("xhtml") (a text block a paragraph)'),
    _r("pdfplumber-layout", "held-out-pdfplumber", "pdf", "txt", ("py:pdfplumber",), pdfplumber_layout,
       "pdfplumber extract_text(layout=True)"),
    _r("pdfplumber-tables", "held-out-pdfplumber", "pdf", "txt", ("py:pdfplumber",), pdfplumber_tables,
       "pdfplumber extract_text() then each extract_tables() as CSV, per page"),
    _r("inscriptis", "held-out-inscriptis", "html", "txt", ("py:inscriptis",), inscriptis_text,
       "inscriptis get_text (tables laid out in columns)"),
    _r("html-text", "held-out-html-text", "html", "txt", ("py:html_text",), html_text_text,
       "html-text extract_text"),
    _r("trafilatura", "held-out-trafilatura", "html", "txt", ("py:trafilatura",), trafilatura_text,
       "trafilatura extract (tables included, plain text)"),
    _r("docx2txt", "held-out-docx", "html", "txt", ("soffice", "py:docx2txt"), docx2txt_text,
       "docx2txt of the page saved as DOCX by LibreOffice"),
    _r("mammoth", "held-out-docx", "html", "html", ("soffice", "py:mammoth"), mammoth_html,
       "mammoth DOCX -> HTML of the page saved as DOCX by LibreOffice"),
    _r("mammoth-md", "held-out-docx", "html", "md", ("soffice", "py:mammoth"), mammoth_md,
       "mammoth DOCX -> markdown of the page saved as DOCX by LibreOffice"),
    _r("python-docx", "held-out-docx", "html", "txt", ("soffice", "py:docx"), python_docx_text,
       "python-docx paragraphs and table rows (cells joined by tabs) of LibreOffice's DOCX"),
    _r("odt-pandoc-html", "held-out-pandoc-office", "html", "html", ("soffice", "pandoc"), pandoc_of("odt", "html", "html"),
       "pandoc -f odt -t html of the page saved as ODT by LibreOffice (rows packed leftwards)"),
    _r("odt-pandoc-plain", "held-out-pandoc-office", "html", "txt", ("soffice", "pandoc"), pandoc_of("odt", "plain", "txt"),
       "pandoc -f odt -t plain of the page saved as ODT by LibreOffice (ruled tables, rows packed leftwards)"),
    _r("docx-pandoc-plain", "held-out-pandoc-office", "html", "txt", ("soffice", "pandoc"), pandoc_of("docx", "plain", "txt"),
       "pandoc -f docx -t plain of LibreOffice's DOCX (a table too wide for 72 columns printed as [TABLE])"),
    _r("lo-txt-docx", "held-out-libreoffice-text", "html", "txt", ("soffice",), soffice_text_of_docx,
       "LibreOffice's text export of the page saved as DOCX (a cell a line, an empty cell an empty line)"),
    _r("trafilatura-xml", "held-out-trafilatura", "html", "xml", ("py:trafilatura",), trafilatura_xml,
       "trafilatura extract, XML output (tables as TEI rows and cells)"),
    _r("pandas-csv", "held-out-pandas", "html", "txt", ("py:pandas", "py:lxml"), pandas_tables("csv"),
       "the page's text outside tables, each table by pandas.read_html then to_csv(index=False)"),
    _r("pandas-csv-index", "held-out-pandas", "html", "txt", ("py:pandas", "py:lxml"), pandas_tables("csv-index"),
       "the page's text outside tables, each table by pandas.read_html then to_csv() (the index kept)"),
    # the page's tables as spreadsheets (read by extractor.loaders.spreadsheet)
    _r("xlsx-pandas", "held-out-spreadsheet", "html", "xlsx", ("py:pandas", "py:lxml", "py:openpyxl"),
       spreadsheet("pandas"), "each table by pandas.read_html then to_excel(index=False), a sheet per table"),
    _r("xlsx-merged", "held-out-spreadsheet", "html", "xlsx", ("py:lxml", "py:openpyxl"), spreadsheet("merged"),
       "each table's grid written by openpyxl, a sheet per table: merged ranges, whole numbers as floats"),
    _r("ods-pandas", "held-out-spreadsheet", "html", "ods", ("py:pandas", "py:lxml", "py:odf"),
       spreadsheet("ods"), "each table by pandas.read_html then to_excel(engine='odf'), a sheet per table"),
    # text placed by coordinate attributes, not CSS
    _r("pdftohtml-xml", "held-out-placed", "pdf", "xml", ("pdftohtml", "poppler-data"), pdftohtml("-xml", "-i"),
       "pdftohtml -xml -i (every run a <text top left width height> element, a <page> per page)"),
    _r("pdftotext-bbox", "held-out-placed", "pdf", "html", ("pdftotext", "poppler-data"), pdftotext("bbox"),
       "pdftotext -bbox-layout (XHTML: blocks, lines, every word with xMin/yMin/xMax/yMax)"),
    _r("mhtml", "held-out-mhtml", "html", "mhtml", (), mhtml,
       "the page saved as one MIME file (.mhtml) as Chromium writes it (quoted-printable HTML part)"),
    _r("lo-html", "held-out-libreoffice-html", "html", "html", ("soffice",),
       soffice_of_docx("html:HTML (StarWriter)", "html", "HTML"), "LibreOffice's HTML export of the page's DOCX"),
    _r("lo-xhtml", "held-out-libreoffice-html", "html", "xhtml", ("soffice",),
       soffice_of_docx("xhtml:XHTML Writer File:UTF8", "xhtml", "XHTML"),
       "LibreOffice's XHTML export (XSLT filter) of the page's DOCX"),
    _r("lo-pdf", "held-out-libreoffice-pdf", "html", "pdf", ("soffice",),
       soffice_of_docx("pdf:writer_pdf_Export", "pdf", "PDF"), "LibreOffice's PDF export of the page's DOCX"),
    _r("lo-pdf-pdftotext-layout", "held-out-libreoffice-pdf", "html", "txt", ("soffice", "pdftotext"),
       then(soffice_of_docx("pdf:writer_pdf_Export", "pdf", "PDF"), pdftotext("layout")),
       "pdftotext -layout of LibreOffice's PDF of the page's DOCX"),
    _r("lo-pdf-pdftotext-raw", "held-out-libreoffice-pdf", "html", "txt", ("soffice", "pdftotext"),
       then(soffice_of_docx("pdf:writer_pdf_Export", "pdf", "PDF"), pdftotext("raw")),
       "pdftotext -raw of LibreOffice's PDF of the page's DOCX"),
    _r("lo-pdf-pdftotext-default", "held-out-libreoffice-pdf", "html", "txt", ("soffice", "pdftotext"),
       then(soffice_of_docx("pdf:writer_pdf_Export", "pdf", "PDF"), pdftotext(None)),
       "pdftotext (default reading order) of LibreOffice's PDF of the page's DOCX"),
    _r("lo-pdf-pymupdf-text", "held-out-libreoffice-pdf", "html", "txt", ("soffice", "py:pymupdf"),
       then(soffice_of_docx("pdf:writer_pdf_Export", "pdf", "PDF"), pymupdf_text),
       "PyMuPDF get_text() of LibreOffice's PDF of the page's DOCX"),
    _r("chromium-pdftotext-layout", "held-out-chromium-text", "html", "txt", ("chromium", "pdftotext"),
       then(chromium_pdf, pdftotext("layout")), "pdftotext -layout of Chromium's print-to-PDF of the page"),
    _r("chromium-pdfplumber", "held-out-chromium-text", "html", "txt", ("chromium", "py:pdfplumber"),
       then(chromium_pdf, pdfplumber_text), "pdfplumber extract_text() of Chromium's print-to-PDF of the page"),
    _r("pymupdf-tables", "held-out-pymupdf-tables", "pdf", "md", ("py:pymupdf",), pymupdf_tables,
       "PyMuPDF: each page's text, then its find_tables() tables as markdown (to_markdown())"),
    _r("pdfminer-html", "held-out-pdfminer", "pdf", "html", ("py:pdfminer",), pdfminer_to_fp("html"),
       'pdfminer.six extract_text_to_fp(output_type="html") (text boxes as absolutely positioned divs)'),
    _r("pdfminer-xml", "held-out-pdfminer", "pdf", "xml", ("py:pdfminer",), pdfminer_to_fp("xml"),
       'pdfminer.six extract_text_to_fp(output_type="xml") (a <text bbox> per character, y up)'),
    # words with their boxes as data records (JSON, TSV), as scripts save PyMuPDF's structured text
    _r("pymupdf-words-json", "held-out-pymupdf-records", "pdf", "json", ("py:pymupdf",), pymupdf_records("words"),
       'PyMuPDF get_text("words") of every page, dumped as JSON (x0, y0, x1, y1, word, block, line, word no.)'),
    _r("pymupdf-words-tsv", "held-out-pymupdf-records", "pdf", "tsv", ("py:pymupdf",), pymupdf_records("words-tsv"),
       'PyMuPDF get_text("words") tuples a line each, tab-separated, no header'),
    _r("pymupdf-json", "held-out-pymupdf-records", "pdf", "json", ("py:pymupdf",), pymupdf_records("json"),
       'PyMuPDF get_text("json") of every page (spans with bbox and text), as one JSON list'),
    _r("chromium-pdfminer-xml", "held-out-chromium-text", "html", "xml", ("chromium", "py:pdfminer"),
       then(chromium_pdf, pdfminer_to_fp("xml")), "pdfminer.six XML (a <text bbox> per character) of Chromium's print-to-PDF of the page"),
    _r("chromium-pypdf-layout", "held-out-chromium-text", "html", "txt", ("chromium", "py:pypdf"),
       then(chromium_pdf, pypdf_text("layout")), 'pypdf extract_text(extraction_mode="layout") of Chromium\'s print-to-PDF of the page'),
    _r("pymupdf4llm-text-tables", "held-out-pymupdf4llm", "pdf", "md", ("py:pymupdf4llm",), pymupdf4llm_classic("text"),
       'pymupdf4llm.to_markdown without its layout engine, table_strategy="text" (tables found by text alignment)'),
    _r("pandas-string", "held-out-pandas", "html", "txt", ("py:pandas", "py:lxml"), pandas_tables("string"),
       "the page's text outside tables, each table by pandas.read_html then to_string()"),
    # session 24's probe of tools nobody had tried (training/CONVERTERS.md): apt links, elinks,
    # mupdf-tools; pip weasyprint
    _r("links", "held-out-links", "html", "txt", ("links",), links_dump, "links -dump (Links 2)"),
    _r("elinks", "held-out-elinks", "html", "txt", ("elinks",), elinks_dump,
       "elinks -dump -no-references -no-numbering"),
    _r("mutool-text", "held-out-mutool", "pdf", "txt", ("mutool",), mutool("text", "txt"),
       "mutool convert -F text (MuPDF) of the PDF"),
    _r("mutool-html", "held-out-mutool", "pdf", "html", ("mutool",), mutool("html", "html"),
       "mutool convert -F html (MuPDF) of the PDF: lines placed by top/left"),
    _r("weasyprint-pdftotext-layout", "held-out-weasyprint", "html", "txt",
       ("own:weasyprint", "pdftotext", "poppler-data"), then(weasyprint_pdf, pdftotext("layout")),
       "pdftotext -layout of WeasyPrint's PDF of the page"),
    _r("weasyprint-pdftotext-default", "held-out-weasyprint", "html", "txt",
       ("own:weasyprint", "pdftotext", "poppler-data"), then(weasyprint_pdf, pdftotext(None)),
       "pdftotext (default reading order) of WeasyPrint's PDF of the page"),
    _r("lo-pdfimport-docx", "held-out-libreoffice-pdf-import", "pdf", "docx", ("soffice",),
       soffice_pdf_import("docx:MS Word 2007 XML", "docx"),
       "LibreOffice's Writer PDF import of the PDF saved as DOCX (every line a floating text box)"),
    _r("kreuzberg-docx", "held-out-kreuzberg", "html", "md", ("soffice", "own:kreuzberg"), kreuzberg_text("docx"),
       "kreuzberg extract_bytes_sync of the page saved as DOCX by LibreOffice (cells joined by spaces)"),
    _r("kreuzberg-html", "held-out-kreuzberg", "html", "md", ("own:kreuzberg",), kreuzberg_text("html"),
       "kreuzberg extract_bytes_sync of the HTML page"),
    _r("chromium-innertext", "held-out-browser-text", "html", "txt", ("chromium",), chromium_inner_text,
       "headless Chromium's document.body.innerText of the page (select all, copy, paste: cells joined by "
       "tabs, a cell's paragraph set apart by empty lines)"),
    # session 26's probe (training/CONVERTERS.md): tabulate's table formats (pandas
    # to_markdown), narrow text-browser and pandoc widths, Windows encodings, pandoc's RTF
    _r("pandas-psql", "held-out-tabulate", "html", "txt", ("py:pandas", "py:lxml", "py:tabulate"),
       pandas_tables("tabulate-psql"), "the page's text outside tables, each table by pandas.read_html then "
       'to_markdown(tablefmt="psql") (rules only above, under the header and below: a row a line)'),
    _r("pandas-orgtbl", "held-out-tabulate", "html", "txt", ("py:pandas", "py:lxml", "py:tabulate"),
       pandas_tables("tabulate-orgtbl"), 'the same, to_markdown(tablefmt="orgtbl")'),
    _r("pandas-rst", "held-out-tabulate", "html", "txt", ("py:pandas", "py:lxml", "py:tabulate"),
       pandas_tables("tabulate-rst"), 'the same, to_markdown(tablefmt="rst") (simple tables: "==== ====" rules)'),
    _r("pandas-simple", "held-out-tabulate", "html", "txt", ("py:pandas", "py:lxml", "py:tabulate"),
       pandas_tables("tabulate-simple"), 'the same, to_markdown(tablefmt="simple") (space-aligned under dashes)'),
    _r("pandas-fancy-grid", "held-out-tabulate", "html", "txt", ("py:pandas", "py:lxml", "py:tabulate"),
       pandas_tables("tabulate-fancy_grid"), 'the same, to_markdown(tablefmt="fancy_grid") (box-drawing characters)'),
    _r("w3m-c60", "held-out-narrow", "html", "txt", ("w3m",), narrow("w3m", 60), "w3m -dump -cols 60"),
    _r("lynx-w60", "held-out-narrow", "html", "txt", ("lynx",), narrow("lynx", 60), "lynx -dump -nolist -width=60"),
    _r("links-w60", "held-out-narrow", "html", "txt", ("links",), narrow("links", 60), "links -dump -width 60"),
    _r("elinks-w60", "held-out-narrow", "html", "txt", ("elinks",), narrow("elinks", 60),
       "elinks -dump -dump-width 60 -no-references -no-numbering"),
    _r("pandoc-plain-c40", "held-out-narrow", "html", "txt", ("pandoc",), pandoc_opts("plain", "txt", "--columns=40"),
       "pandoc -f html -t plain --columns=40"),
    _r("pandoc-rst-c40", "held-out-narrow", "html", "txt", ("pandoc",), pandoc_opts("rst", "txt", "--columns=40"),
       "pandoc -f html -t rst --columns=40 (grid tables, cells wrapped in narrow columns)"),
    _r("html2text-w40", "held-out-narrow", "html", "md", ("py:html2text",), html2text_width(40),
       "html2text (Python) with body_width=40"),
    _r("w3m-gbk-crlf", "held-out-encodings", "html", "txt", ("w3m",), encoded(w3m, "gb18030"),
       "w3m -dump saved as GBK with CRLF line ends"),
    _r("pandoc-plain-utf16", "held-out-encodings", "html", "txt", ("pandoc",),
       encoded(pandoc("plain", "txt"), "utf-16-le", codecs.BOM_UTF16_LE),
       "pandoc -f html -t plain saved as UTF-16 LE with a BOM and CRLF line ends"),
    _r("pandoc-md-utf16be", "held-out-encodings", "html", "md", ("pandoc",),
       encoded(pandoc("gfm", "md"), "utf-16-be", codecs.BOM_UTF16_BE),
       "pandoc -f html -t gfm saved as UTF-16 BE with a BOM and CRLF line ends"),
    _r("pandoc-rtf", "held-out-pandoc-office", "html", "rtf", ("pandoc", "soffice"), pandoc_opts("rtf", "rtf", "-s"),
       "pandoc -f html -t rtf -s (read through LibreOffice)"),
    # Docling (IBM): its HTML and DOCX readers need no model download
    _r("docling-md", "held-out-docling", "html", "md", ("ext:docling",), docling("html", "md"),
       "docling DocumentConverter of the HTML page, export_to_markdown"),
    _r("docling-text", "held-out-docling", "html", "txt", ("ext:docling",), docling("html", "txt"),
       "docling DocumentConverter of the HTML page, export_to_text"),
    _r("docling-json", "held-out-docling", "html", "json", ("ext:docling",), docling("html", "json"),
       "docling DocumentConverter of the HTML page, its document model as JSON (export_to_dict)"),
    _r("docling-html", "held-out-docling", "html", "html", ("ext:docling",), docling("html", "html"),
       "docling DocumentConverter of the HTML page, export_to_html"),
    _r("docling-docx-md", "held-out-docling", "html", "md", ("soffice", "ext:docling"),
       docling("docx", "md"), "docling DocumentConverter of the page saved as DOCX by LibreOffice, export_to_markdown"),
    # converters in their own Python (XXGK_CONVERTER_PYTHON, see ext_tool): unstructured's
    # partitioners (the elements' text joined by blank lines, as LLM pipelines load documents,
    # or the elements as JSON, a table's metadata.text_as_html) and pdf2docx (PDF -> Word)
    _r("unstructured-html", "held-out-unstructured", "html", "txt", ("ext:unstructured",),
       ext_tool("unstructured-text", "html", "txt"),
       "unstructured partition_html of the page, the elements' text joined by blank lines"),
    _r("unstructured-html-json", "held-out-unstructured", "html", "json", ("ext:unstructured",),
       ext_tool("unstructured-json", "html", "json"),
       "unstructured partition_html of the page, elements_to_json (a table's metadata.text_as_html)"),
    _r("unstructured-docx", "held-out-unstructured", "html", "txt", ("soffice", "ext:unstructured"),
       ext_tool("unstructured-text", "docx", "txt", _docx_of),
       "unstructured partition_docx of the page saved as DOCX by LibreOffice, texts joined by blank lines"),
    _r("unstructured-text", "held-out-unstructured", "pdf", "txt", ("pdftotext", "poppler-data", "ext:unstructured"),
       ext_tool("unstructured-text", "txt", "txt", pdftotext(None)),
       "unstructured partition_text of pdftotext's text of the PDF, texts joined by blank lines"),
    _r("unstructured-pdf", "held-out-unstructured", "pdf", "txt", ("ext:unstructured",),
       ext_tool("unstructured-text", "pdf", "txt"),
       'unstructured partition_pdf(strategy="fast") of the PDF, the elements\' text joined by blank lines'),
    _r("unstructured-pdf-json", "held-out-unstructured", "pdf", "json", ("ext:unstructured",),
       ext_tool("unstructured-json", "pdf", "json"),
       'unstructured partition_pdf(strategy="fast") of the PDF, elements_to_json'),
    _r("pdf2docx", "held-out-pdf2docx", "pdf", "docx", ("ext:pdf2docx",), ext_tool("pdf2docx", "pdf", "docx", tool="pdf2docx"),
       "pdf2docx Converter of the PDF (the PDF rebuilt as a Word file, read by xxgk as DOCX)"),
    # datalab's pdftext (the text layer of marker, an LLM pipeline's PDF reader): pypdfium2's
    # characters joined into lines; it pins pypdfium2 (==5.10.1), so it runs in its own Python
    _r("pdftext", "held-out-pdftext", "pdf", "txt", ("ext:pdftext",), ext_tool("pdftext", "pdf", "txt"),
       "pdftext plain_text_output(sort=False) of the PDF (lines in the PDF's order)"),
    _r("pdftext-sort", "held-out-pdftext", "pdf", "txt", ("ext:pdftext",), ext_tool("pdftext-sort", "pdf", "txt"),
       "pdftext plain_text_output(sort=True) of the PDF (blocks sorted top to bottom, left to right)"),
    # tables a PDF table reader found, saved as data
    _r("camelot-csv", "held-out-camelot", "pdf", "txt", ("own:camelot",), camelot_tables("csv"),
       'camelot read_pdf(flavor="stream") of the PDF, every table to_csv (no header, no index)'),
    _r("camelot-html", "held-out-camelot", "pdf", "html", ("own:camelot",), camelot_tables("html"),
       'camelot read_pdf(flavor="stream") of the PDF, every table to_html (line breaks printed as \\n)'),
    _r("camelot-json", "held-out-camelot", "pdf", "json", ("own:camelot",), camelot_tables("json"),
       'camelot read_pdf(flavor="stream") of the PDF, the tables as one JSON list of to_dict("records")'),
    # what scrapers keep of a page (article extractors) and of a PDF (tabula-py), in their own
    # Python ($XXGK_CONVERTER_PYTHON, training/converter_ext.py): training only, never a dependency
    _r("readability-html", "held-out-readability", "html", "html", ("ext:readability",),
       ext_tool("readability", "html", "html", export="html"),
       "readability-lxml Document(page).summary() (the article's HTML as a scraper keeps it)"),
    _r("readability-md", "held-out-readability", "html", "md", ("ext:readability", "ext:html2text"),
       ext_tool("readability", "html", "md", export="md"),
       "html2text.html2text of readability-lxml's summary (wrapped at 78 columns)"),
    _r("readability-markdownify", "held-out-readability", "html", "md", ("ext:readability", "ext:markdownify"),
       ext_tool("readability", "html", "md", export="markdownify"), "markdownify of readability-lxml's summary"),
    _r("newspaper4k", "held-out-article", "html", "txt", ("ext:newspaper",), ext_tool("newspaper", "html", "txt"),
       'newspaper4k Article(language="zh") of the page, its .text (the body it judges the article)'),
    _r("goose3", "held-out-article", "html", "txt", ("ext:goose3",), ext_tool("goose3", "html", "txt"),
       "goose3 Goose(stopwords_class=StopWordsChinese).extract(raw_html=page).cleaned_text"),
    _r("tabula-lattice-csv", "held-out-tabula", "pdf", "txt", ("java", "ext:tabula"),
       ext_tool("tabula", "pdf", "txt", export="lattice.csv"),
       'tabula-py convert_into(pdf, out, output_format="csv", pages="all", lattice=True) (tables ruled by lines)'),
    _r("tabula-stream-csv", "held-out-tabula", "pdf", "txt", ("java", "ext:tabula"),
       ext_tool("tabula", "pdf", "txt", export="stream.csv"),
       'tabula-py convert_into(pdf, out, output_format="csv", pages="all", stream=True) (tables by text alignment)'),
    _r("tabula-json", "held-out-tabula", "pdf", "json", ("java", "ext:tabula"),
       ext_tool("tabula", "pdf", "json", export="lattice.json"),
       'tabula-py read_pdf(pdf, pages="all", lattice=True, output_format="json") (tabula-java\'s JSON: cells '
       'with top/left/width/height/text)'),
    _r("tabula-pandas", "held-out-tabula", "pdf", "txt", ("java", "ext:tabula"),
       ext_tool("tabula", "pdf", "txt", export="pandas.csv"),
       'tabula-py read_pdf(pdf, pages="all", lattice=True) data frames (first row the header, numbers as floats '
       'where a column has a blank), each to_csv(index=False)'),
    _r("docx2python", "held-out-docx2python", "html", "txt", ("soffice", "ext:docx2python"),
       ext_tool("docx2python", "docx", "txt", _docx_of),
       "docx2python(docx).text of the page saved as DOCX by LibreOffice (every paragraph and cell apart by "
       "empty lines)"),
    # converters written in JavaScript, run by node (node_tool, $XXGK_CONVERTER_NODE_MODULES)
    _r("pdfjs-text", "held-out-pdfjs", "pdf", "txt", ("node:pdfjs-dist",), node_tool("pdfjs-eol", "pdf", "txt"),
       "pdf.js (pdfjs-dist) getTextContent of every page, the items' str joined, a line end after an item "
       "whose hasEOL is set"),
    _r("pdfjs-lines", "held-out-pdfjs", "pdf", "txt", ("node:pdfjs-dist",), node_tool("pdfjs-lines", "pdf", "txt"),
       "pdf.js (pdfjs-dist) getTextContent of every page, the items' str joined by \\n (every text run a line)"),
    _r("pdfjs-join", "held-out-pdfjs", "pdf", "txt", ("node:pdfjs-dist",), node_tool("pdfjs-join", "pdf", "txt"),
       "pdf.js (pdfjs-dist) getTextContent of every page, the items' str joined by spaces (a page a line)"),
    _r("pdf-parse", "held-out-pdf-parse", "pdf", "txt", ("node:pdf-parse",), node_tool("pdf-parse", "pdf", "txt"),
       "pdf-parse (npm, 2.x: pdf.js 5) PDFParse getText() of the PDF (\"-- N of M --\" after every page)"),
    _r("turndown", "held-out-turndown", "html", "md", ("node:turndown",), node_tool("turndown", "html", "md"),
       "turndown (npm) TurndownService().turndown of the page (no table rule: every cell a paragraph)"),
    _r("turndown-gfm", "held-out-turndown", "html", "md", ("node:turndown", "node:turndown-plugin-gfm"),
       node_tool("turndown-gfm", "html", "md"), "turndown with turndown-plugin-gfm's gfm plugin (pipe tables)"),
    _r("html-to-text", "held-out-html-to-text", "html", "txt", ("node:html-to-text",),
       node_tool("html-to-text", "html", "txt"), "html-to-text (npm) convert() of the page, its defaults"),
    _r("html-to-text-table", "held-out-html-to-text", "html", "txt", ("node:html-to-text",),
       node_tool("html-to-text-table", "html", "txt"),
       'html-to-text convert(page, {wordwrap: false, selectors: [{selector: "table", format: "dataTable"}]})'),
    # Tesseract OCR of the typeset PDF's pages (300 dpi, see tesseract above): users who OCR a
    # scanned report themselves and hand xxgk the text, the hOCR or the searchable PDF
    _r("tesseract-txt", "held-out-tesseract", "pdf", "txt", ("tesseract", "tessdata:chi_sim"), tesseract("txt"),
       f"tesseract page.tiff out -l chi_sim (plain text; the pages at {TESSERACT_DPI} dpi)"),
    _r("tesseract-psm6", "held-out-tesseract", "pdf", "txt", ("tesseract", "tessdata:chi_sim"), tesseract("txt", "6"),
       "tesseract page.tiff out -l chi_sim --psm 6 (plain text, the page one uniform block)"),
    _r("tesseract-hocr", "held-out-tesseract", "pdf", "hocr", ("tesseract", "tessdata:chi_sim"), tesseract("hocr"),
       "tesseract page.tiff out -l chi_sim hocr (HTML, a bbox per word and line)"),
    _r("tesseract-pdf", "held-out-tesseract", "pdf", "pdf", ("tesseract", "tessdata:chi_sim"), tesseract("pdf"),
       "tesseract page.tiff out -l chi_sim pdf (the page images under an invisible OCR text layer, as OCRmyPDF "
       "makes a searchable PDF)"),
    # converters from Debian packages: Ghostscript, Apache PDFBox (Java), the C++ html2text
    _r("gs-txtwrite", "held-out-ghostscript", "pdf", "txt", ("gs",), gs_txtwrite,
       "Ghostscript gs -sDEVICE=txtwrite -o out.txt (text placed by position, padded with spaces)"),
    _r("pdfbox-text", "held-out-pdfbox", "pdf", "txt", ("java", "pdfbox"), pdfbox_text(),
       "Apache PDFBox 2 ExtractText (content order)"),
    _r("pdfbox-sort", "held-out-pdfbox", "pdf", "txt", ("java", "pdfbox"), pdfbox_text("-sort"),
       "Apache PDFBox 2 ExtractText -sort (text sorted by position)"),
    _r("html2text-c", "held-out-html2text-c", "html", "txt", ("html2text-c",), html2text_c("-utf8", "-nobs"),
       "the C++ html2text -utf8 -nobs (Debian's /usr/bin/html2text; tables drawn with | and _, cut by bytes)"),
    # session 31's probe (training/CONVERTERS.md): layouts no route had - poppler's word TSV,
    # MuPDF's character XML and its JSON (boxes as x/y/w/h objects), PyMuPDF's characters,
    # pdfplumber's text-aligned tables alone, pandoc's markdown that keeps tables as HTML,
    # DokuWiki's and Haddock's tables
    _r("pdftotext-tsv", "held-out-poppler-tsv", "pdf", "tsv", ("pdftotext", "poppler-data"), pdftotext_tsv,
       "pdftotext -tsv (a word a row: level, page, par, block, line, word, left, top, width, height, conf, text)"),
    _r("mutool-stext", "held-out-mutool-stext", "pdf", "xml", ("mutool",), mutool_stext("stext"),
       'mutool draw -F stext (XML: a <char quad x y c> per character, lines with bbox="x0 y0 x1 y1")'),
    _r("mutool-stext-json", "held-out-mutool-stext", "pdf", "json", ("mutool",), mutool_stext("stext.json"),
       'mutool draw -F stext.json (lines\' text with a "bbox" of x, y, w, h)'),
    _r("pymupdf-rawdict", "held-out-pymupdf-chars", "pdf", "json", ("py:pymupdf",), pymupdf_rawdict,
       'PyMuPDF get_text("rawdict") of every page dumped as JSON (a "c" and a "bbox" per character)'),
    _r("pdfplumber-text-tables", "held-out-pdfplumber-text", "pdf", "csv", ("py:pdfplumber",), pdfplumber_text_tables,
       'pdfplumber extract_tables(vertical_strategy="text", horizontal_strategy="text") of every page as CSV, '
       "nothing else"),
    _r("pandoc-markdown-strict", "held-out-pandoc-wiki", "html", "md", ("pandoc",), pandoc("markdown_strict", "md"),
       "pandoc -f html -t markdown_strict (tables left as raw HTML inside the markdown)"),
    _r("pandoc-dokuwiki", "held-out-pandoc-wiki", "html", "txt", ("pandoc",), pandoc("dokuwiki", "txt"),
       'pandoc -f html -t dokuwiki (header cells led by "^", cells by "|")'),
    _r("pandoc-haddock", "held-out-pandoc-wiki", "html", "txt", ("pandoc",), pandoc("haddock", "txt"),
       "pandoc -f html -t haddock (grid tables drawn with +, - and |)"),
    _r("pdf2json", "held-out-pdf2json", "pdf", "json", ("node:pdf2json",), node_tool("pdf2json", "pdf", "json"),
       "pdf2json (npm, 4.x) PDFParser of the PDF as JSON.stringify writes it (Texts placed by x, y in page units "
       "of 16 pt, a width, no height; the text in R[].T)"),
    # session 32's probe (training/CONVERTERS.md): text browsers with table layout off,
    # groff's terminal rendering of pandoc's man page, pandoc's notebook and InDesign writers,
    # LibreOffice's flat XML documents (flat ODT, Word 2003 XML) of the page's DOCX
    _r("links-notables", "held-out-browser-notables", "html", "txt", ("links",), browser_no_tables("links"),
       "links -dump -html-tables 0 (Links 2.28: tables not laid out, every cell a paragraph of its own)"),
    _r("elinks-notables", "held-out-browser-notables", "html", "txt", ("elinks",), browser_no_tables("elinks"),
       "elinks -dump -eval 'set document.html.display_tables = 0' -no-references -no-numbering (ELinks 0.13: "
       "every cell a paragraph, wrapped at 80 columns)"),
    _r("groff-man", "held-out-groff", "html", "txt", ("pandoc", "groff", "tbl"), groff_man,
       "pandoc 2.17 -f html -t man -s, then groff 1.22 -man -t -Tutf8 -P-cbou (the man page as a terminal shows "
       "it: tbl's columns of spaces, cells wrapped in their column)"),
    _r("pandoc-ipynb", "held-out-pandoc-notebook", "html", "json", ("pandoc",), pandoc("ipynb", "ipynb"),
       'pandoc 2.17 -f html -t ipynb (a Jupyter notebook: the page as markdown cells, each line a JSON string of '
       'a "source" list)'),
    _r("pandoc-icml", "held-out-pandoc-icml", "html", "xml", ("pandoc",), pandoc_opts("icml", "icml", "-s"),
       "pandoc 2.17 -f html -t icml -s (Adobe InDesign's ICML: text in <Content> elements, a table's cells "
       '<Cell Name="column:row">)'),
    _r("lo-fodt", "held-out-libreoffice-flat", "html", "xml", ("soffice",),
       soffice_of_docx("fodt", "fodt", "flat ODT"),
       "LibreOffice 7 --convert-to fodt of the page's DOCX (flat OpenDocument XML: the ODT's content.xml and "
       "styles in one file)"),
    _r("pandoc-man", "held-out-troff", "html", "txt", ("pandoc",), pandoc_opts("man", "man", "-s"),
       "pandoc 2.17 -f html -t man -s (troff man source: tables as tbl blocks, a cell's text \"T{\" … \"T}\", "
       "CJK escaped \\[u4E00]; session 25's probe, never a route before)"),
    _r("pandoc-ms", "held-out-troff", "html", "txt", ("pandoc",), pandoc_opts("ms", "ms", "-s"),
       "pandoc 2.17 -f html -t ms -s (troff ms source: tbl blocks, \".nr LL\" requests between text blocks)"),
    _r("pandoc-context", "held-out-pandoc-markup", "html", "txt", ("pandoc",), pandoc("context", "txt"),
       "pandoc 2.17 -f html -t context (ConTeXt: \\startxtable … \\startxcell)"),
    _r("pdftotext-htmlmeta", "held-out-poppler-pre", "pdf", "html", ("pdftotext", "poppler-data"), pdftotext("htmlmeta"),
       "pdftotext 22.12 -layout -htmlmeta (the space-aligned text inside an XHTML page's <pre>, as a page "
       "showing a text file holds it)"),
    _r("lo-wordml", "held-out-libreoffice-flat", "html", "xml", ("soffice",),
       soffice_of_docx("xml:MS Word 2003 XML", "xml", "Word 2003 XML"),
       'LibreOffice 7 --convert-to "xml:MS Word 2003 XML" of the page\'s DOCX (WordprocessingML 2003: one XML '
       "file, <w:tbl><w:tr><w:tc>)"),
    # session 32 (h5b): scrapers' libraries no route used - PyPDF2's legacy text, pdfminer and
    # pdfplumber with other parameters, html-to-markdown, jusText's paragraphs,
    # node-html-markdown
    _r("pypdf2", "held-out-pypdf2", "pdf", "txt", ("ext:PyPDF2",), ext_tool("pypdf2", "pdf", "txt", module="PyPDF2"),
       "PyPDF2 3.0.1 extract_text() of every page (pypdf's legacy predecessor: no UniGB-UTF16-H CMap, such "
       "fonts' text printed as raw bytes)"),
    _r("pdfminer-boxes-none", "held-out-pdfminer-params", "pdf", "txt", ("py:pdfminer",),
       pdfminer_laparams(boxes_flow=None), "pdfminer.six extract_text(laparams=LAParams(boxes_flow=None))"),
    _r("pdfminer-vertical", "held-out-pdfminer-params", "pdf", "txt", ("py:pdfminer",),
       pdfminer_laparams(detect_vertical=True, all_texts=True),
       "pdfminer.six extract_text(laparams=LAParams(detect_vertical=True, all_texts=True))"),
    _r("pdfplumber-layout-x3", "held-out-pdfplumber-density", "pdf", "txt", ("py:pdfplumber",),
       pdfplumber_layout_density(3, 13),
       "pdfplumber extract_text(layout=True, x_density=3, y_density=13) (a glyph four columns wide)"),
    _r("html-to-markdown", "held-out-html-to-markdown", "html", "md", ("ext:html_to_markdown",),
       ext_tool("html-to-markdown", "html", "md", module="html_to_markdown"),
       "html-to-markdown 3.21 (PyPI, Rust core) convert(html) (pipe tables, spanned cells expanded its way)"),
    _r("justext", "held-out-justext", "html", "txt", ("ext:justext",), ext_tool("justext", "html", "txt"),
       "jusText 3.0 justext(html, empty stop list), every paragraph's text a line, boilerplate kept (a cell "
       "a line, a blank cell nothing)"),
    _r("node-html-markdown", "held-out-node-html-markdown", "html", "md", ("node:node-html-markdown",),
       node_tool("node-html-markdown", "html", "md"),
       "node-html-markdown 2 (npm) NodeHtmlMarkdown.translate(html) (pipe tables, spans dropped: every row's "
       "cells packed to the left)"),
    # session 33 (h4): converters nobody had tried as routes - calibre's ebook-convert, the
    # Chinese news extractor GNE, crawl4ai's markdown, wkhtmltopdf's print, Word 97 readers
    _r("calibre-txt", "held-out-calibre", "html", "txt", ("ebook-convert",), calibre("html"),
       "calibre 6.13 ebook-convert report.html report.txt (a paragraph or a table cell a paragraph, blank lines "
       "between)"),
    _r("calibre-textile", "held-out-calibre", "html", "txt", ("ebook-convert",),
       calibre("html", "--txt-output-formatting=textile"),
       "calibre 6.13 ebook-convert report.html report.txt --txt-output-formatting=textile (tables as \"|=.\" "
       "cell marks, each cell's text a \"p=.\" paragraph on the next line, rows ended by a lone \"|\")"),
    _r("calibre-pdf-txt", "held-out-calibre", "pdf", "txt", ("ebook-convert", "pdftohtml"), calibre("pdf"),
       "calibre 6.13 ebook-convert report.pdf report.txt (its PDF input: pdftohtml -xml's fragments)"),
    _r("calibre-docx-md", "held-out-calibre", "html", "txt", ("ebook-convert", "soffice"),
       calibre("docx", "--txt-output-formatting=markdown"),
       "calibre 6.13 ebook-convert of the page's DOCX (LibreOffice) to .txt, --txt-output-formatting=markdown"),
    _r("gne", "held-out-gne", "html", "txt", ("ext:gne",), ext_tool("gne", "html", "txt", site_page),
       "GeneralNewsExtractor 0.4 (gne, PyPI) extract(page)[\"content\"] of the report inside a site's page "
       "(the densest block's text: a paragraph or a cell a line, a blank cell nothing)"),
    _r("crawl4ai-md", "held-out-crawl4ai", "html", "md", ("ext:crawl4ai",), ext_tool("crawl4ai-md", "html", "md"),
       "crawl4ai 0.9 DefaultMarkdownGenerator().generate_markdown(page).raw_markdown (html2text's pipe tables, "
       "a separator after each table's first row, every line ending in two spaces)"),
    _r("wkhtmltopdf-pdftotext-layout", "held-out-wkhtmltopdf", "html", "txt", ("wkhtmltopdf", "pdftotext"),
       wkhtmltopdf_text(("-layout",)),
       "wkhtmltopdf 0.12.6 (Qt WebKit) of the printable page, then pdftotext -layout"),
    _r("wkhtmltopdf-pdftotext-default", "held-out-wkhtmltopdf", "html", "txt", ("wkhtmltopdf", "pdftotext"),
       wkhtmltopdf_text(()), "wkhtmltopdf 0.12.6 (Qt WebKit) of the printable page, then pdftotext"),
    _r("catdoc", "held-out-word97", "html", "txt", ("soffice", "catdoc"), word97_text("catdoc"),
       "catdoc 0.95 -d utf-8 -w of the page saved as Word 97 .doc by LibreOffice (a row's cells apart by tabs, "
       "a blank cell a no-break space; a table with merged cells may come out as bytes misread)"),
    _r("antiword", "held-out-word97", "html", "txt", ("soffice", "antiword"), word97_text("antiword"),
       "antiword 0.37 -m UTF-8.txt -w 0 of the page saved as Word 97 .doc by LibreOffice (bar-drawn rows; the "
       "widest table often dropped)"),
    _r("lo-txt-gbk-crlf", "held-out-libreoffice-text", "html", "txt", ("soffice",),
       soffice_of_docx("txt:Text (encoded):MS_936,CRLF", "txt", "GBK text"),
       'LibreOffice 7 --convert-to "txt:Text (encoded):MS_936,CRLF" of the page\'s DOCX (a Word or WPS file '
       '"saved as text" on a Chinese Windows: GBK, CRLF lines; a cell a line)'),
    _r("pandoc-docx2txt", "held-out-docx", "html", "txt", ("pandoc", "py:docx2txt"), docx2txt_of_pandoc,
       "docx2txt of pandoc 2.17's DOCX of the page (html -> docx -> text)"),
    _r("odt2txt", "held-out-odt2txt", "html", "txt", ("soffice", "odt2txt"), odt2txt_text,
       "odt2txt 0.5 --encoding=UTF-8 of the page saved as ODT by LibreOffice (a cell a paragraph)"),
])

FAMILIES: dict[str, list[str]] = {}
for _name, _route in ROUTES.items():
    FAMILIES.setdefault(_route.family, []).append(_name)

REFERENCES = tuple(FAMILIES["original"])  # the unconverted documents
# held-out routes: evaluation only, never training data ("all" leaves them out)
HELD_OUT = tuple(n for n, r in ROUTES.items() if r.family.startswith("held-out"))
FAMILIES["held-out"] = list(HELD_OUT)
CONVERTERS = tuple(n for n in ROUTES if n not in REFERENCES and n not in HELD_OUT)


# poppler reads the typeset PDFs' CJK text (a non-embedded Adobe-GB1 font) only with poppler-data
_POPPLER_GB1 = ("/usr/share/poppler/cMap/Adobe-GB1", "/usr/local/share/poppler/cMap/Adobe-GB1",
                "/opt/homebrew/share/poppler/cMap/Adobe-GB1")


def _have(need: str) -> bool:
    if need.startswith("ext:"):
        return _ext_has(need[4:])
    if need.startswith("node:"):  # an npm package in $XXGK_CONVERTER_NODE_MODULES (node_tool)
        return _node_has(need[5:])
    if need == "poppler-data":
        return any(pathlib.Path(p).is_dir() for p in _POPPLER_GB1)
    if need.startswith("py:"):
        return importlib.util.find_spec(need[3:]) is not None
    if need.startswith("own:"):  # a Python module here or in $XXGK_CONVERTER_PYTHON's (own_or_ext)
        return importlib.util.find_spec(need[4:]) is not None or _ext_has(need[4:])
    if need.startswith("tessdata:"):  # Tesseract's language data (apt tesseract-ocr-chi-sim)
        return _tesseract_has(need[9:])
    if need == "pdfbox":
        return _pdfbox_classpath() is not None
    if need == "html2text-c":
        return _html2text_c() is not None
    if need == "chromium":
        return find_chromium() is not None
    if need == "soffice":
        return find_soffice() is not None
    return shutil.which(need) is not None


@functools.lru_cache(maxsize=None)
def _tesseract_has(lang: str) -> bool:
    if not shutil.which("tesseract"):
        return False
    try:
        res = _run(["tesseract", "--list-langs"], tempfile.gettempdir(), 30, "tesseract")
    except ConversionError:
        return False
    return lang in (res.stdout + res.stderr).decode("utf-8", "replace").split()


def missing(name: str) -> list[str]:
    """What route `name` needs and this machine lacks (programs; Python modules as py:NAME)."""
    return [n for n in ROUTES[name].needs if not _have(n)]


def available(name: str) -> bool:
    return not missing(name)


def parse_routes(spec: str | Iterable[str] | None, default=CONVERTERS) -> list[str]:
    """Route names from "all", family names and route names (comma list or iterable)."""
    if spec is None:
        return list(default)
    items = [s.strip() for s in (spec.split(",") if isinstance(spec, str) else spec) if s and s.strip()]
    out: list[str] = []
    for it in items or ["all"]:
        names = list(default) if it == "all" else FAMILIES.get(it, [it])
        for n in names:
            if n not in ROUTES:
                raise ValueError(f"unknown converter route or family {it!r}; routes: {', '.join(ROUTES)}; "
                                 f"families: {', '.join(FAMILIES)}")
            if n not in out:
                out.append(n)
    return out


def installed(routes: Iterable[str], quiet: bool = False) -> list[str]:
    """The routes that can run here; the others are named on stderr with what they lack."""
    ok = []
    for n in routes:
        lack = missing(n)
        if lack:
            if not quiet:
                print(f"converters: skipping {n} (not installed: {', '.join(lack)}; "
                      f"see training/install_converters.sh)", file=sys.stderr)
        else:
            ok.append(n)
    return ok


# =========================================================================================
# sources and conversion
# =========================================================================================

class Source(NamedTuple):
    html: str | None     # the report as an HTML page (None: a published PDF has none, file_items)
    pdf: bytes | None    # ... and as a typeset PDF (None until asked for)
    fields: dict         # printed truth (training.render)
    ambiguous: list
    printed: tuple = ()  # (template label, as printed) of labels damaged on request (training.degrade)


def _rng(seed: int, stem: str, what: str) -> random.Random:
    return random.Random(f"{seed}:{stem}:{what}:{zlib.crc32(stem.encode())}")


def sources(report: dict, stem: str, seed: int, need_pdf: bool = True) -> Source:
    """One report rendered as an HTML page and (if asked) a WPS-like typeset PDF, seeded by
    (seed, stem) so a build and an evaluation see the same documents."""
    r = render(report, "html", _rng(seed, stem, "html"))
    pdf = to_pdf(r.content, _rng(seed, stem, "pdf"), "typeset", report.get("label_width")) if need_pdf else None
    return Source(r.content, pdf, r.fields, list(r.ambiguous), r.printed)


def convert(route: str, source: Source, rng: random.Random, original: bytes | None = None) -> bytes:
    """What route `route` makes of a report; ConversionError when the tool fails (or when the
    report has no source of the route's kind: a real PDF has no HTML page, a real page no PDF)."""
    rt = ROUTES[route]
    if rt.source == "original":
        if original is None:
            raise ConversionError("no original file (generated reports have none)")
        return original
    if rt.source == "pdf":
        data = source.pdf
    else:
        data = source.html.encode("utf-8") if source.html is not None else None
    if data is None:
        raise ConversionError(f"no {rt.source.upper()} source")
    return rt.fn(data, rng)


class Item(NamedTuple):
    stem: str
    report: dict                       # labels-shaped (template, year, agency, fields, ambiguous)
    original: tuple[bytes, str] | None  # (content, file name) as published, or None


def dev_items(root=None) -> list[Item]:
    """The labelled dev reports (tests/data/corpus seeds/ and real/ *.labels.json), each with
    its published file."""
    from training.render import dev_reports

    from .corpus import DEV_CORPUS

    base = pathlib.Path(root) if root else DEV_CORPUS
    out = []
    for stem, rep in dev_reports(root):
        orig = None
        for sub in ("seeds", "real"):
            for f in sorted((base / sub).glob(f"{stem}.*")):
                if not f.name.endswith(".labels.json"):
                    orig = (f.read_bytes(), f.name)
                    break
            if orig:
                break
        out.append(Item(stem, rep, orig))
    return out


# what a published file is the source of: a PDF of the pdf routes, a web page of the html routes
FILE_SOURCES = {"pdf": "pdf", "html": "html", "htm": "html"}
FILE_KINDS = ("pdf", "html", "htm", "md", "txt")  # the files file_items reads (md and txt: original only)


def pseudo_labels(data: bytes, name: str, classifier=None) -> dict | None:
    """Labels of an unlabelled report taken from xxgk's own reading of it: its fields as read
    when that reading is auto-accepted (review not required: every identity the print allows
    holds or is the publisher's own, every field confident), else None. NOT hand-checked - a
    reference to measure converters' agreement with the original, never truth or training data."""
    from extractor.pipeline import extract_bytes

    out = extract_bytes(data, name, classifier)
    review = out.get("review") or {}
    if review.get("required") is not False or not out.get("fields"):
        return None
    fields = {k: (v.get("value") if isinstance(v, dict) else v) for k, v in out["fields"].items()}
    return {"template": out.get("template"), "year": out.get("year"), "agency": out.get("agency"),
            "fields": fields, "ambiguous": [], "pseudo": True,
            "source_inconsistent": bool(review.get("source_inconsistent"))}


def file_items(folder, pseudo: bool = True, classifier=None, skipped: list | None = None) -> list[Item]:
    """Published reports in `folder` (PDF, HTML; markdown and text as originals only), each with
    its `<stem>.labels.json` where one lies beside it (hand labels), else - with `pseudo` -
    pseudo-labels from xxgk's auto-accepted reading of the file (`pseudo_labels`); a file
    with neither is left out (its name and why appended to `skipped`). The file itself is the
    source of the routes of its kind (FILE_SOURCES): a real PDF through the pdf routes, a real
    page through the html routes - not a rendering of its labels."""
    import json

    out = []
    for f in sorted(pathlib.Path(folder).iterdir()):
        ext = f.suffix.lower().lstrip(".")
        if ext not in FILE_KINDS or not f.is_file():
            continue
        data = f.read_bytes()
        lab = f.with_name(f"{f.stem}.labels.json")
        if lab.is_file():
            rep = json.loads(lab.read_text(encoding="utf-8"))
        elif pseudo:
            rep = pseudo_labels(data, f.name, classifier)
            if rep is None:
                if skipped is not None:
                    skipped.append((f.name, "not auto-accepted: no pseudo-labels"))
                continue
        else:
            if skipped is not None:
                skipped.append((f.name, "no labels"))
            continue
        out.append(Item(f.stem, {**rep, "file_source": FILE_SOURCES.get(ext)}, (data, f.name)))
    return out


def _file_source(it: Item) -> Source:
    """The Source of a published file (file_items): itself as its kind's source, nothing else."""
    from extractor.loaders.encoding import decode

    data, _ = it.original
    kind = it.report.get("file_source")
    html = decode(data, html=True)[0] if kind == "html" else None
    return Source(html, data if kind == "pdf" else None, it.report["fields"], list(it.report.get("ambiguous") or []))


# Label columns of the typeset PDF when a report is typeset narrow (`generated_items(narrow=)`):
# at most this many pt, drawn per report (the typesetter's own are up to ~150 pt; LibreOffice's
# PDF of an agency's DOCX wraps 8-13 characters a line, ~60-100 pt at the typeset 7.5 pt). From 45 pt:
# WeasyPrint's PDF wraps "7、属于行" / "政执法案件" (4 characters a line, 43-50 pt at 7.5 pt), which
# 55 pt never printed - the wrapped heads of 7./8. were all "属于行政" / "执法案卷" in training.
NARROW_LABELS = (45.0, 120.0)


def generated_items(seed: int, n: int, degrade: float = 0.0, damage: float = 0.35, narrow: float = 0.0,
                    vary: float = 0.0, traditional: float = 0.0, plain_groups: float = 0.0) -> list[Item]:
    """n generated reports (training.generate), seeded; with `degrade`, that share of them
    print their row labels damaged as OCR and converters do, each label with probability
    `damage` (training.degrade); with `narrow`, that share of them are typeset (the PDF
    routes' source) with narrower label columns (NARROW_LABELS), so labels wrap at other places;
    with `vary`, that share of them print their labels as other reports print them
    (training.variants), `traditional` of those in traditional characters throughout; with
    `plain_groups`, that share of them print their group labels without numbering
    (training.variants.plain_group)."""
    from training.degrade import degrade_spec
    from training.generate import generate_report
    from training.variants import plain_groups_spec, vary_spec

    rng = random.Random(seed)
    out = [Item(f"gen{seed}_{i:05d}", generate_report(rng), None) for i in range(n)]
    if degrade:
        drng = random.Random(f"degrade:{seed}")  # its own stream: the reports stay those of the seed
        out = [Item(it.stem + ("d" if (spec := degrade_spec(drng, degrade, damage)) else ""), {**it.report, "degrade": spec}
                    if spec else it.report, None) for it in out]
    if vary:
        vrng = random.Random(f"vary:{seed}")  # its own stream, as degrade's
        out = [Item(it.stem + ("" if spec is None else "t" if spec["traditional"] else "v"),
                    {**it.report, "vary": spec} if spec else it.report, None)
               for it in out for spec in [vary_spec(vrng, vary, traditional_share=traditional)]]
    if plain_groups:
        grng = random.Random(f"groups:{seed}")  # its own stream, as degrade's
        out = [Item(it.stem + "g", {**it.report, "plain_groups": spec}, None) if spec else it
               for it in out for spec in [plain_groups_spec(grng, plain_groups)]]
    if narrow:
        wrng = random.Random(f"narrow:{seed}")  # its own stream, as degrade's
        out = [Item(it.stem + "w", {**it.report, "label_width": round(wrng.uniform(*NARROW_LABELS), 1)}, None)
               if wrng.random() < narrow else it for it in out]
    return out


class Converted(NamedTuple):
    content: bytes | None   # None when the conversion failed (`error` says why)
    name: str               # <stem>__<route>.<ext>
    fields: dict            # the labels: printed truth
    ambiguous: list
    route: str
    family: str
    stem: str
    report: dict
    error: str | None = None
    printed: tuple = ()  # the damaged labels of the source (Source.printed)


def _from_cache(cache: pathlib.Path | None, name: str, seed: int):
    """(content, labels) of a document `write` left in `cache` for this seed, else None."""
    import json

    if cache is None:
        return None
    f, lab = cache / name, cache / f"{name.rsplit('.', 1)[0]}.labels.json"
    try:
        label = json.loads(lab.read_text(encoding="utf-8"))
        return (f.read_bytes(), label) if label.get("seed") == seed else None
    except (OSError, ValueError):
        return None


def converted(items: Iterable[Item], routes: Iterable[str], seed: int = 0,
              errors: bool = True, cache: pathlib.Path | str | None = None) -> Iterator[Converted]:
    """Every item through every route (routes that cannot run here must be left out first:
    `installed`). A failed conversion yields a Converted with content None and the error
    (or is left out with errors=False); a generated report has no "original". With `cache`
    (a folder), a document already written there for this seed (by `build` or an earlier
    call) is read back instead of converted again, and new ones are written there."""
    routes = list(routes)
    cache = pathlib.Path(cache) if cache is not None else None
    need_pdf = any(ROUTES[r].source == "pdf" for r in routes)
    for it in items:
        src = None
        for rt in routes:
            route = ROUTES[rt]
            hit = _from_cache(cache, f"{it.stem}__{rt}.{route.ext}", seed) if route.source != "original" else None
            if hit:
                data, label = hit
                yield Converted(data, label["doc"], label["fields"], list(label.get("ambiguous") or []), rt,
                                route.family, it.stem, it.report)
                continue
            if src is None:
                src = _file_source(it) if "file_source" in it.report else sources(it.report, it.stem, seed, need_pdf)
            for c in _convert_one(it, rt, src, seed, errors):
                if cache is not None and c.content is not None and c.route != "original":
                    write(cache, c, seed)
                yield c


def _convert_one(it: Item, rt: str, src: Source, seed: int, errors: bool) -> Iterator[Converted]:
    route = ROUTES[rt]
    if route.source == "original":
        if it.original is not None:
            data, fname = it.original
            yield Converted(data, f"{it.stem}__{rt}.{fname.rsplit('.', 1)[-1]}", it.report["fields"],
                            list(it.report.get("ambiguous") or []), rt, route.family, it.stem, it.report)
        return
    name = f"{it.stem}__{rt}.{route.ext}"
    try:
        data = convert(rt, src, _rng(seed, it.stem, rt))
    except (ConversionError, OSError, RuntimeError, ValueError) as e:
        if errors:
            yield Converted(None, name, src.fields, src.ambiguous, rt, route.family, it.stem, it.report,
                            f"{type(e).__name__}: {e}")
        return
    yield Converted(data, name, src.fields, src.ambiguous, rt, route.family, it.stem, it.report,
                    printed=src.printed)


def converted_truth(seed: int, n: int, routes: Iterable[str], degrade: float = 0.0,
                    damage: float = 0.35, narrow: float = 0.0, vary: float = 0.0,
                    traditional: float = 0.0, plain_groups: float = 0.0) -> list[tuple]:
    """Like `converted_documents` (generated reports only, no cache), with `degrade` (a share of
    the reports print damaged labels), `narrow` (a share typeset with narrow label columns) and
    each document's damaged labels: (content, name, fields, family, printed) - printed as
    Source.printed, for training.annotate.truth_labels."""
    names = [r for r in installed(parse_routes(list(routes))) if r != "original"]
    return [(c.content, c.name, c.fields, c.family, c.printed)
            for c in converted(generated_items(seed, n, degrade, damage, narrow, vary, traditional, plain_groups), names, seed,
                               errors=False)]


def converted_documents(seed: int = 0, n: int = 20, routes: Iterable[str] | str | None = None,
                        dev: bool = False, cache: pathlib.Path | str | None = None
                        ) -> list[tuple[bytes, str, dict, str]]:
    """Training data: `n` generated reports (training.generate, `seed`), each put through every
    route of `routes` (route or family names, "all"; default every converter route) that is
    installed here (the others are skipped with a note on stderr), plus the labelled dev
    reports when `dev` is true (mind that they are also the evaluation set).

    Returns (content bytes, file name "<stem>__<route>.<ext>", label fields, family) per
    document: the fields are the printed truth (labels-file "fields": key -> int | None |
    {"text", "yuan"}), the family the leave-one-converter-out group (see FAMILIES).
    Failed conversions are left out. Deterministic for a seed. `cache`: a folder where the
    documents are kept between calls (see `converted`); the slow routes cost seconds each
    (LibreOffice ~5 s, Chromium ~4 s, pymupdf4llm ~3 s CPU), the rest well under one, and
    rendering a report's PDF ~1.5 s.

        from training.converters import converted_documents
        for content, name, fields, family in converted_documents(7, 50, ["pdftotext-layout", "w3m"]):
            doc = extractor.loaders.load_bytes(content, name) ...
    """
    names = installed(parse_routes(routes))
    names = [r for r in names if r != "original"]
    items = generated_items(seed, n) + (dev_items() if dev else [])
    return [(c.content, c.name, c.fields, c.family) for c in converted(items, names, seed, errors=False, cache=cache)]


# =========================================================================================
# what a converter kept: the labelled values still printed in its output
# =========================================================================================

_NUM = re.compile(r"\d+(?:\.\d+)?")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")


def value_tokens(fields: dict, ambiguous=()) -> Counter:
    """The printed digit tokens of the labelled non-blank values (a money value: the digits of
    its printed text, "594417.23万元" -> "594417.23"; a signed count: its digits)."""
    out: Counter = Counter()
    for k, v in fields.items():
        if k in ambiguous or v is None:
            continue
        if isinstance(v, dict):
            m = _NUM.findall(_THOUSANDS.sub("", str(v.get("text") or "")))
            if m:
                out[m[0]] += 1
            continue
        if isinstance(v, bool):
            continue
        if isinstance(v, float) and v.is_integer():
            v = int(v)
        out[str(abs(v))] += 1
    return out


def _xml_text(xml: str, breaks: str) -> str:
    xml = re.sub(breaks, " \n", xml)
    return _html.unescape(re.sub(r"<[^>]+>", "", xml))


def output_text(content: bytes, ext: str) -> str | None:
    """The text a converter's output shows, for counting values (None: images, not measured).
    Markup is dropped with a break at every paragraph, cell or tag (so adjacent cells never
    join); a PDF's text is PyMuPDF's."""
    ext = ext.lower()
    if ext in ("png", "jpg", "jpeg", "tiff", "tif"):
        return None
    if ext == "pdf":
        import pymupdf

        with pymupdf.open(stream=content, filetype="pdf") as d:
            return "\n".join(p.get_text() for p in d)
    if ext in ("xlsx", "ods"):  # the sheets' cells as the loader reads them, one per line
        from extractor.loaders.spreadsheet import as_html

        content, ext = as_html(content, ext).encode("utf-8"), "html"
    elif ext in ("docx", "odt"):
        with zipfile.ZipFile(io.BytesIO(content)) as z:
            part = "word/document.xml" if ext == "docx" else "content.xml"
            xml = z.read(part).decode("utf-8", "replace")
        brk = r"</w:p>|</w:tc>|<w:br/>|<w:tab/>" if ext == "docx" else r"</text:p>|</text:h>|</table:table-cell>|<text:line-break/>|<text:tab/>"
        return _xml_text(xml, brk)
    if ext in ("mhtml", "mht"):  # the page part of a MIME web page, decoded
        import email

        msg = email.message_from_bytes(content)
        page = next((p for p in msg.walk() if p.get_content_type() == "text/html"), None)
        content, ext = (page.get_payload(decode=True) if page else b""), "html"
    try:  # GBK or UTF-16 text (Windows' "ANSI" and "Unicode" saves) as the loaders read it
        from extractor.loaders.encoding import decode

        text = decode(content, html=ext in ("html", "htm", "xhtml", "xml", "hocr"))[0]
    except Exception:  # noqa: BLE001 - undecodable: counted as UTF-8 with replacements
        text = content.decode("utf-8", "replace")
    if ext == "md":  # markdown's backslash escapes are no text ("953\\.318万元" prints 953.318)
        text = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)
    if ext in ("html", "htm", "xml", "xhtml", "hocr"):
        text = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", text)
        return _xml_text(text, r"<[^>]+>")
    return text


def content_kept(content: bytes | None, ext: str, fields: dict, ambiguous=()) -> tuple[int, int] | None:
    """(labelled non-blank values whose digits the output still prints, labelled non-blank
    values), counted as multisets of digit tokens; None where the output is not text
    (images). A value lost means the converter dropped it or ran its digits into a
    neighbour's (no reader can recover it), so its field cannot be expected right."""
    want = value_tokens(fields, ambiguous)
    if content is None:
        return 0, sum(want.values())
    text = output_text(content, ext)
    if text is None:
        return None
    from extractor.loaders.text import letter_spaced, _digits_unspaced

    if letter_spaced(text):
        # every glyph written apart (MuPDF's text: "4 6 2 1 3"): the numbers as the reader joins them
        text = _digits_unspaced(text)
    got = Counter(_NUM.findall(_THOUSANDS.sub("", text)))
    lost = sum((want - got).values())
    total = sum(want.values())
    return total - lost, total


# =========================================================================================
# CLI
# =========================================================================================

def write(outdir: pathlib.Path, c: Converted, seed: int) -> None:
    """OUTDIR/<name> and its labels (score.py's format, plus route, family and seed)."""
    import json

    outdir.mkdir(parents=True, exist_ok=True)
    (outdir / c.name).write_bytes(c.content)
    stem = c.name.rsplit(".", 1)[0]
    rep = c.report
    label = {"doc": c.name, "template": rep.get("template"), "year": rep.get("year"), "agency": rep.get("agency"),
             "route": c.route, "family": c.family, "seed": seed, "fields": c.fields, "ambiguous": c.ambiguous}
    if rep.get("broken") is not None:
        label["broken"] = rep["broken"]
    for k in ("pseudo", "source_inconsistent"):  # pseudo-labels (file_items) say so
        if k in rep:
            label[k] = rep[k]
    (outdir / f"{stem}.labels.json").write_text(json.dumps(label, ensure_ascii=False, indent=1), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    import argparse

    ap = argparse.ArgumentParser(prog="python -m training.converters",
                                 description="Labelled reports through real third-party converters.")
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="write converted renderings with labels (training data)")
    b.add_argument("outdir", type=pathlib.Path)
    b.add_argument("--set", default="both", metavar="{dev,generated,both,FOLDER}",
                   help="the dev reports, generated ones, both, or the published files in FOLDER "
                        "(PDF, HTML, markdown, text) with their labels.json or, without one, pseudo-labels "
                        "from xxgk's auto-accepted reading of the file (not hand-checked)")
    b.add_argument("--generate", type=int, default=20, help="generated reports (each through every route)")
    b.add_argument("--seed", type=int, default=0)
    b.add_argument("--routes", default="all", help="comma list of routes / families, or all")
    sub.add_parser("list", help="the routes, their families and whether they can run here")
    a = ap.parse_args(argv)
    if a.cmd == "list":
        for fam, names in FAMILIES.items():
            for n in names:
                lack = missing(n)
                print(f"{fam:18s} {n:20s} {'ok' if not lack else 'missing ' + ', '.join(lack):28s} {ROUTES[n].what}")
        return 0
    try:
        routes = parse_routes(a.routes, tuple(ROUTES))
    except ValueError as e:
        ap.error(str(e))
    routes = installed(routes)
    if a.set in ("dev", "generated", "both"):
        items = (dev_items() if a.set in ("dev", "both") else []) + \
                (generated_items(a.seed, a.generate) if a.set in ("generated", "both") else [])
    elif pathlib.Path(a.set).is_dir():
        skipped: list = []
        items = file_items(a.set, skipped=skipped)
        for name, why in skipped:
            print(f"{name}: left out ({why})", file=sys.stderr)
    else:
        ap.error(f"--set: dev, generated, both or a folder, not {a.set!r}")
    n = failed = 0
    for c in converted(items, routes, a.seed):
        if c.content is None:
            if not (c.error or "").endswith(" source"):  # a route of the other kind of source
                print(f"{c.name}: {c.error}", file=sys.stderr)
                failed += 1
            continue
        write(a.outdir, c, a.seed)
        n += 1
    print(f"wrote {n} documents to {a.outdir}" + (f" ({failed} conversions failed)" if failed else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
