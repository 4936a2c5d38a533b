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
    else:
        raise SystemExit(f"converter_ext: unknown mode {mode}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
