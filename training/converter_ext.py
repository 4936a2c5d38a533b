"""Converters that live in their own Python (run by training.converters as a subprocess).

Some converters pin versions xxgk's environment must not take (unstructured and pdf2docx pull
in their own numpy, lxml, opencv, PyMuPDF ...; Docling pulls torch). They are installed in
virtual environments of their own whose interpreters environment variables name - each route
says which (training.converters.ext_tool: XXGK_CONVERTER_PYTHON for unstructured and pdf2docx,
XXGK_DOCLING_PYTHON for Docling, which must not share unstructured's environment;
training/install_converters.sh) - and this script, stdlib only besides the tool it runs, is
what that interpreter runs:

    $PYTHON training/converter_ext.py MODE IN_FILE OUT          (OUT a file; a folder for docling)
    $PYTHON training/converter_ext.py --has MODULE              (exit 0 when importable)

MODE:
    unstructured-text       elements' text joined by blank lines (what LLM pipelines feed on)
                            of partition(IN) - the partitioner chosen by IN's extension
                            (.html partition_html, .docx partition_docx, .txt partition_text,
                            .pdf partition_pdf with strategy="fast")
    unstructured-json       the elements as unstructured's JSON (elements_to_json: type, text,
                            metadata; a table's metadata.text_as_html)
    pdf2docx                pdf2docx's Converter(IN).convert(OUT) (the PDF rebuilt as a DOCX)
    docling                 Docling's DocumentConverter().convert(IN) (an HTML page or a DOCX),
                            every export of the one parse written into the folder OUT: md
                            (export_to_markdown), txt (export_to_text), json (export_to_dict,
                            json.dumps(..., ensure_ascii=False, indent=2)), html (export_to_html)
    camelot-csv|-html|-json camelot read_pdf(IN, pages="all", flavor="stream"), every table's
                            data frame saved as training.converters.camelot_tables says
    weasyprint-pdf          WeasyPrint's HTML(string=IN's text).write_pdf(OUT)
    pdftext, pdftext-sort   datalab's pdftext plain_text_output(IN, sort=False | True,
                            hyphens=False): pypdfium2's characters, lines in the PDF's order or
                            sorted top to bottom (pdftext pins pypdfium2==5.10.1)
    kreuzberg               kreuzberg extract_bytes_sync of IN (its MIME type by extension,
                            .html or .docx), the result's content
    readability             readability-lxml's Document(IN's text).summary() (the article's
                            HTML as a scraper keeps it), into the folder OUT: html (the
                            summary), md (html2text.html2text of it), markdownify (markdownify
                            of it)
    newspaper               newspaper4k's Article(language="zh") parse of IN (input_html), its
                            .text
    goose3                  goose3 Goose(stopwords_class=StopWordsChinese).extract(raw_html=IN)
                            .cleaned_text
    tabula                  tabula-py (tabula-java, run as a subprocess) of the PDF IN, into the
                            folder OUT: lattice.csv (convert_into(lattice=True, "csv")),
                            stream.csv (convert_into(stream=True, "csv")), lattice.json
                            (read_pdf(lattice=True, output_format="json"): tabula-java's JSON)
                            and pandas.csv (read_pdf(lattice=True, multiple_tables=True)'s
                            data frames, each to_csv(index=False), apart by empty lines)
    docx2python             docx2python(IN).text (a DOCX: every paragraph and cell apart by
                            empty lines)
    pypdf2                  PyPDF2 3.0.1's (pypdf's legacy predecessor) PdfReader(IN) pages'
                            extract_text() joined by "\n" (its CMap reader has no UniGB-UTF16-H:
                            such fonts' text comes out as their raw bytes, Latin-1)
    html-to-markdown        html-to-markdown 3's (the Rust-backed PyPI package) convert(IN's
                            text) .content (pipe tables, spanned cells as it expands them)
    justext                 jusText 3's justext(IN, empty stop list) paragraphs' text, one a
                            line, boilerplate kept (every block element's text: each table
                            cell that prints something a line, a blank cell nothing)
    gne                     GeneralNewsExtractor 0.4's (the Chinese news-page extractor)
                            extract(IN's text)["content"]: the densest block's text, a paragraph
                            or table cell a line, a blank cell nothing
    crawl4ai-md             crawl4ai 0.9's DefaultMarkdownGenerator().generate_markdown(IN's
                            text).raw_markdown (its html2text fork: pipe tables, every line
                            ending in two spaces)

The camelot, WeasyPrint and kreuzberg modes are the in-process routes of those tools run here
instead, for an environment whose pins they do not fit (training/install_converters.sh).
"""
from __future__ import annotations

