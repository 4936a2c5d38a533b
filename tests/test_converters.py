"""training.converters and `xxgk evaluate --converters`: a real labelled report through real
third-party converters (pdftotext -layout, w3m), scored by the harness.

The converters are programs installed for training and CI only (.ci/run installs them,
training/install_converters.sh everywhere else): a test whose program is missing skips,
saying so, except under XXGK_CI=1, where it fails.
"""
from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest
from converter_tools import need

from corpus import label_fields
from training import converters as C
from training.evaluate import converters_markdown, evaluate_converters, main as evaluate_main

FAST = ("pdftotext-layout", "w3m")  # one PDF route, one HTML route


@pytest.fixture(scope="module")
def report():
    """The labelled real report published as HTML (tests/data/corpus/real/013)."""
    items = [it for it in C.dev_items() if it.original and it.original[1].endswith(".html")]
    assert items, "no labelled HTML report in tests/data/corpus/real"
    return items[0]


@pytest.mark.parametrize("route", FAST)
def test_route_keeps_every_labelled_value_of_a_real_report(route, report):
    need(route)
    src = C.sources(report.report, report.stem, seed=0)
    out = C.convert(route, src, random.Random(0))
    text = out.decode("utf-8")
    assert "政府信息公开" in text  # the report's own words, not an error page
    kept, total = C.content_kept(out, C.ROUTES[route].ext, src.fields, src.ambiguous)
    assert total > 50 and kept == total


def test_content_kept_counts_a_value_the_output_lost(report):
    src = C.sources(report.report, report.stem, seed=0, need_pdf=False)
    text = C.output_text(src.html.encode("utf-8"), "html")
    kept, total = C.content_kept(text.encode("utf-8"), "txt", src.fields, src.ambiguous)
    assert kept == total
    # the output lost every printed occurrence of one labelled value: those values are lost
    want = C.value_tokens(src.fields, src.ambiguous)
    value = max(want, key=lambda v: (len(v), v))
    damaged = re.sub(rf"(?<![\d.]){re.escape(value)}(?![\d.])", "", text)
    assert C.content_kept(damaged.encode("utf-8"), "txt", src.fields, src.ambiguous) == (total - want[value], total)
    # adjacent cells run together ("12 34" printed "1234"): neither value is printed any more
    two = {"requests.new.natural": 12, "requests.new.total": 34}
    assert C.content_kept("自然人 12 34".encode(), "txt", two) == (2, 2)
    assert C.content_kept("自然人 1234".encode(), "txt", two) == (0, 2)
    assert C.content_kept(None, "txt", two) == (0, 2)  # the conversion failed


@pytest.mark.parametrize("route", FAST)
def test_harness_scores_a_converted_report_model_and_rules(route, report):
    need(route)
    res = evaluate_converters([route], "dev", ("default", "rules"), limit=1, quiet=True)
    assert [r["route"] for r in res["routes"]] == [route]
    row = res["routes"][0]
    assert row["family"] == C.ROUTES[route].family
    for clf in ("default", "rules"):
        s = row[clf]
        assert s["documents"] == 1 and s["fields"] > 100
        assert s["unreadable"] == 0 and s["crashed"] == 0
        assert s["values_kept"] == s["values_labelled"] > 50
        # the report is read: most labelled fields come out right through this converter
        assert s["field_accuracy_lenient"] >= 0.9
        assert 0 <= s["wrong_fields_confident"] <= s["wrong_fields"]
        assert s["confidence_ece"] is not None
    fam = res["families"][C.ROUTES[route].family]
    assert fam["routes"] == [route] and fam["default"]["fields"] == row["default"]["fields"]
    table = converters_markdown(res)
    assert f"| {route} | {C.ROUTES[route].family} | 1 |" in table
    assert "**all converters**" in table


def test_evaluate_cli_writes_table_and_json(tmp_path):
    need("w3m")
    rc = evaluate_main(["--converters", "w3m", "--limit", "1", "--classifiers", "rules",
                        "--report", str(tmp_path)])
    assert rc == 0
    md = (tmp_path / "converters.md").read_text(encoding="utf-8")
    res = json.loads((tmp_path / "converters.json").read_text(encoding="utf-8"))
    assert "| w3m | text-browser |" in md
    assert res["classifiers"] == ["rules"] and res["documents"] == 1
    assert res["routes"][0]["rules"]["field_accuracy_lenient"] > 0