import importlib.util
import os
import pathlib
import sys

# this script's folder (training/) is no package path of the tools: its evaluate.py, report.py ...
# would shadow modules of the same name they import
_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != _HERE]

os.environ.setdefault("DO_NOT_TRACK", "true")  # unstructured's usage ping and notice
os.environ.setdefault("SCARF_NO_ANALYTICS", "true")
os.environ.setdefault("UNSTRUCTURED_DISABLE_NOTICE", "1")


KREUZBERG_MIME = {".html": "text/html",
                  ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def camelot_bytes(frames, fmt: str) -> bytes:
    """camelot's tables (pandas data frames) as a script saves them: "csv" (to_csv, no header
    or index), "html" (to_html), "json" (one JSON list of tables, each to_dict("records"))."""
    if fmt == "json":
        import json
        return json.dumps([df.to_dict(orient="records") for df in frames], ensure_ascii=False).encode("utf-8")
    if fmt == "csv":
        return "\n".join(df.to_csv(index=False, header=False) for df in frames).encode("utf-8")
    if fmt == "html":
        return "\n".join(df.to_html(index=False, header=False) for df in frames).encode("utf-8")
    raise SystemExit(f"converter_ext: no camelot format {fmt}")


# How each tool that has a route both here and in-process (training.converters.own_or_ext) is
# called, in one place: the two runs of a route must make the same file.
def camelot_frames(pdf: str) -> list:
    """camelot read_pdf(flavor="stream") of every page of the PDF file: each table's data frame."""
    import camelot

    return [t.df for t in camelot.read_pdf(pdf, pages="all", flavor="stream")]


def weasyprint_pdf(html: str) -> bytes:
    """WeasyPrint's PDF of an HTML page's text."""
    import weasyprint

    return weasyprint.HTML(string=html).write_pdf()


def kreuzberg_content(data: bytes, suffix: str) -> str:
    """kreuzberg extract_bytes_sync of a file's bytes, its MIME type by the file's extension
    (KREUZBERG_MIME: .html, .docx): the result's content."""
    from kreuzberg import extract_bytes_sync

    return extract_bytes_sync(data, mime_type=KREUZBERG_MIME[suffix]).content


def _elements(src: str):
    ext = pathlib.Path(src).suffix.lower()
    if ext in (".html", ".htm"):
        from unstructured.partition.html import partition_html
        return partition_html(filename=src)
    if ext == ".docx":
        from unstructured.partition.docx import partition_docx
        return partition_docx(filename=src)
    if ext == ".txt":
        from unstructured.partition.text import partition_text
        return partition_text(filename=src)
    if ext == ".pdf":
        from unstructured.partition.pdf import partition_pdf
        return partition_pdf(filename=src, strategy="fast")
    raise SystemExit(f"converter_ext: no partitioner for {ext}")


def main(argv: list[str]) -> int:
    if argv[:1] == ["--has"]:
        return 0 if importlib.util.find_spec(argv[1]) is not None else 1
    mode, src, out = argv
    if mode == "unstructured-text":
        text = "\n\n".join(el.text for el in _elements(src) if el.text)
        pathlib.Path(out).write_text(text, encoding="utf-8")
    elif mode == "unstructured-json":
        from unstructured.staging.base import elements_to_json
        pathlib.Path(out).write_text(elements_to_json(_elements(src), indent=2), encoding="utf-8")
    elif mode == "pdf2docx":
        from pdf2docx import Converter
        cv = Converter(src)
        try:
            cv.convert(out)
        finally:
            cv.close()
    elif mode == "docling":
        import json

        from docling.document_converter import DocumentConverter
        doc = DocumentConverter().convert(pathlib.Path(src)).document
        folder = pathlib.Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "md").write_text(doc.export_to_markdown(), encoding="utf-8")
        (folder / "txt").write_text(doc.export_to_text(), encoding="utf-8")
        (folder / "json").write_text(json.dumps(doc.export_to_dict(), ensure_ascii=False, indent=2), encoding="utf-8")
        (folder / "html").write_text(doc.export_to_html(), encoding="utf-8")
    elif mode.startswith("camelot-"):
        fmt = mode.split("-", 1)[1]
        frames = camelot_frames(src)
        if not frames:
            raise SystemExit("converter_ext: camelot found no table")
        pathlib.Path(out).write_bytes(camelot_bytes(frames, fmt))
    elif mode == "weasyprint-pdf":
        pathlib.Path(out).write_bytes(weasyprint_pdf(pathlib.Path(src).read_text(encoding="utf-8")))
    elif mode in ("pdftext", "pdftext-sort"):
        from pdftext.extraction import plain_text_output

        text = plain_text_output(src, sort=mode == "pdftext-sort", hyphens=False)
        pathlib.Path(out).write_text(text, encoding="utf-8")
    elif mode == "kreuzberg":
        content = kreuzberg_content(pathlib.Path(src).read_bytes(), pathlib.Path(src).suffix.lower())
        pathlib.Path(out).write_text(content, encoding="utf-8")
    elif mode == "readability":
        import html2text
        from markdownify import markdownify
        from readability import Document

        summary = Document(pathlib.Path(src).read_text(encoding="utf-8")).summary()
        folder = pathlib.Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "html").write_text(summary, encoding="utf-8")
        (folder / "md").write_text(html2text.html2text(summary), encoding="utf-8")
        (folder / "markdownify").write_text(markdownify(summary), encoding="utf-8")
    elif mode == "newspaper":
        import newspaper

        art = newspaper.Article(url="http://localhost/report.html", language="zh")
        art.download(input_html=pathlib.Path(src).read_text(encoding="utf-8"))
        art.parse()
        pathlib.Path(out).write_text(art.text, encoding="utf-8")
    elif mode == "goose3":
        from goose3 import Goose
        from goose3.text import StopWordsChinese

        art = Goose({"stopwords_class": StopWordsChinese}).extract(raw_html=pathlib.Path(src).read_text(encoding="utf-8"))
        pathlib.Path(out).write_text(art.cleaned_text, encoding="utf-8")
    elif mode == "tabula":
        import json

        import tabula
        from tabula.io import _extract_from

        folder = pathlib.Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        for how in ("lattice", "stream"):
            tabula.convert_into(src, str(folder / f"{how}.csv"), output_format="csv", pages="all",
                                silent=True, **{how: True})
        raw = tabula.read_pdf(src, pages="all", lattice=True, output_format="json", silent=True)
        (folder / "lattice.json").write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
        frames = _extract_from(raw, {})
        (folder / "pandas.csv").write_text("\n".join(f.to_csv(index=False) for f in frames), encoding="utf-8")
    elif mode == "docx2python":
        from docx2python import docx2python

        with docx2python(src) as doc:
            pathlib.Path(out).write_text(doc.text, encoding="utf-8")
    elif mode == "pypdf2":
        import PyPDF2

        text = "\n".join(page.extract_text() for page in PyPDF2.PdfReader(src).pages)
        pathlib.Path(out).write_text(text, encoding="utf-8")
    elif mode == "html-to-markdown":
        from html_to_markdown import convert

        res = convert(pathlib.Path(src).read_text(encoding="utf-8"))
        pathlib.Path(out).write_text(res if isinstance(res, str) else res.content, encoding="utf-8")
    elif mode == "justext":
        import justext

        paras = justext.justext(pathlib.Path(src).read_bytes(), frozenset())
        pathlib.Path(out).write_text("\n".join(p.text for p in paras), encoding="utf-8")
    elif mode == "gne":
        from gne import GeneralNewsExtractor

        got = GeneralNewsExtractor().extract(pathlib.Path(src).read_text(encoding="utf-8"))
        pathlib.Path(out).write_text(got["content"], encoding="utf-8")
    elif mode == "crawl4ai-md":
        from crawl4ai.markdown_generation_strategy import DefaultMarkdownGenerator

        res = DefaultMarkdownGenerator().generate_markdown(pathlib.Path(src).read_text(encoding="utf-8"))
        pathlib.Path(out).write_text(res.raw_markdown, encoding="utf-8")
    else:
        raise SystemExit(f"converter_ext: unknown mode {mode}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