def test_xxgk_evaluate_delegates_converter_arguments(tmp_path):
    need("w3m")
    exe = Path(sys.executable).with_name("xxgk")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "extractor.cli"]
    res = subprocess.run(cmd + ["evaluate", "--converters", "text-browser", "--limit", "1",
                                "--classifiers", "rules", "--json", str(tmp_path / "c.json")],
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr[-2000:]
    routes = [r["route"] for r in json.loads((tmp_path / "c.json").read_text())["routes"]]
    assert "w3m" in routes and all(C.ROUTES[r].family == "text-browser" for r in routes)


def test_routes_and_families():
    assert C.parse_routes("text-browser") == ["w3m", "lynx"]
    assert C.parse_routes("all") == list(C.CONVERTERS)
    assert "original" not in C.CONVERTERS and set(C.REFERENCES) == {"original", "html", "pdf"}
    with pytest.raises(ValueError):
        C.parse_routes("no-such-tool")
    for name, route in C.ROUTES.items():
        assert name in C.FAMILIES[route.family]


def test_converted_documents_for_training():
    need("w3m")
    docs = C.converted_documents(seed=3, n=2, routes=["w3m", "html"])
    assert len(docs) == 4
    for content, name, fields, family in docs:
        assert isinstance(content, bytes) and content
        assert name.startswith("gen3_") and name.split("__")[1].split(".")[0] in ("w3m", "html")
        assert family == ("text-browser" if "__w3m." in name else "original")
        assert fields and all(isinstance(k, str) for k in fields)
    # deterministic for a seed
    assert [d[0] for d in C.converted_documents(seed=3, n=2, routes=["w3m"])] == \
           [d[0] for d in docs if "__w3m." in d[1]]


def test_build_writes_documents_with_score_labels(tmp_path):
    need("w3m")
    assert C.main(["build", str(tmp_path), "--set", "generated", "--generate", "1", "--routes", "w3m"]) == 0
    labels = json.loads((tmp_path / "gen0_00000__w3m.labels.json").read_text(encoding="utf-8"))
    assert (tmp_path / labels["doc"]).is_file()
    assert labels["route"] == "w3m" and labels["family"] == "text-browser" and labels["fields"]


def test_converted_documents_cache_reads_back_without_converting(tmp_path, monkeypatch):
    need("w3m")
    first = C.converted_documents(seed=4, n=1, routes=["w3m"], cache=tmp_path)
    assert (tmp_path / first[0][1]).is_file()

    def no_rendering(*a, **k):
        raise AssertionError("converted again instead of read from the cache")

    monkeypatch.setattr(C, "sources", no_rendering)
    assert C.converted_documents(seed=4, n=1, routes=["w3m"], cache=tmp_path) == first
    with pytest.raises(AssertionError):  # another seed is not in the cache
        C.converted_documents(seed=5, n=1, routes=["w3m"], cache=tmp_path)


def test_narrow_label_columns_wrap_labels_elsewhere_and_truth_still_ties_their_heads():
    """Training reports typeset with narrow label columns (generated_items(narrow=)) print their
    labels wrapped at other characters, as other writers' tables do ("5、要求行政机关确认" /
    "或重新出具已获取信息"); the renderer's truth ties each head to its row and the rest to
    noise. The evaluation sets (narrow=0) are typeset as before."""
    need("pdftotext-raw")
    from extractor.classify import RuleClassifier, classify
    from extractor.loaders import load_bytes
    from extractor.segment import split_runs
    from training.annotate import truth_labels

    plain = C.generated_items(9, 3)
    assert all("label_width" not in it.report and not it.stem.endswith("w") for it in plain)
    narrow = C.generated_items(9, 3, narrow=1.0)
    assert all(C.NARROW_LABELS[0] <= it.report["label_width"] <= C.NARROW_LABELS[1] for it in narrow)
    assert [it.report["fields"] for it in narrow] == [it.report["fields"] for it in plain]

    def wrapped(items):
        """(heads tied to a row that are not a whole label, continuation pieces) of the items."""
        heads = pieces = 0
        for it in items:
            src = C.sources(it.report, it.stem, 9)
            out = C.convert("pdftotext-raw", src, C._rng(9, it.stem, "pdftotext-raw"))
            doc = load_bytes(out, f"{it.stem}.txt")
            split_runs(doc)
            classify(doc, RuleClassifier())
            truth = truth_labels(doc, src.printed)
            shown = {s.replace(" ", "") for _, s in src.printed}
            pieces += sum(lab == "noise" for lab in truth.values())
            heads += sum(lab.startswith("row.") and doc.blocks[i].text.replace(" ", "") not in shown
                         for i, lab in truth.items())
        return heads, pieces

    h0, p0 = wrapped(plain)
    h1, p1 = wrapped(narrow)
    assert h1 >= h0 + 10 and p1 >= p0 + 10, (h0, p0, h1, p1)


def test_narrow_reports_wrap_their_group_labels_a_few_characters_a_line():
    """A report typeset narrow (the PDF routes' source) prints the group labels that span rows
    (三、本年度办理结果, （三）不予公开 ... （六）其他处理) a few characters a line, as LibreOffice's
    PDF of a DOCX does ("(六)其" / "他处理"), not one character a line as this typesetter's own
    widths print them (documents.NARROW_GROUP_SHARE). The renderer's truth ties such a head to its
    group, so training sees wrapped group heads. pdftotext -raw of generated report 13/0."""
    need("pdftotext-raw")
    from extractor.classify import RuleClassifier, classify
    from extractor.loaders import load_bytes
    from extractor.segment import split_runs
    from training.annotate import truth_labels

    it = C.generated_items(13, 1, narrow=1.0)[0]
    src = C.sources(it.report, it.stem, 13)
    doc = load_bytes(C.convert("pdftotext-raw", src, C._rng(13, it.stem, "pdftotext-raw")), f"{it.stem}.txt")
    split_runs(doc)
    classify(doc, RuleClassifier())
    heads = {doc.blocks[i].text.strip(): lab for i, lab in truth_labels(doc, src.printed).items()
             if lab.startswith("group.")}
    assert heads.get("(三)不") == "group.denied"
    assert heads.get("(四)无") == "group.unable"
    assert heads.get("(五)不") == "group.unprocessed"


def test_routes_reading_one_libreoffice_export_make_it_once_per_page(monkeypatch, tmp_path):
    """lo-pdf-* read one LibreOffice PDF export with different text tools: the export (~5 s)
    is made once per page and filter, again for another page."""
    calls = []

    def fake_run(cmd, cwd, timeout, what):
        calls.append(cmd)
        out = Path(cmd[cmd.index("--outdir") + 1]) / "report.pdf"
        out.write_bytes(b"%PDF " + str(len(calls)).encode())

    monkeypatch.setattr(C, "find_soffice", lambda: "soffice")
    monkeypatch.setattr(C, "_run", fake_run)
    monkeypatch.setattr(C, "_docx_of", lambda page, rng: b"docx of " + page)
    monkeypatch.setattr(C, "_EXPORT_OF", {})
    export = C.soffice_of_docx("pdf:writer_pdf_Export", "pdf", "PDF")
    first = export(b"<html>a</html>", None)
    assert export(b"<html>a</html>", None) == first and len(calls) == 1
    assert export(b"<html>b</html>", None) != first and len(calls) == 2


def test_routes_in_their_own_python_are_missing_until_it_is_named(monkeypatch):
    """unstructured and pdf2docx run in the interpreter XXGK_CONVERTER_PYTHON names
    (training/converter_ext.py); unset, their routes are missing like any tool."""
    monkeypatch.setattr(C, "_EXT_HAS", {})
    monkeypatch.delenv(C.EXT_PYTHON_ENV, raising=False)
    assert C.missing("unstructured-html") == ["ext:unstructured"] and not C.available("pdf2docx")
    assert set(C.FAMILIES["held-out-unstructured"]) <= set(C.HELD_OUT) and "pdf2docx" in C.HELD_OUT
    with pytest.raises(C.ConversionError):
        C.ROUTES["unstructured-html"].fn(b"<p>x</p>", random.Random(0))
    monkeypatch.setenv(C.EXT_PYTHON_ENV, sys.executable)
    assert C._ext_has("json") and not C._ext_has("no_such_module_xxgk")


def test_javascript_routes_are_missing_until_their_packages_are_named(monkeypatch, tmp_path):
    """pdf.js, pdf-parse, turndown and html-to-text run by node (training/converter_node.mjs)
    from the npm folder XXGK_CONVERTER_NODE_MODULES names; unset, or the package not in it,
    their routes are missing like any tool - and held out."""
    monkeypatch.delenv(C.NODE_MODULES_ENV, raising=False)
    assert C.missing("pdfjs-text") == ["node:pdfjs-dist"] and not C.available("turndown-gfm")
    assert {"pdfjs-text", "pdfjs-lines", "pdfjs-join", "pdf-parse", "turndown", "turndown-gfm",
            "html-to-text", "html-to-text-table"} <= set(C.HELD_OUT)
    (tmp_path / "node_modules" / "turndown").mkdir(parents=True)
    (tmp_path / "node_modules" / "turndown" / "package.json").write_text("{}")
    monkeypatch.setenv(C.NODE_MODULES_ENV, str(tmp_path))
    monkeypatch.setattr(C, "_node", lambda: "node")
    assert C.available("turndown") and C.missing("turndown-gfm") == ["node:turndown-plugin-gfm"]


def test_content_kept_reads_a_letter_spaced_text_as_the_reader_does():
    """MuPDF's text writes every glyph apart ("4 6 2 1 3"): the values are all printed, digits
    one space apart (tests/data/converted/000_26fa7c73a70403e4.mutool-text.txt), not lost."""
    data = Path(__file__).resolve().parent / "data"
    fields = label_fields(data / "corpus" / "seeds" / "000_26fa7c73a70403e4.labels.json")
    out = (data / "converted" / "000_26fa7c73a70403e4.mutool-text.txt").read_bytes()
    kept, total = C.content_kept(out, "txt", fields)
    assert total > 150 and kept == total


def test_one_runner_for_converters_in_their_own_python_each_route_names_its_interpreter(monkeypatch, tmp_path):
    """training/converter_ext.py runs every converter that lives in its own Python; each route
    names the variable of its interpreter (Docling's pulls torch, unstructured's must not): one
    set, the other's routes stay missing. A mode that writes a folder of exports (Docling's one
    parse: md, txt, json, html) runs once per input."""
    stub = tmp_path / "stub.py"
    stub.write_text("import pathlib, sys\n"
                    "if sys.argv[1] == '--has': sys.exit(0)\n"
                    "mode, src, out = sys.argv[1:]\n"
                    "log = pathlib.Path(__file__).with_name('runs'); log.write_text(log.read_text() + mode + '\\n' "
                    "if log.exists() else mode + '\\n')\n"
                    "out = pathlib.Path(out); out.mkdir()\n"
                    "for e in ('md', 'txt', 'json', 'html'): (out / e).write_bytes(e.encode() + b' of ' + "
                    "pathlib.Path(src).read_bytes())\n", encoding="utf-8")
    monkeypatch.setattr(C, "_EXT_SCRIPT", stub)
    monkeypatch.setattr(C, "_EXT_HAS", {})
    monkeypatch.setattr(C, "_EXT_OUT", {})
    monkeypatch.delenv(C.EXT_PYTHON_ENV, raising=False)
    monkeypatch.setenv(C.DOCLING_PYTHON, sys.executable)
    assert C.available("docling-md") and C.missing("unstructured-html") == ["ext:unstructured"]
    with pytest.raises(C.ConversionError, match=C.EXT_PYTHON_ENV):
        C.ROUTES["unstructured-html"].fn(b"<p>x</p>", random.Random(0))
    assert C.ROUTES["docling-md"].fn(b"<p>x</p>", random.Random(0)) == b"md of <p>x</p>"
    assert C.ROUTES["docling-json"].fn(b"<p>x</p>", random.Random(0)) == b"json of <p>x</p>"
    assert (tmp_path / "runs").read_text() == "docling\n"


def test_several_converter_pythons_each_tool_runs_in_the_one_that_imports_it(monkeypatch, tmp_path):
    """XXGK_CONVERTER_PYTHON may name several interpreters (os.pathsep apart: WeasyPrint's venv and
    gne's pin different packages): a route is available where one of them imports its module, and
    runs in the first that does - so one `evaluate --converters` covers every held-out family."""
    stub = tmp_path / "stub.py"
    stub.write_text("import os, pathlib, sys\n"
                    "has = os.environ['XXGK_STUB_HAS'].split(',')\n"
                    "if sys.argv[1] == '--has': sys.exit(0 if sys.argv[2] in has else 1)\n"
                    "mode, src, out = sys.argv[1:]\n"
                    "pathlib.Path(out).write_text(has[0] + ' venv ran ' + mode)\n", encoding="utf-8")
    exes = []
    for has in ("weasyprint,pdftext", "gne,PyPDF2"):
        exe = tmp_path / f"py-{has.split(',')[0]}"
        exe.write_text(f"#!/bin/sh\nXXGK_STUB_HAS={has} exec {sys.executable} \"$@\"\n")
        exe.chmod(0o755)
        exes.append(str(exe))
    monkeypatch.setattr(C, "_EXT_SCRIPT", stub)
    monkeypatch.setattr(C, "_EXT_HAS", {})
    monkeypatch.setattr(C, "_EXT_OUT", {})
    monkeypatch.setenv(C.EXT_PYTHON_ENV, os.pathsep.join(exes))
    assert C.available("gne") and C.available("pdftext-sort") and C.available("pypdf2")
    assert C.missing("crawl4ai-md") == ["ext:crawl4ai"]
    assert C.ext_tool("gne", "html", "txt")(b"<p>x</p>", None) == b"gne venv ran gne"
    assert C.ext_tool("pdftext-sort", "pdf", "txt")(b"%PDF", None) == b"weasyprint venv ran pdftext-sort"
    assert C.ROUTES["pypdf2"].fn(b"%PDF", None) == b"gne venv ran pypdf2"
    # an own route runs here where its module imports, else in the interpreter that imports it
    # (pdftext is never here: it pins a pypdfium2 this environment must not take)
    own = C.own_or_ext("pdftext", lambda d, rng: b"here", "weasyprint-pdf", "html", "pdf")
    assert own(b"<p>x</p>", None) == b"weasyprint venv ran weasyprint-pdf"
    with pytest.raises(C.ConversionError):  # no interpreter imports it: not run in a wrong one
        C.ext_tool("crawl4ai-md", "html", "md")(b"<p>x</p>", None)
    monkeypatch.setenv(C.EXT_PYTHON_ENV, exes[1])  # one interpreter: it runs every tool, as before
    assert C.ext_tool("pdftext-sort", "pdf", "txt")(b"%PDF", None) == b"gne venv ran pdftext-sort"


def test_own_routes_run_here_or_in_the_converter_python(monkeypatch):
    """camelot, WeasyPrint and kreuzberg ("own:MODULE") run in this Python where they import,
    else as converter_ext.py modes in $XXGK_CONVERTER_PYTHON's; with neither they are missing."""
    monkeypatch.setattr(C, "_EXT_HAS", {})
    monkeypatch.delenv(C.EXT_PYTHON_ENV, raising=False)
    here = C.importlib.util.find_spec("camelot") is not None
    assert ("own:camelot" in C.missing("camelot-csv")) is not here
    assert C.ROUTES["kreuzberg-html"].needs == ("own:kreuzberg",)
    # pdftext pins a pypdfium2 this environment must not take: only in the converter Python
    assert C.missing("pdftext-sort") == ["ext:pdftext"] and set(C.FAMILIES["held-out-pdftext"]) <= set(C.HELD_OUT)
    monkeypatch.setenv(C.EXT_PYTHON_ENV, sys.executable)
    assert C._have("own:json") and not C._have("own:no_such_module_xxgk")
    calls = []
    monkeypatch.setattr(C, "_tool", lambda data, i, cmd, o, what: calls.append(cmd("IN", "OUT")) or b"ext")
    conv = C.own_or_ext("no_such_module_xxgk", lambda d, rng: b"here", "kreuzberg", "html", "md")
    assert conv(b"<p>x</p>", None) == b"ext" and calls[0][-3:] == ["kreuzberg", "IN", "OUT"]
    assert C.own_or_ext("json", lambda d, rng: b"here " + d, "kreuzberg", "docx", "md",
                        lambda d, rng: b"docx")(b"<p>x</p>", None) == b"here docx"


def test_converter_ext_saves_camelot_tables_as_scripts_do():
    """converter_ext.camelot_bytes: the data frames camelot finds, as CSV, HTML and JSON."""
    pd = pytest.importorskip("pandas")
    from training.converter_ext import camelot_bytes

    frames = [pd.DataFrame([["行政许可", "5", ""], ["其他", "", "1"]])]
    assert camelot_bytes(frames, "csv").decode() == "行政许可,5,\n其他,,1\n"
    assert json.loads(camelot_bytes(frames, "json")) == [[{"0": "行政许可", "1": "5", "2": ""},
                                                          {"0": "其他", "1": "", "2": "1"}]]
    assert "<td>行政许可</td>" in camelot_bytes(frames, "html").decode()


def test_tesseract_routes_are_held_out_and_hocr_is_counted_as_markup():
    assert set(C.FAMILIES["held-out-tesseract"]) == {"tesseract-txt", "tesseract-psm6", "tesseract-hocr", "tesseract-pdf"}
    assert set(C.FAMILIES["held-out-tesseract"]) <= set(C.HELD_OUT)
    assert not C._have("tessdata:no_such_language_xxgk")
    # hOCR: a word a span whose title holds its box; only the words' text counts as printed
    hocr = ("<html><body><div class='ocr_page' title='bbox 0 0 2480 3509'>"
            "<span class='ocrx_word' title='bbox 1333 2681 1488 2708; x_wconf 72'>454</span>"
            "<span class='ocrx_word' title='bbox 903 2683 917 2705; x_wconf 96'>5</span></div></body></html>").encode()
    assert C.content_kept(hocr, "hocr", {"a": 454, "b": 2480, "c": 5}) == (2, 3)


def test_debian_tool_routes_are_held_out_and_find_only_their_own_tool(monkeypatch, tmp_path):
    """Ghostscript, PDFBox (Java, libpdfbox2-java's jars or XXGK_PDFBOX_CLASSPATH) and the C++
    html2text are held-out routes; an html2text on PATH that is the Python package's script
    (its -version not "This is html2text") is not the C++ one."""
    assert {"gs-txtwrite", "pdfbox-text", "pdfbox-sort", "html2text-c"} <= set(C.HELD_OUT)
    monkeypatch.setenv(C.PDFBOX_CLASSPATH_ENV, "/x/pdfbox.jar")
    assert C._pdfbox_classpath() == "/x/pdfbox.jar"
    fake = tmp_path / "html2text"
    fake.write_text("#!/bin/sh\necho 'html2text 2024.2.26'\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(C.pathlib.Path, "is_file", lambda p: str(p) == str(fake))
    assert C._html2text_c() is None
    fake.write_text("#!/bin/sh\necho 'This is html2text, version 1.3.2a'\n")
    assert C._html2text_c() == str(fake)


def test_merged_spreadsheet_route_writes_each_table_with_its_merged_cells(report):
    """xlsx-merged (a scraper saving each HTML table to a sheet, spans as merged ranges)
    converts the real report and keeps every labelled value; its spans come from the grid walk
    training.documents shares with the DOCX writer."""
    import io
    openpyxl = pytest.importorskip("openpyxl")
    src = C.sources(report.report, report.stem, seed=0, need_pdf=False)
    out = C.convert("xlsx-merged", src, random.Random(0))
    sheets = openpyxl.load_workbook(io.BytesIO(out)).worksheets
    assert len(sheets) == src.html.count("<table")
    assert any(ws.merged_cells.ranges for ws in sheets)  # the report's headers span columns
    kept, total = C.content_kept(out, C.ROUTES["xlsx-merged"].ext, src.fields, src.ambiguous)
    assert total > 50 and kept == total


def test_session31_routes_are_held_out_and_never_trained():
    """Poppler's TSV, MuPDF's stext, PyMuPDF's rawdict, pdfplumber's text tables, pandoc's wiki
    writers and pdf2json (node) are held-out routes: evaluation only, listed in LOCO."""
    from training.train import LOCO_HELD_OUT, TRAIN_ROUTES

    new = {"pdftotext-tsv", "mutool-stext", "mutool-stext-json", "pymupdf-rawdict", "pdfplumber-text-tables",
           "pandoc-markdown-strict", "pandoc-dokuwiki", "pandoc-haddock", "pdf2json"}
    assert new <= set(C.HELD_OUT) and not new & set(C.CONVERTERS) and not new & set(TRAIN_ROUTES)
    assert {"pdftotext-tsv", "mutool-stext", "pandoc-dokuwiki"} <= set(LOCO_HELD_OUT)
    assert C.ROUTES["pdf2json"].needs == ("node:pdf2json",)


def test_session32_routes_are_held_out_and_never_trained():
    """Text browsers with table layout off, groff's man page, pandoc's notebook and InDesign
    writers, LibreOffice's flat XML documents, pdftotext's text in a page's <pre>: held-out
    routes, evaluation only, listed in LOCO."""
    from training.train import LOCO_HELD_OUT, TRAIN_ROUTES

    new = {"links-notables", "elinks-notables", "groff-man", "pandoc-ipynb", "pandoc-icml", "lo-fodt", "lo-wordml",
           "pdftotext-htmlmeta", "pandoc-man", "pandoc-ms", "pandoc-context"}
    assert new <= set(C.HELD_OUT) and not new & set(C.CONVERTERS) and not new & set(TRAIN_ROUTES)
    assert {"links-notables", "groff-man", "pandoc-ipynb", "pandoc-icml", "lo-fodt", "pdftotext-htmlmeta",
            "pandoc-man"} \
        <= set(LOCO_HELD_OUT)
    assert C.ROUTES["groff-man"].needs == ("pandoc", "groff", "tbl")


def test_narrowest_reports_wrap_the_numbered_heads_after_shuyuxing():
    """At the narrowest label columns a narrow report is typeset with (NARROW_LABELS), the row
    labels 7.属于行政执法案卷 / 8.属于行政查询事项 wrap after "属于行", as WeasyPrint's PDF prints them
    ("7、属于行" / "政执法案件", tests/data/converted/000_26fa7c73a70403e4.weasyprint-pdftotext-layout.txt),
    and the truth ties each head to its row - before, the narrowest (55 pt) wrapped them after
    "属于行政执" and training never saw the head "属于行". pdftotext -raw of generated report 14/0
    (numbered "7.属于行政执法案卷")."""
    need("pdftotext-raw")
    from extractor.classify import RuleClassifier, classify
    from extractor.loaders import load_bytes
    from extractor.segment import split_runs
    from training.annotate import truth_labels

    it = C.generated_items(14, 1, narrow=1.0)[0]
    report = {**it.report, "label_width": C.NARROW_LABELS[0]}
    src = C.sources(report, it.stem, 14)
    doc = load_bytes(C.convert("pdftotext-raw", src, C._rng(14, it.stem, "pdftotext-raw")), f"{it.stem}.txt")
    split_runs(doc)
    classify(doc, RuleClassifier())
    tied = {doc.blocks[i].text.strip(): lab for i, lab in truth_labels(doc, src.printed).items()}
    heads = {t: lab for t, lab in tied.items() if t.endswith("属于行")}
    assert sorted(heads.values()) == ["row.requests.denied.enforcement", "row.requests.denied.query"], tied


def test_narrow_reports_print_table_four_headings_a_word_a_line():
    """A report typeset narrow prints table 四 (number columns only) as narrow as its values allow,
    its headings one or two characters a line ("结果" / "纠正", "结" / "果" / "维" / "持"), as
    WeasyPrint's and LibreOffice's PDFs do (tests/data/converted/001.weasyprint-pdftotext-layout.txt),
    so training sees those heading lines (documents._heading_widths); this typesetter's own widths
    print "结果纠" / "正". pdftotext -layout of generated report 14/0."""
    need("pdftotext-layout")
    it = C.generated_items(14, 1, narrow=1.0)[0]
    report = {**it.report, "label_width": 60.0}
    src = C.sources(report, it.stem, 14)
    text = C.convert("pdftotext-layout", src, C._rng(14, it.stem, "pdftotext-layout")).decode("utf-8")
    tail = text[text.rindex("行政复议"):]
    words = {w for line in tail.splitlines()[:12] for w in line.split()}
    assert {"纠正", "维持", "审结"} & words, tail[:600]
    assert "0 0" in " ".join(tail.split())  # the values still one a column
